"""The ledger's pages: the entrepreneur's account, statement and invoices; the coordinators'
accounts, limits, adjustments, reversals and audit log. Thin: parse, call a selector or a
service of ledger/, render. Objects come through permission-scoped selectors, so another
business's or another network's object is a 404."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from barter.identity import current_business
from barter.selectors import user_coordinated_networks
from config.errors import DomainError
from config.web import paginate, query_without, safe_next

from . import exports, pdf, selectors, services
from .errors import (
    InvalidAmount,
    LimitBelowUsage,
    MaximumBalanceExceeded,
    ReasonRequired,
)
from .forms import (
    AccountFilterForm,
    AdjustmentForm,
    AuditFilterForm,
    CreditLimitForm,
    MaxBalanceForm,
    ReversalForm,
    StatementFilterForm,
)
from .models import Account, AccountKind, AuditAction, AuditEntry, Posting
from .money import format_credits

STATEMENT_PAGE_SIZE = 50
LATEST_POSTINGS = 10


def _purchase_url(purchase) -> str | None:
    # The purchase pages live in barter/; without them a hold still shows, unlinked.
    try:
        return purchase.get_absolute_url()
    except NoReverseMatch:
        return None


# --- Statement rows (shared by the entrepreneur's and the coordinators' pages) ------------------


@dataclass(frozen=True, slots=True)
class StatementLine:
    posting: Posting
    counterparties: list[str]
    can_reverse: bool = False

    @property
    def transaction(self):
        return self.posting.transaction

    @property
    def debit(self) -> int | None:
        return -self.posting.amount if self.posting.amount < 0 else None

    @property
    def credit(self) -> int | None:
        return self.posting.amount if self.posting.amount > 0 else None


def _lines(postings, *, reversible: bool = False) -> list[StatementLine]:
    postings = list(postings)
    reversed_ids = (
        selectors.transactions_reversed(p.transaction_id for p in postings) if reversible else set()
    )
    return [
        StatementLine(
            posting=p,
            counterparties=selectors.posting_counterparties(p),
            can_reverse=reversible and p.transaction_id not in reversed_ids,
        )
        for p in postings
    ]


def _export_filename(account: Account, start: date | None, end: date | None, extension: str):
    owner = account.business.siret if account.business_id else f"reseau-{account.network.slug}"
    start = start or timezone.localtime(account.created_at).date()
    end = end or timezone.localdate()
    return f"releve-{owner}-{start.isoformat()}-{end.isoformat()}.{extension}"


EXPORTS = {
    "csv": (exports.statement_csv, "text/csv; charset=utf-8"),
    "xlsx": (
        exports.statement_xlsx,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ),
}


def _statement(request: HttpRequest, account: Account, *, reversible: bool = False):
    """The statement of `account` for the period in the query string: either an export response
    or the context of the statement table."""
    form = StatementFilterForm(request.GET)
    valid = form.is_valid()
    start = form.cleaned_data.get("start") if valid else None
    end = form.cleaned_data.get("end") if valid else None
    export = request.GET.get("format")
    if valid and export in EXPORTS:
        build, content_type = EXPORTS[export]
        response = HttpResponse(
            build(account=account, start=start, end=end), content_type=content_type
        )
        filename = _export_filename(account, start, end, export)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response, {}
    postings = (
        selectors.account_statement(account=account, start=start, end=end)
        if valid
        else Posting.objects.none()
    )
    page = paginate(request, postings, STATEMENT_PAGE_SIZE)
    lines = _lines(page.object_list, reversible=reversible)
    brought_forward = None
    if lines and page.number > 1:
        first = lines[0].posting
        brought_forward = first.balance_after - first.amount
    elif start and page.number == 1:
        brought_forward = selectors.statement_opening_balance(account=account, start=start)
    export_query = query_without(request, "format")
    return None, {
        "account": account,
        "filter_form": form,
        "period_valid": valid,
        "start": start,
        "end": end,
        "page": page,
        "lines": lines,
        "brought_forward": brought_forward,
        "closing_balance": lines[-1].posting.balance_after if lines else brought_forward,
        "query": query_without(request),
        "export_query": export_query,
        "reversible": reversible,
    }


# --- The entrepreneur's pages -------------------------------------------------------------------


def _gauge(account: Account) -> int:
    return min(100, round(account.used_ratio * 100))


@login_required
def account_detail(request: HttpRequest) -> HttpResponse:
    business = current_business(request)
    account = selectors.account_of(business) if business else None
    context = {"business": business, "account": account}
    if account:
        holds = list(selectors.account_holds_detailed(account))
        context.update(
            {
                "used_percent": _gauge(account),
                "holds": [
                    {
                        "hold": hold,
                        "purchase": getattr(hold, "purchase", None),
                        "purchase_url": _purchase_url(hold.purchase)
                        if getattr(hold, "purchase", None)
                        else None,
                    }
                    for hold in holds
                ],
                "latest": _lines(selectors.account_latest_postings(account, LATEST_POSTINGS)),
            }
        )
    return render(request, "ledger/account.html", context)


@login_required
def statement(request: HttpRequest) -> HttpResponse:
    business = current_business(request)
    account = selectors.account_of(business) if business else None
    if account is None:
        return redirect("ledger:account")
    response, context = _statement(request, account)
    if response:
        return response
    context["business"] = business
    return render(request, "ledger/statement.html", context)


@login_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    business = current_business(request)
    tab = "received" if request.GET.get("tab") == "received" else "issued"
    context = {"business": business, "tab": tab}
    if business:
        issued = selectors.invoices_of(business, role="issued")
        received = selectors.invoices_of(business, role="received")
        context.update(
            {
                "issued_count": issued.count(),
                "received_count": received.count(),
                "page": paginate(request, issued if tab == "issued" else received),
                "query": query_without(request),
            }
        )
    return render(request, "ledger/invoice_list.html", context)


@login_required
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(selectors.invoices_visible_to(request.user), pk=pk)
    try:
        content = pdf.invoice_pdf(invoice)
    except pdf.PdfUnavailable as exc:
        return render(
            request,
            "ledger/pdf_unavailable.html",
            {"invoice": invoice, "message": exc.message},
            status=503,
        )
    response = HttpResponse(content, content_type="application/pdf")
    disposition = "attachment" if request.GET.get("download") else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{pdf.invoice_filename(invoice)}"'
    return response


# --- Coordination -------------------------------------------------------------------------------


def _forbidden() -> HttpResponse:
    return HttpResponseForbidden(_("This page is for the networks' coordinators."))


@login_required
def coordination_accounts(request: HttpRequest) -> HttpResponse:
    networks = user_coordinated_networks(request.user)
    if not networks.exists():
        return _forbidden()
    form = AccountFilterForm(request.GET or None, networks=networks)
    data = form.cleaned_data if form.is_valid() else {}
    selected = networks.filter(pk=data["network"].pk) if data.get("network") else networks
    situation = data.get("situation") or ""
    if situation == "near":
        accounts = selectors.accounts_near_limit(networks=selected)
    elif situation == "large":
        accounts = selectors.accounts_large_balance(networks=selected)
    else:
        accounts = selectors.coordination_accounts(request.user).filter(
            network__in=selected, kind=AccountKind.BUSINESS
        )
    q = (data.get("q") or "").strip()
    if q:
        accounts = accounts.filter(
            Q(business__legal_name__icontains=q) | Q(business__siret__startswith=q.replace(" ", ""))
        )
    sort = data.get("sort") or ("" if situation else "name")
    if sort in ("balance", "-balance"):
        accounts = accounts.order_by(sort, "pk")
    elif sort == "name":
        accounts = accounts.order_by("business__legal_name", "pk")
    page = paginate(request, accounts)
    context = {
        "form": form,
        "page": page,
        "rows": [(account, _gauge(account)) for account in page.object_list],
        "network_accounts": selectors.coordination_accounts(request.user).filter(
            network__in=selected, kind=AccountKind.NETWORK
        ),
        "near_count": selectors.accounts_near_limit(networks=selected).count(),
        "query": query_without(request),
        "sort": sort,
        "sort_query": query_without(request, "sort"),
    }
    return render(request, "ledger/coordination_accounts.html", context)


FORM_FIELD_OF_ERROR = {
    ReasonRequired: "reason",
    LimitBelowUsage: "credit_limit",
    MaximumBalanceExceeded: "max_balance",
    InvalidAmount: "amount",
}


def _show_error(form, exc: DomainError) -> None:
    field = FORM_FIELD_OF_ERROR.get(type(exc))
    form.add_error(field if field in form.fields else None, exc.message)


def _account_forms(account: Account, data=None, action: str | None = None) -> dict:
    def bound(name):
        return data if action == name else None

    forms = {
        "limit": CreditLimitForm(
            bound("limit"), prefix="limit", initial={"credit_limit": account.credit_limit}
        ),
        "maximum": MaxBalanceForm(
            bound("maximum"), prefix="maximum", initial={"max_balance": account.max_balance}
        ),
    }
    if account.kind == AccountKind.BUSINESS:
        forms["adjust"] = AdjustmentForm(bound("adjust"), prefix="adjust")
    return forms


def _account_action(request: HttpRequest, account: Account, action: str, form) -> str | None:
    """Run the coordinator's action with a valid form; the success message, or None when the
    ledger refused (the error is then on the form)."""
    data = form.cleaned_data
    try:
        if action == "limit":
            services.credit_limit_set(
                actor=request.user,
                account=account,
                credit_limit=data["credit_limit"],
                reason=data["reason"],
            )
            return _("The credit limit of %(account)s is now %(limit)s.") % {
                "account": account,
                "limit": format_credits(data["credit_limit"]),
            }
        if action == "maximum":
            services.max_balance_set(
                actor=request.user,
                account=account,
                max_balance=data["max_balance"],
                reason=data["reason"],
            )
            if data["max_balance"] is None:
                return _("%(account)s has no maximum balance any more.") % {"account": account}
            return _("The maximum balance of %(account)s is now %(maximum)s.") % {
                "account": account,
                "maximum": format_credits(data["max_balance"]),
            }
        result = services.adjustment_post(
            actor=request.user,
            account=account,
            amount=data["amount"],
            reason=data["reason"],
            idempotency_key=form.service_key("adjust"),
        )
    except DomainError as exc:
        _show_error(form, exc)
        return None
    if result.replayed:
        return _(
            "This adjustment was already posted (transaction #%(id)d): nothing more moved."
        ) % {"id": result.transaction.pk}
    return _("Adjustment of %(amount)s posted on %(account)s (transaction #%(id)d).") % {
        "amount": format_credits(data["amount"]),
        "account": account,
        "id": result.transaction.pk,
    }


@login_required
def coordination_account(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(selectors.coordination_accounts(request.user), pk=pk)
    action = request.POST.get("action") if request.method == "POST" else None
    forms = _account_forms(account, request.POST, action)
    if action in forms:
        form = forms[action]
        if form.is_valid():
            success = _account_action(request, account, action, form)
            if success:
                messages.success(request, success)
                return redirect("ledger:coordination-account", pk=account.pk)
        messages.error(request, _("Nothing was changed: see the error below."))
    response, context = _statement(request, account, reversible=True)
    if response:
        return response
    context.update(
        {
            "forms": forms,
            "used_percent": _gauge(account),
            "holds": selectors.account_holds_detailed(account),
            "action": action,
        }
    )
    return render(request, "ledger/coordination_account.html", context)


@login_required
def transaction_reverse(request: HttpRequest, pk: int) -> HttpResponse:
    transaction_ = get_object_or_404(selectors.coordination_transactions(request.user), pk=pk)
    reversal = getattr(transaction_, "reversed_by", None)  # None when not reversed yet
    form = ReversalForm(request.POST or None)
    back = safe_next(request)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.transaction_reverse(
                actor=request.user,
                transaction_=transaction_,
                reason=form.cleaned_data["reason"],
                idempotency_key=form.service_key("reverse"),
            )
        except DomainError as exc:
            _show_error(form, exc)
            messages.error(request, exc.message)
        else:
            if result.replayed:
                messages.info(
                    request,
                    _("This reversal was already posted (transaction #%(id)d): nothing more moved.")
                    % {"id": result.transaction.pk},
                )
            else:
                messages.success(
                    request,
                    _("Transaction #%(reversed)d is reversed by transaction #%(id)d.")
                    % {"reversed": transaction_.pk, "id": result.transaction.pk},
                )
            return redirect(back or reverse("ledger:audit-log"))
    legs = [
        {
            "posting": p,
            "debit": -p.amount if p.amount < 0 else None,
            "credit": p.amount if p.amount > 0 else None,
        }
        for p in transaction_.postings.all()
    ]
    return render(
        request,
        "ledger/transaction_reverse.html",
        {
            "transaction": transaction_,
            "legs": legs,
            "reversal": reversal,
            "form": form,
            "next": back,
        },
    )


def _audit_details(entry: AuditEntry) -> str:
    details = entry.details or {}

    def amount(value):
        return _("none") if value is None else format_credits(value)

    if entry.action in (AuditAction.CREDIT_LIMIT, AuditAction.MAX_BALANCE):
        return _("from %(from)s to %(to)s") % {
            "from": amount(details.get("from")),
            "to": amount(details.get("to")),
        }
    if entry.action == AuditAction.ADJUSTMENT and "amount" in details:
        return format_credits(details["amount"])
    if entry.action == AuditAction.REVERSAL and "reversed" in details:
        return _("reverses transaction #%(id)s") % {"id": details["reversed"]}
    if entry.action == AuditAction.DISPUTE and "purchase" in details:
        outcome = _("seller paid") if details.get("outcome") == "seller" else _("buyer refunded")
        return _("purchase #%(id)s: %(outcome)s") % {"id": details["purchase"], "outcome": outcome}
    return ", ".join(f"{key}: {value}" for key, value in details.items())


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    networks = user_coordinated_networks(request.user)
    if not networks.exists():
        return _forbidden()
    form = AuditFilterForm(request.GET or None, networks=networks)
    entries = selectors.coordination_audit_entries(request.user)
    if form.is_valid():
        if form.cleaned_data.get("network"):
            entries = entries.filter(network=form.cleaned_data["network"])
        if form.cleaned_data.get("action"):
            entries = entries.filter(action=form.cleaned_data["action"])
    page = paginate(request, entries)
    return render(
        request,
        "ledger/audit_log.html",
        {
            "form": form,
            "page": page,
            "rows": [(entry, _audit_details(entry)) for entry in page.object_list],
            "query": query_without(request),
        },
    )
