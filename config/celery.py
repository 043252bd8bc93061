"""The Celery application. Configuration comes from Django settings (CELERY_* names)."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("cyclotroc")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="cyclotroc.ping")
def ping() -> str:
    """A no-op round trip through the broker, for health checks and the Celery smoke test."""
    return "pong"
