"""Celery tasks of the partner API: thin wrappers around api.services."""

from celery import shared_task

from . import services


@shared_task(bind=True, name="api.webhook_deliver", acks_late=True, max_retries=None)
def webhook_deliver_task(self, delivery_id: int) -> None:
    """One attempt at a delivery; on failure, the task retries itself with exponential backoff
    (the delivery row holds the attempts; it gives up after API_WEBHOOK_MAX_ATTEMPTS).

    Run eagerly (demo, tests), a failed attempt is not retried inline, which would hold the web
    request: the beat sweep `api.webhooks_resume` picks it up when due."""
    delay = services.webhook_delivery_attempt(delivery_id=delivery_id)
    if delay is not None and not self.request.is_eager:
        raise self.retry(countdown=delay)


@shared_task(name="api.webhooks_resume")
def webhooks_resume_task() -> int:
    """Every few minutes: queue again the deliveries whose task was lost or is overdue."""
    return len(services.webhook_deliveries_resume())


@shared_task(name="api.partners_expire")
def partners_expire_task() -> int:
    """Hourly: withdraw the delegation of the clients whose keys all expired."""
    return services.partners_expire()
