from rest_framework.routers import SimpleRouter

from evaluation.api import scorecards

router = SimpleRouter()
router.register("body-scorecards", scorecards.BodyScorecardViewSet, basename="body-scorecard")
router.register("district-scorecards", scorecards.DistrictScorecardViewSet, basename="district-scorecard")
router.register("body-assessments", scorecards.BodyAssessmentViewSet, basename="body-assessment")

urlpatterns = router.urls
