"""Matching pages: coordinators run and follow; participants answer, deliver and confirm."""

import pytest
from django.urls import reverse

from matching.models import MatchingRun, Proposal, ProposalStatus
from tests.factories.barter import UserFactory
from tests.factories.matching import triangle

pytestmark = pytest.mark.django_db


@pytest.fixture
def start_run(client, django_capture_on_commit_callbacks):
    """POST "run now"; the Celery task, sent after commit, runs eagerly within the test."""

    def start(t):
        client.force_login(t.coordinator)
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("matching:run-start", args=[t.network.slug]))

    return start


def test_coordinator_runs_now_and_sees_the_results(client, start_run):
    t = triangle()
    response = start_run(t)
    run = MatchingRun.objects.get()
    assert response["Location"] == run.get_absolute_url()
    page = client.get(run.get_absolute_url()).content.decode()
    assert "Entreprise A" in page
    assert "optimal" in page


def test_the_run_page_polls_while_a_run_is_active(client):
    t = triangle()
    run = MatchingRun.objects.create(
        network=t.network, status="running", phase="solve", progress=0.4
    )
    client.force_login(t.coordinator)
    fragment = client.get(run.get_absolute_url(), HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert "40" in fragment


def test_matching_pages_are_for_coordinators_of_the_network(client):
    t = triangle()
    client.force_login(t.users["a"])
    assert client.get(reverse("matching:run-list")).status_code == 403
    assert client.post(reverse("matching:run-start", args=[t.network.slug])).status_code == 404
    assert client.get(reverse("matching:settings", args=[t.network.slug])).status_code == 404
    assert not MatchingRun.objects.exists()


def test_coordinator_tunes_the_settings_with_clear_errors(client):
    t = triangle()
    client.force_login(t.coordinator)
    url = reverse("matching:settings", args=[t.network.slug])
    data = {
        "max_cycle_length": "1",
        "objective": "value",
        "budget_tolerance": "20",
        "balance_tolerance": "150,00",
        "default_radius_km": "40",
        "proposal_ttl_days": "7",
        "time_limit_s": "30",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "au moins 2" in response.content.decode()
    data["max_cycle_length"] = "3"
    client.post(url, data)
    t.network.matching_settings.refresh_from_db()
    assert (
        t.network.matching_settings.max_cycle_length,
        t.network.matching_settings.balance_tolerance,
    ) == (3, 15_000)


def test_participants_answer_deliver_and_confirm_on_the_web(client, start_run):
    t = triangle()
    start_run(t)
    proposal = Proposal.objects.get()
    for name in "abc":
        client.force_login(t.users[name])
        page = client.get(proposal.get_absolute_url()).content.decode()
        assert "Accepter l’échange" in page
        client.post(reverse("matching:proposal-answer", args=[proposal.pk, "accept"]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    for leg in proposal.legs.all():
        giver = next(k for k, b in t.businesses.items() if b.pk == leg.giver_id)
        receiver = next(k for k, b in t.businesses.items() if b.pk == leg.receiver_id)
        client.force_login(t.users[giver])
        client.post(reverse("matching:leg-action", args=[leg.pk, "deliver"]))
        client.force_login(t.users[receiver])
        client.post(reverse("matching:leg-action", args=[leg.pk, "confirm"]))
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SETTLED
    client.force_login(t.users["a"])
    assert (
        "Échange n°"
        in client.get(reverse("matching:proposal-list"), {"scope": "closed"}).content.decode()
    )


def test_a_stranger_cannot_see_or_answer_a_proposal(client, start_run):
    t = triangle()
    start_run(t)
    proposal = Proposal.objects.get()
    client.force_login(UserFactory())
    assert client.get(proposal.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("matching:proposal-answer", args=[proposal.pk, "decline"])).status_code
        == 404
    )
    leg = proposal.legs.first()
    assert client.post(reverse("matching:leg-action", args=[leg.pk, "deliver"])).status_code == 404
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN


def test_decline_from_the_web_keeps_the_reason(client, start_run):
    t = triangle()
    start_run(t)
    proposal = Proposal.objects.get()
    client.force_login(t.users["c"])
    client.post(
        reverse("matching:proposal-answer", args=[proposal.pk, "decline"]), {"reason": "Trop loin"}
    )
    proposal.refresh_from_db()
    assert (proposal.status, proposal.closed_reason) == (ProposalStatus.DECLINED, "Trop loin")
