"""One error body for every 4xx of the API:

    {"code": "invalid", "message": "Some fields are not valid.",
     "fields": {"title": [{"code": "required", "message": "This field is required."}]}}

`fields` appears for field problems only; nested fields are named with dots (`events.0`). Domain
errors (BarterError, LedgerError, MatchingError, ApiError) keep their own code and HTTP status;
Django's ValidationError raised by a service becomes a 400 with its fields."""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from config.errors import DomainError

NON_FIELD = "non_field_errors"


def _flatten(detail, prefix: str = "") -> dict[str, list[dict]]:
    """DRF's full details ({field: [{message, code}]}, nested for lists and objects) as
    {"dotted.name": [{code, message}]}."""
    flat: dict[str, list[dict]] = {}
    if isinstance(detail, dict) and set(detail) == {"message", "code"}:
        flat.setdefault(prefix or NON_FIELD, []).append(
            {"code": detail["code"], "message": str(detail["message"])}
        )
    elif isinstance(detail, dict):
        for key, value in detail.items():
            name = NON_FIELD if key in (NON_FIELD_ERRORS, NON_FIELD) and not prefix else str(key)
            for field, errors in _flatten(value, f"{prefix}.{name}" if prefix else name).items():
                flat.setdefault(field, []).extend(errors)
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            nested = isinstance(item, dict | list) and not (
                isinstance(item, dict) and set(item) == {"message", "code"}
            )
            name = f"{prefix}.{index}" if nested and prefix else prefix
            for field, errors in _flatten(item, name).items():
                flat.setdefault(field, []).extend(errors)
    return flat


def _django_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        detail = {
            (NON_FIELD if field == NON_FIELD_ERRORS else field): [
                exceptions.ErrorDetail(message, code=error.code or "invalid")
                for error in errors
                for message in error
            ]
            for field, errors in exc.error_dict.items()
        }
    else:
        detail = {
            NON_FIELD: [
                exceptions.ErrorDetail(message, code=error.code or "invalid")
                for error in exc.error_list
                for message in error
            ]
        }
    return exceptions.ValidationError(detail)


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    body = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    return body


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, str(exc.message)), status=exc.http_status)
    if isinstance(exc, DjangoValidationError):
        exc = _django_validation_error(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body(
            "invalid", _("Some fields are not valid."), _flatten(exc.get_full_details())
        )
    elif isinstance(exc, exceptions.APIException):
        code = exc.get_codes()
        response.data = error_body(
            code if isinstance(code, str) else exc.default_code, str(exc.detail)
        )
    else:  # Django's PermissionDenied
        response.data = error_body(
            "permission_denied", str(exceptions.PermissionDenied.default_detail)
        )
    if isinstance(exc, exceptions.Throttled):
        rate = getattr(context.get("request"), "_api_rate", None)
        if rate:
            response.data["rate"] = rate[0]
    return response


@csrf_exempt
def not_found(request, *args, **kwargs):
    """JSON 404 for any unknown path under /api/v1/."""
    message = _("There is no such resource.")
    if not request.path.endswith("/"):
        message += " " + _("API paths end with a slash: %(path)s/") % {"path": request.path}
    return JsonResponse(error_body("not_found", message), status=status.HTTP_404_NOT_FOUND)
