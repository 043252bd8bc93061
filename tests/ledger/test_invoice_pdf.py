"""The seller's invoice PDF for a settled purchase: French legal mentions, unbroken numbering,
visible to the seller, the buyer and the network's coordinators only."""

import io
import sys

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from barter import services as barter_services
from barter.models import BusinessKind
from ledger import services as ledger_services
from ledger.models import Invoice
from ledger.pdf import COMPENSATION_MENTION, VAT_EXEMPT_MENTION, euros, vat_rate_label
from tests.factories.barter import BusinessFactory, ListingFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory()


@pytest.fixture
def network(coordinator):
    return NetworkFactory(
        name="Réseau Essonne", default_credit_limit=500_000, coordinators=[coordinator]
    )


@pytest.fixture
def seller_user():
    return UserFactory()


@pytest.fixture
def buyer_user():
    return UserFactory()


@pytest.fixture
def seller(network, seller_user):
    business = BusinessFactory(
        network=network,
        owner=seller_user,
        legal_name="Studio Graphique SCOP",
        kind=BusinessKind.SCOP,
        address="12 rue des Arts",
        postcode="91000",
        commune="Évry-Courcouronnes",
    )
    ledger_services.account_open(business=business)
    return business


@pytest.fixture
def buyer(network, buyer_user):
    business = BusinessFactory(
        network=network,
        owner=buyer_user,
        legal_name="Boulangerie du Parc",
        address="3 place du Marché",
        postcode="77000",
        commune="Melun",
    )
    ledger_services.account_open(business=business)
    return business


def settle(*, buyer_user, buyer, seller_user, listing, quantity):
    purchase = barter_services.purchase_request(
        actor=buyer_user, buyer=buyer, listing=listing, quantity=quantity
    )
    purchase = barter_services.purchase_accept(actor=seller_user, purchase=purchase)
    purchase = barter_services.purchase_deliver(actor=seller_user, purchase=purchase)
    purchase = barter_services.purchase_confirm(actor=buyer_user, purchase=purchase)
    return Invoice.objects.get(transaction=purchase.settlement)


@pytest.fixture
def invoice(buyer_user, buyer, seller_user, seller):
    # 2 × 1 234,50 € excl. VAT at 20 %: 2 469,00 HT, 493,80 TVA, 2 962,80 TTC
    offer = ListingFactory(
        business=seller, value=123_450, vat_rate=2000, quantity=5, title="Charte graphique"
    )
    return settle(
        buyer_user=buyer_user, buyer=buyer, seller_user=seller_user, listing=offer, quantity=2
    )


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.replace("\u00a0", " ").split())


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_amounts_print_as_french_euros():
    assert euros(296_280) == "2\u00a0962,80\u00a0€"
    assert euros(5) == "0,05\u00a0€"
    assert euros(123_456_789) == "1\u00a0234\u00a0567,89\u00a0€"
    assert vat_rate_label(2000) == "20\u00a0%"
    assert vat_rate_label(550) == "5,5\u00a0%"
    assert vat_rate_label(0) == "0\u00a0%"


def test_seller_gets_the_invoice_pdf_with_the_french_mentions(
    client, seller_user, seller, buyer, invoice
):
    assert (invoice.total_ht, invoice.total_vat, invoice.total) == (246_900, 49_380, 296_280)
    client.force_login(seller_user)
    response = client.get(reverse("ledger:invoice-pdf", args=[invoice.pk]))
    assert response.status_code == 200
    assert f'filename="facture-{invoice.number}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response)
    assert f"Facture n° {invoice.number}" in text
    assert seller.siret in text and buyer.siret in text
    assert "Studio Graphique SCOP" in text and "Boulangerie du Parc" in text
    assert "Société coopérative et participative (SCOP)" in text  # legal form, in French
    assert "12 rue des Arts" in text and "77000 Melun" in text
    assert "Charte graphique" in text
    for amount in ("1 234,50 €", "2 469,00 €", "493,80 €", "2 962,80 €"):
        assert amount in text
    assert "Total HT" in text and "Total TTC" in text and "TVA 20 %" in text
    assert plain(COMPENSATION_MENTION) in text
    assert VAT_EXEMPT_MENTION not in text


