"""Matching pages: runs for coordinators, swap proposals for the businesses in them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from barter import selectors as barter_selectors
from barter.identity import current_business
from config.errors import DomainError
from config.web import paginate

from . import selectors, services
from .errors import MatchingError
from .forms import MatchingSettingsForm, ProposalReasonForm
from .models import Decision, ProposalLeg, ProposalStatus


def _require_coordinator(request: HttpRequest):
    networks = barter_selectors.user_coordinated_networks(request.user)
    return networks if networks.exists() else None


@login_required
def run_list(request: HttpRequest) -> HttpResponse:
    networks = _require_coordinator(request)
    if networks is None:
        return HttpResponseForbidden(_("This page is for the networks' coordinators."))
    runs = paginate(request, selectors.runs_of(networks), 20)
    return render(
        request,
        "matching/run_list.html",
        {
            "networks": [(n, selectors.matching_settings(n)) for n in networks.order_by("name")],
            "page": runs,
        },
    )


@login_required
@require_POST
def run_start(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(barter_selectors.user_coordinated_networks(request.user), slug=slug)
    try:
        run = services.matching_run_start(actor=request.user, network=network)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("matching:run-list")
    messages.success(request, _("The matching run is started."))
    return redirect(run)


@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    networks = _require_coordinator(request)
    if networks is None:
        return HttpResponseForbidden(_("This page is for the networks' coordinators."))
    run = get_object_or_404(selectors.runs_of(networks), pk=pk)
    context = {
        "run": run,
        "proposals": run.proposals.prefetch_related("participants__business").order_by("pk"),
    }
    if request.htmx and run.is_active:
        return render(request, "matching/_run_progress.html", context)
    if request.htmx:
        response = HttpResponse()
        response["HX-Refresh"] = "true"  # finished: reload the whole page with its results
        return response
    return render(request, "matching/run_detail.html", context)


@login_required
def settings_update(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(barter_selectors.user_coordinated_networks(request.user), slug=slug)
    form = MatchingSettingsForm(request.POST or None, instance=selectors.matching_settings(network))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The matching settings are saved."))
        return redirect("matching:run-list")
    return render(request, "matching/settings_form.html", {"form": form, "network": network})


@login_required
def proposal_list(request: HttpRequest) -> HttpResponse:
    business = current_business(request)
    if business is None:
        messages.info(request, _("Register your business first."))
        return redirect("barter:business-register")
    proposals = selectors.proposals_of(business)
    scope = request.GET.get("scope", "open")
    if scope == "open":
        proposals = proposals.filter(status__in=[ProposalStatus.OPEN, ProposalStatus.ACCEPTED])
    elif scope == "closed":
        proposals = proposals.exclude(status__in=[ProposalStatus.OPEN, ProposalStatus.ACCEPTED])
    page = paginate(request, proposals, 20)
    return render(
        request,
        "matching/proposal_list.html",
        {"business": business, "page": page, "scope": scope, "query": f"scope={scope}"},
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(selectors.proposals_visible_to(request.user), pk=pk)
    business = current_business(request)
    participants = list(proposal.participants.select_related("business", "hold"))
    mine = next((p for p in participants if business and p.business_id == business.pk), None)
    context = {
        "proposal": proposal,
        "participants": participants,
        "legs": proposal.legs.select_related("offer", "want", "giver", "receiver"),
        "me": mine,
        "spend": -mine.net if mine and mine.net < 0 else 0,
        "business": business,
        "can_answer": mine is not None
        and mine.decision == Decision.PENDING
        and proposal.status == ProposalStatus.OPEN,
        "is_coordinator": barter_selectors.user_is_coordinator(request.user, proposal.network),
        "reason_form": ProposalReasonForm(),
    }
    return render(request, "matching/proposal_detail.html", context)


@login_required
@require_POST
def proposal_answer(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    proposal = get_object_or_404(selectors.proposals_visible_to(request.user), pk=pk)
    business = current_business(request)
    try:
        if business is None:
            raise MatchingError(_("Register your business first."))
        if answer == "accept":
            services.proposal_accept(actor=request.user, proposal=proposal, business=business)
            messages.success(request, _("You accepted the swap."))
        elif answer == "decline":
            reason = request.POST.get("reason", "")[:2000]
            services.proposal_decline(
                actor=request.user, proposal=proposal, business=business, reason=reason
            )
            messages.success(request, _("You declined the swap; it will not be proposed again."))
        else:
            services.proposal_cancel(
                actor=request.user, proposal=proposal, reason=request.POST.get("reason", "")[:2000]
            )
            messages.success(request, _("The swap is cancelled."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(proposal)


@login_required
@require_POST
def leg_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    leg = get_object_or_404(
        ProposalLeg.objects.filter(proposal__in=selectors.proposals_visible_to(request.user)), pk=pk
    )
    try:
        if action == "deliver":
            services.proposal_leg_deliver(actor=request.user, leg=leg)
            messages.success(request, _("Marked delivered: the receiver is asked to confirm."))
        else:
            services.proposal_leg_confirm(actor=request.user, leg=leg)
            messages.success(request, _("Receipt confirmed."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(leg.proposal)
