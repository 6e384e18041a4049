from rest_framework.routers import SimpleRouter

from submissions.api import submissions

router = SimpleRouter()
router.register("district-submissions", submissions.DistrictSubmissionViewSet, basename="district-submission")
router.register("submission-files", submissions.SubmissionFileViewSet, basename="submission-file")

urlpatterns = router.urls
