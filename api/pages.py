"""The coordinators' pages of partner clients: create a client (its key shown once), issue and
revoke keys, revoke the client, manage its webhook endpoints, read the deliveries' log and replay
a delivery. Thin: parse, call api/services.py, render. Another network's client is a 404."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from barter.selectors import user_coordinated_networks
from config.errors import DomainError
from config.web import paginate, query_without

from . import selectors, services
from .forms import PartnerClientForm, PartnerKeyForm, WebhookEndpointForm
from .models import DeliveryStatus, PartnerKey, WebhookDelivery, WebhookEndpoint

REVEAL_SESSION_KEY = "api_reveal"


def _forbidden() -> HttpResponse:
    return HttpResponseForbidden(_("This page is for the networks' coordinators."))


def _client(request: HttpRequest, pk: int):
    return get_object_or_404(selectors.partner_clients_managed_by(request.user), pk=pk)


def _reveal(request: HttpRequest, client_pk: int, label: str, value: str) -> None:
    """Keep a secret for the next page only (in the server-side session, never in a cookie)."""
    request.session[REVEAL_SESSION_KEY] = {"client": client_pk, "label": label, "value": value}


def _form_errors(form, exc: ValidationError) -> None:
    for field, errors in getattr(exc, "error_dict", {None: exc.error_list}).items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def partner_list(request: HttpRequest) -> HttpResponse:
    networks = user_coordinated_networks(request.user)
    if not networks.exists():
        return _forbidden()
    clients = selectors.partner_clients_managed_by(request.user).order_by(
        "revoked_at", "network__name", "name"
    )
    return render(request, "api/partner_list.html", {"clients": clients})


@login_required
def partner_create(request: HttpRequest) -> HttpResponse:
    networks = user_coordinated_networks(request.user)
    if not networks.exists():
        return _forbidden()
    form = PartnerClientForm(request.POST or None, networks=networks)
    if request.method == "POST" and form.is_valid():
        try:
            client, key = services.partner_client_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            _reveal(request, client.pk, _("API key"), key)
            return redirect("partners:detail", client.pk)
    return render(request, "api/partner_form.html", {"form": form})


@login_required
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = _client(request, pk)
    revealed = request.session.get(REVEAL_SESSION_KEY)
    if revealed and revealed.get("client") == client.pk:
        del request.session[REVEAL_SESSION_KEY]
    else:
        revealed = None
    status = request.GET.get("status", "")
    if status not in DeliveryStatus.values:
        status = ""
    page = paginate(request, selectors.client_deliveries(client, status=status), per_page=25)
    context = {
        "client": client,
        "revealed": revealed,
        "keys": client.keys.order_by("-created"),
        "endpoints": client.webhook_endpoints.order_by("created_at"),
        "key_form": PartnerKeyForm(),
        "endpoint_form": WebhookEndpointForm(),
        "page": page,
        "status": status,
        "statuses": DeliveryStatus.choices,
        "query": query_without(request),
    }
    return render(request, "api/partner_detail.html", context)


def _run(request: HttpRequest, action, success: str) -> bool:
    try:
        action()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    except DomainError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


@login_required
@require_POST
def partner_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    client = _client(request, pk)
    _run(
        request,
        lambda: services.partner_client_revoke(actor=request.user, client=client),
        _("The client is revoked: its keys no longer work."),
    )
    return redirect("partners:detail", client.pk)


@login_required
@require_POST
def key_create(request: HttpRequest, pk: int) -> HttpResponse:
    client = _client(request, pk)
    form = PartnerKeyForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("partners:detail", client.pk)
    try:
        _key_object, key = services.partner_key_create(
            actor=request.user, client=client, expiry_date=form.cleaned_data["expiry_date"]
        )
    except (ValidationError, DomainError) as exc:
        messages.error(request, getattr(exc, "message", None) or "; ".join(exc.messages))
    else:
        _reveal(request, client.pk, _("New API key"), key)
    return redirect("partners:detail", client.pk)


@login_required
@require_POST
def key_revoke(request: HttpRequest, pk: int, prefix: str) -> HttpResponse:
    client = _client(request, pk)
    key = get_object_or_404(PartnerKey, client=client, prefix=prefix)
    _run(
        request,
        lambda: services.partner_key_revoke(actor=request.user, key=key),
        _("The key %(prefix)s… is revoked.") % {"prefix": key.prefix},
    )
    return redirect("partners:detail", client.pk)


@login_required
@require_POST
def endpoint_create(request: HttpRequest, pk: int) -> HttpResponse:
    client = _client(request, pk)
    form = WebhookEndpointForm(request.POST)
    if form.is_valid():
        try:
            endpoint = services.webhook_endpoint_create(
                actor=request.user, client=client, **form.cleaned_data
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            _reveal(
                request,
                client.pk,
                _("Signing secret of %(url)s") % {"url": endpoint.url},
                endpoint.secret,
            )
            return redirect("partners:detail", client.pk)
    for field, errors in form.errors.items():
        for message in errors:
            messages.error(
                request,
                f"{form.fields[field].label}: {message}" if field in form.fields else message,
            )
    return redirect("partners:detail", client.pk)


@login_required
@require_POST
def endpoint_action(request: HttpRequest, pk: int, endpoint_pk: int, action: str) -> HttpResponse:
    client = _client(request, pk)
    endpoint = get_object_or_404(WebhookEndpoint, client=client, pk=endpoint_pk)
    actor = request.user
    if action == "ping":
        _run(
            request,
            lambda: services.webhook_ping(actor=actor, endpoint=endpoint),
            _("A ping event is on its way; see the log below."),
        )
    elif action == "rotate":
        if _run(
            request,
            lambda: services.webhook_endpoint_rotate_secret(actor=actor, endpoint=endpoint),
            _("The signing secret was replaced."),
        ):
            endpoint.refresh_from_db()
            _reveal(
                request,
                client.pk,
                _("Signing secret of %(url)s") % {"url": endpoint.url},
                endpoint.secret,
            )
    elif action in ("enable", "disable"):
        _run(
            request,
            lambda: services.webhook_endpoint_update(
                actor=actor, endpoint=endpoint, is_active=action == "enable"
            ),
            _("The endpoint is enabled.") if action == "enable" else _("The endpoint is disabled."),
        )
    elif action == "delete":
        _run(
            request,
            lambda: services.webhook_endpoint_delete(actor=actor, endpoint=endpoint),
            _("The endpoint was removed."),
        )
    return redirect("partners:detail", client.pk)


@login_required
@require_POST
def delivery_replay(request: HttpRequest, pk: int, delivery_pk: int) -> HttpResponse:
    client = _client(request, pk)
    delivery = get_object_or_404(WebhookDelivery, endpoint__client=client, pk=delivery_pk)
    _run(
        request,
        lambda: services.webhook_delivery_replay(actor=request.user, delivery=delivery),
        _("The event is sent again; see the log below."),
    )
    return redirect("partners:detail", client.pk)
