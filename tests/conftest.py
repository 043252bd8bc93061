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
