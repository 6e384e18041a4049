"""The enterprises app's API (included under /api/v1/), one router, the viewsets grouped by noun."""

from rest_framework.routers import SimpleRouter

from enterprises.api import cases, complaints, enrolments, enterprises, outcomes, rubrics, screening, summaries

router = SimpleRouter()
router.register("enterprises", enterprises.EnterpriseViewSet, basename="enterprise")
router.register("certificates", enterprises.CertificateViewSet, basename="certificate")
router.register("enrolments", enrolments.EnrolmentViewSet, basename="enrolment")
router.register("screenings", screening.ScreeningViewSet, basename="screening")
router.register("outcomes", outcomes.OutcomeFiguresViewSet, basename="outcome")
router.register("summaries", summaries.SummaryViewSet, basename="summary")
router.register("cases", cases.CaseViewSet, basename="case")
router.register("case-attachments", cases.CaseAttachmentViewSet, basename="case-attachment")
router.register("case-reviews", cases.CaseReviewViewSet, basename="case-review")
router.register("rubrics", rubrics.RubricViewSet, basename="rubric")
router.register("case-ranking", rubrics.CaseRankingViewSet, basename="case-ranking")
router.register("published-cases", rubrics.PublishedCaseViewSet, basename="published-case")
router.register("complaints", complaints.ComplaintViewSet, basename="complaint")

urlpatterns = router.urls
