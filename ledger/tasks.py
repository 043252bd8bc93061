import logging

from celery import shared_task
from django.core.mail import mail_admins

from .selectors import ledger_verify

logger = logging.getLogger(__name__)


@shared_task(name="ledger.verify_nightly")
def ledger_verify_nightly() -> dict:
    """Nightly check of the ledger's invariants; tells the administrators of any violation."""
    report = ledger_verify()
    if not report.ok:
        logger.error(
            "ledger_verify: %d violation(s): %s", len(report.violations), report.violations[:20]
        )
        mail_admins(
            "Cyclotroc ledger_verify: violations",
            "\n".join(report.violations[:200]),
            fail_silently=True,
        )
    return {
        "ok": report.ok,
        "violations": len(report.violations),
        "transactions": report.transactions,
    }
