from rest_framework.routers import SimpleRouter

from enterprises.api import outputs as views

router = SimpleRouter()
router.register("outcomes", views.OutcomeFiguresViewSet, basename="outcome")
router.register("summaries", views.SummaryViewSet, basename="summary")
router.register("cases", views.CaseViewSet, basename="case")
router.register("case-attachments", views.CaseAttachmentViewSet, basename="case-attachment")
router.register("case-reviews", views.CaseReviewViewSet, basename="case-review")
router.register("complaints", views.ComplaintViewSet, basename="complaint")

urlpatterns = router.urls
