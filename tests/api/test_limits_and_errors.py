"""Rate limits per client, request size limit, and one error body for every 4xx."""

import pytest
from django.core.cache import cache

from tests.factories.barter import BusinessFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_counters():
    cache.clear()
    yield
    cache.clear()


def test_a_client_beyond_its_own_rate_gets_429_with_retry_after(make_partner):
    slow = make_partner(rate="3/min")
    fast = make_partner(network=slow.partner.network, rate="100/min")
    statuses = [slow.get("/api/v1/me/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = slow.get("/api/v1/me/")
    body = response.json()
    assert body["code"] == "throttled" and body["rate"] == "3/min"
    assert 0 < int(response["Retry-After"]) <= 60
    # Another client of the same network has its own counter.
    assert fast.get("/api/v1/me/").status_code == 200


def test_responses_carry_the_rate_limit_headers(make_partner):
    api = make_partner(rate="10/min")
    response = api.get("/api/v1/me/")
    assert response["X-RateLimit-Limit"] == "10"
    assert response["X-RateLimit-Remaining"] == "9"
    assert 0 < int(response["X-RateLimit-Reset"]) <= 60


def test_the_platform_default_rate_applies_without_a_clients_own(make_partner, settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"partner": "2/min", "user": "1/min", "anon": "1/min"},
    }
    api = make_partner(rate="")
    assert [api.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 429]
    assert api.get("/api/v1/me/").json()["rate"] == "2/min"


@pytest.mark.redis
def test_counters_are_shared_through_redis(make_partner, settings):
    import os
    import uuid

    from django.core.cache import caches

    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ.get("REDIS_URL") or os.environ["CELERY_BROKER_URL"],
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }
    api = make_partner(rate="2/min")
    assert [api.get("/api/v1/me/").status_code for _ in range(3)] == [200, 200, 429]
    assert caches["default"].__class__.__name__ == "RedisCache"


def test_an_oversized_body_is_413_without_being_read(make_partner, settings):
    settings.API_MAX_BODY_BYTES = 1_000
    api = make_partner()
    business = BusinessFactory(network=api.partner.network)
    response = api.patch(
        f"/api/v1/businesses/{business.pk}/", {"description": "x" * 2_000}, format="json"
    )
    assert response.status_code == 413
    assert response.json()["code"] == "request_too_large"
    business.refresh_from_db()
    assert business.description == ""


def test_a_body_longer_than_its_declared_length_is_413(make_partner, settings):
    from rest_framework.test import APIRequestFactory

    from api.views import BusinessViewSet

    settings.API_MAX_BODY_BYTES = 1_000
    api = make_partner()
    business = BusinessFactory(network=api.partner.network)
    body = b'{"description": "' + b"x" * 2_000 + b'"}'
    request = APIRequestFactory().patch(
        f"/api/v1/businesses/{business.pk}/",
        body,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {api.key}",
    )
    request.META["CONTENT_LENGTH"] = "10"  # a client that lies about the length
    response = BusinessViewSet.as_view({"patch": "partial_update"})(request, pk=str(business.pk))
    assert response.status_code in (400, 413)
    business.refresh_from_db()
    assert business.description == ""


@pytest.mark.parametrize(
    ("body", "content_type", "status", "code"),
    [
        ("{not json", "application/json", 400, "parse_error"),
        ('{"title": NaN}', "application/json", 400, "parse_error"),
        ('{"title": "\\ud800"}', "application/json", 400, "parse_error"),
        ("[" * 5000 + "]" * 5000, "application/json", 400, "parse_error"),
        ("title=x", "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
    ],
)
def test_bodies_that_cannot_be_read_get_a_clear_4xx(make_partner, body, content_type, status, code):
    api = make_partner()
    business = BusinessFactory(network=api.partner.network)
    response = api.generic(
        "PATCH", f"/api/v1/businesses/{business.pk}/", body, content_type=content_type
    )
    assert response.status_code == status, response.content
    assert response.json()["code"] == code


def test_unknown_paths_and_methods_answer_json(make_partner):
    api = make_partner()
    response = api.get("/api/v1/nothing-here/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    response = api.get("/api/v1/listings")
    assert response.status_code == 404 and "/api/v1/listings/" in response.json()["message"]
    response = api.put("/api/v1/listings/1/", {}, format="json")
    assert response.status_code == 405 and response.json()["code"] == "method_not_allowed"
    for bad in ["abc", "0", "99999999999999999999999"]:
        response = api.get(f"/api/v1/listings/{bad}/")
        assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_schema_and_docs_are_public(client):
    response = client.get("/api/v1/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert "partnerKey" in schema["components"]["securitySchemes"]
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200 and b"swagger-ui" in response.content
    assert b"cdn.jsdelivr" not in response.content  # served from the sidecar, no CDN
