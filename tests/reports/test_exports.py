"""The exports parsed back: CSV (UTF-8 with BOM, ';', decimal comma), XLSX and the French PDF."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

Q2 = "?period=quarter&year=2026&quarter=2"


@pytest.fixture
def coordinator(client, world, now_july):
    client.force_login(world.coordinator)
    return client


def url(world, table, fmt):
    return f"/reports/networks/{world.network.slug}/export/{table}.{fmt}{Q2}"


def read_csv(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_exchanges_per_month_as_csv(coordinator, world):
    response = coordinator.get(url(world, "exchanges-monthly", "csv"))
    assert "cyclotroc-" in response["Content-Disposition"]
    assert "2026-T2.csv" in response["Content-Disposition"]
    rows = read_csv(response)
    assert len(rows[0]) == 8
    assert rows[1:] == [
        ["2026-04", "2", "170,00", "0", "0", "0,00", "170,00", "1,50"],
        ["2026-05", "0", "0,00", "1", "3", "910,00", "910,00", "9,10"],
        ["2026-06", "0", "0,00", "0", "0", "0,00", "0,00", "0,00"],
        ["Total", "2", "170,00", "1", "3", "910,00", "1080,00", "10,60"],
    ]


def test_cash_preserved_per_business_as_csv(coordinator, world):
    rows = read_csv(coordinator.get(url(world, "cash-businesses", "csv")))
    body = {row[0]: row[2:] for row in rows[1:]}
    assert body["Entreprise B"] == [
        "120,00",
        "290,00",
        "410,00",
        "0,00",
        "320,00",
        "3,20",
        "-93,20",
    ]
    assert body["Entreprise A"][2] == "370,00"
    assert body["Total"][2] == "1080,00"


def test_families_share_is_in_percent_with_a_decimal_comma(coordinator, world):
    rows = read_csv(coordinator.get(url(world, "exchanges-families", "csv")))
    assert rows[0][-1].endswith("(%)")
    shares = {(r[0], r[1]): r[4] for r in rows[1:-1]}
    assert sorted(shares.values()) == ["0,0", "26,9", "34,3", "38,9"]


def test_key_figures_as_csv(coordinator, world):
    rows = read_csv(coordinator.get(url(world, "key-figures", "csv")))
    values = [row[1] for row in rows[1:]]
    assert "1080,00" in values  # volume and cash preserved
    assert "73,1 %" in values  # social economy ↔ classic share
    assert "3,73" in values  # velocity


def test_dormant_members_as_xlsx(coordinator, world):
    response = coordinator.get(url(world, "members-dormant", "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["Entreprise D", "Entreprise H"]
    last = rows[1][5]
    assert (last.year, last.month, last.day) == (2026, 3, 31)  # D's last exchange, local date
    assert rows[2][5] is None  # H never exchanged


def test_amounts_are_numbers_in_the_xlsx(coordinator, world):
    response = coordinator.get(url(world, "exchanges-monthly", "xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][1] == 2 and float(rows[1][2]) == 170.0
    assert rows[-1][0] == "Total" and float(rows[-1][6]) == 1080.0
    assert sheet.cell(2, 3).number_format == "#,##0.00"


def test_the_whole_workbook_has_one_sheet_per_table(coordinator, world):
    response = coordinator.get(f"/reports/networks/{world.network.slug}/tables.xlsx{Q2}")
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.sheetnames) == 16
    funnel = next(s for s in workbook.worksheets if s.max_column == 12)
    rows = list(funnel.iter_rows(values_only=True))
    assert [row[2] for row in rows[1:]] == [1, 1, 1, 3]


def test_an_unknown_table_or_format_is_404_and_a_bad_period_400(coordinator, world):
    assert coordinator.get(url(world, "nothing", "csv")).status_code == 404
    assert coordinator.get(url(world, "exchanges-monthly", "pdf")).status_code == 404
    bad = (
        f"/reports/networks/{world.network.slug}/export/exchanges-monthly.csv?period=month&month=13"
    )
    assert coordinator.get(bad).status_code == 400


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text), len(reader.pages)


def test_the_pdf_report_is_in_french_with_every_section(coordinator, world, settings):
    settings.LANGUAGE_CODE = "en"
    response = coordinator.get(
        f"/reports/networks/{world.network.slug}/report.pdf{Q2}", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f"rapport-{world.network.slug}-2026-T2.pdf" in response["Content-Disposition"]
    text, pages = pdf_text(response.content)
    assert pages >= 8
    for expected in (
        "Rapport d'activité",
        world.network.name,
        "2e trimestre 2026",
        "du 1er avril 2026 au 30 juin 2026",
        "Chiffres clés",
        "Membres",
        "Trésorerie préservée",
        "Soldes",
        "Annonces",
        "Appariement multilatéral",
        "Réseau d'échanges",
        "Entreprise D",  # dormant, and at its credit limit
        "1 080,00",  # the volume
        "73,1 %",  # social economy ↔ classic
        "avr. 2026",
    ):
        assert expected in text, expected


def test_the_pdf_takes_its_french_from_the_catalogue_for_an_english_reader(coordinator, world):
    response = coordinator.get(
        f"/reports/networks/{world.network.slug}/report.pdf{Q2}", HTTP_ACCEPT_LANGUAGE="en"
    )
    text, _pages = pdf_text(response.content)
    for french in (
        "Besoins non satisfaits",  # a figure and a column: "Unmet wants"
        "Volume échangé par mois (crédits)",  # a chart's title
        "Trésorerie préservée par entreprise",  # a table's title
        "Échanges multilatéraux",  # "Swaps" of the multilateral kind
        "Acceptées par tous",
    ):
        assert french in text, french
    for english in ("Unmet wants", "Cash preserved", "Key figures", "Direct purchases"):
        assert english not in text, english


def test_the_workbook_is_in_the_readers_language(coordinator, world):
    def workbook(language):
        response = coordinator.get(
            f"/reports/networks/{world.network.slug}/tables.xlsx{Q2}",
            HTTP_ACCEPT_LANGUAGE=language,
        )
        return load_workbook(io.BytesIO(response.content))

    french, english = workbook("fr"), workbook("en")
    assert "Chiffres clés" in french.sheetnames and "Key figures" in english.sheetnames
    members = french["Membres par famille"]
    header = [cell.value for cell in next(members.iter_rows(max_row=1))]
    assert header[:3] == ["Famille", "Membres", "Actifs"]
    assert members.cell(2, 1).value == "Économie sociale et solidaire"
    header = [cell.value for cell in next(english["Members by family"].iter_rows(max_row=1))]
    assert header[:3] == ["Family", "Members", "Active"]


def test_every_label_of_the_dashboard_is_translated_into_french(world, now_july):
    """Each section's title, figures, tables, columns and charts, built in English then in
    French: a label left out of the French catalogue would come out in English in both."""
    from django.utils import translation

    from reports import dashboard
    from reports.forms import Thresholds
    from reports.periods import quarter_period

    def labels(language):
        with translation.override(language):
            ctx = dashboard.Context(world.network, quarter_period(2026, 2), Thresholds())
            found = []
            for section in dashboard.all_sections(ctx, full=True):
                found.append(str(section.title))
                found += [str(figure.label) for figure in section.figures]
                for table in section.tables:
                    found += [str(table.title), *(str(c.label) for c in table.columns)]
                    if table.row_kinds is not None:  # a table of measures: its rows' labels
                        found += [str(row[0]) for row in table.rows]
                for chart in section.charts:
                    found += [chart["title"], *(s["label"] for s in chart["series"])]
            return found

    english, french = labels("en"), labels("fr")
    assert len(english) == len(french) > 150
    same_in_both = {"Participants", "Commune", "SIRET", "Date", "Total"}
    untranslated = {e for e, f in zip(english, french, strict=True) if e == f} - same_in_both
    assert not untranslated
