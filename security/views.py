"""The coordinators' security page of a network, and the page of a locked-out sign-in."""

from __future__ import annotations

from math import ceil

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from barter.selectors import user_coordinated_networks
from config.errors import DomainError

from . import selectors, services
from .forms import NetworkSecurityForm


@login_required
def network_security(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(user_coordinated_networks(request.user), slug=slug)
    # An unticked box posts nothing: a POST without fields is still a submitted form.
    data = request.POST if request.method == "POST" else None
    form = NetworkSecurityForm(data, instance=network)
    if request.method == "POST" and form.is_valid():
        try:
            services.network_two_factor_set(
                actor=request.user,
                network=network,
                required=form.cleaned_data["two_factor_required"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The network's security settings are saved."))
            return redirect("security:network", slug=network.slug)
    context = {
        "network": network,
        "form": form,
        "coordinators": selectors.network_coordinators_two_factor(network),
        "me_enrolled": selectors.user_two_factor_enabled(request.user),
    }
    return render(request, "security/network_security.html", context)


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' answer to a sign-in refused for too many failures (AXES_LOCKOUT_CALLABLE):
    what happened and how long it lasts, with 429 Too Many Requests."""
    cooloff = settings.AXES_COOLOFF_TIME
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": ceil(cooloff.total_seconds() / 60) if cooloff else None,
    }
    return render(request, "security/lockout.html", context, status=429)
