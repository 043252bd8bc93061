"""The ledger's web pages: the entrepreneur's account and statement, the coordinators' accounts,
limits, adjustments, reversals and audit log; who may see what."""

import datetime
import html
import uuid
from contextlib import contextmanager

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from barter import services as barter_services
from barter.models import BusinessStatus
from ledger import services
from ledger.errors import AlreadyReversed, InsufficientCredit, LimitBelowUsage
from ledger.models import Account, AuditAction, AuditEntry, JournalTransaction, TransactionKind
from ledger.money import format_credits
from ledger.selectors import ledger_verify
from tests.factories.barter import BusinessFactory, ListingFactory, NetworkFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator():
    return UserFactory()


@pytest.fixture
def network(coordinator):
    return NetworkFactory(default_credit_limit=100_000, coordinators=[coordinator])


@pytest.fixture
def owner():
    return UserFactory()


@pytest.fixture
def business(network, owner):
    business = BusinessFactory(network=network, owner=owner, legal_name="Atelier Vélo")
    services.account_open(business=business)
    return business


@pytest.fixture
def partner(network):
    business = BusinessFactory(network=network, legal_name="Imprimerie Solidaire")
    services.account_open(business=business)
    return business


def account(business):
    return Account.objects.get(business=business)


def transfer(payer, payee, amount, memo=""):
    return services.transfer_post(
        actor=None,
        payer=account(payer),
        payee=account(payee),
        amount=amount,
        idempotency_key=str(uuid.uuid4()),
        memo=memo,
    ).transaction


