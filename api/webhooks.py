"""The mechanics of webhooks: the signature partners verify, and one HTTP attempt.

Signature (documented in docs/api.md, verified by docs/examples/webhook_receiver.py):

    X-Cyclotroc-Signature: t=<unix timestamp>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>

The timestamp is signed with the body, so a receiver that refuses old timestamps (five minutes)
refuses replayed requests. Rules about who receives what live in api/services.py.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import socket
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import requests
from django.conf import settings

SIGNATURE_HEADER = "X-Cyclotroc-Signature"
EVENT_HEADER = "X-Cyclotroc-Event"
DELIVERY_HEADER = "X-Cyclotroc-Delivery"
TOLERANCE_S = 300
USER_AGENT = "Cyclotroc-Webhooks/1"


def encode_body(payload: dict) -> bytes:
    """The exact bytes sent (and signed): compact UTF-8 JSON."""
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def sign(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The value of the signature header for this body at this time."""
    timestamp = int(time.time()) if timestamp is None else int(timestamp)
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def verify(
    secret: str, body: bytes, header: str, *, tolerance_s: int = TOLERANCE_S, now=None
) -> bool:
    """True when the header signs this body with this secret, less than tolerance_s ago."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > tolerance_s:
        return False
    expected = sign(secret, body, timestamp).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", ""))


class AddressNotAllowed(Exception):
    pass


LOCAL_SUFFIXES = (".localhost", ".local", ".internal", ".lan", ".home.arpa")


def check_url(url: str, *, resolve: bool = True) -> None:
    """Refuse what the platform must not call: other schemes, credentials in the URL, and (in
    production) hosts that are or resolve to private, loopback, link-local or reserved addresses.

    Registration checks the URL as written (resolve=False: no DNS lookup in a web request);
    every attempt resolves it again just before sending. Redirects are never followed."""
    parts = urlsplit(url)
    allowed_schemes = {"https", "http"} if settings.API_WEBHOOK_ALLOW_HTTP else {"https"}
    if parts.scheme not in allowed_schemes:
        raise AddressNotAllowed(f"scheme {parts.scheme!r} is not allowed")
    try:
        host, port = parts.hostname, parts.port
    except ValueError as exc:
        raise AddressNotAllowed("the port is not valid") from exc
    if not host or parts.username or parts.password:
        raise AddressNotAllowed("the URL needs a host and no credentials")
    if settings.API_WEBHOOK_ALLOW_PRIVATE_ADDRESSES:
        return
    if host == "localhost" or host.endswith(LOCAL_SUFFIXES) or "." not in host.strip("[]"):
        raise AddressNotAllowed(f"{host} is not a public host")
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None and not literal.is_global:
        raise AddressNotAllowed(f"{host} is a non-public address")
    if not resolve or literal is not None:
        return
    try:
        infos = socket.getaddrinfo(host, port or 443, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise AddressNotAllowed(f"cannot resolve {host}: {exc}") from exc
    for info in infos:
        if not ipaddress.ip_address(info[4][0]).is_global:
            raise AddressNotAllowed(f"{host} resolves to a non-public address")


@dataclass(frozen=True, slots=True)
class Attempt:
    ok: bool
    status: int | None
    error: str
    permanent: bool = False


def post(*, url: str, secret: str, body: bytes, event: str, delivery: str) -> Attempt:
    """One signed POST, no redirects, a short timeout. Never raises."""
    try:
        check_url(url)
    except AddressNotAllowed as exc:
        return Attempt(ok=False, status=None, error=str(exc), permanent=True)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        EVENT_HEADER: event,
        DELIVERY_HEADER: delivery,
        SIGNATURE_HEADER: sign(secret, body),
    }
    timeout = settings.API_WEBHOOK_TIMEOUT_S
    try:
        response = requests.post(
            url,
            data=body,
            headers=headers,
            timeout=(min(3.0, timeout), timeout),
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        return Attempt(ok=False, status=None, error=f"{exc.__class__.__name__}: {exc}"[:1000])
    if 200 <= response.status_code < 300:
        return Attempt(ok=True, status=response.status_code, error="")
    if 300 <= response.status_code < 400:
        error = f"HTTP {response.status_code}: redirects are not followed"
    else:
        error = f"HTTP {response.status_code}: {response.text[:500]}"
    return Attempt(ok=False, status=response.status_code, error=error)
