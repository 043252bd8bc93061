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

from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import timezone

from .errors import (
    AccountMismatch,
    AlreadyReversed,
    HoldNotActive,
    IdempotencyConflict,
    InsufficientCredit,
    InvalidAmount,
    LimitBelowUsage,
    MaximumBalanceExceeded,
    NotAllowed,
    ReasonRequired,
)
from .models import (
    Account,
    AccountKind,
    AuditAction,
    AuditEntry,
    Hold,
    HoldStatus,
    JournalTransaction,
    Posting,
    TransactionKind,
)

logger = logging.getLogger(__name__)

T = TypeVar("T")

MAX_ATTEMPTS = 8
RETRYABLE_SQLSTATES = {"40001", "40P01"}  # serialization_failure, deadlock_detected


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


def _sqlstate(exc: BaseException) -> str | None:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) or getattr(
        getattr(cause, "diag", None), "sqlstate", None
    )


def run_atomic(block: Callable[[], T]) -> T:
    """Run block() in a transaction, retrying deadlocks, serialization failures and idempotency
    races (a concurrent insert of the same key) when this is the outermost transaction."""
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
        except _KeyRace:
            if attempt == MAX_ATTEMPTS:
                raise
        time.sleep(random.uniform(0, 0.002 * 2**attempt))  # noqa: S311 - jitter, not crypto
    raise AssertionError("unreachable")


class _KeyRace(Exception):
    """Another transaction inserted the same idempotency key first; retry to replay it."""


