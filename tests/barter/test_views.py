"""The marketplace's web pages: rendering in French, permissions, clear errors on bad input."""

import pytest
from django.urls import reverse

from barter.models import Business, BusinessStatus, Listing, ListingStatus
from tests.factories.barter import (
    BusinessFactory,
    ListingFactory,
    NetworkFactory,
    UserFactory,
    leaf_category,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def business(owner):
    return BusinessFactory(owner=owner)


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def listing_post(**overrides):
    data = {
        "kind": "offer",
        "nature": "service",
        "title": "Création de logo",
        "description": "Logo et charte graphique.",
        "category": leaf_category("graphisme").pk,
        "value": "450,00",
        "quantity": "1",
        "unit": "service",
        "vat_rate": "2000",
        "valid_from": "2026-11-01",
        "publish": "on",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "url_name",
    ["barter:home", "barter:listing-list", "barter:business-list", "barter:business-map"],
)
def test_public_pages_render_in_french(client, url_name):
    ListingFactory()
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="fr">' in html
    assert "Place de marché" in html  # navigation, French catalogue


def test_pages_switch_to_english(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert '<html lang="en">' in response.content.decode()
    assert "Marketplace" in response.content.decode()


def test_marketplace_shows_published_listings_only(client):
    shown = ListingFactory(title="Logo vectoriel")
    ListingFactory(title="Brouillon secret", status=ListingStatus.DRAFT)
    ListingFactory(title="Entreprise suspendue", business__status=BusinessStatus.SUSPENDED)
    html = client.get(reverse("barter:listing-list")).content.decode()
    assert shown.title in html
    assert "Brouillon secret" not in html
    assert "Entreprise suspendue" not in html


def test_marketplace_empty_state(client):
    html = client.get(reverse("barter:listing-list"), {"q": "introuvable"}).content.decode()
    assert "Aucune annonce ne correspond à votre recherche." in html


def test_marketplace_htmx_request_gets_the_results_fragment(client):
    ListingFactory(title="Logo vectoriel")
    response = client.get(reverse("barter:listing-list"), {"q": "logo"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results"')
    assert "Logo vectoriel" in html
    assert "<html" not in html


def test_marketplace_paginates(client, settings):
    settings.CYCLOTROC_PAGE_SIZE = 5
    business = BusinessFactory()
    for i in range(12):
        ListingFactory(business=business, title=f"Annonce numéro {i}")
    page3 = client.get(reverse("barter:listing-list"), {"page": 3}).content.decode()
    assert page3.count("listing-card") == 2
    bad_page = client.get(reverse("barter:listing-list"), {"page": "abc"})
    assert bad_page.status_code == 200


def test_marketplace_invalid_filter_value_is_not_a_500(client):
    response = client.get(reverse("barter:listing-list"), {"category": "99999", "kind": "bogus"})
    assert response.status_code == 200


def test_create_listing_from_the_web(owner_client, business):
    response = owner_client.post(reverse("barter:listing-create"), listing_post())
    listing = Listing.objects.get()
    assert response.status_code == 302
    assert response["Location"] == listing.get_absolute_url()
    assert (listing.value, listing.status, listing.business) == (
        45_000,
        ListingStatus.ACTIVE,
        business,
    )


@pytest.mark.parametrize(
    ("override", "message"),
    [
        ({"value": "-5"}, "Assurez-vous que cette valeur est supérieure ou égale à 0."),
        ({"title": ""}, "Ce champ est obligatoire."),
        ({"value": "12,345"}, "Assurez-vous qu’il n’y a pas plus de 2 chiffres après la virgule."),
        ({"value": "0", "kind": "offer"}, "Une offre doit avoir une valeur supérieure à zéro."),
        ({"category": "999999"}, "Sélectionnez un choix valide."),
    ],
)
def test_bad_listing_input_gets_a_clear_message(owner_client, business, override, message):
    response = owner_client.post(reverse("barter:listing-create"), listing_post(**override))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Listing.objects.exists()


def test_someone_elses_listing_cannot_be_edited_or_deleted(owner_client, business):
    other = ListingFactory(title="Pas à moi")
    for name in ("barter:listing-update", "barter:listing-delete"):
        assert owner_client.get(reverse(name, args=[other.pk])).status_code == 404
        assert owner_client.post(reverse(name, args=[other.pk]), listing_post()).status_code == 404
    for action in ("pause", "publish"):
        assert (
            owner_client.post(reverse("barter:listing-action", args=[other.pk, action])).status_code
            == 404
        )
    other.refresh_from_db()
    assert (other.title, other.status) == ("Pas à moi", ListingStatus.ACTIVE)


def test_unknown_listing_id_is_a_404(client):
    assert client.get(reverse("barter:listing-detail", args=[424242])).status_code == 404


def test_someone_elses_draft_is_invisible(client):
    draft = ListingFactory(status=ListingStatus.DRAFT)
    assert client.get(reverse("barter:listing-detail", args=[draft.pk])).status_code == 404


def test_owner_pauses_and_deletes_their_listing(owner_client, business):
    listing = ListingFactory(business=business)
    owner_client.post(reverse("barter:listing-action", args=[listing.pk, "pause"]))
    listing.refresh_from_db()
    assert listing.status == ListingStatus.PAUSED
    response = owner_client.post(reverse("barter:listing-delete", args=[listing.pk]))
    assert response.status_code == 302
    assert not Listing.objects.filter(pk=listing.pk).exists()


def test_edit_pages_need_login(client):
    response = client.get(reverse("barter:listing-create"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_register_business_with_invalid_siret_shows_the_error(owner_client):
    network = NetworkFactory()
    response = owner_client.post(
        reverse("barter:business-register"),
        {
            "network": network.pk,
            "legal_name": "Atelier Test",
            "siret": "73282932000075",
            "kind": "association",
            "sector": "S",
            "postcode": "91000",
            "commune": "Évry-Courcouronnes",
        },
    )
    assert response.status_code == 200
    assert "Ce numéro SIREN/SIRET n’est pas valide" in response.content.decode()
    assert not Business.objects.exists()


def test_register_business_from_the_web(client):
    user = UserFactory()
    client.force_login(user)
    network = NetworkFactory()
    response = client.post(
        reverse("barter:business-register"),
        {
            "network": network.pk,
            "legal_name": "Régie de quartier",
            "siret": "732829320",
            "kind": "association",
            "sector": "S",
            "postcode": "91000",
            "commune": "evry-courcouronnes",
        },
    )
    assert response.status_code == 302
    business = Business.objects.get()
    assert business.status == BusinessStatus.PENDING
    assert business.latitude is not None


def test_someone_elses_business_profile_cannot_be_edited(owner_client):
    other = BusinessFactory(description="intact")
    assert owner_client.get(reverse("barter:business-update", args=[other.pk])).status_code == 404
    owner_client.post(reverse("barter:business-update", args=[other.pk]), {"description": "piraté"})
    other.refresh_from_db()
    assert other.description == "intact"


def test_coordinator_approves_from_the_coordination_page(client):
    coordinator = UserFactory()
    network = NetworkFactory(coordinators=[coordinator])
    pending = BusinessFactory(
        network=network, status=BusinessStatus.PENDING, legal_name="En attente SARL"
    )
    client.force_login(coordinator)
    page = client.get(reverse("barter:coordination")).content.decode()
    assert "En attente SARL" in page
    client.post(reverse("barter:coordination-business-action", args=[pending.pk, "approve"]))
    pending.refresh_from_db()
    assert pending.status == BusinessStatus.ACTIVE


def test_coordinator_cannot_act_on_another_networks_business(client):
    coordinator = UserFactory()
    NetworkFactory(coordinators=[coordinator])
    foreign = BusinessFactory(status=BusinessStatus.PENDING)
    client.force_login(coordinator)
    response = client.post(
        reverse("barter:coordination-business-action", args=[foreign.pk, "approve"])
    )
    assert response.status_code == 404
    foreign.refresh_from_db()
    assert foreign.status == BusinessStatus.PENDING


def test_rejecting_without_reason_is_refused_with_a_message(client):
    coordinator = UserFactory()
    pending = BusinessFactory(
        network=NetworkFactory(coordinators=[coordinator]), status=BusinessStatus.PENDING
    )
    client.force_login(coordinator)
    response = client.post(
        reverse("barter:coordination-business-action", args=[pending.pk, "reject"]),
        {"reason": ""},
        follow=True,
    )
    assert "Indiquez un motif" in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == BusinessStatus.PENDING


def test_coordination_page_is_forbidden_to_entrepreneurs(owner_client, business):
    assert owner_client.get(reverse("barter:coordination")).status_code == 403


def test_coordinator_moderates_a_listing_from_its_page(client):
    coordinator = UserFactory()
    listing = ListingFactory(business__network=NetworkFactory(coordinators=[coordinator]))
    client.force_login(coordinator)
    client.post(
        reverse("barter:coordination-listing-action", args=[listing.pk, "moderate"]),
        {"reason": "Hors charte"},
    )
    listing.refresh_from_db()
    assert listing.status == ListingStatus.MODERATED
    public = client.get(reverse("barter:listing-list")).content.decode()
    assert listing.title not in public


def test_signup_logs_in_and_leads_to_business_registration(client):
    response = client.post(
        reverse("signup"),
        {
            "username": "nouvelle",
            "email": "nouvelle@example.org",
            "first_name": "Nadia",
            "last_name": "Benali",
            "password1": "un-mot-de-passe-solide-91",
            "password2": "un-mot-de-passe-solide-91",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("barter:business-register")
    assert client.get(reverse("barter:dashboard")).status_code == 200


def test_password_reset_sends_an_email(client, mailoutbox):
    UserFactory(email="oubli@example.org")
    client.post(reverse("password_reset"), {"email": "oubli@example.org"})
    assert len(mailoutbox) == 1
    assert "/accounts/reset/" in mailoutbox[0].body


def test_business_profile_and_map_pages(client, business):
    ListingFactory(business=business, title="Offre visible")
    html = client.get(reverse("barter:business-detail", args=[business.pk])).content.decode()
    assert "Offre visible" in html
    assert 'id="map-data"' in html
    map_html = client.get(reverse("barter:business-map")).content.decode()
    assert business.legal_name in map_html
