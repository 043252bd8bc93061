from django.urls import path, re_path

from . import views

app_name = "barter"

urlpatterns = [
    path("", views.home, name="home"),
    path("listings/", views.listing_list, name="listing-list"),
    path("listings/mine/", views.listing_mine, name="listing-mine"),
    path("listings/create/", views.listing_create, name="listing-create"),
    path("listings/<int:pk>/", views.listing_detail, name="listing-detail"),
    path("listings/<int:pk>/edit/", views.listing_update, name="listing-update"),
    path("listings/<int:pk>/delete/", views.listing_delete, name="listing-delete"),
    re_path(
        r"^listings/(?P<pk>[0-9]+)/(?P<action>publish|pause)/$",
        views.listing_action,
        name="listing-action",
    ),
    path("listings/<int:pk>/buy/", views.purchase_create, name="purchase-create"),
    path("purchases/", views.purchase_list, name="purchase-list"),
    path("purchases/<int:pk>/", views.purchase_detail, name="purchase-detail"),
    re_path(
        r"^purchases/(?P<pk>[0-9]+)/(?P<action>accept|decline|cancel|deliver|confirm|dispute)/$",
        views.purchase_action,
        name="purchase-action",
    ),
    path(
        "coordination/purchases/<int:pk>/resolve/", views.purchase_resolve, name="purchase-resolve"
    ),
    path("businesses/", views.business_list, name="business-list"),
    path("businesses/map/", views.business_map, name="business-map"),
    path("businesses/register/", views.business_register, name="business-register"),
    path("businesses/<int:pk>/", views.business_detail, name="business-detail"),
    path("businesses/<int:pk>/edit/", views.business_update, name="business-update"),
    path("businesses/<int:pk>/switch/", views.business_switch, name="business-switch"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("notifications/", views.notification_list, name="notification-list"),
    path("coordination/", views.coordination, name="coordination"),
    re_path(
        r"^coordination/businesses/(?P<pk>[0-9]+)/(?P<action>approve|reject|suspend|reactivate)/$",
        views.business_action,
        name="coordination-business-action",
    ),
    re_path(
        r"^coordination/listings/(?P<pk>[0-9]+)/(?P<action>moderate|restore)/$",
        views.listing_moderate,
        name="coordination-listing-action",
    ),
]