def test_buyer_and_coordinator_read_it_strangers_get_404(client, buyer_user, coordinator, invoice):
    url = reverse("ledger:invoice-pdf", args=[invoice.pk])
    client.force_login(buyer_user)
    assert client.get(url).status_code == 200
    client.force_login(coordinator)
    assert client.get(url).status_code == 200
    stranger = UserFactory()
    BusinessFactory(network=invoice.network, owner=stranger)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    other_coordinator = UserFactory()
    NetworkFactory(coordinators=[other_coordinator])
    client.force_login(other_coordinator)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_invoice_is_in_french_whatever_the_readers_language(client, buyer_user, invoice):
    client.force_login(buyer_user)
    client.cookies["django_language"] = "en"
    text = pdf_text(client.get(reverse("ledger:invoice-pdf", args=[invoice.pk])))
    assert f"Facture n° {invoice.number}" in text
    assert "Date d'émission" in text
    assert plain(COMPENSATION_MENTION) in text


def test_legal_form_is_printed_in_french_when_issued_under_english(
    client, buyer_user, buyer, seller_user, seller
):
    offer = ListingFactory(business=seller, value=10_000, vat_rate=2000, quantity=1)
    with translation.override("en"):
        invoice = settle(
            buyer_user=buyer_user, buyer=buyer, seller_user=seller_user, listing=offer, quantity=1
        )
    assert invoice.seller_snapshot["legal_form"] == "Société coopérative et participative (SCOP)"
    client.force_login(seller_user)
    text = pdf_text(client.get(reverse("ledger:invoice-pdf", args=[invoice.pk])))
    assert "Société coopérative et participative (SCOP)" in text


def test_next_settled_sale_of_the_seller_gets_the_next_number(
    client, buyer_user, buyer, seller_user, seller, invoice
):
    offer = ListingFactory(business=seller, value=10_000, vat_rate=2000, quantity=1, title="Flyer")
    second = settle(
        buyer_user=buyer_user, buyer=buyer, seller_user=seller_user, listing=offer, quantity=1
    )
    assert (invoice.sequence, second.sequence) == (1, 2)
    assert second.number == invoice.number[:-6] + "000002"
    client.force_login(seller_user)
    text = pdf_text(client.get(reverse("ledger:invoice-pdf", args=[second.pk])))
    assert f"Facture n° {second.number}" in text


def test_zero_vat_prints_the_exemption_mention(client, buyer_user, buyer, seller_user, seller):
    offer = ListingFactory(business=seller, value=40_000, vat_rate=0, quantity=1, title="Atelier")
    invoice = settle(
        buyer_user=buyer_user, buyer=buyer, seller_user=seller_user, listing=offer, quantity=1
    )
    client.force_login(seller_user)
    text = pdf_text(client.get(reverse("ledger:invoice-pdf", args=[invoice.pk])))
    assert VAT_EXEMPT_MENTION in text
    assert "400,00 €" in text


def test_invoice_list_shows_issued_and_received_invoices(client, seller_user, buyer_user, invoice):
    client.force_login(seller_user)
    issued = client.get(reverse("ledger:invoice-list"))
    assert list(issued.context["page"].object_list) == [invoice]
    assert reverse("ledger:invoice-pdf", args=[invoice.pk]) in issued.content.decode()
    received = client.get(reverse("ledger:invoice-list"), {"tab": "received"})
    assert not received.context["page"].object_list
    client.force_login(buyer_user)
    received = client.get(reverse("ledger:invoice-list"), {"tab": "received"})
    assert list(received.context["page"].object_list) == [invoice]
    assert (received.context["issued_count"], received.context["received_count"]) == (0, 1)


def test_missing_pdf_engine_is_a_clear_message_not_a_500(client, monkeypatch, seller_user, invoice):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint raises ImportError
    client.force_login(seller_user)
    response = client.get(reverse("ledger:invoice-pdf", args=[invoice.pk]))
    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "WeasyPrint" in response.content.decode()
