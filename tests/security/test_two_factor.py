"""Two-factor authentication (TOTP): enrolling, signing in with and without a valid code,
backup codes, disabling it; what a network's requirement does to its coordinators."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from api import services as api_services
from barter.errors import NotAllowed
from ledger.models import Account
from security import services
from tests.api.conftest import partner_api
from tests.factories.barter import NetworkFactory, UserFactory
from tests.factories.ledger import open_accounts

from .helpers import (
    authenticator,
    backup_codes,
    current_code,
    is_signed_in,
    is_verified,
    post_backup_code,
    post_password,
    post_token,
    sign_in_with_code,
)

pytestmark = pytest.mark.django_db


def enrol(client) -> TOTPDevice:
    """Walk the enrolment wizard as a person would: read the QR code's key, type the code."""
    setup = reverse("two_factor:setup")
    client.get(setup)
    response = client.post(setup, {"setup_view-current_step": "welcome"})
    assert response.status_code == 200
    key = client.session["wizard_setup_view"]["extra_data"]["keys"]["generator"]
    code = f"{totp(bytes.fromhex(key)):06d}"
    response = client.post(setup, {"setup_view-current_step": "generator", "generator-token": code})
    assert response.status_code == 302, response.content.decode()
    assert response["Location"] == reverse("two_factor:setup_complete")
    return TOTPDevice.objects.get()


# --- Enrolling ------------------------------------------------------------------------------


def test_a_user_enrols_an_authenticator_app_by_scanning_a_qr_code_drawn_by_the_server(client):
    user = UserFactory()
    client.force_login(user)

    setup = reverse("two_factor:setup")
    client.get(setup)
    page = client.post(setup, {"setup_view-current_step": "welcome"}).content.decode()
    assert "Scannez ce QR code" in page
    qr_url = re.search(r'<img src="([^"]+)" alt="QR code', page).group(1)
    qr = client.get(qr_url)
    assert qr.status_code == 200
    assert qr["Content-Type"].startswith("image/svg+xml")
    assert b"<svg" in qr.content and b"<script" not in qr.content
    secret = client.session["django_two_factor-qr_secret_key"]
    assert secret in page  # the key to type when the QR code cannot be scanned

    device = enrol(client)
    assert device.user == user and device.confirmed
    assert is_verified(client)  # the session that enrolled counts as verified


def test_a_wrong_code_at_enrolment_enrols_nothing(client):
    client.force_login(UserFactory())
    setup = reverse("two_factor:setup")
    client.get(setup)
    client.post(setup, {"setup_view-current_step": "welcome"})
    response = client.post(setup, {"setup_view-current_step": "generator", "generator-token": "1"})
    assert response.status_code == 200
    assert "Le jeton entré est invalide" in response.content.decode()
    assert not TOTPDevice.objects.exists()


def test_backup_codes_are_generated_once_enrolled_and_each_signs_in_once(client):
    user = UserFactory()
    client.force_login(user)
    enrol(client)
    client.post(reverse("two_factor:backup_tokens"))
    codes = list(StaticDevice.objects.get(user=user).token_set.values_list("token", flat=True))
    assert len(codes) == 10
    assert codes[0] in client.get(reverse("two_factor:backup_tokens")).content.decode()

    client.logout()
    post_password(client, user.username)
    post_backup_code(client, codes[0])
    assert is_verified(client)

    client.logout()
    post_password(client, user.username)
    post_backup_code(client, codes[0])
    assert not is_signed_in(client)


# --- Signing in -----------------------------------------------------------------------------


def test_without_two_factor_the_password_alone_signs_in(client):
    user = UserFactory()
    response = post_password(client, user.username)
    assert response.status_code == 302
    assert is_signed_in(client) and not is_verified(client)


def test_with_two_factor_the_password_alone_does_not_sign_in(client):
    user = UserFactory()
    authenticator(user)
    response = post_password(client, user.username)
    assert response.status_code == 200
    assert "le code à 6\u00a0chiffres" in response.content.decode()
    assert not is_signed_in(client)


def test_a_valid_code_after_the_password_signs_in_verified(client):
    user = UserFactory()
    device = authenticator(user)
    post_password(client, user.username)
    response = post_token(client, current_code(device), next_url="/account/")
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert is_verified(client)
    assert client.session["_auth_user_id"] == str(user.pk)


