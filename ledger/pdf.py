"""The seller's invoice as a PDF (WeasyPrint), always in French: it is a French legal document.

WeasyPrint is imported when an invoice is rendered, not at start-up: where its system libraries
(Pango) are missing, the rest of the site works and the invoice page says why there is no PDF.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from .models import Invoice

COMPENSATION_MENTION = (
    "Facture acquittée par compensation en crédits d'échange sur la plateforme Cyclotroc "
    "(1 crédit = 1 euro) — aucun paiement en euros n'est dû au titre de ce montant."
)
VAT_EXEMPT_MENTION = "TVA non applicable, art. 293 B du CGI"

NBSP = "\u00a0"


class PdfUnavailable(Exception):
    """The PDF engine cannot run here (WeasyPrint or its system libraries are missing)."""

    message = _(
        "The PDF cannot be produced on this server: the PDF engine (WeasyPrint and its Pango "
        "libraries) is not installed. The invoice itself is issued and kept; ask the platform's "
        "operator to install the engine."
    )


def euros(cents: int) -> str:
    """1234 50 -> '1 234,50 €' (French typography, non-breaking spaces)."""
    sign = "-" if cents < 0 else ""
    units, rest = divmod(abs(cents), 100)
    grouped = f"{units:,}".replace(",", NBSP)
    return f"{sign}{grouped},{rest:02d}{NBSP}€"


def vat_rate_label(basis_points: int) -> str:
    """2000 -> '20 %', 550 -> '5,5 %'."""
    rate = (Decimal(basis_points) / 100).normalize()
    text = f"{rate:f}".replace(".", ",")
    return f"{text}{NBSP}%"


def _party(snapshot: dict) -> dict:
    return {
        "name": snapshot.get("name", ""),
        "legal_form": snapshot.get("legal_form", ""),  # frozen in French at issue
        "address": snapshot.get("address", ""),
        "postcode": snapshot.get("postcode", ""),
        "commune": snapshot.get("commune", ""),
        "siret": snapshot.get("siret", ""),
    }


def invoice_context(invoice: Invoice) -> dict:
    """What the invoice template prints, every amount already formatted."""
    lines = []
    by_rate: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for line in invoice.lines:
        lines.append(
            {
                "description": line["description"],
                "quantity": line["quantity"],
                "unit": line.get("unit", ""),
                "unit_price": euros(line["unit_price"]),
                "vat_rate": vat_rate_label(line["vat_rate"]),
                "total_ht": euros(line["total_ht"]),
            }
        )
        by_rate[line["vat_rate"]][0] += line["total_ht"]
        by_rate[line["vat_rate"]][1] += line["vat"]
    vat_breakdown = [
        {"rate": vat_rate_label(rate), "base": euros(base), "vat": euros(vat)}
        for rate, (base, vat) in sorted(by_rate.items(), reverse=True)
    ]
    return {
        "invoice": invoice,
        "seller": _party(invoice.seller_snapshot),
        "buyer": _party(invoice.buyer_snapshot),
        "lines": lines,
        "vat_breakdown": vat_breakdown,
        "total_ht": euros(invoice.total_ht),
        "total_vat": euros(invoice.total_vat),
        "total": euros(invoice.total),
        "vat_exempt": 0 in by_rate,
        "compensation_mention": COMPENSATION_MENTION,
        "vat_exempt_mention": VAT_EXEMPT_MENTION,
    }


def invoice_html(invoice: Invoice) -> str:
    with translation.override("fr"):
        return render_to_string("ledger/invoice_pdf.html", invoice_context(invoice))


def invoice_pdf(invoice: Invoice) -> bytes:
    """The invoice as PDF bytes (A4, French). Raises PdfUnavailable without the PDF engine."""
    try:
        from weasyprint import HTML
    except (ImportError, OSError) as exc:  # OSError: Pango or another system library missing
        raise PdfUnavailable() from exc
    html = invoice_html(invoice)
    return HTML(string=html).write_pdf()


def invoice_filename(invoice: Invoice) -> str:
    return f"facture-{invoice.number}.pdf"
