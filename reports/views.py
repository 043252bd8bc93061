"""The reports' pages: a coordinator's dashboard per network (summary and sections), the
federation view for platform administrators, a business's own report; their CSV, XLSX and PDF
exports. Thin: parse the period, fetch the object through a permission-scoped selector (another
network's or business's report is a 404), call reports/dashboard.py or the selectors, render."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from barter.identity import current_business
from config.web import query_without

from . import dashboard, exports, pdf, selectors, tables
from .charts import credits, spec
from .forms import ReportForm

EXPORT_FORMATS = {
    "csv": exports.CSV_CONTENT_TYPE,
    "xlsx": exports.XLSX_CONTENT_TYPE,
}
NAV = [
    ("summary", None),
    *dashboard.SECTION_TITLES.items(),
]


def analytic(view):
    """The view's queries run under selectors.analytic_queries (JIT off on PostgreSQL)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with selectors.analytic_queries():
            return view(request, *args, **kwargs)

    return wrapper


def _form(request: HttpRequest) -> ReportForm:
    """The period form bound to the query string, the fields left empty showing today's month,
    quarter and year (the period still defaults to the last twelve months)."""
    today = timezone.localdate()
    data = request.GET.copy()
    for name, value in (
        ("period", "last12"),
        ("year", today.year),
        ("month", today.month),
        ("quarter", (today.month - 1) // 3 + 1),
    ):
        if not data.get(name):
            data[name] = str(value)
    return ReportForm(data, today=today)


def _network(request: HttpRequest, slug: str):
    return get_object_or_404(selectors.report_networks(request.user), slug=slug)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _bad_period(form: ReportForm) -> HttpResponse:
    messages = [str(e) for errors in form.errors.values() for e in errors]
    return HttpResponse(
        _("Invalid period: %(errors)s") % {"errors": " ".join(messages)},
        status=400,
        content_type="text/plain; charset=utf-8",
    )


def _page_context(request, form, **extra) -> dict:
    return {
        "form": form,
        "query": query_without(request),
        "nav": NAV,
        **extra,
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    networks = list(selectors.report_networks(request.user))
    if not networks:
        return HttpResponseForbidden(_("The reports are for the networks' coordinators."))
    if len(networks) == 1 and not request.user.is_superuser:
        return redirect("reports:dashboard", slug=networks[0].slug)
    return render(request, "reports/index.html", {"networks": networks})


@login_required
@analytic
def network_dashboard(request: HttpRequest, slug: str, section: str = "summary") -> HttpResponse:
    network = _network(request, slug)
    if section != "summary" and section not in dashboard.SECTIONS:
        raise Http404
    form = _form(request)
    context = _page_context(request, form, network=network, current=section)
    if form.is_valid():
        ctx = dashboard.Context(network, form.get_period(), form.get_thresholds())
        context.update(
            {
                "period": ctx.period,
                "section": dashboard.build(section, ctx, with_map=True),
            }
        )
    return render(request, "reports/dashboard.html", context)


@login_required
@analytic
def network_export(request: HttpRequest, slug: str, table: str, fmt: str) -> HttpResponse:
    network = _network(request, slug)
    if table not in dashboard.TABLE_SECTIONS or fmt not in EXPORT_FORMATS:
        raise Http404
    form = _form(request)
    if not form.is_valid():
        return _bad_period(form)
    ctx = dashboard.Context(network, form.get_period(), form.get_thresholds())
    data = dashboard.export_table(table, ctx)
    content = exports.table_csv(data) if fmt == "csv" else exports.table_xlsx(data)
    filename = f"cyclotroc-{network.slug}-{table}-{ctx.period.slug}.{fmt}"
    return _download(content, EXPORT_FORMATS[fmt], filename)


@login_required
@analytic
def network_workbook(request: HttpRequest, slug: str) -> HttpResponse:
    """Every table of the dashboard in one XLSX workbook, one sheet each."""
    network = _network(request, slug)
    form = _form(request)
    if not form.is_valid():
        return _bad_period(form)
    ctx = dashboard.Context(network, form.get_period(), form.get_thresholds())
    sections = dashboard.all_sections(ctx, full=True)
    content = exports.tables_xlsx([t for s in sections for t in s.tables])
    filename = f"cyclotroc-{network.slug}-{ctx.period.slug}.xlsx"
    return _download(content, exports.XLSX_CONTENT_TYPE, filename)


@login_required
@analytic
def network_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    network = _network(request, slug)
    form = _form(request)
    if not form.is_valid():
        return _bad_period(form)
    ctx = dashboard.Context(network, form.get_period(), form.get_thresholds())
    try:
        content = pdf.dashboard_pdf(ctx)
    except pdf.PdfUnavailable as exc:
        return HttpResponse(str(exc.message), status=503, content_type="text/plain; charset=utf-8")
    return _download(content, "application/pdf", pdf.dashboard_filename(ctx))


# --- Federation ---------------------------------------------------------------------------------


def _superuser_only(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_superuser:
        return HttpResponseForbidden(_("The federation view is for the platform's administrators."))
    return None


@login_required
@analytic
def federation(request: HttpRequest) -> HttpResponse:
    if refused := _superuser_only(request):
        return refused
    from barter.models import Network

    form = _form(request)
    context = _page_context(request, form)
    if form.is_valid():
        period = form.get_period()
        figures = selectors.key_figures(
            Network.objects.order_by("name"), period, form.get_thresholds()
        )
        context.update(
            {
                "period": period,
                "figures": figures,
                "table": tables.federation_table(figures),
                "charts": _federation_charts(figures),
            }
        )
    return render(request, "reports/federation.html", context)


def _federation_charts(figures) -> list[dict]:

    names = [f.network.name for f in figures]
    return [
        spec(
            "federation-volume",
            "bar",
            names,
            [
                {
                    "label": _("Direct purchases"),
                    "data": [credits(f.purchase_volume) for f in figures],
                },
                {
                    "label": _("Multilateral swaps"),
                    "data": [credits(f.swap_volume) for f in figures],
                },
            ],
            unit="credits",
            stacked=True,
        ),
        spec(
            "federation-members",
            "bar",
            names,
            [
                {"label": pgettext("members", "Active"), "data": [f.active for f in figures]},
                {"label": _("Trading"), "data": [f.trading for f in figures]},
                {"label": _("Dormant"), "data": [f.dormant for f in figures]},
            ],
        ),
    ]


@login_required
@analytic
def federation_export(request: HttpRequest, fmt: str) -> HttpResponse:
    if refused := _superuser_only(request):
        return refused
    if fmt not in EXPORT_FORMATS:
        raise Http404
    from barter.models import Network

    form = _form(request)
    if not form.is_valid():
        return _bad_period(form)
    period = form.get_period()
    figures = selectors.key_figures(Network.objects.order_by("name"), period, form.get_thresholds())
    table = tables.federation_table(figures)
    content = exports.table_csv(table) if fmt == "csv" else exports.table_xlsx(table)
    return _download(content, EXPORT_FORMATS[fmt], f"cyclotroc-federation-{period.slug}.{fmt}")


# --- A business's own report --------------------------------------------------------------------


@login_required
def my_report(request: HttpRequest) -> HttpResponse:
    business = current_business(request)
    if business is None:
        return redirect("barter:dashboard")
    return redirect("reports:business", pk=business.pk)


@login_required
@analytic
def business_report(request: HttpRequest, pk: int) -> HttpResponse:
    business = get_object_or_404(selectors.report_business_visible_to(request.user), pk=pk)
    form = _form(request)
    context = _page_context(request, form, business=business)
    if form.is_valid():
        period = form.get_period()
        report = selectors.business_report(business, period)
        context.update(
            {
                "period": period,
                "report": report,
                "tables": tables.business_tables(report),
                "charts": _business_charts(report),
            }
        )
    return render(request, "reports/business.html", context)


def _business_charts(report) -> list[dict]:
    from django.utils import formats

    f = report.flows
    return [
        spec(
            "business-balance",
            "line",
            [formats.date_format(day, "SHORT_DATE_FORMAT") for day, _b in report.balance_points],
            [
                {
                    "label": _("Balance (credits)"),
                    "data": [credits(b) for _d, b in report.balance_points],
                }
            ],
            unit="credits",
        ),
        spec(
            "business-flows",
            "bar",
            [
                _("Bought"),
                _("Received in swaps"),
                _("Sold"),
                _("Given in swaps"),
            ],
            [
                {
                    "label": _("Credits"),
                    "data": [
                        credits(f.bought),
                        credits(f.received),
                        credits(f.sold),
                        credits(f.given),
                    ],
                }
            ],
            unit="credits",
        ),
    ]


@login_required
@analytic
def business_export(request: HttpRequest, pk: int, table: str, fmt: str) -> HttpResponse:
    business = get_object_or_404(selectors.report_business_visible_to(request.user), pk=pk)
    if fmt not in EXPORT_FORMATS:
        raise Http404
    form = _form(request)
    if not form.is_valid():
        return _bad_period(form)
    period = form.get_period()
    report = selectors.business_report(business, period, limit=None)
    found = next((t for t in tables.business_tables(report) if t.slug == table), None)
    if found is None:
        raise Http404
    content = exports.table_csv(found) if fmt == "csv" else exports.table_xlsx(found)
    filename = f"cyclotroc-{business.siret}-{table}-{period.slug}.{fmt}"
    return _download(content, EXPORT_FORMATS[fmt], filename)
