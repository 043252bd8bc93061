"""Partner clients: keys stored hashed and shown once, refused once revoked or expired, scopes
enforced, the network's delegation following the client's life; the command line and the
coordinators' pages that create them."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.http import HttpRequest
from django.utils import timezone
from rest_framework.test import APIClient

from api import services
from api.models import PartnerClient, PartnerKey, WebhookEndpoint
from api.services import partners_expire
from tests.api.conftest import partner_api
from tests.factories.barter import BusinessFactory, NetworkFactory, UserFactory, leaf_category

pytestmark = pytest.mark.django_db


def test_a_request_without_credentials_is_401_with_the_bearer_challenge():
    response = APIClient().get("/api/v1/listings/")
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "header",
    ["Bearer nope.nope", "Bearer", "Bearer a b", "Bearer ééé", "bearer xxxxxxxx.yyyy"],
)
def test_unknown_or_malformed_keys_are_401(header, make_partner):
    make_partner()
    response = APIClient().get("/api/v1/listings/", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response.json()["code"] in ("invalid_key", "invalid_header")


def test_a_key_with_the_right_prefix_and_a_wrong_secret_is_refused(make_partner):
    api = make_partner()
    prefix = api.key.split(".")[0]
    response = APIClient().get(
        "/api/v1/listings/", HTTP_AUTHORIZATION=f"Bearer {prefix}.{'x' * 32}"
    )
    assert response.status_code == 401


def test_the_key_is_stored_as_a_hash_only(make_partner):
    api = make_partner()
    stored = PartnerKey.objects.get(client=api.partner)
    assert api.key not in (stored.pk, stored.hashed_key, stored.prefix)
    assert stored.hashed_key.startswith("sha512$$")
    assert api.get("/api/v1/me/").status_code == 200


def test_a_revoked_key_is_refused_and_the_others_keep_working(make_partner):
    api = make_partner()
    second, second_key = services.partner_key_create(actor=None, client=api.partner)
    services.partner_key_revoke(actor=None, key=PartnerKey.objects.get(prefix=api.key[:8]))
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "revoked_key"
    assert partner_api(api.partner, second_key).get("/api/v1/me/").status_code == 200
    assert api.partner.network.delegates.filter(pk=api.partner.user_id).exists()


def test_a_revoked_client_loses_every_key_its_delegation_and_its_webhooks(make_partner):
    api = make_partner()
    endpoint = services.webhook_endpoint_create(
        actor=None, client=api.partner, url="https://h.example.org/", events=["listing.changed"]
    )
    services.partner_client_revoke(actor=None, client=api.partner)
    assert api.get("/api/v1/me/").status_code == 401
    assert not api.partner.network.delegates.filter(pk=api.partner.user_id).exists()
    endpoint.refresh_from_db()
    assert not endpoint.is_active


def test_an_expired_key_is_refused_and_the_hourly_job_withdraws_the_delegation(make_partner):
    api = make_partner(expiry_date=timezone.now() + timezone.timedelta(days=1))
    assert api.get("/api/v1/me/").json()["key_expires_at"]
    PartnerKey.objects.filter(client=api.partner).update(
        expiry_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    response = api.get("/api/v1/me/")
    assert response.status_code == 401
    assert response.json()["code"] == "expired_key"
    assert partners_expire() == 1
    assert not api.partner.network.delegates.filter(pk=api.partner.user_id).exists()
    services.partner_key_create(actor=None, client=api.partner)
    assert api.partner.network.delegates.filter(pk=api.partner.user_id).exists()


def test_the_machine_user_cannot_sign_in_on_the_web(make_partner, client):
    api = make_partner()
    user = api.partner.user
    assert not user.has_usable_password()
    assert not client.login(request=HttpRequest(), username=user.username, password="")


def test_a_read_only_client_reads_but_cannot_write(make_partner):
    api = make_partner(scopes=["read"])
    business = BusinessFactory(network=api.partner.network)
    leaf_category()
    assert api.get("/api/v1/listings/").status_code == 200
    writes = [
        ("post", "/api/v1/listings/", {"business": business.pk, "title": "x"}),
        ("patch", f"/api/v1/businesses/{business.pk}/", {"description": "x"}),
        ("post", "/api/v1/businesses/", {"legal_name": "x"}),
        ("post", "/api/v1/transfers/", {}),
        ("post", "/api/v1/matching-runs/", {}),
        ("post", "/api/v1/webhook-endpoints/", {}),
    ]
    for method, url, body in writes:
        response = getattr(api, method)(url, body, format="json")
        assert response.status_code == 403, url
        assert response.json()["code"] == "insufficient_scope"
    business.refresh_from_db()
    assert business.description == ""


def test_a_write_only_client_cannot_read(make_partner):
    api = make_partner(scopes=["write"])
    response = api.get("/api/v1/listings/")
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"


def test_a_coordinators_session_reads_and_cannot_write_even_with_the_csrf_token(client):
    coordinator = UserFactory()
    network = NetworkFactory(coordinators=[coordinator])
    BusinessFactory(network=network)
    api = APIClient(enforce_csrf_checks=True)
    api.force_login(coordinator)
    assert api.get("/api/v1/businesses/").status_code == 200
    me = api.get("/api/v1/me/").json()
    assert me["kind"] == "session" and me["scopes"] == ["read"]
    response = api.post("/api/v1/matching-runs/", {}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["message"]
    api.get("/coordination/partners/")  # sets the CSRF cookie
    token = api.cookies["csrftoken"].value
    response = api.post("/api/v1/matching-runs/", {}, format="json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 403
    assert response.json()["code"] == "insufficient_scope"


def test_last_use_of_a_key_is_recorded(make_partner):
    api = make_partner()
    api.get("/api/v1/me/")
    assert PartnerKey.objects.get(client=api.partner).last_used_at is not None


# --- The command line ---------------------------------------------------------------------------


def test_partner_create_prints_a_key_that_works():
    network = NetworkFactory(slug="essonne")
    out = io.StringIO()
    call_command(
        "partner_create",
        "--network",
        "essonne",
        "--name",
        "Club Sénart",
        "--scopes",
        "read",
        "write",
        "--expires",
        "30",
        stdout=out,
    )
    key = next(line.split()[-1] for line in out.getvalue().splitlines() if line.startswith("key:"))
    client = PartnerClient.objects.get(name="Club Sénart")
    assert client.network == network and client.scopes == ["read", "write"]
    response = partner_api(client, key).get("/api/v1/me/")
    assert response.status_code == 200
    assert response.json()["networks"][0]["slug"] == "essonne"


def test_partner_create_names_the_networks_when_the_slug_is_unknown():
    NetworkFactory(slug="seine-et-marne")
    with pytest.raises(CommandError, match="seine-et-marne"):
        call_command("partner_create", "--network", "nowhere", "--name", "x", stdout=io.StringIO())


def test_scopes_and_rates_are_validated():
    network = NetworkFactory()
    with pytest.raises(Exception, match="scopes"):
        services.partner_client_create(actor=None, network=network, name="x", scopes=["admin"])
    with pytest.raises(Exception, match="throttle_rate"):
        services.partner_client_create(
            actor=None, network=network, name="x", scopes=["read"], throttle_rate="lots"
        )


# --- The coordinators' pages --------------------------------------------------------------------


@pytest.fixture
def coordinator_client(client):
    coordinator = UserFactory()
    network = NetworkFactory(coordinators=[coordinator])
    client.force_login(coordinator)
    client.network = network
    client.user = coordinator
    return client


def test_a_coordinator_creates_a_client_and_sees_its_key_once(coordinator_client):
    response = coordinator_client.post(
        "/coordination/partners/create/",
        {"network": coordinator_client.network.pk, "name": "Monnaie locale", "scopes": ["read"]},
    )
    client = PartnerClient.objects.get(name="Monnaie locale")
    assert response.status_code == 302
    page = coordinator_client.get(response["Location"]).content.decode()
    key = page.split('user-select-all text-break">')[1].split("<")[0]
    assert partner_api(client, key).get("/api/v1/me/").status_code == 200
    again = coordinator_client.get(response["Location"]).content.decode()
    assert key not in again
    assert client.created_by == coordinator_client.user


def test_a_coordinator_revokes_a_client_from_its_page(coordinator_client):
    client, key = services.partner_client_create(
        actor=None, network=coordinator_client.network, name="x", scopes=["read"]
    )
    coordinator_client.post(f"/coordination/partners/{client.pk}/revoke/")
    assert partner_api(client, key).get("/api/v1/me/").status_code == 401


def test_a_coordinator_adds_an_endpoint_and_sees_its_secret_once(coordinator_client, settings):
    client, _key = services.partner_client_create(
        actor=None, network=coordinator_client.network, name="x", scopes=["read"]
    )
    response = coordinator_client.post(
        f"/coordination/partners/{client.pk}/endpoints/create/",
        {"url": "https://hooks.example.org/in", "events": ["listing.changed"]},
        follow=True,
    )
    endpoint = WebhookEndpoint.objects.get(client=client)
    assert endpoint.secret in response.content.decode()
    page = coordinator_client.get(f"/coordination/partners/{client.pk}/").content.decode()
    assert endpoint.secret not in page and "hooks.example.org" in page


def test_another_networks_coordinator_gets_404_and_a_member_403(coordinator_client, client):
    other, _key = services.partner_client_create(
        actor=None, network=NetworkFactory(), name="x", scopes=["read"]
    )
    assert coordinator_client.get(f"/coordination/partners/{other.pk}/").status_code == 404
    assert coordinator_client.post(f"/coordination/partners/{other.pk}/revoke/").status_code == 404
    other.refresh_from_db()
    assert other.revoked_at is None
    client.force_login(UserFactory())
    assert client.get("/coordination/partners/").status_code == 403


def test_only_a_coordinator_of_the_network_creates_its_clients():
    from api.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.partner_client_create(
            actor=UserFactory(), network=NetworkFactory(), name="x", scopes=["read"]
        )
