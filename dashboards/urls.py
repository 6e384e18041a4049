from django.urls import path

from dashboards import views

app_name = "dashboards"

urlpatterns = [
    path("", views.own_dashboard_view, name="mine"),
    path("city/", views.city_view, name="city"),
    path("district/<int:pk>/", views.district_view, name="district"),
    path("body/<int:pk>/", views.body_view, name="body"),
    path("tokens/", views.token_list_view, name="token-list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke_view, name="token-revoke"),
    path("screen/", views.screen_view, name="screen"),
]
