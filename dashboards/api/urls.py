from django.urls import path

from dashboards.api import views

urlpatterns = [
    path("dashboards/city/", views.CityDashboardView.as_view(), name="dashboard-city"),
    path("dashboards/district/<int:pk>/", views.DistrictDashboardView.as_view(), name="dashboard-district"),
    path("dashboards/body/<int:pk>/", views.BodyDashboardView.as_view(), name="dashboard-body"),
]
