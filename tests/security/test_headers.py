"""Security headers: the Content-Security-Policy on real pages of every role, no inline script
or style anywhere, and — under the production variables — HSTS, secure cookies and a clean
`check --deploy`."""

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.urls import reverse

from security.urls import two_factor_patterns
from tests.factories.matching import triangle
from tests.test_platform import run_manage

from .helpers import post_password

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "False",
    "SECRET_KEY": "k" * 20 + "-a-long-production-secret-with-entropy-8f3b2c9d1e",
    "ALLOWED_HOSTS": "troc.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://troc.example.org",
}
SECURITY_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "CONTENT_SECURITY_POLICY",
    "CYCLOTROC_2FA_REQUIRED_FOR_SUPERUSERS",
    "TRUSTED_PROXY_COUNT",
]


def production_settings(**extra) -> dict:
    """The security settings config/settings.py computes from the production variables."""
    code = (
        "import json; from django.conf import settings as s;"
        f"print(json.dumps({{n: getattr(s, n) for n in {SECURITY_SETTINGS!r}}}))"
    )
    result = run_manage("shell", "-c", code, env_overrides={**PRODUCTION, **extra})
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def csp(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


# --- The production variables ---------------------------------------------------------------


def test_check_deploy_with_the_production_variables_reports_nothing():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_turns_on_https_only_cookies_hsts_and_the_administrators_two_factor():
    found = production_settings()
    assert found["SECURE_SSL_REDIRECT"] is True
    assert found["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert found["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert found["SESSION_COOKIE_SECURE"] is True and found["CSRF_COOKIE_SECURE"] is True
    assert found["SESSION_COOKIE_HTTPONLY"] is True and found["CSRF_COOKIE_HTTPONLY"] is True
    assert found["CYCLOTROC_2FA_REQUIRED_FOR_SUPERUSERS"] is True
    assert "upgrade-insecure-requests" in found["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]


def test_the_operator_sets_the_proxy_count_and_the_tile_server():
    found = production_settings(
        TRUSTED_PROXY_COUNT="1",
        CYCLOTROC_MAP_TILES_URL="https://{s}.tuiles.example.org/{z}/{x}/{y}",
    )
    assert found["TRUSTED_PROXY_COUNT"] == 1
    img_src = found["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert img_src == ["'self'", "data:", "https://*.tuiles.example.org"]


@pytest.mark.django_db
def test_production_headers_and_cookies_on_real_pages(client, settings):
    found = production_settings()
    for name in SECURITY_SETTINGS:
        setattr(settings, name, found[name])
    t = triangle()

    plain = client.get("/", secure=False)
    assert plain.status_code == 301 and plain["Location"].startswith("https://")

    home = client.get("/", secure=True)
    assert home["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "upgrade-insecure-requests" in csp(home)

    login = client.get(reverse("login"), secure=True)
    csrf = login.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"

    signed_in = post_password(client, t.users["a"].username, secure=True)
    assert signed_in.status_code == 302
    session = signed_in.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"


# --- Every role's pages ---------------------------------------------------------------------


class InlineCode(HTMLParser):
    """Collects what a Content-Security-Policy without 'unsafe-inline' would refuse."""

    def __init__(self):
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        runs = attributes.get("type") != "application/json"  # json_script's data never runs
        if tag == "script" and "src" not in attributes and runs:
            self.found.append("inline <script>")
        if tag == "style":
            self.found.append("<style> element")
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on"):
                self.found.append(f"{tag} {name}=")
            if name == "style":
                self.found.append(f"{tag} style=")
            if name in ("href", "src", "action") and (value or "").startswith("javascript:"):
                self.found.append(f"{tag} {name}=javascript:")


def role_pages(t) -> dict[str, list[str]]:
    business = t.businesses["a"]
    return {
        "anonymous": [
            "/",
            reverse("barter:listing-list"),
            reverse("barter:business-list"),
            reverse("barter:business-map"),
            reverse("login"),
            reverse("signup"),
            reverse("password_reset"),
            reverse("api:docs"),
        ],
        "entrepreneur": [
            reverse("barter:dashboard"),
            reverse("barter:listing-list") + "?q=flyers",
            t.offers["b"].get_absolute_url(),
            business.get_absolute_url(),
            reverse("barter:listing-mine"),
            reverse("barter:listing-create"),
            reverse("barter:purchase-list"),
            reverse("matching:proposal-list"),
            reverse("ledger:account"),
            reverse("ledger:statement"),
            reverse("ledger:invoice-list"),
            reverse("reports:business", args=[business.pk]),
            reverse("two_factor:profile"),
            reverse("two_factor:setup"),
        ],
        "coordinator": [
            reverse("barter:coordination"),
            reverse("matching:run-list"),
            reverse("ledger:coordination-accounts"),
            reverse("ledger:coordination-account", args=[business.accounts.get().pk]),
            reverse("ledger:audit-log"),
            reverse("reports:dashboard", args=[t.network.slug]),
            reverse("reports:section", args=[t.network.slug, "network"]),
            reverse("partners:list"),
            reverse("security:network", args=[t.network.slug]),
        ],
        "administrator": [
            "/admin/",
            "/admin/auth/user/",
            "/admin/otp_totp/totpdevice/",
            "/admin/axes/accessattempt/",
            reverse("reports:federation"),
        ],
    }


@pytest.mark.django_db
def test_every_role_s_pages_carry_a_policy_without_inline_code_and_obey_it(client, settings):
    settings.CYCLOTROC_2FA_REQUIRED_FOR_SUPERUSERS = False
    t = triangle()
    users = {
        "anonymous": None,
        "entrepreneur": t.users["a"],
        "coordinator": t.coordinator,
        "administrator": type(t.coordinator).objects.create_superuser("admin", "a@x.org", "x"),
    }
    for role, urls in role_pages(t).items():
        client.logout()
        if users[role]:
            client.force_login(users[role])
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (role, url, response.status_code)
            policy = csp(response)
            assert policy["default-src"] == ["'self'"]
            assert policy["script-src"] == ["'self'"], url
            assert policy["style-src"] == ["'self'"], url
            assert policy["object-src"] == ["'none'"]
            assert policy["frame-ancestors"] == ["'none'"]
            assert policy["base-uri"] == ["'self'"] and policy["form-action"] == ["'self'"]
            assert response["X-Frame-Options"] == "DENY"
            assert response["X-Content-Type-Options"] == "nosniff"
            assert response["Referrer-Policy"] == "same-origin"
            assert response["Cross-Origin-Opener-Policy"] == "same-origin"
            parser = InlineCode()
            parser.feed(response.content.decode())
            assert parser.found == [], (role, url, parser.found)


@pytest.mark.django_db
def test_the_api_documentation_loads_its_start_up_script_from_a_url(client):
    page = client.get(reverse("api:docs")).content.decode()
    script_url = re.findall(r'<script src="([^"]+\bscript=[^"]*)"', page)[0]
    script = client.get(script_url.replace("&amp;", "&"))
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def template_files() -> list[Path]:
    """Every template a browser receives: not those WeasyPrint renders to PDF (ledger/pdf.py,
    reports/pdf.py), whose styles sit in the document as WeasyPrint wants."""
    return sorted(
        path
        for pattern in ("templates/**/*.html", "*/templates/**/*.html")
        for path in ROOT.glob(pattern)
        if ".venv" not in path.parts
        and "staticfiles" not in path.parts
        and not path.name.endswith("_pdf.html")
        and not path.name.startswith("_pdf_")
    )


def test_no_template_writes_inline_script_style_or_event_handler():
    files = template_files()
    assert len(files) > 60
    forbidden = re.compile(
        r"<script(?![^>]*\bsrc=)[^>]*>"  # a script without src
        r"|<style\b"
        r"|\son[a-z]+\s*="  # onclick=, onsubmit=, …
        r"|\shx-on"
        r"|\sstyle\s*="
        r"|javascript:",
        re.IGNORECASE,
    )
    found = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in files
        for match in forbidden.finditer(path.read_text())
    ]
    assert found == []


def test_the_two_factor_pages_are_all_served_by_this_project_s_templates():
    """django-two-factor-auth's own templates load Bootstrap from a CDN and write inline
    handlers: each page it renders here must be overridden under templates/two_factor/."""
    package = Path(__import__("two_factor").__file__).parent / "templates" / "two_factor"
    ours = ROOT / "templates" / "two_factor"
    used = {"_base.html", "_base_focus.html", "_wizard_forms.html", "_wizard_actions.html"}
    used |= {"core/login.html", "core/otp_required.html"}
    for pattern in two_factor_patterns[0]:
        template = getattr(pattern.callback.view_class, "template_name", None)
        if template:
            used.add(template.removeprefix("two_factor/"))
    assert used <= {str(p.relative_to(package)) for p in package.rglob("*.html")}
    missing = sorted(name for name in used if not (ours / name).exists())
    assert missing == []
