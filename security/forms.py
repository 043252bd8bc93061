from django import forms

from barter.models import Network


class NetworkSecurityForm(forms.ModelForm):
    """The network's sign-in requirements; saved by services.network_two_factor_set."""

    class Meta:
        model = Network
        fields = ["two_factor_required"]
