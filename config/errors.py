"""The base of every area's domain error (BarterError, LedgerError, MatchingError).

A domain error means a rule refused the action and nothing was written. Its `message` is
translatable and safe to show; `code` is stable for API clients; `http_status` is what the API
answers with it.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    default_message = _("This action is not possible.")
    code = "error"
    http_status = 400

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))
