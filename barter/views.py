"""The entrepreneurs' and coordinators' marketplace pages. Thin: parse, call a service or a
selector, render. Objects are fetched through permission-scoped selectors, so another business's
object is a 404, never someone else's data."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from config.errors import DomainError
from config.web import paginate, query_without, safe_next

from . import selectors, services
from .filters import BusinessFilter, ListingFilter
from .forms import BusinessForm, ListingForm, PurchaseForm, ReasonForm, ResolveForm, SignupForm
from .geo import commune_names
from .identity import SESSION_BUSINESS_KEY, current_business
from .models import OPEN_PURCHASE_STATUSES, Business, BusinessStatus, ListingStatus, PurchaseStatus


def _apply_service_errors(form, exc: ValidationError) -> None:
    """Show a model ValidationError raised by a service on the form's fields."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _redirect_back(request: HttpRequest, fallback: str) -> HttpResponse:
    return redirect(safe_next(request) or fallback)


# --- Public pages -------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    marketplace = selectors.listing_marketplace()
    context = {
        "latest_offers": marketplace.filter(kind="offer")[:6],
        "latest_wants": marketplace.filter(kind="want")[:6],
        "counts": {
            "businesses": Business.objects.filter(status=BusinessStatus.ACTIVE).count(),
            **selectors.listing_counts_by_kind(marketplace),
        },
    }
    return render(request, "barter/home.html", context)


def listing_list(request: HttpRequest) -> HttpResponse:
    """The marketplace: search, filters, pagination. HTMX requests get the results only."""
    business = current_business(request)
    origin = (business.latitude, business.longitude) if business and business.has_location else None
    listing_filter = ListingFilter(
        request.GET or None, queryset=selectors.listing_marketplace(), origin=origin
    )
    page = paginate(request, listing_filter.qs)
    context = {"filter": listing_filter, "page": page, "query": query_without(request)}
    template = (
        "barter/_listing_results.html"
        if request.htmx and not request.htmx.boosted
        else "barter/listing_list.html"
    )
    return render(request, template, context)


def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(selectors.listing_visible_to(request.user), pk=pk)
    context = {
        "listing": listing,
        "can_edit": selectors.user_is_member(request.user, listing.business),
        "can_moderate": selectors.user_is_coordinator(request.user, listing.business.network),
        "reason_form": ReasonForm(),
    }
    business = current_business(request)
    if selectors.purchase_can_request(request.user, business, listing):
        context["purchase_form"] = PurchaseForm(available=listing.quantity)
    return render(request, "barter/listing_detail.html", context)


def business_list(request: HttpRequest) -> HttpResponse:
    business_filter = BusinessFilter(request.GET or None, queryset=selectors.business_directory())
    page = paginate(request, business_filter.qs)
    return render(
        request,
        "barter/business_list.html",
        {"filter": business_filter, "page": page, "query": query_without(request)},
    )


def business_map(request: HttpRequest) -> HttpResponse:
    business_filter = BusinessFilter(request.GET or None, queryset=selectors.business_directory())
    points = selectors.business_map_points(business_filter.qs)
    return render(
        request,
        "barter/business_map.html",
        {
            "filter": business_filter,
            "points": points,
            "unlocated": business_filter.qs.count() - len(points),
        },
    )


def business_detail(request: HttpRequest, pk: int) -> HttpResponse:
    business = get_object_or_404(selectors.business_visible_to(request.user), pk=pk)
    is_member = selectors.user_is_member(request.user, business)
    listings = business.listings.select_related("category")
    if not is_member:
        listings = listings.filter(status=ListingStatus.ACTIVE)
    context = {
        "business": business,
        "is_member": is_member,
        "is_coordinator": selectors.user_is_coordinator(request.user, business.network),
        "offers": listings.filter(kind="offer"),
        "wants": listings.filter(kind="want"),
        "map_points": selectors.business_map_points([business]),
        "reason_form": ReasonForm(),
    }
    return render(request, "barter/business_detail.html", context)


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("barter:dashboard")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome! Now register your business to join a network."))
        return redirect("barter:business-register")
    return render(request, "registration/signup.html", {"form": form})