@contextmanager
def posted_on(monkeypatch, day: datetime.date):
    """Journal rows are append-only (no backdating): write them with the clock set to `day`."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))
    with monkeypatch.context() as patch:
        patch.setattr(timezone, "now", lambda: moment)
        yield


def shown(response, text) -> bool:
    return html.escape(str(text)) in response.content.decode()


def fr(cents, **kwargs):
    with translation.override("fr"):
        return format_credits(cents, **kwargs)


# --- My account ---------------------------------------------------------------------------------


def test_account_page_shows_balance_available_limit_and_holds(client, owner, business, partner):
    transfer(business, partner, 12_050)
    services.hold_create(
        actor=None, account=account(business), amount=3_000, idempotency_key="h", memo="Réservé"
    )
    client.force_login(owner)
    response = client.get(reverse("ledger:account"))
    assert response.status_code == 200
    body = response.content.decode()
    assert fr(-12_050) in body  # balance
    assert fr(100_000 - 12_050 - 3_000) in body  # available
    assert fr(100_000) in body  # credit limit
    assert fr(3_000) in body  # held
    assert response.context["used_percent"] == 15  # (12 050 + 3 000) / 100 000
    assert [item["hold"].memo for item in response.context["holds"]] == ["Réservé"]
    assert [line.posting.amount for line in response.context["latest"]] == [-12_050]
    assert reverse("ledger:statement") in body
    assert reverse("ledger:invoice-list") in body


def test_account_page_links_a_hold_to_its_purchase(client, network, owner, business, partner):
    seller_user = UserFactory()
    partner.memberships.create(user=seller_user, role="owner")
    offer = ListingFactory(business=partner, value=5_000, vat_rate=2000, quantity=3)
    purchase = barter_services.purchase_request(
        actor=owner, buyer=business, listing=offer, quantity=1
    )
    barter_services.purchase_accept(actor=seller_user, purchase=purchase)
    client.force_login(owner)
    response = client.get(reverse("ledger:account"))
    assert response.context["holds"][0]["purchase"] == purchase
    assert shown(response, purchase.get_absolute_url())
    assert fr(6_000) in response.content.decode()  # 50 credits + 20 % VAT held


def test_account_page_shows_only_the_latest_ten_postings(client, owner, business, partner):
    for i in range(12):
        transfer(business, partner, 100 + i)
    client.force_login(owner)
    latest = client.get(reverse("ledger:account")).context["latest"]
    assert [line.posting.amount for line in latest] == [-(100 + i) for i in range(11, 1, -1)]


def test_pending_business_is_told_the_account_opens_at_approval(client, network):
    user = UserFactory()
    BusinessFactory(network=network, owner=user, status=BusinessStatus.PENDING)
    client.force_login(user)
    response = client.get(reverse("ledger:account"))
    assert response.status_code == 200
    assert 'data-state="no-account"' in response.content.decode()
    assert response.context["account"] is None
    assert client.get(reverse("ledger:statement")).url == reverse("ledger:account")


def test_user_without_business_is_invited_to_register(client):
    client.force_login(UserFactory())
    response = client.get(reverse("ledger:account"))
    body = response.content.decode()
    assert 'data-state="no-business"' in body
    assert reverse("barter:business-register") in body


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("ledger:account", []),
        ("ledger:statement", []),
        ("ledger:invoice-list", []),
        ("ledger:invoice-pdf", [1]),
        ("ledger:coordination-accounts", []),
        ("ledger:coordination-account", [1]),
        ("ledger:transaction-reverse", [1]),
        ("ledger:audit-log", []),
    ],
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, name, args):
    url = reverse(name, args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_navigation_links_to_my_account_and_to_accounts_for_coordinators(
    client, owner, coordinator, business
):
    client.force_login(owner)
    body = client.get(reverse("barter:dashboard")).content.decode()
    assert reverse("ledger:account") in body
    assert reverse("ledger:coordination-accounts") not in body
    client.force_login(coordinator)
    assert reverse("ledger:coordination-accounts") in client.get("/").content.decode()


# --- Statement ----------------------------------------------------------------------------------


def test_statement_lists_every_posting_with_its_running_balance(client, owner, business, partner):
    transfer(business, partner, 1_000, memo="Logo")
    transfer(partner, business, 2_500, memo="Vélos")
    transfer(business, partner, 700, memo="Affiches")
    client.force_login(owner)
    response = client.get(reverse("ledger:statement"))
    lines = response.context["lines"]
    assert [(line.debit, line.credit, line.posting.balance_after) for line in lines] == [
        (1_000, None, -1_000),
        (None, 2_500, 1_500),
        (700, None, 800),
    ]
    assert [line.counterparties for line in lines] == [["Imprimerie Solidaire"]] * 3
    body = response.content.decode()
    for memo in ("Logo", "Vélos", "Affiches"):
        assert memo in body
    assert fr(800, with_unit=False) in body
    assert response.context["closing_balance"] == 800


def test_statement_period_filter_starts_with_the_opening_balance(
    client, monkeypatch, owner, business, partner
):
    with posted_on(monkeypatch, datetime.date(2026, 1, 15)):
        transfer(business, partner, 1_000, memo="janvier")
    with posted_on(monkeypatch, datetime.date(2026, 2, 10)):
        transfer(partner, business, 300, memo="février")
    with posted_on(monkeypatch, datetime.date(2026, 3, 5)):
        transfer(business, partner, 50, memo="mars")
    client.force_login(owner)
    response = client.get(reverse("ledger:statement"), {"start": "2026-02-01", "end": "2026-02-28"})
    assert response.context["brought_forward"] == -1_000
    assert [line.transaction.memo for line in response.context["lines"]] == ["février"]
    assert response.context["closing_balance"] == -700
    body = response.content.decode()
    assert 'data-row="opening"' in body
    assert "janvier" not in body
    assert "mars" not in body


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2026-02-31"}, "start"),
        ({"start": "pas une date"}, "start"),
        ({"start": "2026-03-01", "end": "2026-02-01"}, "end"),
    ],
)
def test_invalid_period_is_a_form_error(client, owner, business, partner, query, field):
    transfer(business, partner, 1_000)
    client.force_login(owner)
    response = client.get(reverse("ledger:statement"), query)
    assert response.status_code == 200
    assert response.context["filter_form"].errors[field]
    assert response.context["lines"] == []
    # an export of an invalid period is the page with its error, not a file
    response = client.get(reverse("ledger:statement"), {**query, "format": "csv"})
    assert response["Content-Type"].startswith("text/html")


def test_statement_is_paginated_and_carries_the_balance_forward(
    client, monkeypatch, owner, business, partner
):
    monkeypatch.setattr("ledger.views.STATEMENT_PAGE_SIZE", 2)
    for amount in (100, 200, 300, 400, 500):
        transfer(business, partner, amount)
    client.force_login(owner)
    first = client.get(reverse("ledger:statement"))
    assert first.context["page"].paginator.num_pages == 3
    assert [line.posting.amount for line in first.context["lines"]] == [-100, -200]
    second = client.get(reverse("ledger:statement"), {"page": 2})
    assert [line.posting.amount for line in second.context["lines"]] == [-300, -400]
    assert second.context["brought_forward"] == -300
    last = client.get(reverse("ledger:statement"), {"page": 3})
    assert last.context["closing_balance"] == -1_500
    assert 'data-row="closing"' in last.content.decode()
    assert 'data-row="closing"' not in first.content.decode()


def test_statement_is_always_the_current_businesss_own(client, owner, business, partner):
    transfer(partner, business, 4_200, memo="secret de l'autre")
    stranger = BusinessFactory(network=business.network, legal_name="Concurrent")
    services.account_open(business=stranger)
    transfer(stranger, partner, 999, memo="ne pas montrer")
    client.force_login(owner)
    session = client.session
    session["current_business_id"] = stranger.pk  # forged: the owner is not a member
    session.save()
    response = client.get(reverse("ledger:statement"))
    assert response.context["account"] == account(business)
    assert "ne pas montrer" not in response.content.decode()
    csv_body = client.get(reverse("ledger:statement"), {"format": "csv"}).content.decode(
        "utf-8-sig"
    )
    assert "ne pas montrer" not in csv_body


def test_forged_session_without_any_business_shows_no_statement(client, business, partner):
    transfer(partner, business, 4_200, memo="ne pas montrer")
    user = UserFactory()
    client.force_login(user)
    session = client.session
    session["current_business_id"] = business.pk
    session.save()
    response = client.get(reverse("ledger:statement"), {"format": "csv"})
    assert response.status_code == 302
    assert response.url == reverse("ledger:account")
    assert 'data-state="no-business"' in client.get(reverse("ledger:account")).content.decode()


# --- Coordination: permissions ------------------------------------------------------------------


def coordinator_urls(account_pk, transaction_pk):
    return [
        ("get", reverse("ledger:coordination-accounts")),
        ("get", reverse("ledger:audit-log")),
        ("get", reverse("ledger:coordination-account", args=[account_pk])),
        ("post", reverse("ledger:coordination-account", args=[account_pk])),
        ("get", reverse("ledger:transaction-reverse", args=[transaction_pk])),
        ("post", reverse("ledger:transaction-reverse", args=[transaction_pk])),
    ]


def test_non_coordinators_get_403_or_404_on_every_coordinator_page(
    client, owner, business, partner
):
    txn = transfer(business, partner, 1_000)
    client.force_login(owner)
    data = {
        "action": "adjust",
        "adjust-amount": "100",
        "adjust-reason": "x",
        "adjust-idempotency_key": str(uuid.uuid4()),
        "reason": "x",
        "idempotency_key": str(uuid.uuid4()),
    }
    for method, url in coordinator_urls(account(business).pk, txn.pk):
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code in (403, 404), url
    assert JournalTransaction.objects.count() == 1
    assert not AuditEntry.objects.exists()


def test_a_coordinator_of_another_network_gets_404(client, business, partner):
    txn = transfer(business, partner, 1_000)
    other = UserFactory()
    NetworkFactory(coordinators=[other])
    client.force_login(other)
    for method, url in coordinator_urls(account(business).pk, txn.pk)[2:]:
        data = {"action": "limit", "limit-credit_limit": "0", "limit-reason": "x", "reason": "x"}
        response = getattr(client, method)(url, data) if method == "post" else client.get(url)
        assert response.status_code == 404, url
    assert client.get(reverse("ledger:coordination-accounts")).status_code == 200
    assert not client.get(reverse("ledger:coordination-accounts")).context["rows"]
    assert account(business).credit_limit == 100_000


# --- Coordination: accounts list ----------------------------------------------------------------


def test_accounts_list_filters_near_limit_large_balance_and_search(
    client, coordinator, network, business, partner
):
    transfer(business, partner, 85_000)  # business uses 85 % of its limit; partner holds 850
    quiet = BusinessFactory(network=network, legal_name="Ferme Tranquille")
    services.account_open(business=quiet)
    elsewhere = BusinessFactory(legal_name="Hors Réseau")
    services.account_open(business=elsewhere)
    client.force_login(coordinator)
    url = reverse("ledger:coordination-accounts")

    def names(query):
        response = client.get(url, query)
        return [a.business.legal_name for a, _used in response.context["rows"]]

    assert names({}) == ["Atelier Vélo", "Ferme Tranquille", "Imprimerie Solidaire"]
    assert names({"situation": "near"}) == ["Atelier Vélo"]
    assert names({"situation": "large"}) == ["Imprimerie Solidaire"]
    assert names({"q": "ferme"}) == ["Ferme Tranquille"]
    assert names({"sort": "balance"}) == [
        "Atelier Vélo",
        "Ferme Tranquille",
        "Imprimerie Solidaire",
    ]
    assert names({"sort": "-balance"}) == [
        "Imprimerie Solidaire",
        "Ferme Tranquille",
        "Atelier Vélo",
    ]
    assert names({"network": "999999"}) == names({})  # an invalid filter is ignored, not a 500
    response = client.get(url)
    assert [a.network for a in response.context["network_accounts"]] == [network]
    assert response.context["near_count"] == 1


# --- Coordination: limits, adjustments, reversals -----------------------------------------------


def post_action(client, account_pk, action, **fields):
    data = {"action": action, **{f"{action}-{k}": v for k, v in fields.items()}}
    return client.post(reverse("ledger:coordination-account", args=[account_pk]), data)


def test_coordinator_page_shows_the_accounts_figures_and_statement(
    client, coordinator, business, partner
):
    txn = transfer(business, partner, 1_000, memo="Logo")
    client.force_login(coordinator)
    response = client.get(reverse("ledger:coordination-account", args=[account(business).pk]))
    assert response.status_code == 200
    assert [line.transaction for line in response.context["lines"]] == [txn]
    assert response.context["lines"][0].can_reverse
    assert reverse("ledger:transaction-reverse", args=[txn.pk]) in response.content.decode()


def test_coordinator_sets_a_credit_limit_with_a_reason(client, coordinator, business):
    client.force_login(coordinator)
    response = post_action(
        client, account(business).pk, "limit", credit_limit="2 000,00", reason="Bon payeur"
    )
    assert response.status_code == 302
    assert account(business).credit_limit == 200_000
    entry = AuditEntry.objects.get(action=AuditAction.CREDIT_LIMIT)
    assert (entry.actor, entry.reason, entry.details) == (
        coordinator,
        "Bon payeur",
        {"from": 100_000, "to": 200_000},
    )


def test_limit_below_the_credit_in_use_is_refused_with_the_message(
    client, coordinator, business, partner
):
    transfer(business, partner, 50_000)
    client.force_login(coordinator)
    response = post_action(
        client, account(business).pk, "limit", credit_limit="100", reason="Risque"
    )
    assert response.status_code == 200
    with translation.override("fr"):
        message = LimitBelowUsage(account=account(business), used=50_000).message
        assert response.context["forms"]["limit"].errors["credit_limit"] == [str(message)]
        assert shown(response, message)
    assert account(business).credit_limit == 100_000
    assert not AuditEntry.objects.exists()


def test_coordinator_sets_and_removes_a_maximum_balance(client, coordinator, business):
    client.force_login(coordinator)
    post_action(client, account(business).pk, "maximum", max_balance="5 000", reason="Plafond")
    assert account(business).max_balance == 500_000
    post_action(client, account(business).pk, "maximum", max_balance="", reason="Levé")
    assert account(business).max_balance is None
    assert AuditEntry.objects.filter(action=AuditAction.MAX_BALANCE).count() == 2


def test_missing_reason_is_a_form_error_and_changes_nothing(client, coordinator, business):
    client.force_login(coordinator)
    for action, fields in [
        ("limit", {"credit_limit": "10"}),
        ("maximum", {"max_balance": "10"}),
        ("adjust", {"amount": "-10", "idempotency_key": str(uuid.uuid4())}),
    ]:
        response = post_action(client, account(business).pk, action, reason="  ", **fields)
        assert response.status_code == 200
        assert response.context["forms"][action].errors["reason"]
    fresh = account(business)
    assert (fresh.credit_limit, fresh.max_balance, fresh.balance) == (100_000, None, 0)
    assert not JournalTransaction.objects.exists()
    assert not AuditEntry.objects.exists()


def test_coordinator_posts_an_adjustment(client, coordinator, network, business):
    client.force_login(coordinator)
    response = post_action(
        client,
        account(business).pk,
        "adjust",
        amount="-50,00",
        reason="Frais de dossier",
        idempotency_key=str(uuid.uuid4()),
    )
    assert response.status_code == 302
    assert account(business).balance == -5_000
    assert services.network_account(network=network).balance == 5_000
    entry = AuditEntry.objects.get(action=AuditAction.ADJUSTMENT)
    assert entry.account == account(business)
    assert entry.transaction.kind == TransactionKind.ADJUSTMENT
    assert entry.details == {"amount": -5_000}
    assert ledger_verify().ok


def test_crediting_adjustments_draw_on_the_network_accounts_limit(
    client, coordinator, network, business
):
    client.force_login(coordinator)
    post_action(
        client,
        account(business).pk,
        "adjust",
        amount="30",
        reason="Geste commercial",
        idempotency_key=str(uuid.uuid4()),
    )
    assert account(business).balance == 3_000
    network_account = services.network_account(network=network)
    too_much = network.default_credit_limit  # on top of the 30 credits already given
    response = post_action(
        client,
        account(business).pk,
        "adjust",
        amount=str(too_much // 100),
        reason="Erreur de saisie",
        idempotency_key=str(uuid.uuid4()),
    )
    assert response.status_code == 200
    with translation.override("fr"):
        refused = InsufficientCredit(
            account=network_account, needed=too_much, available=too_much - 3_000
        ).message
        assert shown(response, refused)
    assert account(business).balance == 3_000


def test_double_submission_of_an_adjustment_posts_once(client, coordinator, business):
    client.force_login(coordinator)
    key = str(uuid.uuid4())
    for _ in range(2):
        response = post_action(
            client,
            account(business).pk,
            "adjust",
            amount="-12,50",
            reason="Erreur",
            idempotency_key=key,
        )
        assert response.status_code == 302
    assert account(business).balance == -1_250
    assert JournalTransaction.objects.filter(kind=TransactionKind.ADJUSTMENT).count() == 1
    assert AuditEntry.objects.filter(action=AuditAction.ADJUSTMENT).count() == 1


def test_adjustment_form_carries_a_fresh_idempotency_key(client, coordinator, business):
    client.force_login(coordinator)
    url = reverse("ledger:coordination-account", args=[account(business).pk])
    first = client.get(url).context["forms"]["adjust"]["idempotency_key"].value()
    second = client.get(url).context["forms"]["adjust"]["idempotency_key"].value()
    assert first and second and first != second
    assert 'name="adjust-idempotency_key"' in client.get(url).content.decode()


def test_coordinator_reverses_a_transaction_once(client, coordinator, business, partner):
    txn = transfer(business, partner, 4_000, memo="Erreur de saisie")
    client.force_login(coordinator)
    url = reverse("ledger:transaction-reverse", args=[txn.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert sorted(leg["posting"].amount for leg in page.context["legs"]) == [-4_000, 4_000]
    next_url = reverse("ledger:coordination-account", args=[account(business).pk])
    key = str(uuid.uuid4())
    response = client.post(url, {"reason": "Doublon", "idempotency_key": key, "next": next_url})
    assert response.status_code == 302
    assert response.url == next_url
    reversal = JournalTransaction.objects.get(reverses=txn)
    assert reversal.kind == TransactionKind.REVERSAL
    assert (account(business).balance, account(partner).balance) == (0, 0)
    entry = AuditEntry.objects.get(action=AuditAction.REVERSAL)
    assert (entry.reason, entry.transaction) == ("Doublon", reversal)

    # the same form submitted twice: replayed, nothing more moves
    response = client.post(url, {"reason": "Doublon", "idempotency_key": key}, follow=True)
    assert JournalTransaction.objects.filter(kind=TransactionKind.REVERSAL).count() == 1

    # a second, separate reversal is refused with the message
    response = client.post(url, {"reason": "Encore", "idempotency_key": str(uuid.uuid4())})
    assert response.status_code == 200
    with translation.override("fr"):
        assert shown(response, AlreadyReversed().message)
    assert JournalTransaction.objects.filter(kind=TransactionKind.REVERSAL).count() == 1
    assert page.context["reversal"] is None
    assert client.get(url).context["reversal"] == reversal
    statement = client.get(next_url).context["lines"]
    assert [line.can_reverse for line in statement] == [False, True]
    assert ledger_verify().ok


def test_reversal_without_reason_is_a_form_error(client, coordinator, business, partner):
    txn = transfer(business, partner, 4_000)
    client.force_login(coordinator)
    response = client.post(
        reverse("ledger:transaction-reverse", args=[txn.pk]),
        {"reason": "", "idempotency_key": str(uuid.uuid4())},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    assert not JournalTransaction.objects.filter(reverses=txn).exists()


def test_next_parameter_cannot_redirect_off_site(client, coordinator, business, partner):
    txn = transfer(business, partner, 4_000)
    client.force_login(coordinator)
    response = client.post(
        reverse("ledger:transaction-reverse", args=[txn.pk]),
        {"reason": "ok", "idempotency_key": str(uuid.uuid4()), "next": "https://evil.example/"},
    )
    assert response.url == reverse("ledger:audit-log")


# --- Coordination: audit log --------------------------------------------------------------------


def test_audit_log_lists_the_coordinated_networks_entries_only(client, coordinator, business):
    services.credit_limit_set(
        actor=coordinator, account=account(business), credit_limit=150_000, reason="Confiance"
    )
    other_coordinator = UserFactory()
    elsewhere = BusinessFactory(network=NetworkFactory(coordinators=[other_coordinator]))
    services.credit_limit_set(
        actor=other_coordinator,
        account=services.account_open(business=elsewhere),
        credit_limit=1,
        reason="Ailleurs",
    )
    client.force_login(coordinator)
    response = client.get(reverse("ledger:audit-log"))
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [entry.reason for entry, _details in rows] == ["Confiance"]
    with translation.override("fr"):
        assert fr(100_000) in rows[0][1] and fr(150_000) in rows[0][1]
    body = response.content.decode()
    assert "Confiance" in body
    assert "Ailleurs" not in body
    filtered = client.get(reverse("ledger:audit-log"), {"action": AuditAction.ADJUSTMENT})
    assert not filtered.context["rows"]
