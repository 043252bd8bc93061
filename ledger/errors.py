"""The ledger's domain errors; every message is translatable and safe to show."""

from django.utils.translation import gettext_lazy as _

from config.errors import DomainError
from config.errors import NotAllowed as NotAllowed

from .money import format_credits


class LedgerError(DomainError):
    """The ledger refused the operation; nothing was written."""

    default_message = _("The ledger refused this operation.")
    code = "ledger_error"
    http_status = 400


class InvalidAmount(LedgerError):
    default_message = _("The amount is not valid.")
    code = "invalid_amount"


class InsufficientCredit(LedgerError):
    """A debit or hold would take an account below its credit limit."""

    code = "insufficient_credit"

    def __init__(self, *, account, needed: int, available: int):
        self.account_id = account.pk
        self.needed = needed
        self.available = available
        super().__init__(
            _(
                "Not enough credit on %(account)s: %(needed)s needed, %(available)s available "
                "within the credit limit."
            )
            % {
                "account": account,
                "needed": format_credits(needed),
                "available": format_credits(max(available, 0)),
            }
        )


class MaximumBalanceExceeded(LedgerError):
    code = "maximum_balance_exceeded"

    def __init__(self, *, account):
        self.account_id = account.pk
        super().__init__(
            _("%(account)s would exceed its maximum balance of %(maximum)s.")
            % {"account": account, "maximum": format_credits(account.max_balance)}
        )


class IdempotencyConflict(LedgerError):
    """The key was already used for a different request."""

    default_message = _(
        "This idempotency key was already used for a different request; use a new key."
    )
    code = "idempotency_conflict"
    http_status = 409


class HoldNotActive(LedgerError):
    default_message = _("This reservation of credit is already posted or released.")
    code = "hold_not_active"


class AccountMismatch(LedgerError):
    default_message = _("These accounts do not belong to the same network currency.")
    code = "account_mismatch"


class AlreadyReversed(LedgerError):
    default_message = _("This transaction was already reversed.")
    code = "already_reversed"


class LimitBelowUsage(LedgerError):
    code = "limit_below_usage"

    def __init__(self, *, account, used: int):
        super().__init__(
            _("%(account)s already uses %(used)s of credit: the limit cannot go below that.")
            % {"account": account, "used": format_credits(used)}
        )


class ReasonRequired(LedgerError):
    default_message = _("Give a reason: it is kept in the audit log.")
    code = "reason_required"
