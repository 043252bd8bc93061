"""The base of every area's domain error (BarterError, LedgerError, MatchingError), and the two
refusals every area shares: NotAllowed and InvalidTransition.

A domain error means a rule refused the action and nothing was written. Its `message` is
translatable and safe to show; `code` is stable for API clients; `http_status` is what the API
answers with it. Pages catch DomainError to show the message; the API renders it as a JSON body.
"""

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    default_message = _("This action is not possible.")
    code = "error"
    http_status = 400

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotAllowed(DomainError):
    """The actor may not act on this object (another business's or another network's)."""

    default_message = _("You are not allowed to do this.")
    code = "not_allowed"
    http_status = 403


class InvalidTransition(DomainError):
    """The object is not in a state that allows this action."""

    default_message = _("This action is not possible in the current state.")
    code = "invalid_transition"
