"""End to end in Debian's Chromium driven by Playwright: a new user signs up, registers a
business and, once a coordinator has approved it, publishes an offer."""

import pytest

from barter import services
from barter.models import Business, Listing, ListingStatus
from tests.factories.barter import NetworkFactory, UserFactory, leaf_category

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_new_user_signs_up_registers_a_business_and_publishes_an_offer(live_server, page):
    leaf_category()  # the category tree, should an earlier transactional test have flushed it
    coordinator = UserFactory(username="coordination")
    network = NetworkFactory(name="France Active Essonne", coordinators=[coordinator])

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="S’inscrire").click()
    page.get_by_label("Nom d’utilisateur").fill("amina")
    page.get_by_label("Adresse électronique").fill("amina@exemple.org")
    page.get_by_label("Prénom").fill("Amina")
    page.locator("#id_last_name").fill("Diallo")  # "Nom" is also in "Nom d’utilisateur"
    page.locator("#id_password1").fill("troc-essonne-2026!")
    page.get_by_label("Confirmation du mot de passe").fill("troc-essonne-2026!")
    page.get_by_role("button", name="Créer mon compte").click()

    page.wait_for_url("**/businesses/register/")
    page.get_by_label("Réseau (territoire)").select_option(label=network.name)
    page.get_by_label("Raison sociale").fill("Atelier Diallo Couture")
    page.get_by_label("SIREN ou SIRET").fill("732 829 320 00074")
    page.get_by_label("Forme juridique").select_option("scop")
    page.get_by_label("Secteur").select_option("C")
    page.get_by_label("Code postal").fill("91000")
    page.get_by_label("Commune").fill("Évry-Courcouronnes")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url("**/dashboard/")
    assert page.get_by_text("En attente de validation").is_visible()

    business = Business.objects.get(siret="73282932000074")
    services.business_approve(actor=coordinator, business=business)

    page.goto(live_server.url + "/listings/create/")
    page.get_by_role("radio", name="Offre", exact=True).check()
    page.get_by_role("radio", name="Service", exact=True).check()
    page.get_by_label("Titre").fill("Retouches et ourlets pour vos uniformes")
    page.get_by_label("Description").fill("Retouches de vêtements de travail, délai une semaine.")
    page.get_by_label("Catégorie").select_option(label="Textile et objets personnalisés")
    page.get_by_label("Valeur (crédits)").fill("35,50")
    page.get_by_role("button", name="Enregistrer").click()

    page.wait_for_url("**/listings/*/")
    assert page.get_by_role("heading", name="Retouches et ourlets pour vos uniformes").is_visible()
    listing = Listing.objects.get(business=business)
    assert (listing.status, listing.value) == (ListingStatus.ACTIVE, 3550)

    page.goto(live_server.url + "/listings/?q=ourlets")
    assert page.get_by_role("link", name="Retouches et ourlets pour vos uniformes").is_visible()
