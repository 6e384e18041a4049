from django.urls import path

from reporting import views

app_name = "reporting"
urlpatterns = [
    path("", views.report_list_view, name="list"),
    path("<int:pk>/", views.report_detail_view, name="detail"),
    path("<int:pk>/progress/", views.report_progress_view, name="progress"),
    path("<int:pk>/download/", views.report_download_view, name="download"),
]
