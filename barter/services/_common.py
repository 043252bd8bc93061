"""What the marketplace's services share: notifications after commit. The permission checks are
in barter/identity.py."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from ..models import Business, Notification


def notify(*, recipients: list[str], subject: str, body: str) -> None:
    """Send an e-mail after the surrounding transaction commits (nothing for a rollback)."""
    recipients = [r for r in recipients if r]
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(
            subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True
        )
    )


def notify_business(*, business: Business, subject: str, body: str, url: str = "") -> None:
    """Tell every member of a business: an in-app notification each, and an e-mail after commit.

    Subject and body should be rendered in the platform's language (translation.override)."""
    members = list(business.memberships.select_related("user"))
    Notification.objects.bulk_create(
        [
            Notification(user=m.user, business=business, subject=subject[:200], body=body, url=url)
            for m in members
        ]
    )
    notify(
        recipients=[m.user.email for m in members],
        subject=subject,
        body=f"{body}\n\n{url}" if url else body,
    )


def member_emails(business: Business) -> list[str]:
    return list(business.memberships.values_list("user__email", flat=True))


def notifications_mark_read(*, user, ids: list[int]) -> int:
    """Mark these notifications of the user read; returns how many changed."""
    return Notification.objects.filter(user=user, pk__in=ids, read_at__isnull=True).update(
        read_at=timezone.now()
    )
