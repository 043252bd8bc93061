from functools import cache

from django.conf import settings

from . import selectors
from .identity import current_business


def site(request):
    """Settings the templates need on every page."""
    return {"map_tiles_url": settings.CYCLOTROC_MAP_TILES_URL}


def workspace(request):
    """What every page's navigation needs: the business the user acts for, their other
    businesses, and whether they coordinate a network. Each is computed at most once per request,
    and only if a template uses it (templates call callables)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return {
        "current_business": cache(lambda: current_business(request)),
        "my_businesses": cache(lambda: list(selectors.user_businesses(request.user))),
        "is_coordinator": cache(lambda: selectors.user_is_any_coordinator(request.user)),
        "unread_notifications": cache(
            lambda: request.user.notifications.filter(read_at__isnull=True).count()
        ),
    }
