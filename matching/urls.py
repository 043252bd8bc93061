from django.urls import path, re_path

from . import views

app_name = "matching"

urlpatterns = [
    path("coordination/matching/", views.run_list, name="run-list"),
    path("coordination/matching/runs/<int:pk>/", views.run_detail, name="run-detail"),
    path("coordination/matching/<slug:slug>/run/", views.run_start, name="run-start"),
    path("coordination/matching/<slug:slug>/settings/", views.settings_update, name="settings"),
    path("swaps/", views.proposal_list, name="proposal-list"),
    path("swaps/<int:pk>/", views.proposal_detail, name="proposal-detail"),
    re_path(
        r"^swaps/(?P<pk>[0-9]+)/(?P<answer>accept|decline|cancel)/$",
        views.proposal_answer,
        name="proposal-answer",
    ),
    re_path(
        r"^swaps/legs/(?P<pk>[0-9]+)/(?P<action>deliver|confirm)/$",
        views.leg_action,
        name="leg-action",
    ),
]