def test_a_wrong_code_does_not_sign_in(client):
    user = UserFactory()
    device = authenticator(user)
    post_password(client, user.username)
    wrong = f"{(int(current_code(device)) + 1) % 1_000_000:06d}"
    response = post_token(client, wrong)
    assert response.status_code == 200
    assert not is_signed_in(client)


def test_a_code_cannot_be_replayed(client):
    user = UserFactory()
    device = authenticator(user)
    code = current_code(device)
    post_password(client, user.username)
    post_token(client, code)
    assert is_verified(client)
    client.logout()
    post_password(client, user.username)
    post_token(client, code)
    assert not is_signed_in(client)


def test_the_admin_login_page_sends_to_the_sign_in_that_asks_for_the_code(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# --- Disabling ------------------------------------------------------------------------------


def test_a_verified_user_disables_two_factor_and_signs_in_with_the_password_again(client):
    user = UserFactory()
    sign_in_with_code(client, user)
    backup_codes(user)
    response = client.post(reverse("two_factor:disable"), {"understand": "on"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    client.logout()
    post_password(client, user.username)
    assert is_signed_in(client)


def test_disabling_needs_a_verified_session(client):
    user = UserFactory()
    authenticator(user)
    client.force_login(user)  # password only, e.g. a session opened before enrolling
    client.post(reverse("two_factor:disable"), {"understand": "on"})
    assert TOTPDevice.objects.filter(user=user).exists()


# --- A network that requires it -------------------------------------------------------------


@pytest.fixture
def guarded():
    """A network that requires two-factor authentication, its coordinator and an account."""
    coordinator = UserFactory(username="coordination-91")
    network = NetworkFactory(coordinators=[coordinator], two_factor_required=True)
    (account,) = open_accounts(1, network=network)
    return coordinator, network, account


def set_limit(client, account, credits: str):
    return client.post(
        reverse("ledger:coordination-account", args=[account.pk]),
        {"action": "limit", "limit-credit_limit": credits, "limit-reason": "Bilan annuel"},
    )


def test_an_unenrolled_coordinator_is_sent_to_enrolment_from_every_coordination_page(
    client, guarded
):
    coordinator, network, account = guarded
    client.force_login(coordinator)
    for url in (
        reverse("barter:coordination"),
        reverse("ledger:coordination-accounts"),
        reverse("ledger:coordination-account", args=[account.pk]),
        reverse("matching:run-list"),
        reverse("reports:index"),
        reverse("partners:list"),
        reverse("barter:dashboard"),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("two_factor:setup"), url
    page = client.get(reverse("two_factor:setup"), follow=True).content.decode()
    assert "double authentification est obligatoire pour votre compte" in page


def test_an_unenrolled_coordinator_moves_no_credit(client, guarded):
    coordinator, network, account = guarded
    client.force_login(coordinator)
    response = set_limit(client, account, "2000")
    assert response.status_code == 302 and response["Location"] == reverse("two_factor:setup")
    account.refresh_from_db()
    assert account.credit_limit == 100_000

    enrol(client)
    set_limit(client, account, "2000")
    account.refresh_from_db()
    assert account.credit_limit == 200_000


def test_an_enrolled_coordinator_with_a_password_only_session_is_asked_for_the_code(
    client, guarded
):
    coordinator, network, account = guarded
    device = authenticator(coordinator)
    client.force_login(coordinator)
    url = reverse("ledger:coordination-account", args=[account.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"{reverse('login')}?next=%2Fcoordination%2Faccounts%2F{account.pk}%2F"
    )

    post_password(client, coordinator.username, next_url=url)
    response = post_token(client, current_code(device), next_url=url)
    assert response["Location"] == url
    assert client.get(url).status_code == 200


def test_an_htmx_request_is_redirected_by_htmx(client, guarded):
    coordinator, network, account = guarded
    client.force_login(coordinator)
    response = client.get(reverse("matching:run-list"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"] == reverse("two_factor:setup")


def test_the_admin_is_covered_too(client, guarded):
    coordinator, network, account = guarded
    coordinator.is_staff = True
    coordinator.save()
    client.force_login(coordinator)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"] == reverse("two_factor:setup")


def test_the_api_refuses_the_unverified_session_but_not_a_partner_key(client, guarded):
    coordinator, network, account = guarded
    client.force_login(coordinator)
    response = client.get(reverse("api:account-list"))
    assert response.status_code == 403
    assert response.json()["code"] == "two_factor_required"

    partner, key = api_services.partner_client_create(
        actor=None, network=network, name="Outil du réseau", scopes=["read"]
    )
    response = partner_api(partner, key).get(reverse("api:account-list"))
    assert response.status_code == 200


def test_the_pages_to_enrol_and_to_leave_stay_open(client, guarded):
    coordinator, network, account = guarded
    client.force_login(coordinator)
    assert client.get(reverse("two_factor:setup")).status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert not is_signed_in(client)


def test_a_verified_coordinator_works_as_usual(client, guarded):
    coordinator, network, account = guarded
    sign_in_with_code(client, coordinator)
    assert client.get(reverse("barter:coordination")).status_code == 200


def test_a_coordinator_of_a_network_that_does_not_require_it_is_not_stopped(client):
    coordinator = UserFactory()
    NetworkFactory(coordinators=[coordinator])
    client.force_login(coordinator)
    assert client.get(reverse("barter:coordination")).status_code == 200


def test_a_member_of_a_business_of_that_network_is_not_stopped(client, guarded):
    coordinator, network, account = guarded
    member = UserFactory()
    account.business.memberships.create(user=member, role="owner")
    client.force_login(member)
    assert client.get(reverse("ledger:account")).status_code == 200


@pytest.mark.parametrize(
    ("required", "status"), [(True, 302), (False, 200)], ids=["required", "not-required"]
)
def test_the_platform_setting_requires_it_of_administrators(client, settings, required, status):
    settings.CYCLOTROC_2FA_REQUIRED_FOR_SUPERUSERS = required
    NetworkFactory()
    admin = UserFactory(is_superuser=True, is_staff=True)
    client.force_login(admin)
    assert client.get("/admin/").status_code == status
    assert client.get(reverse("barter:coordination")).status_code == status


def test_administrators_coordinate_every_network_so_a_network_s_requirement_binds_them(
    client, settings, guarded
):
    settings.CYCLOTROC_2FA_REQUIRED_FOR_SUPERUSERS = False
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert client.get(reverse("barter:coordination")).status_code == 302


# --- The network's setting ------------------------------------------------------------------


def test_a_coordinator_requires_it_for_the_network_from_its_security_page(client):
    coordinator = UserFactory()
    network = NetworkFactory(coordinators=[coordinator])
    sign_in_with_code(client, coordinator)
    url = reverse("security:network", args=[network.slug])
    page = client.get(url).content.decode()
    assert "Double authentification obligatoire pour les coordinateurs" in page

    response = client.post(url, {"two_factor_required": "on"})
    assert response.status_code == 302
    network.refresh_from_db()
    assert network.two_factor_required

    client.post(url, {})
    network.refresh_from_db()
    assert not network.two_factor_required


def test_a_coordinator_without_two_factor_cannot_require_it(client):
    coordinator = UserFactory()
    network = NetworkFactory(coordinators=[coordinator])
    client.force_login(coordinator)
    url = reverse("security:network", args=[network.slug])
    response = client.post(url, {"two_factor_required": "on"})
    assert response.status_code == 200
    assert "Activez d’abord la double authentification" in response.content.decode()
    network.refresh_from_db()
    assert not network.two_factor_required


def test_another_network_s_security_page_is_not_found(client):
    coordinator = UserFactory()
    NetworkFactory(coordinators=[coordinator])
    other = NetworkFactory()
    sign_in_with_code(client, coordinator)
    response = client.post(reverse("security:network", args=[other.slug]), {})
    assert response.status_code == 404


def test_only_a_coordinator_of_the_network_may_change_it():
    network = NetworkFactory()
    outsider = UserFactory()
    authenticator(outsider)
    with pytest.raises(NotAllowed):
        services.network_two_factor_set(actor=outsider, network=network, required=True)
    network.refresh_from_db()
    assert not network.two_factor_required
    assert Account.objects.count() == 0
