from django.urls import path
from rest_framework.routers import SimpleRouter

from assistance.api import groups as views

router = SimpleRouter()
router.register("certification-bodies", views.CertificationBodyViewSet, basename="certification-body")
router.register("experts", views.ExpertViewSet, basename="expert")
router.register("working-groups", views.WorkingGroupViewSet, basename="working-group")
router.register("assignments", views.AssignmentViewSet, basename="assignment")
router.register("certification-audits", views.CertificationAuditViewSet, basename="certification-audit")

urlpatterns = [
    path(
        "enrolments/<int:pk>/expert-suggestions/",
        views.ExpertSuggestionsView.as_view(),
        name="enrolment-expert-suggestions",
    ),
    *router.urls,
]
