"""Forms of the ledger's pages. They parse and validate input; ledger/services.py writes."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from .fields import MAX_CREDITS, CreditAmountField
from .models import AuditAction


class StatementFilterForm(forms.Form):
    """The period of a statement (GET); both dates optional and inclusive."""

    start = forms.DateField(
        label=_("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=_("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end of the period comes before its start."))
        return data


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Reason"))
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 2}))
        kwargs.setdefault("help_text", _("Required: it is kept in the audit log."))
        super().__init__(**kwargs)


class IdempotentForm(forms.Form):
    """A form that moves credit: a hidden key, drawn when the form is first shown, makes a
    double submission post once."""

    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("idempotency_key", uuid.uuid4())
        super().__init__(*args, **kwargs)

    def service_key(self, operation: str) -> str:
        """The key passed to the service, namespaced so a typed key cannot collide with the
        keys the exchange flows use."""
        return f"web:{operation}:{self.cleaned_data['idempotency_key']}"


class CreditLimitForm(forms.Form):
    credit_limit = CreditAmountField(
        label=_("Credit limit (credits)"),
        help_text=_("How far below zero the balance may go. 1 credit = 1 euro."),
    )
    reason = ReasonField()


class MaxBalanceForm(forms.Form):
    max_balance = CreditAmountField(
        label=_("Maximum balance (credits)"),
        required=False,
        help_text=_("Leave empty to remove the maximum."),
    )
    reason = ReasonField()


class AdjustmentForm(IdempotentForm):
    amount = CreditAmountField(
        label=_("Amount (credits)"),
        min_value=-MAX_CREDITS,
        help_text=_(
            "Positive to credit the business, negative to debit it; the network account is the "
            "counterpart."
        ),
    )
    reason = ReasonField()

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount == 0:
            raise forms.ValidationError(_("An adjustment cannot be zero."))
        return amount


class ReversalForm(IdempotentForm):
    reason = ReasonField(help_text=_("Required: it is kept in the audit log and in the memo."))


def _bootstrap(form: forms.Form) -> None:
    """Bootstrap classes on a filter form rendered field by field in a row."""
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", css)


class AccountFilterForm(forms.Form):
    """Filters of the coordinators' list of accounts (GET)."""

    SITUATIONS = [
        ("", _("All accounts")),
        ("near", _("Near their limit (80 % used or more)")),
        ("large", _("Large positive balance (half the limit or more)")),
    ]
    SORTS = [
        ("name", _("Business name")),
        ("balance", _("Balance, lowest first")),
        ("-balance", _("Balance, highest first")),
    ]

    q = forms.CharField(label=_("Business name or SIRET"), required=False, max_length=100)
    network = forms.ModelChoiceField(
        label=_("Network"), queryset=None, required=False, empty_label=_("All my networks")
    )
    situation = forms.ChoiceField(label=_("Situation"), choices=SITUATIONS, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        _bootstrap(self)


class AuditFilterForm(forms.Form):
    network = forms.ModelChoiceField(
        label=_("Network"), queryset=None, required=False, empty_label=_("All my networks")
    )
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["action"].choices = [("", _("All actions")), *AuditAction.choices]
        _bootstrap(self)
