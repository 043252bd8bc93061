"""The OpenAPI schema's additions: the partner key scheme, the error body on every operation."""

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

from .serializers import ErrorSerializer

ERROR_DESCRIPTIONS = {
    "400": "Invalid input (`fields` says which), or a rule refused the action (`code` says which).",
    "401": "No key, an unknown key, or a revoked or expired one.",
    "403": "The key lacks the scope, or the action is not allowed for this business.",
    "404": "No such object in the client's network.",
    "409": "Conflict: an idempotency key reused with another body, a run already under way.",
    "413": "The body is larger than the limit.",
    "415": "The body is not JSON.",
    "429": "Too many requests for this client: wait for `Retry-After` seconds.",
}


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PartnerKeyAuthentication"
    name = "partnerKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "<prefix>.<secret>",
            "description": "A partner client's key: `Authorization: Bearer <key>`. "
            "Coordinators signed in on the web may read with their session instead.",
        }


class AutoSchema(SpectacularAutoSchema):
    """Every operation documents the error body for the 4xx it can answer."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["400", "401", "403", "404", "429"]
        if self.method in ("POST", "PATCH", "PUT"):
            codes += ["409", "413", "415"]
        for code in codes:
            if code not in responses:
                response = self._get_response_for_code(ErrorSerializer, code, direction=direction)
                response["description"] = ERROR_DESCRIPTIONS[code]
                responses[code] = response
        return responses
