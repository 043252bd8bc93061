"""The partner API's domain errors (translatable messages, safe to show)."""

from django.utils.translation import gettext_lazy as _

from config.errors import DomainError
from config.errors import NotAllowed as NotAllowed


class ApiError(DomainError):
    default_message = _("This action is not possible.")
    code = "api_error"
    http_status = 400


class ClientRevoked(ApiError):
    default_message = _("This partner client is revoked.")
    code = "client_revoked"
    http_status = 409
