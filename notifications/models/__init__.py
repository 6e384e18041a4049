"""Notifications, each user's e-mail choice, and the regulator's 催办."""

from notifications.models.notifications import Notification, NotificationKind, NotificationSettings
from notifications.models.urges import Urge

__all__ = ["Notification", "NotificationKind", "NotificationSettings", "Urge"]
