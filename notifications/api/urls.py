from django.urls import path
from rest_framework.routers import SimpleRouter

from notifications.api.notifications import NotificationSettingsView, NotificationViewSet, UrgeViewSet

router = SimpleRouter()
router.register("notifications", NotificationViewSet, basename="notification")
router.register("urges", UrgeViewSet, basename="urge")

urlpatterns = [
    path("notification-settings/", NotificationSettingsView.as_view(), name="notification-settings"),
    *router.urls,
]
