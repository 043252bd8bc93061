"""The only code that moves credit.

THE LOCKING RULE, followed by every function here:
    inside one database transaction, lock every account the operation touches, once, in
    primary-key order (SELECT … FOR UPDATE … ORDER BY id), then read, check and write them;
    holds are locked after their accounts. Serialization failures and deadlocks are retried
    around the whole block (only at the outermost transaction: an enclosing caller's block is
    its own to retry). On SQLite, transactions are IMMEDIATE (config/settings.py): the first
    statement takes the database's write lock, which serialises writers.

IDEMPOTENCY: every function that moves or reserves credit takes a caller-supplied key. The same
key with the same request returns the first result and writes nothing; the same key with a
different request raises IdempotencyConflict. Concurrent calls with one key: the unique index
makes all but one wait and then fail to insert; they are retried and find the first result.

Callers (purchase and swap flows, the API, coordinators' pages) check who may ask for a
movement; the functions here check the money: same network, balanced, within limits.
"""

from __future__ import annotations

import hashlib
import json
import logging
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone, translation

from barter.identity import require_coordinator
from config import events

from .errors import (
    AccountMismatch,
    AlreadyReversed,
    HoldNotActive,
    IdempotencyConflict,
    InsufficientCredit,
    InvalidAmount,
    LimitBelowUsage,
    MaximumBalanceExceeded,
    ReasonRequired,
)
from .models import (
    Account,
    AccountKind,
    AuditAction,
    AuditEntry,
    Hold,
    HoldStatus,
    Invoice,
    InvoiceCounter,
    JournalTransaction,
    TransactionKind,
)
from .money import line_amounts

logger = logging.getLogger(__name__)

T = TypeVar("T")

MAX_ATTEMPTS = 8
RETRYABLE_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected
TRANSFER_POSTED = "transfer.posted"


@dataclass(frozen=True, slots=True)
class Leg:
    """A signed amount of cents on an account: negative debits it, positive credits it."""

    account_id: int
    amount: int


@dataclass(frozen=True, slots=True)
class PostResult:
    transaction: JournalTransaction
    replayed: bool


# --- Plumbing -----------------------------------------------------------------------------------
#
# The posting path is written in plain SQL, portable between PostgreSQL and SQLite, with as few
# round trips as the rules allow (insert the journal row, lock the accounts, insert the postings,
# update the accounts, commit): the ORM's per-statement cost was most of a transfer's time.


def _sqlstate(exc: BaseException) -> str | None:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) or getattr(
        getattr(cause, "diag", None), "sqlstate", None
    )


def run_atomic(block: Callable[[], T]) -> T:
    """Run block() in a transaction, retrying deadlocks and serialization failures when this is
    the outermost transaction (an enclosing caller's block is its own to retry)."""
    if connection.in_atomic_block:
        with transaction.atomic():
            return block()
    for attempt in range(1, MAX_ATTEMPTS + 1):
        try:
            with transaction.atomic():
                return block()
        except OperationalError as exc:
            if _sqlstate(exc) not in RETRYABLE_SQLSTATES or attempt == MAX_ATTEMPTS:
                raise
            logger.info("ledger retry %s after %s", attempt, _sqlstate(exc))
        time.sleep(random.uniform(0, 0.002 * 2**attempt))  # noqa: S311 - jitter, not crypto
    raise AssertionError("unreachable")


