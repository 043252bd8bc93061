"""A client of network A sees nothing of network B: every object path of the OpenAPI schema, with
every method it declares (custom actions included), answers 404 for B's object, and every list
leaves B's objects out. The matrix is read from the schema, so a new endpoint cannot escape it."""

import pytest
from drf_spectacular.generators import SchemaGenerator

from api.models import WebhookEndpoint
from barter.models import Listing
from tests.factories.barter import UserFactory

pytestmark = pytest.mark.django_db

PREFIX = "/api/v1/"
NOT_OBJECTS = {"me", "schema", "docs"}
SHARED = {"categories"}  # one category tree for every network


def operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, item in schema["paths"].items():
        for method in item:
            if method in ("get", "post", "put", "patch", "delete"):
                yield path, method


def resource_of(path: str) -> str:
    return path.removeprefix(PREFIX).split("/")[0]


def object_operations():
    return [(p, m) for p, m in operations() if "{id}" in p and resource_of(p) not in SHARED]


def list_operations():
    return [
        (p, m)
        for p, m in operations()
        if "{" not in p and m == "get" and resource_of(p) not in NOT_OBJECTS
    ]


def body_for(path: str, world) -> dict:
    """A body that would be valid for the object's own network: the 404 must come from the
    scoping, not from validation."""
    t = world.triangle
    proposal = world.objects["proposals"]
    if path.endswith(("/accept/", "/decline/")):
        return {"business": t.businesses["a"].pk, "reason": "Non"}
    if path.endswith(("/deliver/", "/confirm/")):
        return {"leg": proposal.legs.first().pk}
    if resource_of(path) == "listings":
        return {"title": "Repris par un autre réseau"}
    if resource_of(path) == "businesses":
        return {"description": "Repris par un autre réseau"}
    if resource_of(path) == "webhook-endpoints":
        return {"url": "https://attacker.example.org/", "events": ["listing.changed"]}
    return {}


def test_the_matrix_covers_every_object_resource_of_the_schema(world_b):
    resources = {resource_of(p) for p, _m in object_operations()}
    assert resources == set(world_b.objects), "add the new resource to tests/api/conftest.py"


def test_a_client_of_network_a_gets_404_on_network_bs_objects_for_every_method(world_a, world_b):
    failures = []
    checked = 0
    for path, method in object_operations():
        target = world_b.objects[resource_of(path)]
        url = path.replace("{id}", str(target.pk))
        response = getattr(world_a.api, method)(url, body_for(path, world_b), format="json")
        checked += 1
        if response.status_code != 404 or response.json().get("code") != "not_found":
            failures.append((method, url, response.status_code, response.content[:200]))
        # B's own client reaches the same object: the 404 above is the scoping.
        if method == "get" and world_b.api.get(url).status_code != 200:
            failures.append(("control", method, url))
    assert checked >= 23
    assert failures == []


def test_network_bs_objects_are_unchanged_after_network_as_attempts(world_a, world_b):
    listing = world_b.objects["listings"]
    for method, url in [
        ("patch", f"/api/v1/listings/{listing.pk}/"),
        ("delete", f"/api/v1/listings/{listing.pk}/"),
        ("post", f"/api/v1/listings/{listing.pk}/pause/"),
    ]:
        getattr(world_a.api, method)(url, {"title": "Volé"}, format="json")
    listing.refresh_from_db()
    assert listing.title != "Volé" and listing.status == "active"
    assert Listing.objects.filter(pk=listing.pk).exists()


def _ids(api, path):
    ids, url = set(), path
    while url:
        response = api.get(url, {"page_size": 100} if url == path else None)
        assert response.status_code == 200, response.content
        body = response.json()
        rows = body["results"] if isinstance(body, dict) else body
        ids |= {row["id"] for row in rows}
        url = body.get("next") if isinstance(body, dict) else None
    return ids


def test_every_list_of_network_a_leaves_network_bs_objects_out(world_a, world_b):
    checked = set()
    for path, _method in list_operations():
        resource = resource_of(path)
        seen = _ids(world_a.api, path)
        checked.add(resource)
        if resource in SHARED:
            assert seen
            continue
        assert world_a.objects[resource].pk in seen, path
        assert world_b.objects[resource].pk not in seen, path
    assert checked == set(world_a.objects) | SHARED


def test_list_filters_naming_network_bs_business_find_nothing(world_a, world_b):
    business_b = world_b.objects["businesses"].pk
    for path in ["listings", "accounts", "transfers", "proposals"]:
        response = world_a.api.get(f"/api/v1/{path}/", {"business": business_b})
        assert response.status_code == 200
        assert response.json()["results"] == [], path


def test_bodies_naming_network_bs_objects_are_refused(world_a, world_b):
    b = world_b.triangle.businesses
    a = world_a.triangle.businesses
    response = world_a.api.post(
        "/api/v1/listings/",
        {
            "business": b["a"].pk,
            "kind": "offer",
            "nature": "service",
            "title": "Ailleurs",
            "category": world_b.objects["listings"].category_id,
            "value": 1000,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "business" in response.json()["fields"]
    response = world_a.api.post(
        "/api/v1/transfers/",
        {"payer": b["a"].pk, "payee": a["b"].pk, "amount": 100},
        format="json",
        HTTP_IDEMPOTENCY_KEY="cross-network",
    )
    assert response.status_code == 400
    assert set(response.json()["fields"]) == {"payer"}
    proposal_a = world_a.objects["proposals"]
    response = world_a.api.post(
        f"/api/v1/proposals/{proposal_a.pk}/accept/", {"business": b["a"].pk}, format="json"
    )
    assert response.status_code == 400
    leg_b = world_b.objects["proposals"].legs.first()
    response = world_a.api.post(
        f"/api/v1/proposals/{proposal_a.pk}/deliver/", {"leg": leg_b.pk}, format="json"
    )
    assert response.status_code == 400


def test_another_client_of_the_same_network_does_not_see_a_clients_webhooks(world_a, make_partner):
    neighbour = make_partner(network=world_a.network)
    endpoint = world_a.objects["webhook-endpoints"]
    delivery = world_a.objects["webhook-deliveries"]
    assert neighbour.get(f"/api/v1/webhook-endpoints/{endpoint.pk}/").status_code == 404
    assert neighbour.post(f"/api/v1/webhook-endpoints/{endpoint.pk}/ping/").status_code == 404
    assert neighbour.post(f"/api/v1/webhook-deliveries/{delivery.pk}/replay/").status_code == 404
    assert neighbour.get("/api/v1/webhook-deliveries/").json()["results"] == []
    assert WebhookEndpoint.objects.filter(pk=endpoint.pk, is_active=True).exists()


def test_a_coordinator_session_reads_its_own_network_only(client, world_a, world_b):
    coordinator = world_a.triangle.coordinator
    client.force_login(coordinator)
    own = world_a.objects["listings"].pk
    other = world_b.objects["listings"].pk
    assert client.get(f"/api/v1/listings/{own}/").status_code == 200
    assert client.get(f"/api/v1/listings/{other}/").status_code == 404
    ids = {row["id"] for row in client.get("/api/v1/listings/?page_size=100").json()["results"]}
    assert own in ids and other not in ids


def test_a_signed_in_user_who_coordinates_nothing_is_refused(client, world_a):
    client.force_login(UserFactory())
    response = client.get("/api/v1/listings/")
    assert response.status_code == 403
    assert response.json()["code"] == "no_network"
