from django.urls import path

from notifications.views import notifications, urges

app_name = "notifications"
urlpatterns = [
    path("", notifications.notification_list, name="notification-list"),
    path("<int:pk>/open/", notifications.notification_open, name="notification-open"),
    path("read-all/", notifications.notifications_read_all, name="notification-read-all"),
    path("unread/", notifications.unread_badge, name="unread-badge"),
    path("settings/", notifications.notification_settings, name="notification-settings"),
    path("urges/", urges.urge_list, name="urge-list"),
    path("urges/new/", urges.urge_create, name="urge-create"),
]
