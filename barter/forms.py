"""Forms of the marketplace pages. They parse and validate input; services do the writing."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from ledger.fields import CreditAmountField

from . import selectors
from .models import Business, Listing, ListingKind, Network
from .services import BUSINESS_EDITABLE_FIELDS, LISTING_EDITABLE_FIELDS
from .validators import normalize_siret, validate_siret


class SignupForm(UserCreationForm):
    email = forms.EmailField(label=_("E-mail"), required=True)
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email", "first_name", "last_name")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account already uses this e-mail address."))
        return email


class BusinessForm(forms.ModelForm):
    """A business's profile. At registration it also asks for the network and SIREN/SIRET."""

    network = forms.ModelChoiceField(
        label=_("Network (territory)"), queryset=Network.objects.all(), empty_label=None
    )

    class Meta:
        model = Business
        fields = ["network", "siret", *BUSINESS_EDITABLE_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "postcode": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "postal-code"}
            ),
            "commune": forms.TextInput(
                attrs={"list": "communes", "autocomplete": "address-level2"}
            ),
            "siret": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "latitude": _("Optional: filled in from the commune when it is known."),
        }

    def __init__(self, *args, registering: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.registering = registering
        if registering:
            # People type "732 829 320 00074": room for the separators, which clean_siret strips
            # before validating the digits.
            siret = self.fields["siret"]
            siret.max_length = 20
            siret.widget.attrs["maxlength"] = 20
            siret.validators = []
        else:
            del self.fields["network"]
            del self.fields["siret"]

    def clean_siret(self):
        siret = normalize_siret(self.cleaned_data.get("siret", ""))
        validate_siret(siret)
        return siret

    def _post_clean(self):
        # The service runs the model validation with the full picture (network, status).
        pass

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("network", None)
        return data


class ListingForm(forms.ModelForm):
    value = CreditAmountField(
        label=_("Value (credits)"),
        help_text=_(
            "For an offer: the value of one unit. For a want: your budget. 1 credit = 1 euro."
        ),
    )
    publish = forms.BooleanField(
        label=_("Publish now on the marketplace"), required=False, initial=True
    )

    class Meta:
        model = Listing
        fields = list(LISTING_EDITABLE_FIELDS)
        widgets = {
            "kind": forms.RadioSelect,
            "nature": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 5}),
            "valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        help_texts = {
            "vat_rate": _("For an offer: the VAT rate printed on the invoice."),
        }

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "---------"), *selectors.category_choices()]
        self.fields["title"].widget.attrs["maxlength"] = 140
        if editing:
            del self.fields["publish"]

    def clean(self):
        data = super().clean()
        if data.get("kind") == ListingKind.OFFER and data.get("value") == 0:
            self.add_error("value", _("An offer needs a value greater than zero."))
        start, end = data.get("valid_from"), data.get("valid_until")
        if start and end and end < start:
            self.add_error("valid_until", _("The end of validity comes before its start."))
        if not data.get("is_remote") and data.get("radius_km") == 0:
            self.add_error("radius_km", _("A local listing's radius is at least 1 km."))
        return data

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("publish", None)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Sent to the business."),
    )


class PurchaseForm(forms.Form):
    quantity = forms.IntegerField(label=_("Quantity"), min_value=1, initial=1)
    message = forms.CharField(
        label=_("Message to the seller"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("When and where, details of what you need…"),
    )

    def __init__(self, *args, available: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if available is not None:
            self.fields["quantity"].max_value = available
            self.fields["quantity"].widget.attrs["max"] = available
            self.fields["quantity"].validators.append(MaxValueValidator(available))


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            ("seller", _("Pay the seller: the exchange took place")),
            ("buyer", _("Refund the buyer: release the held credit")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Sent to both businesses and kept in the audit log."),
    )
