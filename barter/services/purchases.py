"""Direct purchases: a business buys units of another business's offer, paid in credits.

requested → accepted (the buyer's credit is held, the units reserved) → delivered → settled
(the hold is posted to the seller minus the network's commission, and the seller's invoice is
issued, in one database transaction). Side roads: declined, cancelled (units and credit given
back), disputed → settled or refunded by a coordinator of the network.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from config import events
from ledger import selectors as ledger_selectors
from ledger import services as ledger_services
from ledger.errors import LedgerError
from ledger.models import AuditAction, TransactionKind
from ledger.money import format_credits, line_amounts, percentage_of

from ..errors import BarterError, InvalidTransition
from ..identity import require_coordinator, require_member
from ..models import (
    Business,
    BusinessStatus,
    Listing,
    ListingKind,
    ListingStatus,
    Purchase,
    PurchaseStatus,
)
from ._common import notify, notify_business


def _purchase_for_update(purchase: Purchase) -> Purchase:
    return (
        Purchase.objects.select_for_update(of=("self",))
        .select_related("buyer", "seller", "listing", "network", "hold")
        .get(pk=purchase.pk)
    )


def _require_status(purchase: Purchase, *allowed: str) -> None:
    if purchase.status not in allowed:
        raise InvalidTransition(
            _("This purchase is %(status)s: this action is not possible.")
            % {"status": purchase.get_status_display().lower()}
        )


def _tell(business: Business, purchase: Purchase, subject: str, body: str) -> None:
    notify_business(
        business=business,
        subject=subject,
        body=body,
        url=reverse("barter:purchase-detail", args=[purchase.pk]),
    )


def _require_active(business: Business) -> None:
    if business.status != BusinessStatus.ACTIVE:
        raise InvalidTransition(
            _("%(name)s is not an active member of the network: it cannot trade.")
            % {"name": business.legal_name}
        )


def _give_units_back(purchase: Purchase) -> None:
    Listing.objects.filter(pk=purchase.listing_id).update(
        quantity=F("quantity") + purchase.quantity, updated_at=timezone.now()
    )


@transaction.atomic
def purchase_request(
    *, actor, buyer: Business, listing: Listing, quantity: int, message: str = ""
) -> Purchase:
    """A member of `buyer` asks for `quantity` units of an offer; nothing is held yet.

    Refused with a clear message: one's own offer, an offer of another network, an inactive
    buyer or seller, an offer not on the marketplace or past its validity, more units than
    available, a total beyond the buyer's available credit.
    """
    require_member(actor, buyer)
    listing = Listing.objects.select_related("business", "business__network").get(pk=listing.pk)
    seller = listing.business
    if listing.kind != ListingKind.OFFER:
        raise InvalidTransition(_("Only an offer can be bought."))
    if seller.pk == buyer.pk:
        raise InvalidTransition(_("A business cannot buy its own offer."))
    if seller.network_id != buyer.network_id:
        raise InvalidTransition(
            _("This offer belongs to another network: its credits are not yours.")
        )
    _require_active(buyer)
    _require_active(seller)
    today = timezone.localdate()
    if listing.status != ListingStatus.ACTIVE or (
        listing.valid_until is not None and listing.valid_until < today
    ):
        raise InvalidTransition(_("This offer is no longer available (expired or withdrawn)."))
    if not isinstance(quantity, int) or quantity < 1:
        raise InvalidTransition(_("The quantity is at least 1."))
    if quantity > listing.quantity:
        raise InvalidTransition(_("Only %(n)d unit(s) are available.") % {"n": listing.quantity})
    total_ht, vat, total = line_amounts(
        unit_price=listing.value, quantity=quantity, vat_rate=listing.vat_rate
    )
    if total <= 0:
        raise InvalidTransition(_("This offer has no price: it cannot be bought in credits."))
    account = ledger_selectors.account_of(buyer)
    available = account.available if account else 0
    if total > available:
        raise InvalidTransition(
            _(
                "Not enough credit: this purchase costs %(total)s and %(name)s has %(available)s "
                "available."
            )
            % {
                "total": format_credits(total),
                "name": buyer.legal_name,
                "available": format_credits(max(available, 0)),
            }
        )
    purchase = Purchase.objects.create(
        network_id=buyer.network_id,
        listing=listing,
        buyer=buyer,
        seller=seller,
        quantity=quantity,
        unit_price=listing.value,
        vat_rate=listing.vat_rate,
        total_ht=total_ht,
        total_vat=vat,
        total=total,
        commission=percentage_of(total_ht, buyer.network.commission_rate),
        message=message.strip(),
        requested_by=actor,
    )
    _tell(
        seller,
        purchase,
        _("New purchase request: %(title)s") % {"title": listing.title},
        _("%(buyer)s asks for %(n)d × %(title)s (%(total)s).")
        % {
            "buyer": buyer.legal_name,
            "n": quantity,
            "title": listing.title,
            "total": format_credits(total),
        },
    )
    return purchase


@transaction.atomic
def purchase_accept(*, actor, purchase: Purchase) -> Purchase:
    """The seller accepts: the units are reserved and the buyer's credit is held."""
    purchase = _purchase_for_update(purchase)
    require_member(actor, purchase.seller)
    _require_status(purchase, PurchaseStatus.REQUESTED)
    _require_active(purchase.buyer)
    _require_active(purchase.seller)
    listing = Listing.objects.select_for_update().get(pk=purchase.listing_id)
    if purchase.quantity > listing.quantity:
        raise InvalidTransition(
            _("Only %(n)d unit(s) are left: decline this request or add units to the offer.")
            % {"n": listing.quantity}
        )
    account = ledger_services.account_open(business=purchase.buyer)
    try:
        hold = ledger_services.hold_create(
            actor=actor,
            account=account,
            amount=purchase.total,
            idempotency_key=f"purchase:{purchase.pk}:hold",
            memo=_("Purchase #%(id)d") % {"id": purchase.pk},
        )
    except LedgerError as exc:
        raise BarterError(
            _("The buyer's credit no longer covers this purchase. %(detail)s")
            % {"detail": exc.message}
        ) from exc
    listing.quantity -= purchase.quantity
    listing.save(update_fields=["quantity", "updated_at"])
    purchase.hold = hold
    purchase.status = PurchaseStatus.ACCEPTED
    purchase.save(update_fields=["hold", "status", "updated_at"])
    _tell(
        purchase.buyer,
        purchase,
        _("Purchase accepted: %(title)s") % {"title": purchase.listing.title},
        _("%(seller)s accepted; %(total)s of your credit are reserved until delivery.")
        % {"seller": purchase.seller.legal_name, "total": format_credits(purchase.total)},
    )
    return purchase


