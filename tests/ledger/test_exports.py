"""Statement exports: CSV for French Excel (UTF-8 BOM, `;`, decimal comma) and XLSX with numbers."""

import codecs
import csv
import datetime
import io
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from ledger import services
from ledger.exports import AMOUNT_FORMAT, statement_headers
from ledger.models import Account
from tests.factories.barter import BusinessFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def network():
    return NetworkFactory(default_credit_limit=500_000)


@pytest.fixture
def business(network, owner):
    business = BusinessFactory(network=network, owner=owner, legal_name="Atelier Vélo")
    services.account_open(business=business)
    return business


@pytest.fixture
def partner(network):
    business = BusinessFactory(network=network, legal_name="Imprimerie; « Solidaire »")
    services.account_open(business=business)
    return business


def transfer_on(monkeypatch, day, payer, payee, amount, memo):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        services.transfer_post(
            actor=None,
            payer=Account.objects.get(business=payer),
            payee=Account.objects.get(business=payee),
            amount=amount,
            idempotency_key=str(uuid.uuid4()),
            memo=memo,
        )


@pytest.fixture
def history(monkeypatch, business, partner):
    transfer_on(monkeypatch, datetime.date(2026, 1, 20), business, partner, 123_456, "Logo")
    transfer_on(monkeypatch, datetime.date(2026, 2, 3), partner, business, 50, "Café")
    transfer_on(monkeypatch, datetime.date(2026, 2, 25), business, partner, 1_000, "Affiches")
    transfer_on(monkeypatch, datetime.date(2026, 3, 2), partner, business, 7_000, "Mars")


def fr_headers():
    with translation.override("fr"):
        return statement_headers()


def test_csv_export_is_utf8_bom_semicolon_with_decimal_commas(client, owner, business, history):
    client.force_login(owner)
    response = client.get(
        reverse("ledger:statement"), {"start": "2026-02-01", "end": "2026-02-28", "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="releve-{business.siret}-2026-02-01-2026-02-28.csv"'
    )
    assert response.content.startswith(codecs.BOM_UTF8)
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == fr_headers()
    opening, february_3, february_25 = rows[1:]
    assert opening[3].endswith("2026-02-01") and opening[7] == "-1234,56"
    assert february_3[0] == "2026-02-03 09:30"
    assert february_3[3:] == ["Café", "Imprimerie; « Solidaire »", "", "0,50", "-1234,06"]
    assert february_25[3:] == ["Affiches", "Imprimerie; « Solidaire »", "10,00", "", "-1244,06"]


def test_csv_export_without_a_period_holds_every_posting(client, owner, business, history):
    client.force_login(owner)
    response = client.get(reverse("ledger:statement"), {"format": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [row[3] for row in rows[1:]] == ["Logo", "Café", "Affiches", "Mars"]
    assert rows[-1][7] == "-1174,06"
    opened = timezone.localtime(Account.objects.get(business=business).created_at).date()
    today = timezone.localdate()
    assert (
        f'filename="releve-{business.siret}-{opened}-{today}.csv"'
        in (response["Content-Disposition"])
    )


def test_csv_headers_follow_the_language(client, owner, business, history):
    client.force_login(owner)
    client.cookies["django_language"] = "en"
    response = client.get(reverse("ledger:statement"), {"format": "csv"})
    header = next(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert header[0] == "Date"
    assert header[5:] == ["Debit (credits)", "Credit (credits)", "Balance (credits)"]


def test_xlsx_export_has_dates_and_numbers(client, owner, business, history):
    client.force_login(owner)
    response = client.get(
        reverse("ledger:statement"), {"start": "2026-02-01", "end": "2026-03-31", "format": "xlsx"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="releve-{business.siret}-2026-02-01-2026-03-31.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == fr_headers()
    assert rows[1][7] == pytest.approx(-1234.56)
    assert [row[3] for row in rows[2:]] == ["Café", "Affiches", "Mars"]
    cafe = rows[2]
    assert cafe[0] == datetime.datetime(2026, 2, 3, 9, 30)
    assert cafe[5] is None
    assert cafe[6] == pytest.approx(0.5)
    assert cafe[7] == pytest.approx(-1234.06)
    assert rows[3][5] == pytest.approx(10)
    assert rows[4][7] == pytest.approx(-1174.06)
    for cell in sheet[3][5:8]:
        if cell.value is not None:
            assert cell.number_format == AMOUNT_FORMAT
            assert isinstance(cell.value, int | float)


def test_export_is_the_users_own_account_whatever_the_session_says(client, business, history):
    """A user of another business exports their own (empty) statement, never this one."""
    user = UserFactory()
    mine = BusinessFactory(network=business.network, owner=user)
    services.account_open(business=mine)
    client.force_login(user)
    session = client.session
    session["current_business_id"] = business.pk
    session.save()
    response = client.get(reverse("ledger:statement"), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 1  # headers only
    assert mine.siret in response["Content-Disposition"]
