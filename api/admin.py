"""Partner clients in the admin: read and revoke only. Creating one goes through the coordinators'
page or `manage.py partner_create`, which set up its machine account and delegation."""

from django.contrib import admin
from rest_framework_api_key.models import APIKey

from . import services
from .models import PartnerClient, PartnerKey, WebhookDelivery, WebhookEndpoint

# The library's own key model is not used: a partner's key belongs to a client (api.PartnerKey).
if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)


class PartnerKeyInline(admin.TabularInline):
    model = PartnerKey
    fields = ("prefix", "created", "expiry_date", "last_used_at", "revoked")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PartnerClient)
class PartnerClientAdmin(admin.ModelAdmin):
    list_display = ("name", "network", "scopes", "created_at", "revoked_at")
    list_filter = ("network",)
    search_fields = ("name",)
    readonly_fields = ("network", "user", "created_by", "created_at", "revoked_at", "revoked_by")
    inlines = [PartnerKeyInline]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False

    @admin.action(description="Revoke the selected clients")
    def revoke(self, request, queryset):
        for client in queryset:
            services.partner_client_revoke(actor=request.user, client=client)


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    list_display = ("url", "client", "is_active", "created_at")
    list_filter = ("is_active",)
    exclude = ("secret",)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "endpoint", "status", "attempts", "created_at")
    list_filter = ("status", "event")
    readonly_fields = [f.name for f in WebhookDelivery._meta.fields]
