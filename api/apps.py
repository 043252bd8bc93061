from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "api"
    verbose_name = _("Partner API")

    def ready(self) -> None:
        from config import events

        from . import schema  # noqa: F401  (registers the OpenAPI extensions)
        from .services import webhook_endpoints_probe, webhook_event_dispatch

        events.subscribe(webhook_event_dispatch, probe=webhook_endpoints_probe)
