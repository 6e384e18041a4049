from rest_framework.routers import SimpleRouter

from notifications.api.notifications import NotificationViewSet, UrgeViewSet

router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")
router.register("urges", UrgeViewSet, basename="urge")

urlpatterns = router.urls