@transaction.atomic
def purchase_decline(*, actor, purchase: Purchase, reason: str = "") -> Purchase:
    """The seller declines a request."""
    purchase = _purchase_for_update(purchase)
    require_member(actor, purchase.seller)
    _require_status(purchase, PurchaseStatus.REQUESTED)
    purchase.status = PurchaseStatus.DECLINED
    purchase.status_note = reason.strip()
    purchase.save(update_fields=["status", "status_note", "updated_at"])
    _tell(
        purchase.buyer,
        purchase,
        _("Purchase declined: %(title)s") % {"title": purchase.listing.title},
        purchase.status_note or _("The seller declined your request."),
    )
    return purchase


@transaction.atomic
def purchase_cancel(*, actor, purchase: Purchase, reason: str = "") -> Purchase:
    """The buyer withdraws a request not yet accepted, or the seller cancels an accepted one it
    cannot deliver: the credit and the units are given back."""
    purchase = _purchase_for_update(purchase)
    if purchase.status == PurchaseStatus.REQUESTED:
        require_member(actor, purchase.buyer)
        other = purchase.seller
    else:
        _require_status(purchase, PurchaseStatus.ACCEPTED)
        require_member(actor, purchase.seller)
        ledger_services.hold_release(actor=actor, hold=purchase.hold)
        _give_units_back(purchase)
        other = purchase.buyer
    purchase.status = PurchaseStatus.CANCELLED
    purchase.status_note = reason.strip()
    purchase.save(update_fields=["status", "status_note", "updated_at"])
    _tell(
        other,
        purchase,
        _("Purchase cancelled: %(title)s") % {"title": purchase.listing.title},
        purchase.status_note or _("The purchase was cancelled; no credit moved."),
    )
    return purchase


@transaction.atomic
def purchase_deliver(*, actor, purchase: Purchase) -> Purchase:
    """The seller says it delivered; the buyer is asked to confirm."""
    purchase = _purchase_for_update(purchase)
    require_member(actor, purchase.seller)
    _require_status(purchase, PurchaseStatus.ACCEPTED)
    purchase.status = PurchaseStatus.DELIVERED
    purchase.save(update_fields=["status", "updated_at"])
    _tell(
        purchase.buyer,
        purchase,
        _("Delivered: %(title)s") % {"title": purchase.listing.title},
        _("%(seller)s marked the purchase delivered. Confirm receipt to pay, or open a dispute.")
        % {"seller": purchase.seller.legal_name},
    )
    return purchase


