"""Direct purchases, from request to settlement on the ledger."""

import datetime

import pytest
from django.utils import timezone

from barter import services
from barter.errors import BarterError, InvalidTransition, NotAllowed
from barter.models import BusinessStatus, ListingStatus, PurchaseStatus
from ledger import services as ledger_services
from ledger.models import Account, AuditEntry, HoldStatus, Invoice
from ledger.selectors import ledger_verify
from tests.factories.barter import BusinessFactory, ListingFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory()


@pytest.fixture
def network(coordinator):
    return NetworkFactory(
        default_credit_limit=100_000, commission_rate=200, coordinators=[coordinator]
    )


@pytest.fixture
def buyer_user():
    return UserFactory()


@pytest.fixture
def seller_user():
    return UserFactory()


@pytest.fixture
def buyer(network, buyer_user):
    business = BusinessFactory(network=network, owner=buyer_user)
    ledger_services.account_open(business=business)
    return business


@pytest.fixture
def seller(network, seller_user):
    business = BusinessFactory(network=network, owner=seller_user)
    ledger_services.account_open(business=business)
    return business


@pytest.fixture
def offer(seller):
    # 120 credits excl. VAT per unit, 20 % VAT, 5 units
    return ListingFactory(business=seller, value=12_000, vat_rate=2000, quantity=5, title="Logo")


def balance(business):
    return Account.objects.get(business=business).balance


def request(buyer_user, buyer, offer, quantity=2):
    return services.purchase_request(
        actor=buyer_user, buyer=buyer, listing=offer, quantity=quantity
    )


def test_full_lifecycle_settles_with_commission_and_invoice(
    buyer_user, seller_user, buyer, seller, offer, network
):
    purchase = request(buyer_user, buyer, offer)
    assert (purchase.total_ht, purchase.total_vat, purchase.total) == (24_000, 4_800, 28_800)
    assert purchase.commission == 480  # 2 % of the amount excl. VAT
    purchase = services.purchase_accept(actor=seller_user, purchase=purchase)
    offer.refresh_from_db()
    assert offer.quantity == 3
    buyer_account = Account.objects.get(business=buyer)
    assert (buyer_account.balance, buyer_account.held) == (0, 28_800)
    services.purchase_deliver(actor=seller_user, purchase=purchase)
    purchase = services.purchase_confirm(actor=buyer_user, purchase=purchase)
    assert purchase.status == PurchaseStatus.SETTLED
    assert balance(buyer) == -28_800
    assert balance(seller) == 28_320
    assert ledger_services.network_account(network=network).balance == 480
    assert Account.objects.get(business=buyer).held == 0
    purchase.hold.refresh_from_db()
    assert purchase.hold.status == HoldStatus.POSTED
    invoice = Invoice.objects.get()
    assert (invoice.seller, invoice.buyer, invoice.sequence) == (seller, buyer, 1)
    assert (invoice.total_ht, invoice.total_vat, invoice.total) == (24_000, 4_800, 28_800)
    assert invoice.lines[0]["vat_rate"] == 2000
    assert invoice.transaction_id == purchase.settlement_id
    assert ledger_verify().ok


def test_invoice_numbers_follow_an_unbroken_sequence_per_seller(
    buyer_user, seller_user, buyer, seller, offer
):
    for _ in range(2):
        purchase = services.purchase_accept(
            actor=seller_user, purchase=request(buyer_user, buyer, offer, 1)
        )
        services.purchase_deliver(actor=seller_user, purchase=purchase)
        services.purchase_confirm(actor=buyer_user, purchase=purchase)
    sequences = list(
        Invoice.objects.filter(seller=seller)
        .order_by("sequence")
        .values_list("sequence", flat=True)
    )
    assert sequences == [1, 2]


def test_a_failed_settlement_consumes_no_invoice_number(
    buyer_user, seller_user, buyer, seller, offer, monkeypatch
):
    purchase = services.purchase_accept(
        actor=seller_user, purchase=request(buyer_user, buyer, offer, 1)
    )
    services.purchase_deliver(actor=seller_user, purchase=purchase)
    real_issue = ledger_services.invoice_issue

    def issue_then_fail(**kwargs):
        real_issue(**kwargs)
        raise RuntimeError("crash after the invoice")

    monkeypatch.setattr(ledger_services, "invoice_issue", issue_then_fail)
    with pytest.raises(RuntimeError):
        services.purchase_confirm(actor=buyer_user, purchase=purchase)
    monkeypatch.undo()
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.DELIVERED
    assert balance(seller) == 0
    services.purchase_confirm(actor=buyer_user, purchase=purchase)
    assert Invoice.objects.get().sequence == 1


def test_request_beyond_the_available_credit_is_refused_clearly(buyer_user, buyer, seller):
    expensive = ListingFactory(
        business=seller, value=90_000, vat_rate=2000
    )  # 1,080 credits incl. VAT
    with pytest.raises(InvalidTransition, match=r"Pas assez de crédit|Not enough credit"):
        request(buyer_user, buyer, expensive, 1)


def test_acceptance_fails_cleanly_when_the_buyer_spent_the_credit_meanwhile(
    buyer_user, seller_user, buyer, seller, offer
):
    purchase = request(buyer_user, buyer, offer, 2)
    Account.objects.filter(business=buyer).update(credit_limit=10_000)
    with pytest.raises(BarterError):
        services.purchase_accept(actor=seller_user, purchase=purchase)
    purchase.refresh_from_db()
    offer.refresh_from_db()
    assert (purchase.status, offer.quantity) == (PurchaseStatus.REQUESTED, 5)


