"""The demo's data files (demo/data/*.yaml) agree with the models and with each other."""

import pytest

from barter.data.communes import COMMUNES
from barter.data.taxonomy import TAXONOMY
from barter.models import BusinessKind
from demo import data

LEAVES = {leaf for _, _, _, leaves in TAXONOMY for leaf, _, _ in leaves}


def test_every_leaf_category_has_offer_and_want_templates_and_no_other_category_has():
    assert set(data.LISTING_TEMPLATES) == LEAVES
    for slug, (offers, wants) in data.LISTING_TEMPLATES.items():
        assert offers and wants, slug


def test_every_profile_offers_and_wants_leaf_categories():
    for profile in (*data.PROFILES, data.ENTREPRENEUR_PROFILE):
        assert set(profile.offers) <= LEAVES, profile.key
        assert set(profile.wants) <= LEAVES, profile.key
        assert profile.kinds and all(weight > 0 for _, weight in profile.kinds), profile.key
    assert {p.family for p in data.PROFILES} == {"ess", "classic"}
    assert set(data.IDLE_ASSET_CATEGORIES) <= LEAVES
    assert set(data.REMOTE_SHARE) <= LEAVES and set(data.CATEGORY_VAT) <= LEAVES


def test_every_legal_form_has_a_staff_range_and_a_sentence():
    assert set(data.STAFF) == set(BusinessKind) == set(data.KIND_SENTENCES)


def test_the_networks_cover_departements_of_the_gazetteer_and_have_phone_prefixes():
    departements = {postcode[:2] for postcode, _, _, _ in COMMUNES}
    for network in data.NETWORKS:
        assert set(network.departements) <= departements
        assert network.departements[0] in data.LANDLINE_PREFIXES
    commune = (data.ENTREPRENEUR["postcode"], data.ENTREPRENEUR["commune"])
    assert commune in {(postcode, name) for postcode, name, _, _ in COMMUNES}


def test_a_value_the_models_do_not_know_is_refused_with_the_files_name():
    raw = {
        "title": "Prêt de tracteur",
        "description": "",
        "nature": "tracteur",
        "unit": "day",
        "credits": [100, 200],
    }
    with pytest.raises(ValueError, match=r"listings\.yaml.*'tracteur' is not a ListingNature"):
        data._template(raw, "listings.yaml")