def fingerprint(**parts) -> str:
    """A stable digest of a request, to tell a replay from a different request with one key."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _now_param():
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _placeholders(n: int, width: int = 1) -> str:
    row = "(" + ", ".join(["%s"] * width) + ")" if width > 1 else "%s"
    return ", ".join([row] * n)


def _insert_keyed_sql(table: str, columns: dict) -> tuple[str, list]:
    """INSERT of a row carrying an idempotency key, returning its id — or no row when the key
    already exists.

    ON CONFLICT DO NOTHING: a concurrent transaction inserting the same key makes this one wait
    for its outcome — it committed: nothing is inserted (a replay); it rolled back: this inserts.
    """
    names = ", ".join(columns)
    return (
        f"INSERT INTO {table} ({names}) VALUES ({_placeholders(len(columns))}) "  # noqa: S608
        "ON CONFLICT (idempotency_key) DO NOTHING RETURNING id",
        list(columns.values()),
    )


def _batch(cursor, statements: Sequence[tuple[str, list]]) -> list[list[tuple]]:
    """Execute statements in order and return each one's rows ([] when it returns none).

    On PostgreSQL they travel in one round trip (the client-side-binding cursor Django uses
    sends them as one query, and the results come back as successive sets); SQLite executes
    one statement per call.
    """
    results: list[list[tuple]] = []
    if connection.vendor == "postgresql" and len(statements) > 1:
        cursor.execute(
            "; ".join(sql for sql, _ in statements), [p for _, params in statements for p in params]
        )
        raw = cursor.cursor
        while True:
            results.append(raw.fetchall() if raw.description else [])
            if not raw.nextset():
                break
        return results
    for sql, params in statements:
        cursor.execute(sql, params)
        results.append(cursor.fetchall() if cursor.description else [])
    return results


def _replay(model, key: str, request_hash: str):
    found = model.objects.get(idempotency_key=key)
    if found.request_hash != request_hash:
        raise IdempotencyConflict()
    return found


@dataclass(slots=True)
class _Locked:
    """An account row under lock, as the posting path reads and writes it."""

    id: int
    network_id: int
    balance: int
    held: int
    credit_limit: int
    max_balance: int | None

    @property
    def available(self) -> int:
        return self.balance - self.held + self.credit_limit


def _lock_accounts_sql(ids: Iterable[int]) -> tuple[str, list]:
    """SELECT … FOR UPDATE of the accounts in primary-key order: the locking rule."""
    wanted = sorted(set(ids))
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    return (
        "SELECT id, network_id, balance, held, credit_limit, max_balance FROM ledger_account "  # noqa: S608
        f"WHERE id IN ({_placeholders(len(wanted))}) ORDER BY id{lock}",
        wanted,
    )


def _locked_rows(ids: Iterable[int], rows: list[tuple]) -> dict[int, _Locked]:
    accounts = {row[0]: _Locked(*row) for row in rows}
    if len(accounts) != len(set(ids)):
        raise AccountMismatch()
    return accounts


def _lock_accounts(cursor, ids: Iterable[int]) -> dict[int, _Locked]:
    """Lock the accounts in primary-key order (the locking rule) and return them by id."""
    ids = list(ids)
    sql, params = _lock_accounts_sql(ids)
    cursor.execute(sql, params)
    return _locked_rows(ids, cursor.fetchall())


def _named(account_id: int) -> Account:
    return Account.objects.select_related("business", "network").get(pk=account_id)


def _check_legs(legs: Sequence[Leg]) -> list[Leg]:
    """Refuse non-integer, zero or unbalanced legs. Legs are kept as given (not netted per
    account): a swap's participant both gives and receives, and its statement shows both."""
    legs = list(legs)
    for leg in legs:
        if not isinstance(leg.amount, int) or isinstance(leg.amount, bool) or leg.amount == 0:
            raise InvalidAmount()
    if len(legs) < 2 or sum(leg.amount for leg in legs) != 0:
        raise InvalidAmount()
    return legs


def _apply(
    *, accounts: dict[int, _Locked], legs: Sequence[Leg], released: Sequence[tuple]
) -> list[int]:
    """Apply the hold releases and the legs to the locked rows (in memory), check every account
    whose net change is a debit (credit limit) or a credit (maximum balance) on its final state,
    and return each leg's running balance (in the order given)."""
    before = {pk: account.available for pk, account in accounts.items()}
    for _hold_id, account_id, amount, _status in released:
        accounts[account_id].held -= amount
    net: dict[int, int] = {}
    running = []
    for leg in legs:
        account = accounts[leg.account_id]
        account.balance += leg.amount
        running.append(account.balance)
        net[leg.account_id] = net.get(leg.account_id, 0) + leg.amount
    for account_id, change in sorted(net.items()):
        account = accounts[account_id]
        if change < 0 and account.available < 0:
            raise InsufficientCredit(
                account=_named(account_id), needed=-change, available=before[account_id]
            )
        if change > 0 and account.max_balance is not None and account.balance > account.max_balance:
            raise MaximumBalanceExceeded(account=_named(account_id))
    return running


