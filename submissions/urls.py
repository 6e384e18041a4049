from django.urls import path

from submissions.views import submissions as views

app_name = "submissions"
urlpatterns = [
    path("", views.submission_list, name="list"),
    path("mine/", views.submission_own, name="own"),
    path("<int:pk>/", views.submission_detail, name="detail"),
    path("<int:pk>/note/", views.submission_note, name="note"),
    path("<int:pk>/files/", views.submission_files, name="files"),
    path("<int:pk>/submit/", views.submission_submit, name="submit"),
    path("<int:pk>/return/", views.submission_return, name="return"),
    path("<int:pk>/approve/", views.submission_approve, name="approve"),
    path("<int:pk>/unlock/", views.submission_unlock, name="unlock"),
    path("files/<int:pk>/", views.submission_file_download, name="file"),
    path("files/<int:pk>/remove/", views.submission_file_remove, name="file-remove"),
]
