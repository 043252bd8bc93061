"""Celery tasks of matching: thin wrappers around matching.services."""

from celery import shared_task
from django.conf import settings
from django.utils import translation

from . import services


@shared_task(name="matching.run_execute", acks_late=True)
def matching_run_execute_task(run_id: int) -> dict:
    """Execute a queued run (idempotent: a run that is not queued is left alone)."""
    with translation.override(settings.LANGUAGE_CODE):
        run = services.matching_run_execute(run_id=run_id)
    return {"run": run.pk, "status": run.status, "proposals": run.proposals_created}


@shared_task(name="matching.schedule_nightly")
def matching_schedule_nightly_task() -> list[int]:
    """Nightly: queue a run for each network that asks for it."""
    return [run.pk for run in services.matching_runs_schedule_nightly()]


@shared_task(name="matching.proposals_expire")
def proposals_expire_task() -> int:
    """Close the proposals nobody answered in time."""
    with translation.override(settings.LANGUAGE_CODE):
        return services.proposals_expire()