def _write_accounts_sql(rows: Iterable[_Locked]) -> tuple[str, list]:
    rows = sorted(rows, key=lambda r: r.id)
    return (
        "UPDATE ledger_account SET balance = v.column2, held = v.column3 "  # noqa: S608
        f"FROM (VALUES {_placeholders(len(rows), 3)}) AS v WHERE ledger_account.id = v.column1",
        [value for r in rows for value in (r.id, r.balance, r.held)],
    )


def _write_accounts(cursor, rows: Iterable[_Locked]) -> None:
    cursor.execute(*_write_accounts_sql(rows))


def _post(
    *,
    network_id: int,
    kind: str,
    legs: Sequence[Leg],
    actor,
    memo: str,
    idempotency_key: str,
    request_hash: str,
    hold_ids: Sequence[int] = (),
    reverses_id: int | None = None,
) -> PostResult:
    legs = _check_legs(legs)
    actor_id = getattr(actor, "pk", None)
    now = timezone.now()
    now_param = connection.ops.adapt_datetimefield_value(now)
    held_accounts = (
        list(Hold.objects.filter(pk__in=hold_ids).values_list("account_id", flat=True))
        if hold_ids
        else []
    )
    account_ids = [leg.account_id for leg in legs] + held_accounts
    statements = [
        _insert_keyed_sql(
            "ledger_journaltransaction",
            {
                "network_id": network_id,
                "kind": kind,
                "memo": memo[:500],
                "actor_id": actor_id,
                "idempotency_key": idempotency_key,
                "request_hash": request_hash,
                "reverses_id": reverses_id,
                "created_at": now_param,
            },
        ),
        _lock_accounts_sql(account_ids),
    ]
    if hold_ids:
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        statements.append(
            (
                "SELECT id, account_id, amount, status FROM ledger_hold "  # noqa: S608
                f"WHERE id IN ({_placeholders(len(hold_ids))}) ORDER BY id{lock}",
                sorted(hold_ids),
            )
        )
    with connection.cursor() as cursor:
        inserted, locked_rows, *hold_rows = _batch(cursor, statements)
        if not inserted:
            return PostResult(_replay(JournalTransaction, idempotency_key, request_hash), True)
        txn_id = inserted[0][0]
        accounts = _locked_rows(account_ids, locked_rows)
        if any(a.network_id != network_id for a in accounts.values()):
            raise AccountMismatch()
        released = hold_rows[0] if hold_rows else []
        if len(released) != len(set(hold_ids)) or any(r[3] != HoldStatus.ACTIVE for r in released):
            raise HoldNotActive()
        running = _apply(accounts=accounts, legs=legs, released=released)
        # The cached balances first: the database checks each posting lands on its account's.
        writes = [
            _write_accounts_sql(accounts.values()),
            (
                "INSERT INTO ledger_posting (transaction_id, account_id, amount, balance_after) "  # noqa: S608
                f"VALUES {_placeholders(len(legs), 4)}",
                [
                    v
                    for leg, balance_after in zip(legs, running, strict=True)
                    for v in (txn_id, leg.account_id, leg.amount, balance_after)
                ],
            ),
        ]
        if hold_ids:
            writes.append(
                (
                    "UPDATE ledger_hold SET status = %s, transaction_id = %s, closed_at = %s "  # noqa: S608
                    f"WHERE id IN ({_placeholders(len(hold_ids))})",
                    [HoldStatus.POSTED, txn_id, now_param, *hold_ids],
                )
            )
        # The event's subscribers' probes travel with the writes: no round trip after commit.
        probes = events.probes(TRANSFER_POSTED, network_id)
        answers = _batch(cursor, writes + [(p.sql, p.params) for p in probes])
        probed = list(zip(probes, answers[len(writes) :], strict=True))
    txn = JournalTransaction(
        pk=txn_id,
        network_id=network_id,
        kind=kind,
        memo=memo[:500],
        actor_id=actor_id,
        idempotency_key=idempotency_key,
        request_hash=request_hash,
        reverses_id=reverses_id,
        created_at=now,
    )
    txn._state.adding = False
    txn._state.db = "default"
    events.publish(
        TRANSFER_POSTED,
        network_id=network_id,
        payload={
            "transaction": txn_id,
            "kind": kind,
            "postings": [{"account": leg.account_id, "amount": leg.amount} for leg in legs],
        },
        probed=probed,
    )
    return PostResult(txn, False)


# --- Accounts -----------------------------------------------------------------------------------


