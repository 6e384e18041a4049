"""The assistance endpoints under /api/v1/, one router for every noun (URL names as before: "api:<basename>-…")."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from assistance.api import (
    assignments,
    audits,
    bodies,
    diagnosis,
    documents,
    experts,
    groups,
    operation,
    plans,
    trainings,
    visits,
)

router = SimpleRouter()
router.register("certification-bodies", bodies.CertificationBodyViewSet, basename="certification-body")
router.register("experts", experts.ExpertViewSet, basename="expert")
router.register("working-groups", groups.WorkingGroupViewSet, basename="working-group")
router.register("assignments", assignments.AssignmentViewSet, basename="assignment")
router.register("certification-audits", audits.CertificationAuditViewSet, basename="certification-audit")
router.register("visits", visits.VisitViewSet, basename="visit")
router.register("visit-files", visits.VisitFileViewSet, basename="visit-file")
router.register("diagnoses", diagnosis.DiagnosisViewSet, basename="diagnosis")
router.register("problems", diagnosis.ProblemViewSet, basename="problem")
router.register("plans", plans.PlanViewSet, basename="plan")
router.register("system-documents", documents.SystemDocumentViewSet, basename="system-document")
router.register("operations", operation.OperationViewSet, basename="operation")
router.register("internal-audits", operation.InternalAuditViewSet, basename="internal-audit")
router.register("management-reviews", operation.ManagementReviewViewSet, basename="management-review")
router.register("trainings", trainings.TrainingViewSet, basename="training")

urlpatterns = [
    path(
        "enrolments/<int:pk>/expert-suggestions/",
        assignments.ExpertSuggestionsView.as_view(),
        name="enrolment-expert-suggestions",
    ),
    *router.urls,
]
