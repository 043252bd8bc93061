"""The matching area's domain errors (translatable messages, safe to show)."""

from django.utils.translation import gettext_lazy as _

from config.errors import DomainError
from config.errors import InvalidTransition as InvalidTransition
from config.errors import NotAllowed as NotAllowed


class MatchingError(DomainError):
    default_message = _("This matching action is not possible.")
    code = "matching_error"
    http_status = 400


class RunAlreadyActive(MatchingError):
    default_message = _("A matching run is already under way for this network: wait for it.")
    code = "run_already_active"
    http_status = 409


# What InvalidTransition says about a proposal (its default speaks of any object).
PROPOSAL_STATE_REFUSED = _("This proposal is not in a state that allows this action.")
