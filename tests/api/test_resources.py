"""The resources as a partner uses them: businesses, listings, categories, accounts and
statements, proposals answered for the network's businesses, matching runs."""

import pytest
from django.utils import timezone

from barter.models import Business, BusinessStatus, Listing, ListingStatus, Membership
from ledger import services as ledger_services
from matching.models import MatchingRun, ProposalStatus
from tests.factories.barter import BusinessFactory, ListingFactory, leaf_category

pytestmark = pytest.mark.django_db

SIRET = "73282932000074"


@pytest.fixture
def api(make_partner):
    return make_partner()


@pytest.fixture
def business(api):
    return BusinessFactory(network=api.partner.network)


def listing_body(business, **overrides):
    return {
        "business": business.pk,
        "kind": "offer",
        "nature": "service",
        "title": "Création de site vitrine",
        "description": "Cinq pages, hébergement compris.",
        "category": leaf_category("site-web").pk,
        "value": 120_000,
        **overrides,
    }


# --- Businesses ---------------------------------------------------------------------------------


def test_a_partner_registers_a_business_pending_approval(api):
    response = api.post(
        "/api/v1/businesses/",
        {
            "legal_name": "Les Jardins",
            "siret": SIRET,
            "kind": "association",
            "sector": "A",
            "postcode": "91080",
            "commune": "Évry-Courcouronnes",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending"
    assert body["network"] == api.partner.network.slug
    assert body["is_social_economy"] is True
    business = Business.objects.get(pk=body["id"])
    # The machine user acts through the delegation, not as an owner.
    assert not Membership.objects.filter(business=business).exists()


def test_platform_owned_fields_are_refused_not_written(api, business):
    response = api.post(
        "/api/v1/businesses/",
        {"legal_name": "X", "siret": SIRET, "status": "active", "network": "autre"},
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["status"][0]["code"] == "read_only"
    assert fields["network"][0]["code"] == "read_only"
    response = api.patch(
        f"/api/v1/businesses/{business.pk}/",
        {"status": "suspended", "siret": SIRET, "description": "x"},
        format="json",
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"status", "siret"}
    business.refresh_from_db()
    assert business.status == BusinessStatus.ACTIVE and business.description == ""
    listing = ListingFactory(business=business, status=ListingStatus.DRAFT)
    response = api.patch(
        f"/api/v1/listings/{listing.pk}/", {"status": "active", "business": 1}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"status", "business"}


def test_a_partner_updates_a_business_profile(api, business):
    response = api.patch(
        f"/api/v1/businesses/{business.pk}/",
        {"description": "Synchronisé depuis l'outil du club", "phone": "01 60 00 00 00"},
        format="json",
    )
    assert response.status_code == 200
    business.refresh_from_db()
    assert business.description == "Synchronisé depuis l'outil du club"


def test_a_service_validation_error_becomes_field_errors(api, business):
    response = api.post(
        "/api/v1/businesses/",
        {
            "legal_name": "X",
            "siret": "12345678901234",
            "kind": "tpe",
            "sector": "M",
            "postcode": "9100",
            "commune": "Évry",
        },
        format="json",
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert {"siret", "postcode"} <= set(body["fields"])
    assert body["fields"]["siret"][0]["message"]


def test_businesses_filter_by_status_and_search(api, business):
    BusinessFactory(network=api.partner.network, status="pending", legal_name="Atelier Zèbre")
    response = api.get("/api/v1/businesses/", {"status": "pending"})
    assert [b["legal_name"] for b in response.json()["results"]] == ["Atelier Zèbre"]
    response = api.get("/api/v1/businesses/", {"search": "zèbre"})
    assert len(response.json()["results"]) == 1
    response = api.get("/api/v1/businesses/", {"status": "unknown"})
    assert response.status_code == 400
    assert "status" in response.json()["fields"]


# --- Listings -----------------------------------------------------------------------------------


def test_listing_crud_through_the_services(api, business):
    response = api.post("/api/v1/listings/", listing_body(business, publish=True), format="json")
    assert response.status_code == 201, response.content
    listing_id = response.json()["id"]
    assert response.json()["status"] == "active"
    response = api.patch(f"/api/v1/listings/{listing_id}/", {"value": 99_000}, format="json")
    assert response.status_code == 200 and response.json()["value"] == 99_000
    response = api.post(f"/api/v1/listings/{listing_id}/pause/")
    assert response.json()["status"] == "paused"
    response = api.post(f"/api/v1/listings/{listing_id}/publish/")
    assert response.json()["status"] == "active"
    assert api.delete(f"/api/v1/listings/{listing_id}/").status_code == 204
    assert not Listing.objects.filter(pk=listing_id).exists()
    assert api.get(f"/api/v1/listings/{listing_id}/").status_code == 404


def test_a_pending_business_cannot_publish_the_rule_answers_400(api):
    pending = BusinessFactory(network=api.partner.network, status="pending")
    response = api.post("/api/v1/listings/", listing_body(pending, publish=True), format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_transition"
    assert not Listing.objects.filter(business=pending).exists()


def test_missing_and_invalid_fields_are_listed_with_codes(api, business):
    response = api.post(
        "/api/v1/listings/",
        {"business": business.pk, "kind": "barter", "value": -1, "quantity": 0},
        format="json",
    )
    assert response.status_code == 400
    fields = response.json()["fields"]
    assert fields["title"] == [{"code": "required", "message": fields["title"][0]["message"]}]
    assert fields["kind"][0]["code"] == "invalid_choice"
    assert fields["value"][0]["code"] == "min_value"
    assert fields["quantity"][0]["code"] == "min_value"


def test_search_filters_ordering_and_pagination(api, business):
    other = BusinessFactory(network=api.partner.network, kind="association")
    ListingFactory(business=business, title="Location de camionnette", value=5_000)
    ListingFactory(business=business, title="Réparation de vélos", value=8_000)
    ListingFactory(business=other, title="Camionnette frigorifique", value=20_000, kind="want")
    for n in range(4):
        ListingFactory(business=other, title=f"Atelier {n}", value=1_000 * n)
    found = api.get("/api/v1/listings/", {"search": "camionnette"}).json()["results"]
    assert {row["title"] for row in found} == {
        "Location de camionnette",
        "Camionnette frigorifique",
    }
    wants = api.get("/api/v1/listings/", {"kind": "want"}).json()["results"]
    assert [row["title"] for row in wants] == ["Camionnette frigorifique"]
    ess = api.get("/api/v1/listings/", {"family": "ess"}).json()["results"]
    assert {row["business"] for row in ess} == {other.pk}
    by_value = api.get("/api/v1/listings/", {"ordering": "-value"}).json()["results"]
    assert [row["value"] for row in by_value] == sorted(
        (r["value"] for r in by_value), reverse=True
    )
    first = api.get("/api/v1/listings/", {"page_size": 3}).json()
    assert len(first["results"]) == 3 and first["previous"] is None
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()
    assert third["next"] is None
    ids = [r["id"] for page in (first, second, third) for r in page["results"]]
    assert len(ids) == len(set(ids)) == 7
    assert api.get("/api/v1/listings/", {"page": 0}).status_code == 400
    assert api.get("/api/v1/listings/", {"page_size": 101}).status_code == 400
    assert api.get("/api/v1/listings/", {"business": "abc"}).status_code == 400
    assert api.get("/api/v1/listings/", {"business": 2**70}).status_code == 400


def test_updated_since_lets_a_partner_sync_changes(api, business):
    old = ListingFactory(business=business)
    Listing.objects.filter(pk=old.pk).update(updated_at=timezone.now() - timezone.timedelta(days=2))
    new = ListingFactory(business=business)
    since = (timezone.now() - timezone.timedelta(days=1)).isoformat()
    rows = api.get("/api/v1/listings/", {"updated_since": since}).json()["results"]
    assert [row["id"] for row in rows] == [new.pk]


def test_categories_are_the_whole_tree_unpaginated(api):
    leaf_category()
    rows = api.get("/api/v1/categories/").json()
    assert len(rows) > 50
    assert {"slug", "parent", "name_fr", "name_en"} <= set(rows[0])


# --- Accounts -----------------------------------------------------------------------------------


def test_accounts_and_a_statement_with_running_balances(api):
    a = BusinessFactory(network=api.partner.network)
    b = BusinessFactory(network=api.partner.network)
    account_a = ledger_services.account_open(business=a)
    account_b = ledger_services.account_open(business=b)
    for n, amount in enumerate((1_000, 2_500)):
        ledger_services.transfer_post(
            actor=None, payer=account_a, payee=account_b, amount=amount, idempotency_key=f"s{n}"
        )
    row = api.get(f"/api/v1/accounts/{account_a.pk}/").json()
    assert row["balance"] == -3_500
    assert row["available"] == row["credit_limit"] - 3_500
    statement = api.get(f"/api/v1/accounts/{account_a.pk}/statement/").json()["results"]
    assert [(p["amount"], p["balance_after"]) for p in statement] == [
        (-1_000, -1_000),
        (-2_500, -3_500),
    ]
    assert statement[0]["counterparties"] == [b.pk]
    today = timezone.localdate().isoformat()
    assert api.get(f"/api/v1/accounts/{account_a.pk}/statement/", {"start": today}).json()[
        "results"
    ]
    response = api.get(f"/api/v1/accounts/{account_a.pk}/statement/", {"start": "yesterday"})
    assert response.status_code == 400
    assert "start" in response.json()["fields"]


def test_account_fields_cannot_be_written(api):
    account = ledger_services.account_open(business=BusinessFactory(network=api.partner.network))
    for method in ("put", "patch", "delete"):
        response = getattr(api, method)(
            f"/api/v1/accounts/{account.pk}/", {"credit_limit": 10**9, "balance": 10**9}
        )
        assert response.status_code == 405
    account.refresh_from_db()
    assert account.balance == 0 and account.credit_limit == 100_000


# --- Proposals and runs -------------------------------------------------------------------------


def test_a_partner_takes_a_swap_from_acceptance_to_settlement(world_a):
    api = world_a.api
    proposal = world_a.objects["proposals"]
    url = f"/api/v1/proposals/{proposal.pk}/"
    for business in world_a.triangle.businesses.values():
        response = api.post(url + "accept/", {"business": business.pk}, format="json")
        assert response.status_code == 200, response.content
    assert response.json()["status"] == ProposalStatus.ACCEPTED
    legs = response.json()["legs"]
    for leg in legs:
        assert api.post(url + "deliver/", {"leg": leg["id"]}, format="json").status_code == 200
    for leg in legs:
        response = api.post(url + "confirm/", {"leg": leg["id"]}, format="json")
        assert response.status_code == 200
    body = response.json()
    assert body["status"] == ProposalStatus.SETTLED
    assert body["settlement"] is not None
    again = api.post(url + "confirm/", {"leg": legs[0]["id"]}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "invalid_transition"


def test_a_business_that_takes_no_part_cannot_answer(world_a):
    outsider = BusinessFactory(network=world_a.network)
    proposal = world_a.objects["proposals"]
    response = world_a.api.post(
        f"/api/v1/proposals/{proposal.pk}/decline/", {"business": outsider.pk}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "not_allowed"


def test_a_partner_declines_for_a_business(world_a):
    proposal = world_a.objects["proposals"]
    business = world_a.triangle.businesses["b"]
    response = world_a.api.post(
        f"/api/v1/proposals/{proposal.pk}/decline/",
        {"business": business.pk, "reason": "Plus disponible"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == ProposalStatus.DECLINED
    assert response.json()["closed_reason"] == "Plus disponible"


def test_a_partner_starts_a_matching_run_and_follows_it(api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/matching-runs/")
    assert response.status_code == 202
    run = MatchingRun.objects.get(pk=response.json()["id"])
    assert run.trigger == "api" and run.network == api.partner.network
    body = api.get(f"/api/v1/matching-runs/{run.pk}/").json()
    assert body["status"] == "succeeded" and body["progress"] == 1.0


def test_a_second_run_while_one_is_queued_is_409(api):
    assert api.post("/api/v1/matching-runs/").status_code == 202
    response = api.post("/api/v1/matching-runs/")
    assert response.status_code == 409
    assert response.json()["code"] == "run_already_active"


def test_the_hand_written_listing_rendering_matches_the_declared_fields(api, business):
    from rest_framework import serializers

    from api.serializers import ListingSerializer

    listing = ListingFactory(
        business=business,
        valid_until=timezone.localdate() + timezone.timedelta(days=30),
        radius_km=12,
        moderation_reason="",
    )
    listing.refresh_from_db()
    serializer = ListingSerializer(listing)
    generic = serializers.Serializer.to_representation(serializer, listing)
    assert serializer.data == generic