def network_account(*, network) -> Account:
    """The network's own account (fees collected, counterpart of adjustments), opened on demand
    with the network's default credit limit, so that a coordinator's first credit adjustment
    can be posted; coordinators tune it like any account's."""
    account, _ = Account.objects.get_or_create(
        network=network,
        kind=AccountKind.NETWORK,
        defaults={"credit_limit": network.default_credit_limit},
    )
    return account


def account_open(*, business) -> Account:
    """Open (or return) a business's account in its network, with the network's default limit."""
    account, created = Account.objects.get_or_create(
        network_id=business.network_id,
        business=business,
        defaults={
            "kind": AccountKind.BUSINESS,
            "credit_limit": business.network.default_credit_limit,
        },
    )
    if created:
        network_account(network=business.network)
    return account


# --- Movements ----------------------------------------------------------------------------------


def transfer_post(
    *,
    actor,
    payer: Account,
    payee: Account,
    amount: int,
    idempotency_key: str,
    memo: str = "",
    kind: str = TransactionKind.TRANSFER,
    fee: int = 0,
) -> PostResult:
    """Move `amount` cents from payer to payee; `fee` of them goes to the network account instead.

    Raises InsufficientCredit, MaximumBalanceExceeded, AccountMismatch, IdempotencyConflict.
    """
    if (
        not isinstance(amount, int)
        or isinstance(amount, bool)
        or amount <= 0
        or not 0 <= fee <= amount
        or payer.pk == payee.pk
    ):
        raise InvalidAmount()
    request_hash = fingerprint(
        op="transfer", payer=payer.pk, payee=payee.pk, amount=amount, fee=fee, kind=kind, memo=memo
    )

    def block() -> PostResult:
        legs = [Leg(payer.pk, -amount), Leg(payee.pk, amount - fee)]
        if fee:
            legs.append(Leg(network_account(network=payer.network).pk, fee))
        return _post(
            network_id=payer.network_id,
            kind=kind,
            legs=legs,
            actor=actor,
            memo=memo,
            idempotency_key=idempotency_key,
            request_hash=request_hash,
        )

    return run_atomic(block)


def settlement_post(
    *,
    actor,
    network,
    legs: Sequence[Leg],
    idempotency_key: str,
    kind: str,
    memo: str = "",
    holds: Sequence[Hold] = (),
) -> PostResult:
    """Post a balanced multi-leg transaction at once, consuming the given active holds.

    Used to settle a multilateral swap: all legs or none. Each consumed hold stops counting
    against its account's available credit as the legs are applied.
    """
    request_hash = fingerprint(
        op="settlement",
        network=network.pk,
        legs=sorted((leg.account_id, leg.amount) for leg in legs),
        holds=sorted(h.pk for h in holds),
        kind=kind,
        memo=memo,
    )
    return run_atomic(
        lambda: _post(
            network_id=network.pk,
            kind=kind,
            legs=legs,
            actor=actor,
            memo=memo,
            idempotency_key=idempotency_key,
            request_hash=request_hash,
            hold_ids=[h.pk for h in holds],
        )
    )


