from rest_framework.routers import SimpleRouter

from assistance.api import work as views

router = SimpleRouter()
router.register("visits", views.VisitViewSet, basename="visit")
router.register("visit-files", views.VisitFileViewSet, basename="visit-file")
router.register("diagnoses", views.DiagnosisViewSet, basename="diagnosis")
router.register("problems", views.ProblemViewSet, basename="problem")
router.register("plans", views.PlanViewSet, basename="plan")
router.register("system-documents", views.SystemDocumentViewSet, basename="system-document")
router.register("operations", views.OperationViewSet, basename="operation")
router.register("internal-audits", views.InternalAuditViewSet, basename="internal-audit")
router.register("management-reviews", views.ManagementReviewViewSet, basename="management-review")
router.register("trainings", views.TrainingViewSet, basename="training")

urlpatterns = router.urls
