"""The Content-Security-Policy in a real browser (Debian's Chromium, Playwright): each role signs
in through the sign-in page and opens its main pages; any violation the browser reports, or any
script error, fails the test. The map, the charts, HTMX's live filtering and the behaviours
moved out of inline handlers (language switch, confirmations, gauges) must still work."""

import re

import pytest
from playwright.sync_api import expect

from api import services as api_services
from api.models import PartnerClient
from tests.factories.matching import triangle
from tests.security.helpers import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Collects what the browser refuses under the page's policy (Playwright runs this before the
# page's own scripts and outside its policy). The test itself never asks the page to evaluate a
# string (wait_for_function would): the policy refuses eval, Playwright's included.
RECORD_VIOLATIONS = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__csp.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline')
                    + ' at ' + (e.sourceFile || '?') + ':' + e.lineNumber);
});
"""


class Watch:
    """What went wrong on the pages opened so far: CSP violations and script errors."""

    def __init__(self, page, base_url):
        self.page, self.base = page, base_url
        self.problems: list[str] = []
        page.add_init_script(RECORD_VIOLATIONS)
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"script error: {error}"))
        # The map's tile server is on the internet: never reached from a test.
        page.route(re.compile(r"^https://tile\.openstreetmap\.org/"), lambda route: route.abort())

    def _console(self, message):
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            self.problems.append(f"console: {message.text}")

    def open(self, path: str):
        response = self.page.goto(self.base + path)
        assert response.status < 400, (path, response.status)
        self.page.wait_for_load_state("load")
        self.check(path)
        return response

    def check(self, where: str):
        found = self.page.evaluate("window.__csp || []")
        self.problems.extend(f"{where}: {v}" for v in found)
        assert self.problems == []

    def sign_in(self, username: str, password: str = PASSWORD, next_path: str = "/dashboard/"):
        self.page.goto(f"{self.base}/accounts/login/?next={next_path}")
        self.page.get_by_label("Nom d’utilisateur").fill(username)
        self.page.get_by_label("Mot de passe").fill(password)
        self.page.get_by_role("button", name="Se connecter").click()
        self.page.wait_for_url(f"**{next_path}")
        self.check("sign-in")

    def sign_out(self):
        self.page.context.clear_cookies()


def charts_drawn(page) -> int:
    return page.evaluate(
        "Array.from(document.querySelectorAll('canvas[data-chart]'))"
        ".filter(function (c) { return window.Chart && Chart.getChart(c); }).length"
    )


def test_each_role_s_main_pages_run_under_the_policy_without_a_violation(live_server, page):
    t = triangle()
    network, business = t.network, t.businesses["a"]
    account = business.accounts.get()
    admin = type(t.coordinator).objects.create_superuser("admin", "admin@exemple.org", PASSWORD)
    client, _key = api_services.partner_client_create(
        actor=t.coordinator, network=network, name="Outil du réseau", scopes=["read"]
    )
    watch = Watch(page, live_server.url)

    # --- Anonymous visitor ---------------------------------------------------------------
    for path in ("/", "/businesses/", "/accounts/login/", "/accounts/signup/"):
        watch.open(path)

    watch.open("/businesses/map/")
    page.wait_for_selector("#map.leaflet-container path.leaflet-interactive")
    assert page.locator("#map path.leaflet-interactive").count() == 3  # one marker a business

    watch.open("/listings/")
    page.evaluate("window.__samePage = true")
    page.get_by_label("Rechercher").press_sequentially("flyers")  # keyups, as typed
    expect(page).to_have_url(re.compile(r"q=flyers"))
    expect(page.locator("#results")).not_to_contain_text("Buffet traiteur")
    assert page.get_by_role("link", name="Impression de flyers").first.is_visible()
    assert page.evaluate("window.__samePage") is True  # HTMX swapped the results in place
    watch.check("live filtering")

    watch.open("/api/v1/docs/")
    page.wait_for_selector(".swagger-ui .opblock")
    watch.check("API documentation")

    # --- Entrepreneur --------------------------------------------------------------------
    watch.sign_in(t.users["a"].username)
    for path in (
        "/dashboard/",
        "/listings/mine/",
        "/listings/create/",
        t.offers["b"].get_absolute_url(),
        "/purchases/",
        "/swaps/",
        "/account/statement/",
        "/invoices/",
        "/notifications/",
        "/accounts/two-factor/",
    ):
        watch.open(path)

    watch.open(business.get_absolute_url())
    page.wait_for_selector(".leaflet-container path.leaflet-interactive")

    watch.open("/account/")
    gauge = page.locator("[data-progress]").first
    assert gauge.evaluate("e => e.style.width") == gauge.get_attribute("data-progress") + "%"

    watch.open(f"/reports/businesses/{business.pk}/")
    assert charts_drawn(page) >= 1

    page.get_by_label("Langue").select_option("en")  # submits itself (static/js/cyclotroc.js)
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Language").select_option("fr")
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    watch.check("language switch")

    # --- Coordinator ---------------------------------------------------------------------
    watch.sign_out()
    watch.sign_in(t.coordinator.username, next_path="/coordination/")
    for path in (
        "/coordination/matching/",
        "/coordination/audit/",
        f"/coordination/accounts/{account.pk}/",
        f"/coordination/networks/{network.slug}/security/",
        "/coordination/partners/",
    ):
        watch.open(path)

    watch.open("/coordination/accounts/")
    bar = page.locator("[data-progress]").first
    assert bar.evaluate("e => e.style.width") == bar.get_attribute("data-progress") + "%"

    watch.open(f"/reports/networks/{network.slug}/")
    assert charts_drawn(page) >= 1
    watch.open(f"/reports/networks/{network.slug}/network/")
    page.wait_for_selector(".leaflet-container path.leaflet-interactive")
    watch.check("network report")

    watch.open(f"/coordination/partners/{client.pk}/")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.get_by_role("button", name="Révoquer le client").click()
    page.wait_for_timeout(300)
    client.refresh_from_db()
    assert client.revoked_at is None  # the question was declined: nothing sent
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Révoquer le client").click()
    page.wait_for_load_state("load")
    assert PartnerClient.objects.get(pk=client.pk).revoked_at is not None
    watch.check("confirmation")

    watch.open("/accounts/two-factor/setup/")
    page.get_by_role("button", name="Suivant").click()
    qr = page.get_by_role("img", name=re.compile("QR code"))
    qr.wait_for()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    watch.check("two-factor enrolment")

    # --- Administrator -------------------------------------------------------------------
    watch.sign_out()
    watch.sign_in(admin.username, next_path="/admin/")
    for path in ("/admin/auth/user/", "/admin/otp_totp/totpdevice/", "/reports/federation/"):
        watch.open(path)
    assert watch.problems == []
