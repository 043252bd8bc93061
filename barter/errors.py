"""The marketplace's domain errors. Views turn them into form errors or HTTP 4xx responses.

NotAllowed and InvalidTransition are the ones every area shares (config/errors.py)."""

from django.utils.translation import gettext_lazy as _

from config.errors import DomainError
from config.errors import InvalidTransition as InvalidTransition
from config.errors import NotAllowed as NotAllowed


class BarterError(DomainError):
    """A marketplace rule refused the action; `message` is shown to the user."""

    default_message = _("This action is not possible.")
    code = "barter_error"
