"""The platform's plumbing: settings from the environment, health probe, real services."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, env_overrides=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "CELERY_BROKER_URL", "DEBUG"}
    }
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_embedded_default_is_sqlite_with_eager_celery():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.LANGUAGE_CODE)"
    )
    result = run_manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["django.db.backends.sqlite3", "True", "fr"]


def test_environment_switches_to_postgresql_and_redis():
    code = (
        "from django.conf import settings as s;"
        "print(s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER)"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        env_overrides={
            "DATABASE_URL": "postgres://u@db:5432/x",
            "CELERY_BROKER_URL": "redis://r:6379/0",
        },
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-2:] == ["django.db.backends.postgresql", "False"]


def test_check_deploy_with_production_variables_reports_nothing():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DEBUG": "False",
            "SECRET_KEY": "k" * 20 + "-a-long-production-secret-with-entropy-8f3b2c9d1e",
            "ALLOWED_HOSTS": "troc.example.org",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_health_probe_answers(client):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.postgres
def test_database_is_postgresql():
    assert settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


@pytest.mark.redis
def test_cache_is_redis_and_round_trips():
    assert "redis" in settings.CACHES["default"]["BACKEND"].lower()
    cache.set("cyclotroc-test", {"ok": 1}, 10)
    assert cache.get("cyclotroc-test") == {"ok": 1}


@pytest.mark.redis
def test_a_task_round_trips_through_a_real_celery_worker():
    from celery.contrib.testing.worker import start_worker

    from config.celery import app, ping

    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            assert ping.delay().get(timeout=20) == "pong"
    finally:
        app.conf.task_always_eager = True
