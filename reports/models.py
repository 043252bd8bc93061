"""The reports' read model: one row per exchange line, kept by the settling services' events.

Every measure of exchanges (volume, flows per business, pairs, families, dormancy) reads the
settled purchases and swap legs of a period. Read from the source tables, each line costs joins
(purchase → journal transaction; leg → proposal → journal transaction) and a filter on the
transaction's date; on a network of 10,000 businesses that was most of a dashboard's time. An
`ExchangeLine` holds what those reads need, dated and indexed by network and time.

It is written by reports/services.py inside the settling transaction (a projection of the
`purchase.settled` and `proposal.settled` events: it commits or rolls back with the
settlement), and can be rebuilt from the source tables at any time
(`python manage.py reports_rebuild`). It is not the record of anything: the ledger is.

What it does not hold, on purpose, and the selectors read live: whether the settling
transaction was later reversed (few; excluded by id), and each side's family (social economy or
classic), which follows the business's current legal form.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LineSource(models.IntegerChoices):
    PURCHASE = 0, _("direct purchase")
    LEG = 1, _("swap leg")


def _ref(to: str, **extra) -> models.ForeignKey:
    """A reference to a source row: no database constraint and no index of its own (the read
    model is rebuilt from the sources; its indexes are the ones its queries need)."""
    return models.ForeignKey(
        to,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
        **extra,
    )


class ExchangeLine(models.Model):
    network = _ref("barter.Network")
    transaction = _ref("ledger.JournalTransaction")
    at = models.DateTimeField(_("settled"))  # the settling transaction's created_at
    src = models.SmallIntegerField(_("source"), choices=LineSource.choices)
    position = models.SmallIntegerField(_("position"), default=0)  # the leg's; 0 for a purchase
    buyer = _ref("barter.Business")  # the purchase's buyer, the leg's receiver
    seller = _ref("barter.Business")  # the seller, the leg's giver
    value = models.BigIntegerField(_("value (cents)"))  # paid, VAT included
    commission = models.BigIntegerField(_("commission (cents)"), default=0)  # a purchase's
    # What the network's account received in the settling transaction (its postings there),
    # carried by the settlement's first line (position 0), 0 on the others: summed over lines,
    # each settlement's commission counts once, as the ledger recorded it.
    fee = models.BigIntegerField(_("network's receipt (cents)"), default=0)
    item = _ref("barter.Listing")  # the listing bought, the offer given
    proposal = _ref("matching.Proposal", null=True)  # a leg's swap; none for a purchase

    class Meta:
        verbose_name = _("exchange line")
        verbose_name_plural = _("exchange lines")
        constraints = [
            models.UniqueConstraint(fields=["transaction", "position"], name="line_once"),
        ]
        indexes = [
            models.Index(fields=["network", "at"], name="line_network_at"),
            models.Index(fields=["buyer", "at"], name="line_buyer_at"),
            models.Index(fields=["seller", "at"], name="line_seller_at"),
        ]

    def __str__(self) -> str:
        return f"{LineSource(self.src).label} {self.transaction_id}/{self.position}"