# --- The entrepreneur's space -------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    business = current_business(request)
    context = {"business": business, "businesses": selectors.user_businesses(request.user)}
    if business:
        listings = business.listings.select_related("category")
        context["listing_counts"] = dict(
            listings.order_by().values_list("status").annotate(n=Count("pk"))
        )
        context["recent_listings"] = listings.order_by("-updated_at")[:5]
    return render(request, "barter/dashboard.html", context)


@login_required
@require_POST
def business_switch(request: HttpRequest, pk: int) -> HttpResponse:
    business = get_object_or_404(selectors.user_businesses(request.user), pk=pk)
    request.session[SESSION_BUSINESS_KEY] = business.pk
    messages.info(request, _("You now act for %(name)s.") % {"name": business.legal_name})
    return _redirect_back(request, reverse("barter:dashboard"))


@login_required
def business_register(request: HttpRequest) -> HttpResponse:
    form = BusinessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            business = services.business_register(
                actor=request.user, network=form.cleaned_data["network"], **form.service_fields()
            )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            request.session[SESSION_BUSINESS_KEY] = business.pk
            messages.success(
                request,
                _(
                    "%(name)s is registered. A coordinator of %(network)s will review it; "
                    "meanwhile you can prepare your listings as drafts."
                )
                % {"name": business.legal_name, "network": business.network.name},
            )
            return redirect("barter:dashboard")
    return render(
        request,
        "barter/business_form.html",
        {"form": form, "registering": True, "communes": commune_names()},
    )


