"""Who may read which report: the networks a user coordinates, the businesses whose own report
they may open."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from barter.models import Business, Network


def report_networks(user) -> QuerySet[Network]:
    """The networks whose dashboard the user may read: those they coordinate (every network for
    a platform administrator)."""
    from barter.selectors import user_coordinated_networks

    return user_coordinated_networks(user)


def report_business_visible_to(user) -> QuerySet[Business]:
    """The businesses whose own report the user may read: their own, and every business of the
    networks they coordinate."""
    if not user.is_authenticated:
        return Business.objects.none()
    return (
        Business.objects.filter(Q(memberships__user=user) | Q(network__in=report_networks(user)))
        .distinct()
        .select_related("network")
    )
