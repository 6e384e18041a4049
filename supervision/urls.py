from django.urls import path

from supervision.views import rectifications, rounds, visits

app_name = "supervision"
urlpatterns = [
    path("rounds/", rounds.round_list_view, name="round-list"),
    path("rounds/new/", rounds.round_create_view, name="round-create"),
    path("rounds/<int:pk>/", rounds.round_detail_view, name="round-detail"),
    path("rounds/<int:pk>/close/", rounds.round_close_view, name="round-close"),
    path("rounds/<int:round_pk>/visits/new/", visits.visit_create_view, name="visit-create"),
    path("visits/<int:pk>/", visits.visit_detail_view, name="visit-detail"),
    path("visit-files/<int:pk>/", visits.visit_file_view, name="visit-file"),
    path("rectifications/", rectifications.request_list_view, name="request-list"),
    path("rectifications/<int:pk>/", rectifications.request_detail_view, name="request-detail"),
    path("rectifications/<int:pk>/answer/", rectifications.request_answer_view, name="request-answer"),
    path("rectifications/<int:pk>/review/", rectifications.request_review_view, name="request-review"),
    path("evidence/<int:pk>/", rectifications.evidence_file_view, name="evidence-file"),
]
