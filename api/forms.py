"""Forms of the coordinators' partner pages. They parse input; api/services.py writes."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.events import EVENTS

from .models import Scope


class ExpiryField(forms.DateField):
    """A last day of validity, cleaned to the end of that day (local time); empty: no expiry."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Valid until"))
        kwargs.setdefault("help_text", _("Last day the key works. Empty: until revoked."))
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(**kwargs)

    def clean(self, value):
        day = super().clean(value)
        if day is None:
            return None
        if day < timezone.localdate():
            raise forms.ValidationError(_("Choose a day from today on."))
        return timezone.make_aware(datetime.combine(day, time.max))


class PartnerClientForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Network"), queryset=None, empty_label=None)
    name = forms.CharField(
        label=_("Name"),
        max_length=120,
        help_text=_("Who uses it, e.g. “Business club of Sénart — member tool”."),
    )
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"),
        choices=Scope.choices,
        initial=[Scope.READ],
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Read: the network's businesses, listings, accounts, proposals. Write: act for the "
            "network's businesses (listings, transfers, answers to proposals, matching runs)."
        ),
    )
    expiry_date = ExpiryField()
    throttle_rate = forms.CharField(
        label=_("Rate limit"),
        required=False,
        max_length=20,
        help_text=_("e.g. 600/min; empty: the platform's default."),
    )
    contact_email = forms.EmailField(label=_("Technical contact"), required=False)

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks


class PartnerKeyForm(forms.Form):
    expiry_date = ExpiryField()


class WebhookEndpointForm(forms.Form):
    url = forms.URLField(
        label=_("URL"), max_length=500, assume_scheme="https", help_text=_("https:// only.")
    )
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=[(e, e) for e in EVENTS],
        widget=forms.CheckboxSelectMultiple,
        initial=list(EVENTS),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
