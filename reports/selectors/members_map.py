"""Report: the map of the active members."""

from __future__ import annotations

from django.db.models import QuerySet

from barter.models import Business, BusinessStatus


def active_members_for_map(network_ids) -> QuerySet[Business]:
    return (
        Business.objects.filter(
            network_id__in=network_ids,
            status=BusinessStatus.ACTIVE,
            latitude__isnull=False,
            longitude__isnull=False,
        )
        .only("pk", "legal_name", "commune", "latitude", "longitude", "kind")
        .order_by("pk")
    )
