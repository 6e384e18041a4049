from rest_framework.routers import SimpleRouter

from evaluation.api import midterm, scorecards

router = SimpleRouter()
router.register("midterm-snapshots", midterm.MidtermSnapshotViewSet, basename="midterm-snapshot")
router.register("midterm-meetings", midterm.MidtermMeetingViewSet, basename="midterm-meeting")
router.register("next-steps", midterm.NextStepViewSet, basename="next-step")
router.register("body-scorecards", scorecards.BodyScorecardViewSet, basename="body-scorecard")
router.register("district-scorecards", scorecards.DistrictScorecardViewSet, basename="district-scorecard")
router.register("body-assessments", scorecards.BodyAssessmentViewSet, basename="body-assessment")

urlpatterns = router.urls
