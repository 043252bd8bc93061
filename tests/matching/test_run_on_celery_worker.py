"""A matching run executed by a real Celery worker through Redis (not eagerly)."""

import time

import pytest

from matching import services
from matching.models import MatchingRun, RunStatus
from tests.factories.matching import triangle

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_coordinators_run_is_executed_by_a_celery_worker():
    from celery.contrib.testing.worker import start_worker

    from config.celery import app

    t = triangle()
    app.conf.task_always_eager = False
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            run = services.matching_run_start(actor=t.coordinator, network=t.network)
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                run.refresh_from_db()
                if not run.is_active:
                    break
                time.sleep(0.2)
    finally:
        app.conf.task_always_eager = True
    assert run.status == RunStatus.SUCCEEDED, run.error
    assert run.proposals_created == 1
    assert MatchingRun.objects.get(pk=run.pk).stats["cycles"] == 1
