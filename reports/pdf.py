"""The dashboard as a PDF report for a board meeting, always in French (WeasyPrint).

Charts are static SVG drawn on the server (reports/charts.py): WeasyPrint runs no JavaScript.
Long tables are cut to their first rows; the exports hold them whole.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone, translation

from ledger.pdf import PdfUnavailable

from . import charts, dashboard
from .dashboard import PDF_ROWS, Context
from .periods import french_date

__all__ = ["PdfUnavailable", "dashboard_filename", "dashboard_html", "dashboard_pdf"]


def dashboard_context(ctx: Context) -> dict:
    """What the PDF's template shows. Built under French (dashboard_html): the sections' labels
    and the charts' texts are translations, made in the language active when they are built."""
    sections = dashboard.all_sections(ctx, full=False)
    prepared = []
    for section in sections:
        prepared.append(
            {
                "section": section,
                "charts": [(c["title"], charts.svg_chart(c)) for c in section.charts],
                # The summary's figures are its table; the other sections print theirs.
                "tables": [t.head(PDF_ROWS) for t in section.tables]
                if section.key != "summary"
                else [],
            }
        )
    summary = prepared[0]
    return {
        "network": ctx.network,
        "period": ctx.period,
        "period_label": ctx.period.label_fr,
        "thresholds": ctx.thresholds,
        "large_threshold": ctx.large_threshold,
        "generated": french_date(timezone.localdate()),
        "start": french_date(ctx.period.start),
        "end": french_date(ctx.period.end),
        "summary": summary,
        "sections": {p["section"].key: p for p in prepared[1:]},
        "pdf_rows": PDF_ROWS,
    }


def dashboard_html(ctx: Context) -> str:
    """The report's HTML in French, whatever the reader's language: built and rendered under
    French, from the catalogue (locale/fr) like every page."""
    with translation.override("fr"):
        return render_to_string("reports/report_pdf.html", dashboard_context(ctx))


def dashboard_pdf(ctx: Context) -> bytes:
    """The report as PDF bytes (A4, French). Raises PdfUnavailable without the PDF engine."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango or another system library missing
        raise PdfUnavailable() from exc
    return HTML(string=dashboard_html(ctx)).write_pdf()


def dashboard_filename(ctx: Context) -> str:
    return f"rapport-{ctx.network.slug}-{ctx.period.slug}.pdf"
