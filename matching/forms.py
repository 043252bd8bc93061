from django import forms
from django.utils.translation import gettext_lazy as _

from ledger.fields import CreditAmountField

from .models import MatchingSettings


class MatchingSettingsForm(forms.ModelForm):
    balance_tolerance = CreditAmountField(
        label=_("Balance tolerance (credits)"),
        help_text=_(
            "How much credit a participant may gain or spend in one run's swaps (0: pure barter)."
        ),
    )

    class Meta:
        model = MatchingSettings
        fields = [
            "max_cycle_length",
            "objective",
            "budget_tolerance",
            "balance_tolerance",
            "default_radius_km",
            "proposal_ttl_days",
            "time_limit_s",
            "nightly",
        ]

    def clean_max_cycle_length(self):
        value = self.cleaned_data.get("max_cycle_length")
        if value is not None and value < 2:
            raise forms.ValidationError(_("A swap has at least 2 businesses (empty: no limit)."))
        return value


class ProposalReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