def _settle(*, actor, purchase: Purchase) -> None:
    """Post the hold to the seller (minus the commission) and issue the seller's invoice."""
    seller_account = ledger_services.account_open(business=purchase.seller)
    credits = [ledger_services.Leg(seller_account.pk, purchase.total - purchase.commission)]
    if purchase.commission:
        network_account = ledger_services.network_account(network=purchase.network)
        credits.append(ledger_services.Leg(network_account.pk, purchase.commission))
    result = ledger_services.hold_post(
        actor=actor,
        hold=purchase.hold,
        credits=credits,
        idempotency_key=f"purchase:{purchase.pk}:settle",
        kind=TransactionKind.PURCHASE,
        memo=_("Purchase #%(id)d: %(n)d × %(title)s")
        % {"id": purchase.pk, "n": purchase.quantity, "title": purchase.listing.title},
    )
    with override(settings.LANGUAGE_CODE):
        unit = str(purchase.listing.get_unit_display())
    ledger_services.invoice_issue(
        transaction_=result.transaction,
        seller=purchase.seller,
        buyer=purchase.buyer,
        lines=[
            ledger_services.InvoiceLine(
                description=purchase.listing.title,
                quantity=purchase.quantity,
                unit=unit,
                unit_price=purchase.unit_price,
                vat_rate=purchase.vat_rate,
            )
        ],
    )
    purchase.settlement = result.transaction
    purchase.status = PurchaseStatus.SETTLED
    purchase.settled_at = timezone.now()
    purchase.save(update_fields=["settlement", "status", "settled_at", "status_note", "updated_at"])
    events.publish(
        "purchase.settled",
        network_id=purchase.network_id,
        payload={
            "purchase": purchase.pk,
            "transaction": result.transaction.pk,
            "buyer": purchase.buyer_id,
            "seller": purchase.seller_id,
            "total": purchase.total,
            "commission": purchase.commission,
        },
    )


@transaction.atomic
def purchase_confirm(*, actor, purchase: Purchase) -> Purchase:
    """The buyer confirms receipt: the exchange settles and the invoice is issued."""
    purchase = _purchase_for_update(purchase)
    require_member(actor, purchase.buyer)
    _require_status(purchase, PurchaseStatus.DELIVERED)
    _settle(actor=actor, purchase=purchase)
    _tell(
        purchase.seller,
        purchase,
        _("Paid: %(title)s") % {"title": purchase.listing.title},
        _("%(buyer)s confirmed receipt; your account is credited and your invoice issued.")
        % {"buyer": purchase.buyer.legal_name},
    )
    return purchase


@transaction.atomic
def purchase_dispute(*, actor, purchase: Purchase, reason: str) -> Purchase:
    """The buyer contests an accepted or delivered purchase; a coordinator will decide."""
    purchase = _purchase_for_update(purchase)
    require_member(actor, purchase.buyer)
    _require_status(purchase, PurchaseStatus.ACCEPTED, PurchaseStatus.DELIVERED)
    if not reason.strip():
        raise InvalidTransition(_("Explain what went wrong: the coordinator reads it."))
    purchase.status = PurchaseStatus.DISPUTED
    purchase.status_note = reason.strip()
    purchase.save(update_fields=["status", "status_note", "updated_at"])
    with override(settings.LANGUAGE_CODE):
        notify(
            recipients=list(purchase.network.coordinators.values_list("email", flat=True)),
            subject=_("Dispute on purchase #%(id)d") % {"id": purchase.pk},
            body=purchase.status_note,
        )
    _tell(
        purchase.seller,
        purchase,
        _("Dispute: %(title)s") % {"title": purchase.listing.title},
        purchase.status_note,
    )
    return purchase


@transaction.atomic
def purchase_resolve(*, actor, purchase: Purchase, pay_seller: bool, note: str) -> Purchase:
    """A coordinator settles a dispute: pay the seller (settled) or refund the buyer (the hold
    is released; the units are not given back, the goods having left). Kept in the audit log."""
    purchase = _purchase_for_update(purchase)
    require_coordinator(actor, purchase.network)
    _require_status(purchase, PurchaseStatus.DISPUTED)
    if not note.strip():
        raise InvalidTransition(_("Give a reason: it is kept in the audit log."))
    purchase.status_note = f"{purchase.status_note}\n— {note.strip()}".strip()
    if pay_seller:
        _settle(actor=actor, purchase=purchase)
    else:
        ledger_services.hold_release(actor=actor, hold=purchase.hold)
        purchase.status = PurchaseStatus.REFUNDED
        purchase.save(update_fields=["status", "status_note", "updated_at"])
    ledger_services.audit_record(
        network=purchase.network,
        actor=actor,
        action=AuditAction.DISPUTE,
        transaction_=purchase.settlement,
        reason=note.strip(),
        details={"purchase": purchase.pk, "outcome": "seller" if pay_seller else "buyer"},
    )
    for business in (purchase.buyer, purchase.seller):
        _tell(
            business,
            purchase,
            _("Dispute settled on purchase #%(id)d") % {"id": purchase.pk},
            note.strip(),
        )
    return purchase
