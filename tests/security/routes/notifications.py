"""Isolation-matrix entries of the notifications app: each user's own notifications (nobody else's, the regulator's
staff included) and the regulator's 催办 (sent by the regulator, read by the member unit or body it was sent to)."""

from notifications.models import Notification, NotificationKind, Urge
from tests.security.matrix import ALL, SIGNED_IN, Entry

POST_ONLY = {role: 405 for role in SIGNED_IN}
FORBIDDEN = {role: 403 for role in SIGNED_IN}


def populate(cast):
    tag = cast.tenant.name
    for role, user in cast.users().items():
        Notification.objects.create(
            tenant=cast.tenant,
            recipient=user,
            campaign=cast.campaign,
            kind=NotificationKind.OTHER,
            title=f"{tag}给{role}的通知",
            key=f"matrix:{role}",
        )
    cast.notification = Notification.objects.get(recipient=cast.district, key="matrix:district")
    cast.urge = Urge.objects.create(
        tenant=cast.tenant,
        campaign=cast.campaign,
        member_unit=cast.district_unit,
        note=f"{tag}请加快帮扶进度",
        sent_by=cast.regulator,
    )


def no_args(_obj):
    return []


ENTRIES = {
    "notifications:notification-list": Entry(args=no_args, expect=ALL, is_list=True),
    "notifications:notification-open": Entry(obj=lambda c: c.notification, expect=POST_ONLY),
    "notifications:notification-read-all": Entry(args=no_args, expect=POST_ONLY),
    # Once the session has ended the badge's poll gets htmx's "stop polling" (286), not the login page.
    "notifications:unread-badge": Entry(args=no_args, expect=ALL, is_list=True, anonymous=286),
    "notifications:notification-settings": Entry(args=no_args, expect=ALL, is_list=True),
    "notifications:urge-list": Entry(
        args=no_args,
        expect=FORBIDDEN | {"regulator": 200, "district": 200, "bureau": 200, "cb_manager": 200},
        is_list=True,
    ),
    "notifications:urge-create": Entry(args=no_args, expect=FORBIDDEN | {"regulator": 200}),
    "api:notification-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:notification-detail": Entry(kind="api", obj=lambda c: c.notification, expect={"district": 200}),
    "api:notification-read": Entry(kind="api", obj=lambda c: c.notification, expect=POST_ONLY),
    "api:notification-read-all": Entry(kind="api", args=no_args, expect=POST_ONLY),
    # Every signed-in user reads their own e-mail choice; there is no id, so nobody names another user's row.
    "api:notification-settings": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:urge-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:urge-detail": Entry(kind="api", obj=lambda c: c.urge, expect={"regulator": 200, "district": 200}),
}
