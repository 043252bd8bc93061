from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("reports/", views.index, name="index"),
    path("reports/federation/", views.federation, name="federation"),
    path("reports/federation/export.<str:fmt>", views.federation_export, name="federation-export"),
    path("reports/me/", views.my_report, name="mine"),
    path("reports/businesses/<int:pk>/", views.business_report, name="business"),
    path(
        "reports/businesses/<int:pk>/export/<slug:table>.<str:fmt>",
        views.business_export,
        name="business-export",
    ),
    path("reports/networks/<slug:slug>/", views.network_dashboard, name="dashboard"),
    path("reports/networks/<slug:slug>/report.pdf", views.network_pdf, name="pdf"),
    path("reports/networks/<slug:slug>/tables.xlsx", views.network_workbook, name="workbook"),
    path(
        "reports/networks/<slug:slug>/export/<slug:table>.<str:fmt>",
        views.network_export,
        name="export",
    ),
    path(
        "reports/networks/<slug:slug>/<slug:section>/",
        views.network_dashboard,
        name="section",
    ),
]
