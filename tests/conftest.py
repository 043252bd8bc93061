"""Project-wide test set-up.

Tests marked `postgres` or `redis` need the real services. Where DATABASE_URL is not PostgreSQL
(or CELERY_BROKER_URL is not Redis) they are skipped with the reason — except when
REQUIRE_SERVICES=1 (set by .ci/run), where a missing service fails the test instead: in CI, no
test is silently skipped.
"""

import os

import pytest
from django.conf import settings

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _missing_service(marker_name: str) -> str | None:
    if marker_name == "postgres" and not settings.IS_POSTGRES:
        return "needs PostgreSQL: set DATABASE_URL=postgres://… (CI does)"
    if marker_name == "redis" and not os.environ.get("CELERY_BROKER_URL", "").startswith("redis"):
        return "needs Redis: set CELERY_BROKER_URL=redis://… (CI does)"
    return None


def pytest_runtest_setup(item):
    for name in ("postgres", "redis"):
        reason = _missing_service(name) if item.get_closest_marker(name) else None
        if reason and REQUIRE_SERVICES:
            pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
        if reason:
            pytest.skip(reason)


@pytest.fixture(autouse=True)
def _french_by_default(settings):
    """Pages render in the platform's default language unless a test asks otherwise."""
    settings.LANGUAGE_CODE = "fr"


@pytest.fixture(autouse=True, scope="session")
def _celery_eager_by_default():
    """Tasks run in-process in tests, even where a broker is configured (CI); the tests marked
    `redis` start a real worker and switch this off for themselves."""
    from config.celery import app

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager = previous


# --- Browser tests (marked `browser`): Debian's Chromium driven by Playwright ------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def page(monkeypatch):
    """A page of a fresh French-speaking browser context."""
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(
                "REQUIRE_SERVICES=1 but /usr/bin/chromium is missing (apt install chromium)"
            )
        pytest.skip("needs Debian's Chromium at /usr/bin/chromium (apt install chromium)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the test makes
    # between browser steps are still plain synchronous calls.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        context = browser.new_context(locale="fr-FR")
        page = context.new_page()
        page.set_default_timeout(15_000)
        yield page
        context.close()
        browser.close()
