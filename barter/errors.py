"""The marketplace's domain errors. Views turn them into form errors or HTTP 4xx responses."""

from django.utils.translation import gettext_lazy as _

from config.errors import DomainError


class BarterError(DomainError):
    """A marketplace rule refused the action; `message` is shown to the user."""

    default_message = _("This action is not possible.")
    code = "barter_error"


class NotAllowed(BarterError):
    """The actor may not act on this object (another business's or another network's)."""

    default_message = _("You are not allowed to do this.")
    code = "not_allowed"
    http_status = 403


class InvalidTransition(BarterError):
    """The object is not in a state that allows this action."""

    default_message = _("This action is not possible in the current state.")
    code = "invalid_transition"
