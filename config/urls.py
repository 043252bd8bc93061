from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from barter import views as barter_views
from security.urls import root_patterns as sign_in_patterns

from .health import healthz

urlpatterns = [
    path("healthz/", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/signup/", barter_views.signup, name="signup"),
    *sign_in_patterns,
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("api.urls")),
    path("", include("api.page_urls")),
    path("", include("ledger.urls")),
    path("", include("matching.urls")),
    path("", include("reports.urls")),
    path("", include("security.urls")),
    path("", include("barter.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
