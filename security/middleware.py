"""Two-factor authentication where it is required (security.selectors.user_two_factor_required)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from .selectors import user_two_factor_enabled, user_two_factor_required

# The pages a user who must use two-factor authentication reaches before they have: signing in
# and out, enrolling, the language switch and the health probe.
OPEN_VIEWS = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "healthz",
        "two_factor:setup",
        "two_factor:qr",
        "two_factor:setup_complete",
    }
)


class TwoFactorRequiredMiddleware:
    """A user for whom two-factor authentication is required and whose session has not passed
    it reaches no page but those of OPEN_VIEWS. Pages send them to enrolment (or, once they
    have a device, to the sign-in's token step); the partner API answers 403 to their session.
    The admin is covered like any page. Partner API keys carry no session user: unaffected."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            return None  # a partner key: the API authenticates it, never the session
        if not user_two_factor_required(user):
            return None
        return self.refuse(request, enrolled=user_two_factor_enabled(user))

    def refuse(self, request: HttpRequest, *, enrolled: bool) -> HttpResponse:
        if request.path_info.startswith("/api/"):
            return JsonResponse(
                {
                    "code": "two_factor_required",
                    "message": _(
                        "Two-factor authentication is required for this account: sign in on "
                        "the web with your authentication code first."
                    ),
                },
                status=403,
            )
        if enrolled:
            messages.info(request, _("Enter the code from your authentication app to continue."))
            url = f"{reverse('login')}?{urlencode({'next': request.get_full_path()})}"
        else:
            messages.warning(
                request,
                _("Two-factor authentication is required for your account: enable it to continue."),
            )
            url = reverse("two_factor:setup")
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return redirect(url)
