from rest_framework.routers import SimpleRouter

from supervision.api.supervision import EvidenceViewSet, RequestViewSet, RoundViewSet, VisitViewSet

router = SimpleRouter()
router.register("supervision-rounds", RoundViewSet, basename="supervision-round")
router.register("supervision-visits", VisitViewSet, basename="supervision-visit")
router.register("rectification-requests", RequestViewSet, basename="rectification-request")
router.register("rectification-evidence", EvidenceViewSet, basename="rectification-evidence")

urlpatterns = router.urls
