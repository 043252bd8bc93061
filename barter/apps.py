from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BarterConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "barter"
    verbose_name = _("Marketplace")
