"""The marketplace's domain errors. Views turn them into form errors or HTTP 4xx responses."""

from django.utils.translation import gettext_lazy as _


class BarterError(Exception):
    """A marketplace rule refused the action; `message` is shown to the user."""

    default_message = _("This action is not possible.")
    code = "barter_error"

    def __init__(self, message=None):
        self.message = message or self.default_message
        super().__init__(str(self.message))


class NotAllowed(BarterError):
    """The actor may not act on this object (another business's or another network's)."""

    default_message = _("You are not allowed to do this.")
    code = "not_allowed"


class InvalidTransition(BarterError):
    """The object is not in a state that allows this action."""

    default_message = _("This action is not possible in the current state.")
    code = "invalid_transition"