def fingerprint(**parts) -> str:
    """A stable digest of a request, to tell a replay from a different request with one key."""
    canonical = json.dumps(parts, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(model, key: str, request_hash: str):
    found = model.objects.filter(idempotency_key=key).first()
    if found is not None and found.request_hash != request_hash:
        raise IdempotencyConflict()
    return found


def _insert_keyed(instance):
    """Insert a row carrying an idempotency key; a concurrent duplicate becomes _KeyRace."""
    try:
        with transaction.atomic():
            instance.save(force_insert=True)
    except IntegrityError as exc:
        if type(instance).objects.filter(idempotency_key=instance.idempotency_key).exists() or (
            "idempotency_key" in str(exc)
        ):
            raise _KeyRace() from exc
        raise


def _lock_accounts(ids: Iterable[int]) -> dict[int, Account]:
    """Lock the accounts in primary-key order (the locking rule) and return them by id."""
    wanted = sorted(set(ids))
    accounts = {
        a.pk: a for a in Account.objects.select_for_update().filter(pk__in=wanted).order_by("pk")
    }
    if len(accounts) != len(wanted):
        raise AccountMismatch()
    return accounts


def _normalise_legs(legs: Sequence[Leg]) -> list[Leg]:
    """Merge the legs on the same account; refuse non-integer, zero-sum-violating input."""
    totals: dict[int, int] = {}
    for leg in legs:
        if not isinstance(leg.amount, int) or isinstance(leg.amount, bool):
            raise InvalidAmount()
        totals[leg.account_id] = totals.get(leg.account_id, 0) + leg.amount
    if sum(totals.values()) != 0:
        raise InvalidAmount()
    merged = [Leg(account_id, amount) for account_id, amount in sorted(totals.items()) if amount]
    if len(merged) < 2:
        raise InvalidAmount()
    return merged


def _apply(
    *,
    accounts: dict[int, Account],
    legs: Sequence[Leg],
    released_holds: Sequence[Hold] = (),
) -> None:
    """Check and apply balance and hold changes on locked accounts (in memory)."""
    for hold in released_holds:
        accounts[hold.account_id].held -= hold.amount
    for leg in legs:
        account = accounts[leg.account_id]
        account.balance += leg.amount
    for leg in legs:
        account = accounts[leg.account_id]
        if leg.amount < 0 and account.balance - account.held < -account.credit_limit:
            raise InsufficientCredit(
                account=account,
                needed=-leg.amount,
                available=account.balance - leg.amount - account.held + account.credit_limit,
            )
        if (
            leg.amount > 0
            and account.max_balance is not None
            and account.balance > account.max_balance
        ):
            raise MaximumBalanceExceeded(account=account)


def _write(
    *, txn: JournalTransaction, accounts: dict[int, Account], legs: Sequence[Leg], touched: set[int]
) -> None:
    Posting.objects.bulk_create(
        [
            Posting(
                transaction=txn,
                account_id=leg.account_id,
                amount=leg.amount,
                balance_after=accounts[leg.account_id].balance,
            )
            for leg in legs
        ]
    )
    Account.objects.bulk_update([accounts[pk] for pk in sorted(touched)], ["balance", "held"])


def _post(
    *,
    network_id: int,
    kind: str,
    legs: Sequence[Leg],
    actor,
    memo: str,
    idempotency_key: str,
    request_hash: str,
    holds: Sequence[Hold] = (),
    reverses: JournalTransaction | None = None,
) -> PostResult:
    existing = _replay(JournalTransaction, idempotency_key, request_hash)
    if existing is not None:
        return PostResult(existing, True)
    legs = _normalise_legs(legs)
    txn = JournalTransaction(
        network_id=network_id,
        kind=kind,
        memo=memo[:500],
        actor=actor if getattr(actor, "pk", None) else None,
        idempotency_key=idempotency_key,
        request_hash=request_hash,
        reverses=reverses,
    )
    _insert_keyed(txn)
    hold_ids = [h.pk for h in holds]
    accounts = _lock_accounts([leg.account_id for leg in legs] + [h.account_id for h in holds])
    if any(a.network_id != network_id for a in accounts.values()):
        raise AccountMismatch()
    locked_holds = list(Hold.objects.select_for_update().filter(pk__in=hold_ids).order_by("pk"))
    if len(locked_holds) != len(hold_ids) or any(
        h.status != HoldStatus.ACTIVE for h in locked_holds
    ):
        raise HoldNotActive()
    _apply(accounts=accounts, legs=legs, released_holds=locked_holds)
    _write(
        txn=txn,
        accounts=accounts,
        legs=legs,
        touched={leg.account_id for leg in legs} | {h.account_id for h in locked_holds},
    )
    if locked_holds:
        now = timezone.now()
        Hold.objects.filter(pk__in=hold_ids).update(
            status=HoldStatus.POSTED, transaction=txn, closed_at=now
        )
    return PostResult(txn, False)


# --- Accounts -----------------------------------------------------------------------------------


def network_account(*, network) -> Account:
    """The network's own account (fees collected, counterpart of adjustments), opened on demand."""
    account, _ = Account.objects.get_or_create(
        network=network, kind=AccountKind.NETWORK, defaults={"credit_limit": 0}
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
            holds=holds,
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
        existing = _replay(Hold, idempotency_key, request_hash)
        if existing is not None:
            return existing
        hold = Hold(
            account_id=account.pk,
            amount=amount,
            memo=memo[:500],
            actor=actor if getattr(actor, "pk", None) else None,
            idempotency_key=idempotency_key,
            request_hash=request_hash,
        )
        _insert_keyed(hold)
        locked = _lock_accounts([account.pk])[account.pk]
        available = locked.available
        if amount > available:
            raise InsufficientCredit(account=locked, needed=amount, available=available)
        locked.held += amount
        locked.save(update_fields=["held"])
        return hold

    return run_atomic(block)


def hold_release(*, actor, hold: Hold) -> Hold:
    """Give reserved credit back. Releasing a released hold changes nothing; a posted one is an
    error."""

    def block() -> Hold:
        account = _lock_accounts([hold.account_id])[hold.account_id]
        locked = Hold.objects.select_for_update().get(pk=hold.pk)
        if locked.status == HoldStatus.RELEASED:
            return locked
        if locked.status != HoldStatus.ACTIVE:
            raise HoldNotActive()
        account.held -= locked.amount
        account.save(update_fields=["held"])
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


def _require_coordinator(actor, network) -> None:
    from barter.selectors import user_is_coordinator

    if actor is None or not user_is_coordinator(actor, network):
        raise NotAllowed()


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
    _require_coordinator(actor, transaction_.network)
    reason = _require_reason(reason)
    request_hash = fingerprint(op="reverse", transaction=transaction_.pk)

    def block() -> PostResult:
        existing = _replay(JournalTransaction, idempotency_key, request_hash)
        if existing is not None:
            return PostResult(existing, True)
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
            reverses=transaction_,
        )
        AuditEntry.objects.create(
            network_id=transaction_.network_id,
            actor=actor,
            action=AuditAction.REVERSAL,
            transaction=result.transaction,
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
    _require_coordinator(actor, account.network)
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
            AuditEntry.objects.create(
                network_id=account.network_id,
                actor=actor,
                action=AuditAction.ADJUSTMENT,
                account=account,
                transaction=result.transaction,
                reason=reason,
                details={"amount": amount},
            )
        return result

    return run_atomic(block)


def credit_limit_set(*, actor, account: Account, credit_limit: int, reason: str) -> Account:
    """A coordinator sets an account's credit limit; it cannot go below the credit in use."""
    _require_coordinator(actor, account.network)
    reason = _require_reason(reason)
    if not isinstance(credit_limit, int) or credit_limit < 0:
        raise InvalidAmount()

    def block() -> Account:
        locked = _lock_accounts([account.pk])[account.pk]
        used = locked.held - locked.balance
        if used > credit_limit:
            raise LimitBelowUsage(account=locked, used=used)
        previous = locked.credit_limit
        locked.credit_limit = credit_limit
        locked.save(update_fields=["credit_limit"])
        AuditEntry.objects.create(
            network_id=locked.network_id,
            actor=actor,
            action=AuditAction.CREDIT_LIMIT,
            account=locked,
            reason=reason,
            details={"from": previous, "to": credit_limit},
        )
        return locked

    return run_atomic(block)


def max_balance_set(*, actor, account: Account, max_balance: int | None, reason: str) -> Account:
    """A coordinator sets (or removes, with None) an account's maximum balance."""
    _require_coordinator(actor, account.network)
    reason = _require_reason(reason)
    if max_balance is not None and (not isinstance(max_balance, int) or max_balance < 0):
        raise InvalidAmount()

    def block() -> Account:
        locked = _lock_accounts([account.pk])[account.pk]
        if max_balance is not None and locked.balance > max_balance:
            raise MaximumBalanceExceeded(account=locked)
        previous = locked.max_balance
        locked.max_balance = max_balance
        locked.save(update_fields=["max_balance"])
        AuditEntry.objects.create(
            network_id=locked.network_id,
            actor=actor,
            action=AuditAction.MAX_BALANCE,
            account=locked,
            reason=reason,
            details={"from": previous, "to": max_balance},
        )
        return locked

    return run_atomic(block)
