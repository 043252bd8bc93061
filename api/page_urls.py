"""The coordinators' pages of partner clients, webhook endpoints and deliveries."""

from django.urls import path, re_path

from . import pages

app_name = "partners"

urlpatterns = [
    path("coordination/partners/", pages.partner_list, name="list"),
    path("coordination/partners/create/", pages.partner_create, name="create"),
    path("coordination/partners/<int:pk>/", pages.partner_detail, name="detail"),
    path("coordination/partners/<int:pk>/revoke/", pages.partner_revoke, name="revoke"),
    path("coordination/partners/<int:pk>/keys/create/", pages.key_create, name="key-create"),
    path(
        "coordination/partners/<int:pk>/keys/<str:prefix>/revoke/",
        pages.key_revoke,
        name="key-revoke",
    ),
    path(
        "coordination/partners/<int:pk>/endpoints/create/",
        pages.endpoint_create,
        name="endpoint-create",
    ),
    re_path(
        r"^coordination/partners/(?P<pk>[0-9]+)/endpoints/(?P<endpoint_pk>[0-9]+)/"
        r"(?P<action>ping|rotate|enable|disable|delete)/$",
        pages.endpoint_action,
        name="endpoint-action",
    ),
    path(
        "coordination/partners/<int:pk>/deliveries/<int:delivery_pk>/replay/",
        pages.delivery_replay,
        name="delivery-replay",
    ),
]
