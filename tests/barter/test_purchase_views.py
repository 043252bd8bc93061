"""Purchases on the web: the buy form, who sees a purchase, the action buttons."""

import pytest
from django.urls import reverse

from barter.models import Purchase, PurchaseStatus
from ledger import services as ledger_services
from tests.factories.barter import BusinessFactory, ListingFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def parties():
    network = NetworkFactory(default_credit_limit=100_000)
    buyer_user, seller_user = UserFactory(), UserFactory()
    buyer = BusinessFactory(network=network, owner=buyer_user)
    seller = BusinessFactory(network=network, owner=seller_user)
    for business in (buyer, seller):
        ledger_services.account_open(business=business)
    offer = ListingFactory(
        business=seller, value=5_000, vat_rate=0, quantity=3, title="Prêt de camionnette"
    )
    return buyer_user, seller_user, buyer, seller, offer


def test_buy_form_shows_for_another_business_of_the_network(client, parties):
    buyer_user, seller_user, *_, offer = parties
    client.force_login(buyer_user)
    assert "Envoyer une demande d’achat" in client.get(offer.get_absolute_url()).content.decode()
    client.force_login(seller_user)
    assert (
        "Envoyer une demande d’achat" not in client.get(offer.get_absolute_url()).content.decode()
    )


def test_the_whole_flow_through_the_web(client, parties):
    buyer_user, seller_user, buyer, seller, offer = parties
    client.force_login(buyer_user)
    response = client.post(
        reverse("barter:purchase-create", args=[offer.pk]), {"quantity": "2", "message": "Samedi ?"}
    )
    purchase = Purchase.objects.get()
    assert response["Location"] == purchase.get_absolute_url()
    client.force_login(seller_user)
    client.post(reverse("barter:purchase-action", args=[purchase.pk, "accept"]))
    client.post(reverse("barter:purchase-action", args=[purchase.pk, "deliver"]))
    client.force_login(buyer_user)
    page = client.post(
        reverse("barter:purchase-action", args=[purchase.pk, "confirm"]), follow=True
    )
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.SETTLED
    assert "Réception confirmée" in page.content.decode()
    listing_page = client.get(reverse("barter:purchase-list"), {"role": "buyer"}).content.decode()
    assert "Prêt de camionnette" in listing_page


def test_too_many_units_gets_a_message_not_a_500(client, parties):
    buyer_user, *_, offer = parties
    client.force_login(buyer_user)
    response = client.post(
        reverse("barter:purchase-create", args=[offer.pk]), {"quantity": "9"}, follow=True
    )
    assert response.status_code == 200
    assert not Purchase.objects.exists()
    assert "alert-danger" in response.content.decode()


def test_a_purchase_is_invisible_to_other_businesses(client, parties):
    buyer_user, seller_user, buyer, seller, offer = parties
    client.force_login(buyer_user)
    client.post(reverse("barter:purchase-create", args=[offer.pk]), {"quantity": "1"})
    purchase = Purchase.objects.get()
    stranger = UserFactory()
    BusinessFactory(owner=stranger, network=buyer.network)
    client.force_login(stranger)
    assert client.get(purchase.get_absolute_url()).status_code == 404
    assert (
        client.post(reverse("barter:purchase-action", args=[purchase.pk, "accept"])).status_code
        == 404
    )
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.REQUESTED


def test_the_buyer_cannot_accept_its_own_request(client, parties):
    buyer_user, seller_user, buyer, seller, offer = parties
    client.force_login(buyer_user)
    client.post(reverse("barter:purchase-create", args=[offer.pk]), {"quantity": "1"})
    purchase = Purchase.objects.get()
    response = client.post(
        reverse("barter:purchase-action", args=[purchase.pk, "accept"]), follow=True
    )
    assert response.status_code == 200
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.REQUESTED


def test_coordinator_resolves_from_the_page(client, parties):
    buyer_user, seller_user, buyer, seller, offer = parties
    coordinator = UserFactory()
    buyer.network.coordinators.add(coordinator)
    client.force_login(buyer_user)
    client.post(reverse("barter:purchase-create", args=[offer.pk]), {"quantity": "1"})
    purchase = Purchase.objects.get()
    client.force_login(seller_user)
    client.post(reverse("barter:purchase-action", args=[purchase.pk, "accept"]))
    client.force_login(buyer_user)
    client.post(
        reverse("barter:purchase-action", args=[purchase.pk, "dispute"]), {"reason": "Jamais reçu"}
    )
    client.force_login(coordinator)
    assert "Jamais reçu" in client.get(reverse("barter:coordination")).content.decode()
    client.post(
        reverse("barter:purchase-resolve", args=[purchase.pk]),
        {"outcome": "buyer", "note": "Remboursé"},
    )
    purchase.refresh_from_db()
    assert purchase.status == PurchaseStatus.REFUNDED


def test_the_seller_is_notified_in_app_and_reading_marks_it_read(client, parties):
    buyer_user, seller_user, buyer, seller, offer = parties
    client.force_login(buyer_user)
    client.post(reverse("barter:purchase-create", args=[offer.pk]), {"quantity": "1"})
    client.force_login(seller_user)
    home = client.get(reverse("barter:dashboard")).content.decode()
    assert 'text-bg-warning ms-1">1' in home
    page = client.get(reverse("barter:notification-list")).content.decode()
    assert "Prêt de camionnette" in page
    assert seller_user.notifications.filter(read_at__isnull=True).count() == 0
    assert buyer_user.notifications.count() == 0
