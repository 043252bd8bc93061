"""/api/v1/: the partner API, its OpenAPI schema and its interactive documentation."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import SimpleRouter

from . import views
from .exceptions import not_found

app_name = "api"

router = SimpleRouter()
router.register("businesses", views.BusinessViewSet, basename="business")
router.register("categories", views.CategoryViewSet, basename="category")
router.register("listings", views.ListingViewSet, basename="listing")
router.register("accounts", views.AccountViewSet, basename="account")
router.register("transfers", views.TransferViewSet, basename="transfer")
router.register("proposals", views.ProposalViewSet, basename="proposal")
router.register("matching-runs", views.MatchingRunViewSet, basename="matching-run")
router.register("webhook-endpoints", views.WebhookEndpointViewSet, basename="webhook-endpoint")
router.register("webhook-deliveries", views.WebhookDeliveryViewSet, basename="webhook-delivery")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script from a URL: no inline script (CSP).
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("me/", views.MeView.as_view(), name="me"),
    *router.urls,
    re_path(r"^.*$", not_found),
]
