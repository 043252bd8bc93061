"""The matching area's domain errors (translatable messages, safe to show)."""

from django.utils.translation import gettext_lazy as _

from config.errors import DomainError


class MatchingError(DomainError):
    default_message = _("This matching action is not possible.")
    code = "matching_error"
    http_status = 400


class RunAlreadyActive(MatchingError):
    default_message = _("A matching run is already under way for this network: wait for it.")
    code = "run_already_active"
    http_status = 409


class NotAllowed(MatchingError):
    default_message = _("You are not allowed to do this.")
    code = "not_allowed"
    http_status = 403


class InvalidTransition(MatchingError):
    default_message = _("This proposal is not in a state that allows this action.")
    code = "invalid_transition"
