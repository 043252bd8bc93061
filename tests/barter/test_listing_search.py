"""The marketplace search: full text, filters, distance."""

import pytest
from django.db import connection

from barter import selectors
from barter.filters import ListingFilter
from barter.models import BusinessKind, Listing, ListingStatus
from tests.factories.barter import BusinessFactory, ListingFactory, NetworkFactory, leaf_category

pytestmark = pytest.mark.django_db

EVRY = (48.6290, 2.4410)
MELUN = (48.5397, 2.6553)  # about 20 km from Évry
PROVINS = (48.5600, 3.2990)  # about 63 km from Évry


def search(params, origin=None):
    return list(ListingFilter(params, queryset=selectors.listing_marketplace(), origin=origin).qs)


def test_text_search_matches_title_and_description():
    a = ListingFactory(title="Création de site web", description="Site vitrine")
    b = ListingFactory(title="Traiteur", description="Buffet pour votre site de production")
    ListingFactory(title="Nettoyage de bureaux", description="Entretien")
    assert set(search({"q": "site"})) == {a, b}


def test_text_search_needs_every_word():
    a = ListingFactory(title="Salle de réunion", description="Douze places, vidéoprojecteur")
    ListingFactory(title="Salle de sport", description="Cours collectifs")
    assert search({"q": "salle vidéoprojecteur"}) == [a]


@pytest.mark.postgres
def test_french_full_text_search_stems_words():
    salles = ListingFactory(title="Location de salles équipées", description="")
    imprimerie = ListingFactory(title="Imprimerie", description="Nous imprimons vos affiches")
    assert search({"q": "salle"}) == [salles]
    assert search({"q": "affiche"}) == [imprimerie]


@pytest.mark.postgres
def test_french_full_text_search_ranks_title_above_description():
    in_description = ListingFactory(title="Conseil", description="Aide à la comptabilité")
    in_title = ListingFactory(title="Comptabilité associative", description="Tenue des comptes")
    assert search({"q": "comptabilité"}) == [in_title, in_description]


@pytest.mark.postgres
def test_french_full_text_search_uses_the_gin_index():
    # The selector's expression must be the indexed one, character for character.
    queryset = selectors.listing_filter_text(Listing.objects.all(), "salle")
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("SET enable_seqscan = on")
    assert "listing_search_fr" in plan


def test_filter_by_kind_and_nature():
    offer = ListingFactory(kind="offer", nature="asset")
    ListingFactory(kind="want", nature="asset")
    ListingFactory(kind="offer", nature="service")
    assert search({"kind": "offer", "nature": "asset"}) == [offer]


def test_filter_by_category_includes_its_sub_categories():
    design = ListingFactory(category=leaf_category("graphisme"))
    web = ListingFactory(category=leaf_category("site-web"))
    ListingFactory(category=leaf_category("nettoyage"))
    root = leaf_category("graphisme").parent
    assert set(search({"category": str(root.pk)})) == {design, web}
    assert search({"category": str(web.category_id)}) == [web]


def test_filter_by_territory():
    essonne, seine_et_marne = NetworkFactory(slug="essonne"), NetworkFactory(slug="seine-et-marne")
    a = ListingFactory(business__network=essonne)
    ListingFactory(business__network=seine_et_marne)
    assert search({"network": "essonne"}) == [a]


def test_filter_social_economy_or_classic():
    ess = ListingFactory(business__kind=BusinessKind.SCIC)
    classic = ListingFactory(business__kind=BusinessKind.PME)
    assert search({"family": "ess"}) == [ess]
    assert search({"family": "classic"}) == [classic]


def test_filter_by_distance_from_my_business_keeps_remote_listings():
    near = ListingFactory(business=BusinessFactory(latitude=MELUN[0], longitude=MELUN[1]))
    far = ListingFactory(business=BusinessFactory(latitude=PROVINS[0], longitude=PROVINS[1]))
    far_remote = ListingFactory(business=far.business, is_remote=True)
    unlocated = ListingFactory(business=BusinessFactory(latitude=None, longitude=None))
    found = search({"distance": "25"}, origin=EVRY)
    assert set(found) == {near, far_remote}
    assert unlocated not in found
    assert set(search({"distance": "50"}, origin=EVRY)) == {near, far_remote}
    assert {near, far}.issubset(set(search({}, origin=EVRY)))


def test_distance_filter_is_ignored_without_a_location():
    a = ListingFactory()
    assert search({"distance": "5"}, origin=None) == [a]


def test_invalid_filters_do_not_filter_silently_wrong():
    ListingFactory()
    listing_filter = ListingFilter({"kind": "bogus"}, queryset=selectors.listing_marketplace())
    assert not listing_filter.is_valid()
    assert "kind" in listing_filter.errors


def test_marketplace_excludes_unpublished():
    ListingFactory(status=ListingStatus.PAUSED)
    ListingFactory(status=ListingStatus.EXPIRED)
    ListingFactory(status=ListingStatus.MODERATED)
    assert search({}) == []
