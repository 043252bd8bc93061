"""The sign-in (password, then the authentication code when the user has enabled two-factor
authentication), the user's two-factor pages (django-two-factor-auth's views, under the
`two_factor` namespace its templates use) and the coordinators' security page of a network."""

from django.urls import include, path
from two_factor import views as two_factor

from . import views

app_name = "security"

two_factor_patterns = (
    [
        path("", two_factor.ProfileView.as_view(), name="profile"),
        path("setup/", two_factor.SetupView.as_view(), name="setup"),
        path("setup/qrcode/", two_factor.QRGeneratorView.as_view(), name="qr"),
        path("setup/complete/", two_factor.SetupCompleteView.as_view(), name="setup_complete"),
        path("backup-codes/", two_factor.BackupTokensView.as_view(), name="backup_tokens"),
        path("disable/", two_factor.DisableView.as_view(), name="disable"),
    ],
    "two_factor",
)

# Included at the root, before django.contrib.auth's URLs (config/urls.py).
root_patterns = [
    path("accounts/login/", two_factor.LoginView.as_view(), name="login"),
    path("accounts/two-factor/", include(two_factor_patterns)),
]

urlpatterns = [
    path("coordination/networks/<slug:slug>/security/", views.network_security, name="network"),
]