def hold_create(
    *, actor, account: Account, amount: int, idempotency_key: str, memo: str = ""
) -> Hold:
    """Reserve `amount` cents of the account's available credit (two-phase, first phase)."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise InvalidAmount()
    request_hash = fingerprint(op="hold", account=account.pk, amount=amount, memo=memo)

    def block() -> Hold:
        with connection.cursor() as cursor:
            cursor.execute(
                *_insert_keyed_sql(
                    "ledger_hold",
                    {
                        "account_id": account.pk,
                        "amount": amount,
                        "status": HoldStatus.ACTIVE,
                        "memo": memo[:500],
                        "actor_id": getattr(actor, "pk", None),
                        "idempotency_key": idempotency_key,
                        "request_hash": request_hash,
                        "created_at": _now_param(),
                    },
                )
            )
            row = cursor.fetchone()
            hold_id = row[0] if row else None
            if hold_id is None:
                return _replay(Hold, idempotency_key, request_hash)
            locked = _lock_accounts(cursor, [account.pk])[account.pk]
            if amount > locked.available:
                raise InsufficientCredit(
                    account=_named(account.pk), needed=amount, available=locked.available
                )
            locked.held += amount
            _write_accounts(cursor, [locked])
        return Hold.objects.get(pk=hold_id)

    return run_atomic(block)


def hold_release(*, actor, hold: Hold) -> Hold:
    """Give reserved credit back. Releasing a released hold changes nothing; a posted one is an
    error."""

    def block() -> Hold:
        with connection.cursor() as cursor:
            account = _lock_accounts(cursor, [hold.account_id])[hold.account_id]
            locked = Hold.objects.select_for_update().get(pk=hold.pk)
            if locked.status == HoldStatus.RELEASED:
                return locked
            if locked.status != HoldStatus.ACTIVE:
                raise HoldNotActive()
            account.held -= locked.amount
            _write_accounts(cursor, [account])
        locked.status = HoldStatus.RELEASED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at"])
        return locked

    return run_atomic(block)


def hold_post(
    *,
    actor,
    hold: Hold,
    credits: Sequence[Leg],
    idempotency_key: str,
    kind: str,
    memo: str = "",
) -> PostResult:
    """Turn a hold into a transaction: its account is debited the held amount, which the
    `credits` legs (summing to it) receive."""
    legs = [Leg(hold.account_id, -hold.amount), *credits]
    return settlement_post(
        actor=actor,
        network=hold.account.network,
        legs=legs,
        idempotency_key=idempotency_key,
        kind=kind,
        memo=memo,
        holds=[hold],
    )


def audit_record(
    *, network, actor, action: str, reason: str, transaction_=None, account=None, details=None
) -> AuditEntry:
    """Append an entry to the ledger's audit log (who did what outside ordinary exchanges)."""
    return AuditEntry.objects.create(
        network=network,
        actor=actor,
        action=action,
        transaction=transaction_,
        account=account,
        reason=reason,
        details=details or {},
    )


def _require_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    return reason


def transaction_reverse(
    *, actor, transaction_: JournalTransaction, reason: str, idempotency_key: str
) -> PostResult:
    """A coordinator cancels a transaction by posting its exact opposite (never by editing it).

    Refused if it would take an account beyond its limits (the money was spent since).
    """
    require_coordinator(actor, transaction_.network)
    reason = _require_reason(reason)
    request_hash = fingerprint(op="reverse", transaction=transaction_.pk)

    def block() -> PostResult:
        found = JournalTransaction.objects.filter(idempotency_key=idempotency_key).first()
        if found is not None:
            return PostResult(_replay(JournalTransaction, idempotency_key, request_hash), True)
        # Serialise reversals of one transaction (a row lock, not an update: append-only holds).
        JournalTransaction.objects.select_for_update().filter(pk=transaction_.pk).first()
        if JournalTransaction.objects.filter(reverses=transaction_).exists():
            raise AlreadyReversed()
        legs = [Leg(p.account_id, -p.amount) for p in transaction_.postings.all()]
        result = _post(
            network_id=transaction_.network_id,
            kind=TransactionKind.REVERSAL,
            legs=legs,
            actor=actor,
            memo=f"#{transaction_.pk}: {reason}",
            idempotency_key=idempotency_key,
            request_hash=request_hash,
            reverses_id=transaction_.pk,
        )
        audit_record(
            network=transaction_.network,
            actor=actor,
            action=AuditAction.REVERSAL,
            transaction_=result.transaction,
            reason=reason,
            details={"reversed": transaction_.pk},
        )
        return result

    return run_atomic(block)


def adjustment_post(
    *, actor, account: Account, amount: int, reason: str, idempotency_key: str
) -> PostResult:
    """A coordinator credits (amount > 0) or debits (amount < 0) a business account against the
    network account, with a reason kept in the audit log."""
    require_coordinator(actor, account.network)
    reason = _require_reason(reason)
    if not isinstance(amount, int) or amount == 0 or account.kind != AccountKind.BUSINESS:
        raise InvalidAmount()
    request_hash = fingerprint(op="adjust", account=account.pk, amount=amount, reason=reason)

    def block() -> PostResult:
        counterpart = network_account(network=account.network)
        result = _post(
            network_id=account.network_id,
            kind=TransactionKind.ADJUSTMENT,
            legs=[Leg(account.pk, amount), Leg(counterpart.pk, -amount)],
            actor=actor,
            memo=reason,
            idempotency_key=idempotency_key,
            request_hash=request_hash,
        )
        if not result.replayed:
            audit_record(
                network=account.network,
                actor=actor,
                action=AuditAction.ADJUSTMENT,
                account=account,
                transaction_=result.transaction,
                reason=reason,
                details={"amount": amount},
            )
        return result

    return run_atomic(block)


