from celery import shared_task

from . import services


@shared_task(name="barter.listings_expire")
def listings_expire() -> int:
    """Daily: listings whose validity ended leave the marketplace."""
    return services.listings_expire()
