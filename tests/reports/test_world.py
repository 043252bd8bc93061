"""The fixture itself: the world the hand-computed figures assume."""

from ledger.models import Account
from ledger.selectors import ledger_verify
from matching.models import ProposalStatus


def test_the_world_is_as_the_figures_assume(world):
    balances = {
        name: Account.objects.get(business=b).balance
        for name, b in world.businesses.items()
        if name != "F"
    }
    assert balances == {
        "A": 28_400,
        "B": -9_320,
        "C": -1_290,
        "D": -24_000,
        "E": 4_950,
        "H": 0,
        "G": 0,
        "I": 0,
        "X": -7_000,
        "Y": 7_000,
    }
    statuses = {k: p.__class__.objects.get(pk=p.pk).status for k, p in world.proposals.items()}
    assert statuses == {
        "swap": ProposalStatus.SETTLED,
        "declined": ProposalStatus.DECLINED,
        "expired": ProposalStatus.EXPIRED,
    }
    assert ledger_verify().ok