@login_required
def business_update(request: HttpRequest, pk: int) -> HttpResponse:
    business = get_object_or_404(selectors.user_businesses(request.user), pk=pk)
    form = BusinessForm(request.POST or None, instance=business, registering=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.business_update(actor=request.user, business=business, **form.service_fields())
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        else:
            messages.success(request, _("The profile is saved."))
            return redirect(business)
    return render(
        request,
        "barter/business_form.html",
        {"form": form, "registering": False, "business": business, "communes": commune_names()},
    )


@login_required
def listing_mine(request: HttpRequest) -> HttpResponse:
    business = current_business(request)
    if business is None:
        messages.info(request, _("Register your business first."))
        return redirect("barter:business-register")
    listings = business.listings.select_related("category").order_by("status", "-updated_at")
    status = request.GET.get("status")
    if status in ListingStatus.values:
        listings = listings.filter(status=status)
    return render(
        request,
        "barter/listing_mine.html",
        {
            "business": business,
            "page": paginate(request, listings),
            "status": status,
            "statuses": ListingStatus.choices,
            "query": query_without(request),
        },
    )


@login_required
def listing_create(request: HttpRequest) -> HttpResponse:
    business = current_business(request)
    if business is None:
        messages.info(request, _("Register your business first."))
        return redirect("barter:business-register")
    initial = {"kind": request.GET.get("kind", "offer"), "nature": "service"}
    form = ListingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        publish = form.cleaned_data["publish"] and business.is_active
        try:
            listing = services.listing_create(
                actor=request.user, business=business, publish=publish, **form.service_fields()
            )
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            if listing.is_published:
                messages.success(request, _("Your listing is published on the marketplace."))
            else:
                messages.success(
                    request,
                    _("Your listing is saved as a draft; it will be published once you choose to.")
                    if business.is_active
                    else _(
                        "Your listing is saved as a draft: you can publish it once a coordinator "
                        "has approved your business."
                    ),
                )
            return redirect(listing)
    return render(request, "barter/listing_form.html", {"form": form, "business": business})


@login_required
def listing_update(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(selectors.listings_managed_by(request.user), pk=pk)
    form = ListingForm(request.POST or None, instance=listing, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.listing_update(actor=request.user, listing=listing, **form.service_fields())
        except ValidationError as exc:
            _apply_service_errors(form, exc)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The listing is saved."))
            return redirect(listing)
    return render(
        request,
        "barter/listing_form.html",
        {"form": form, "listing": listing, "business": listing.business},
    )


LISTING_ACTIONS = {
    "publish": (services.listing_publish, gettext_lazy("The listing is published.")),
    "pause": (
        services.listing_pause,
        gettext_lazy("The listing is paused: it no longer shows on the marketplace."),
    ),
}


@login_required
@require_POST
def listing_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    listing = get_object_or_404(selectors.listings_managed_by(request.user), pk=pk)
    service, success = LISTING_ACTIONS[action]
    try:
        service(actor=request.user, listing=listing)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return _redirect_back(request, listing.get_absolute_url())


@login_required
def listing_delete(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(selectors.listings_managed_by(request.user), pk=pk)
    if request.method == "POST":
        services.listing_delete(actor=request.user, listing=listing)
        messages.success(
            request, _("The listing “%(title)s” is deleted.") % {"title": listing.title}
        )
        return redirect("barter:listing-mine")
    return render(request, "barter/listing_confirm_delete.html", {"listing": listing})


# --- Coordination -------------------------------------------------------------------------------


@login_required
def coordination(request: HttpRequest) -> HttpResponse:
    if not selectors.user_is_any_coordinator(request.user):
        return HttpResponseForbidden(_("This page is for the networks' coordinators."))
    businesses = selectors.coordination_businesses(request.user)
    status = request.GET.get("status", "")
    if status in BusinessStatus.values:
        businesses = businesses.filter(status=status)
    q = request.GET.get("q", "").strip()
    if q:
        businesses = businesses.filter(Q(legal_name__icontains=q) | Q(siret__startswith=q))
    context = {
        "pending": selectors.coordination_pending_businesses(request.user),
        "networks": selectors.user_coordinated_networks(request.user),
        "page": paginate(request, businesses.order_by("legal_name")),
        "status": status,
        "statuses": BusinessStatus.choices,
        "q": q,
        "query": query_without(request),
        "disputes": selectors.coordination_disputes(request.user),
        "moderated": selectors.coordination_listings(request.user).filter(
            status=ListingStatus.MODERATED
        )[:20],
        "reason_form": ReasonForm(),
    }
    return render(request, "barter/coordination.html", context)


def _reason(request: HttpRequest) -> str:
    """The reason typed in a ReasonForm; empty when missing, which the services refuse."""
    form = ReasonForm(request.POST)
    return form.cleaned_data["reason"] if form.is_valid() else ""


BUSINESS_ACTIONS = {
    "approve": (
        services.business_approve,
        False,
        gettext_lazy("%(name)s is approved and can now publish."),
    ),
    "reject": (
        services.business_reject,
        True,
        gettext_lazy("%(name)s is rejected; its owners are told why."),
    ),
    "suspend": (services.business_suspend, True, gettext_lazy("%(name)s is suspended.")),
    "reactivate": (services.business_reactivate, False, gettext_lazy("%(name)s is active again.")),
}


@login_required
@require_POST
def business_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    business = get_object_or_404(selectors.coordination_businesses(request.user), pk=pk)
    service, needs_reason, success = BUSINESS_ACTIONS[action]
    kwargs = {"reason": _reason(request)} if needs_reason else {}
    try:
        service(actor=request.user, business=business, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success % {"name": business.legal_name})
    return _redirect_back(request, reverse("barter:coordination"))


@login_required
@require_POST
def listing_moderate(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    listing = get_object_or_404(selectors.coordination_listings(request.user), pk=pk)
    try:
        if action == "restore":
            services.listing_restore(actor=request.user, listing=listing)
            messages.success(request, _("The listing is back with its owner, paused."))
        else:
            services.listing_moderate(actor=request.user, listing=listing, reason=_reason(request))
            messages.success(request, _("The listing is unpublished; its owners are told why."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return _redirect_back(request, listing.get_absolute_url())


# --- Purchases ----------------------------------------------------------------------------------


@login_required
@require_POST
def purchase_create(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(selectors.listing_marketplace(), pk=pk)
    business = current_business(request)
    if business is None:
        messages.info(request, _("Register your business first."))
        return redirect("barter:business-register")
    form = PurchaseForm(request.POST, available=listing.quantity)
    if form.is_valid():
        try:
            purchase = services.purchase_request(
                actor=request.user,
                buyer=business,
                listing=listing,
                quantity=form.cleaned_data["quantity"],
                message=form.cleaned_data["message"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Your request is sent to %(seller)s. Your credit is held once they accept.")
                % {"seller": listing.business.legal_name},
            )
            return redirect(purchase)
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(listing)


@login_required
def purchase_list(request: HttpRequest) -> HttpResponse:
    business = current_business(request)
    if business is None:
        messages.info(request, _("Register your business first."))
        return redirect("barter:business-register")
    role = request.GET.get("role", "all")
    purchases = selectors.purchases_of(business, role=role)
    status = request.GET.get("status", "")
    if status in PurchaseStatus.values:
        purchases = purchases.filter(status=status)
    elif status == "open":
        purchases = purchases.filter(status__in=OPEN_PURCHASE_STATUSES)
    return render(
        request,
        "barter/purchase_list.html",
        {
            "business": business,
            "page": paginate(request, purchases),
            "role": role,
            "status": status,
            "statuses": PurchaseStatus.choices,
            "query": query_without(request),
        },
    )


@login_required
def purchase_detail(request: HttpRequest, pk: int) -> HttpResponse:
    purchase = get_object_or_404(selectors.purchases_visible_to(request.user), pk=pk)
    context = {
        "purchase": purchase,
        "is_buyer": selectors.user_is_member(request.user, purchase.buyer),
        "is_seller": selectors.user_is_member(request.user, purchase.seller),
        "is_coordinator": selectors.user_is_coordinator(request.user, purchase.network),
        "reason_form": ReasonForm(),
        "resolve_form": ResolveForm(),
    }
    return render(request, "barter/purchase_detail.html", context)


PURCHASE_ACTIONS = {
    "accept": (
        services.purchase_accept,
        False,
        gettext_lazy("Accepted: the buyer's credit is held."),
    ),
    "decline": (services.purchase_decline, True, gettext_lazy("Request declined.")),
    "cancel": (services.purchase_cancel, True, gettext_lazy("Purchase cancelled.")),
    "deliver": (
        services.purchase_deliver,
        False,
        gettext_lazy("Marked delivered: the buyer is asked to confirm."),
    ),
    "confirm": (
        services.purchase_confirm,
        False,
        gettext_lazy("Receipt confirmed: the seller is paid and the invoice issued."),
    ),
    "dispute": (
        services.purchase_dispute,
        True,
        gettext_lazy("Dispute opened: a coordinator of the network will decide."),
    ),
}


@login_required
@require_POST
def purchase_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    purchase = get_object_or_404(selectors.purchases_visible_to(request.user), pk=pk)
    service, takes_reason, success = PURCHASE_ACTIONS[action]
    kwargs = {"reason": request.POST.get("reason", "")[:2000]} if takes_reason else {}
    try:
        service(actor=request.user, purchase=purchase, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(purchase)


@login_required
@require_POST
def purchase_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    purchase = get_object_or_404(selectors.coordination_disputes(request.user), pk=pk)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision and give a reason."))
        return redirect(purchase)
    try:
        services.purchase_resolve(
            actor=request.user,
            purchase=purchase,
            pay_seller=form.cleaned_data["outcome"] == "seller",
            note=form.cleaned_data["note"],
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The dispute is settled; both businesses are told."))
    return redirect(purchase)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first; viewing them marks them read."""
    notifications = request.user.notifications.select_related("business")
    page = paginate(request, notifications)
    unread_ids = [n.pk for n in page.object_list if n.read_at is None]
    response = render(request, "barter/notification_list.html", {"page": page, "query": ""})
    services.notifications_mark_read(user=request.user, ids=unread_ids)
    return response
