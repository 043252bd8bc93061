"""Signing in through the real sign-in pages (django-two-factor-auth's wizard), and a user's
authenticator app."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "motdepasse-solide-42"  # tests.factories.barter.UserFactory's


def post_password(
    client: Client, username: str, password: str = PASSWORD, *, next_url: str = "", **extra
):
    """The sign-in's first step: user name and password."""
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    data = {"login_view-current_step": "auth", "auth-username": username, "auth-password": password}
    return client.post(url, data, **extra)


def post_token(client: Client, token: str, *, next_url: str = ""):
    """The sign-in's second step: the code of the authenticator app."""
    url = reverse("login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login_view-current_step": "token", "token-otp_token": token})


def post_backup_code(client: Client, code: str):
    login = reverse("login")
    client.post(login, {"login_view-current_step": "token", "wizard_goto_step": "backup"})
    return client.post(login, {"login_view-current_step": "backup", "backup-otp_token": code})


def authenticator(user) -> TOTPDevice:
    """The user's enrolled authenticator app (django-two-factor-auth's default device)."""
    return TOTPDevice.objects.create(user=user, name="default", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def backup_codes(user, codes=("sauveg01", "sauveg02")) -> StaticDevice:
    device = StaticDevice.objects.create(user=user, name="backup", confirmed=True)
    for code in codes:
        device.token_set.create(token=code)
    return device


def is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def is_verified(client: Client) -> bool:
    """Signed in with a second factor (django-otp keeps the device in the session)."""
    return is_signed_in(client) and "otp_device_id" in client.session


def sign_in_with_code(client: Client, user, device: TOTPDevice | None = None) -> None:
    """Password then the current code, through the real pages."""
    device = device or authenticator(user)
    post_password(client, user.username)
    post_token(client, current_code(device))
    assert is_verified(client)
