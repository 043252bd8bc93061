import logging

from celery import shared_task
from django.core.mail import mail_admins

from .services import exchange_lines_differences, exchange_lines_rebuild

logger = logging.getLogger(__name__)


@shared_task(name="reports.lines_check_nightly")
def exchange_lines_check_nightly() -> dict:
    """Nightly comparison of the reports' read model with the source tables. The lines are
    written in the settling transactions, so they should never drift; if they did (a change
    made outside the services, a restore), the administrators are told and the lines rebuilt."""
    missing, extra = exchange_lines_differences()
    rebuilt = None
    if missing or extra:
        logger.error(
            "exchange lines out of step: %d missing or different, %d extra", missing, extra
        )
        rebuilt = exchange_lines_rebuild()
        mail_admins(
            "Cyclotroc reports: exchange lines rebuilt",
            f"{missing} source line(s) were missing or different in the read model and {extra} "
            f"read-model line(s) were not in the sources; {rebuilt} lines rebuilt.",
            fail_silently=True,
        )
    return {"missing": missing, "extra": extra, "rebuilt": rebuilt}