@pytest.mark.parametrize(
    "setup",
    [
        "suspended_buyer",
        "suspended_seller",
        "expired",
        "paused",
        "own_offer",
        "other_network",
        "too_many",
        "want",
    ],
)
def test_requests_that_rules_forbid_are_refused(setup, buyer_user, buyer, seller, offer):
    listing, acting_business, quantity = offer, buyer, 1
    if setup == "suspended_buyer":
        buyer.status = BusinessStatus.SUSPENDED
        buyer.save()
    elif setup == "suspended_seller":
        seller.status = BusinessStatus.SUSPENDED
        seller.save()
    elif setup == "expired":
        today = timezone.localdate()
        listing.valid_from, listing.valid_until = (
            today - datetime.timedelta(days=9),
            today - datetime.timedelta(days=1),
        )
        listing.save()
    elif setup == "paused":
        listing.status = ListingStatus.PAUSED
        listing.save()
    elif setup == "own_offer":
        listing = ListingFactory(business=buyer)
    elif setup == "other_network":
        listing = ListingFactory()
    elif setup == "too_many":
        quantity = 6
    elif setup == "want":
        listing = ListingFactory(business=seller, kind="want")
    with pytest.raises(InvalidTransition):
        services.purchase_request(
            actor=buyer_user, buyer=acting_business, listing=listing, quantity=quantity
        )


def test_a_stranger_cannot_buy_for_a_business(buyer, offer):
    with pytest.raises(NotAllowed):
        services.purchase_request(actor=UserFactory(), buyer=buyer, listing=offer, quantity=1)


def test_only_the_seller_accepts_and_only_the_buyer_confirms(buyer_user, seller_user, buyer, offer):
    purchase = request(buyer_user, buyer, offer)
    with pytest.raises(NotAllowed):
        services.purchase_accept(actor=buyer_user, purchase=purchase)
    purchase = services.purchase_accept(actor=seller_user, purchase=purchase)
    services.purchase_deliver(actor=seller_user, purchase=purchase)
    with pytest.raises(NotAllowed):
        services.purchase_confirm(actor=seller_user, purchase=purchase)


def test_seller_cancelling_an_accepted_purchase_gives_back_credit_and_units(
    buyer_user, seller_user, buyer, offer
):
    purchase = services.purchase_accept(
        actor=seller_user, purchase=request(buyer_user, buyer, offer, 2)
    )
    services.purchase_cancel(actor=seller_user, purchase=purchase, reason="Rupture")
    offer.refresh_from_db()
    account = Account.objects.get(business=buyer)
    assert (offer.quantity, account.held, account.balance) == (5, 0, 0)
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.CANCELLED


def test_decline_and_withdraw(buyer_user, seller_user, buyer, offer):
    declined = services.purchase_decline(
        actor=seller_user, purchase=request(buyer_user, buyer, offer), reason="Complet"
    )
    assert (declined.status, declined.status_note) == (PurchaseStatus.DECLINED, "Complet")
    withdrawn = services.purchase_cancel(
        actor=buyer_user, purchase=request(buyer_user, buyer, offer)
    )
    assert withdrawn.status == PurchaseStatus.CANCELLED
    with pytest.raises(InvalidTransition):
        services.purchase_accept(actor=seller_user, purchase=withdrawn)


def test_confirming_before_delivery_is_refused(buyer_user, seller_user, buyer, offer):
    purchase = services.purchase_accept(
        actor=seller_user, purchase=request(buyer_user, buyer, offer)
    )
    with pytest.raises(InvalidTransition):
        services.purchase_confirm(actor=buyer_user, purchase=purchase)


@pytest.mark.parametrize("pay_seller", [True, False])
def test_coordinator_settles_a_dispute(
    pay_seller, buyer_user, seller_user, buyer, seller, offer, coordinator
):
    purchase = services.purchase_accept(
        actor=seller_user, purchase=request(buyer_user, buyer, offer, 1)
    )
    services.purchase_deliver(actor=seller_user, purchase=purchase)
    with pytest.raises(InvalidTransition):
        services.purchase_dispute(actor=buyer_user, purchase=purchase, reason=" ")
    services.purchase_dispute(actor=buyer_user, purchase=purchase, reason="Pas livré")
    purchase = services.purchase_resolve(
        actor=coordinator, purchase=purchase, pay_seller=pay_seller, note="Vérifié"
    )
    if pay_seller:
        assert purchase.status == PurchaseStatus.SETTLED
        assert balance(seller) > 0
        assert Invoice.objects.filter(seller=seller).count() == 1
    else:
        assert purchase.status == PurchaseStatus.REFUNDED
        assert (balance(buyer), Account.objects.get(business=buyer).held) == (0, 0)
    entry = AuditEntry.objects.get()
    assert (entry.reason, entry.details["purchase"]) == ("Vérifié", purchase.pk)
    assert ledger_verify().ok


def test_a_coordinator_of_another_network_cannot_settle_a_dispute(
    buyer_user, seller_user, buyer, offer
):
    other = UserFactory()
    NetworkFactory(coordinators=[other])
    purchase = services.purchase_accept(
        actor=seller_user, purchase=request(buyer_user, buyer, offer, 1)
    )
    services.purchase_dispute(actor=buyer_user, purchase=purchase, reason="Pas livré")
    with pytest.raises(NotAllowed):
        services.purchase_resolve(actor=other, purchase=purchase, pay_seller=False, note="x")