def _account_setting_change(
    *, actor, account: Account, field: str, value, action: str, reason: str, check
) -> Account:
    """Change one limit of an account under its row lock, after `check(locked)`, and audit it."""
    require_coordinator(actor, account.network)
    reason = _require_reason(reason)

    def block() -> Account:
        locked = Account.objects.select_for_update().get(pk=account.pk)
        check(locked)
        previous = getattr(locked, field)
        setattr(locked, field, value)
        locked.save(update_fields=[field])
        audit_record(
            network=locked.network,
            actor=actor,
            action=action,
            account=locked,
            reason=reason,
            details={"from": previous, "to": value},
        )
        return locked

    return run_atomic(block)


def credit_limit_set(*, actor, account: Account, credit_limit: int, reason: str) -> Account:
    """A coordinator sets an account's credit limit; it cannot go below the credit in use."""
    if not isinstance(credit_limit, int) or isinstance(credit_limit, bool) or credit_limit < 0:
        raise InvalidAmount()

    def check(locked: Account) -> None:
        used = locked.held - locked.balance
        if used > credit_limit:
            raise LimitBelowUsage(account=locked, used=used)

    return _account_setting_change(
        actor=actor,
        account=account,
        field="credit_limit",
        value=credit_limit,
        action=AuditAction.CREDIT_LIMIT,
        reason=reason,
        check=check,
    )


def max_balance_set(*, actor, account: Account, max_balance: int | None, reason: str) -> Account:
    """A coordinator sets (or removes, with None) an account's maximum balance."""
    if max_balance is not None and (not isinstance(max_balance, int) or max_balance < 0):
        raise InvalidAmount()

    def check(locked: Account) -> None:
        if max_balance is not None and locked.balance > max_balance:
            raise MaximumBalanceExceeded(account=locked)

    return _account_setting_change(
        actor=actor,
        account=account,
        field="max_balance",
        value=max_balance,
        action=AuditAction.MAX_BALANCE,
        reason=reason,
        check=check,
    )


# --- Invoices -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InvoiceLine:
    description: str
    quantity: int
    unit: str
    unit_price: int  # cents excl. VAT
    vat_rate: int  # basis points


def _business_snapshot(business) -> dict:
    """What the invoice prints of a business, frozen at issue, in the platform's language."""
    with translation.override(settings.LANGUAGE_CODE):
        legal_form = str(business.get_kind_display())
    return {
        "name": business.legal_name,
        "siret": business.siret,
        "address": business.address,
        "postcode": business.postcode,
        "commune": business.commune,
        "legal_form": legal_form,
    }


def invoice_issue(
    *, transaction_: JournalTransaction, seller, buyer, lines: Sequence[InvoiceLine]
) -> Invoice:
    """Issue the seller's invoice for a settled exchange, numbered next in the seller's unbroken
    sequence. Call it inside the settling transaction: if that rolls back, the number is unused.
    """
    if not lines:
        raise InvalidAmount()
    InvoiceCounter.objects.get_or_create(business=seller)
    counter = InvoiceCounter.objects.select_for_update().get(business=seller)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    rendered = []
    for line in lines:
        total_ht, vat, total = line_amounts(
            unit_price=line.unit_price, quantity=line.quantity, vat_rate=line.vat_rate
        )
        rendered.append(
            {
                "description": line.description,
                "quantity": line.quantity,
                "unit": line.unit,
                "unit_price": line.unit_price,
                "vat_rate": line.vat_rate,
                "total_ht": total_ht,
                "vat": vat,
                "total": total,
            }
        )
    return Invoice.objects.create(
        network_id=seller.network_id,
        seller=seller,
        buyer=buyer,
        sequence=counter.last_number,
        number=f"CYC{seller.pk:05d}-{counter.last_number:06d}",
        issued_on=timezone.localdate(),
        transaction=transaction_,
        seller_snapshot=_business_snapshot(seller),
        buyer_snapshot=_business_snapshot(buyer),
        lines=rendered,
        total_ht=sum(line["total_ht"] for line in rendered),
        total_vat=sum(line["vat"] for line in rendered),
        total=sum(line["total"] for line in rendered),
    )
