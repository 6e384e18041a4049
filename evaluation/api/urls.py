from rest_framework.routers import SimpleRouter

from evaluation.api import midterm

router = SimpleRouter()
router.register("midterm-snapshots", midterm.MidtermSnapshotViewSet, basename="midterm-snapshot")
router.register("midterm-meetings", midterm.MidtermMeetingViewSet, basename="midterm-meeting")
router.register("next-steps", midterm.NextStepViewSet, basename="next-step")

urlpatterns = router.urls
