"""Sign-in throttling (django-axes): an account, or an address, that failed AXES_FAILURE_LIMIT
times is refused for the cool-off, even with the right password, with a French page; behind the
reverse proxy the address is the client's; operators lift a lock with axes' commands."""

from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.urls import reverse

from security.network import client_ip
from tests.factories.barter import UserFactory

from .helpers import authenticator, current_code, is_signed_in, post_password, post_token

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

LIMIT = 5
PROXY = "172.18.0.5"  # the reverse proxy's address on docker compose's network


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT


def fail(client, username: str, times: int, **extra) -> None:
    for _ in range(times):
        response = post_password(client, username, "pas-le-bon-mot-de-passe", **extra)
        # The form again with its error; the failure that reaches the limit gets the lockout.
        assert response.status_code in (200, 429)
        assert not is_signed_in(client)


def from_address(address: str) -> dict:
    return {"REMOTE_ADDR": address}


def behind_proxy(client_address: str, forged: str = "") -> dict:
    """A request as docker compose's Caddy passes it on: from the proxy, the client's address
    appended to whatever X-Forwarded-For the client sent."""
    chain = f"{forged}, {client_address}" if forged else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def assert_locked_out(response) -> None:
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de tentatives de connexion" in page
    assert "Réessayez dans 30\u00a0minutes" in page


def lock_address(client, user, address: str) -> None:
    """LIMIT failures from the address, each for another account: the address is locked, for
    the user's account too."""
    for n in range(LIMIT):
        fail(client, f"inconnu{n}", 1, **from_address(address))
    assert_locked_out(post_password(client, user.username, **from_address(address)))


def test_an_account_is_locked_after_the_limit_even_from_other_addresses(client):
    user = UserFactory(username="amina")
    for n in range(LIMIT):
        fail(client, "amina", 1, **from_address(f"203.0.113.{n + 1}"))
    response = post_password(client, user.username, **from_address("198.51.100.7"))
    assert_locked_out(response)
    assert not is_signed_in(client)


def test_below_the_limit_the_right_password_still_signs_in(client):
    user = UserFactory(username="amina")
    fail(client, "amina", LIMIT - 1)
    assert post_password(client, user.username).status_code == 302
    assert is_signed_in(client)


def test_the_failure_that_reaches_the_limit_gets_the_lockout_page(client):
    UserFactory(username="amina")
    fail(client, "amina", LIMIT - 1)
    assert_locked_out(post_password(client, "amina", "pas-le-bon-mot-de-passe"))


def test_a_success_resets_the_count(client):
    user = UserFactory(username="amina")
    fail(client, "amina", LIMIT - 1)
    post_password(client, user.username)
    client.logout()
    fail(client, "amina", LIMIT - 1)
    post_password(client, user.username)
    assert is_signed_in(client)


def test_an_address_is_locked_after_the_limit_whatever_the_accounts(client):
    user = UserFactory(username="amina")
    lock_address(client, user, "203.0.113.9")
    post_password(client, user.username, **from_address("198.51.100.7"))
    assert is_signed_in(client)


def test_an_account_with_two_factor_is_locked_the_same(client):
    user = UserFactory(username="amina")
    authenticator(user)
    fail(client, "amina", LIMIT)
    assert_locked_out(post_password(client, user.username))


def test_wrong_codes_slow_down_the_code_step(client, time_machine):
    """django-otp's own throttle: after a wrong code the device refuses every code, the right
    one included, for a delay that doubles with each failure."""
    time_machine.move_to("2026-12-01 10:00:00+01:00", tick=False)
    user = UserFactory(username="amina")
    device = authenticator(user)
    post_password(client, user.username)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    post_token(client, wrong)
    post_token(client, wrong)
    post_token(client, current_code(device))
    assert not is_signed_in(client)
    time_machine.move_to("2026-12-01 10:00:05+01:00", tick=False)
    post_token(client, current_code(device))
    assert is_signed_in(client)


def test_behind_the_proxy_each_client_address_is_counted_not_the_proxy_s(client, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    user = UserFactory(username="amina")
    for n in range(LIMIT):
        fail(client, f"inconnu{n}", 1, **behind_proxy("203.0.113.9", forged=f"10.0.0.{n}"))
    locked = post_password(client, user.username, **behind_proxy("203.0.113.9", forged="1.2.3.4"))
    assert_locked_out(locked)
    post_password(client, user.username, **behind_proxy("198.51.100.7"))
    assert is_signed_in(client)


def test_the_client_address_is_the_one_the_proxy_appended(rf, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    assert client_ip(rf.post("/", **behind_proxy("203.0.113.9", forged="1.2.3.4"))) == "203.0.113.9"
    assert client_ip(rf.post("/", **behind_proxy("203.0.113.9"))) == "203.0.113.9"
    assert client_ip(rf.post("/", REMOTE_ADDR="203.0.113.9")) == "203.0.113.9"


def test_without_a_proxy_x_forwarded_for_is_ignored(rf, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 0}
    request = rf.post("/", REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR="1.2.3.4")
    assert client_ip(request) == "203.0.113.9"


def test_the_api_rate_limit_keys_anonymous_callers_by_the_same_address(rf, settings):
    from rest_framework.throttling import BaseThrottle

    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    request = rf.get("/", **behind_proxy("203.0.113.9", forged="1.2.3.4"))
    assert BaseThrottle().get_ident(request) == client_ip(request) == "203.0.113.9"


def test_an_operator_unlocks_an_account(client):
    user = UserFactory(username="amina")
    fail(client, "amina", LIMIT)
    assert_locked_out(post_password(client, user.username))
    call_command("axes_reset_username", "amina")
    post_password(client, user.username)
    assert is_signed_in(client)


def test_an_operator_unlocks_an_address(client):
    user = UserFactory(username="amina")
    lock_address(client, user, "203.0.113.9")
    call_command("axes_reset_ip", "203.0.113.9")
    post_password(client, user.username, **from_address("203.0.113.9"))
    assert is_signed_in(client)


def test_the_lock_lifts_after_the_cool_off(client, time_machine):
    user = UserFactory(username="amina")
    time_machine.move_to("2026-12-01 10:00:00+01:00", tick=False)
    fail(client, "amina", LIMIT)
    assert_locked_out(post_password(client, user.username))
    time_machine.move_to("2026-12-01 10:31:00+01:00", tick=False)
    post_password(client, user.username)
    assert is_signed_in(client)


def test_the_admin_sign_in_is_the_same_throttled_page(client):
    assert client.get("/admin/login/")["Location"].startswith(reverse("login"))


def test_docker_compose_puts_one_proxy_in_front_and_counts_it():
    """The deployment matches the setting: every app container trusts one proxy, and the web
    port is published on the loopback only, so no client reaches gunicorn around the proxy."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    for name in ("web", "worker", "beat"):
        assert services[name]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    assert all(port.startswith("127.0.0.1:") for port in services["web"]["ports"])
    assert "./deploy/Caddyfile:/etc/caddy/Caddyfile:ro" in services["proxy"]["volumes"]
    assert "reverse_proxy web:8000" in (ROOT / "deploy" / "Caddyfile").read_text()
