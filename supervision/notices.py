"""Who is told about a rectification (notifications.services.notify): the party when a request is made or sent
back, the regulator when an answer arrives. Called by the services inside their transaction; notify e-mails after
commit, and its key makes each message once per request and version."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from notifications import recipients
from notifications.models import NotificationKind
from notifications.services.notifications import notify
from supervision.models import RectificationRequest


def party_users(request: RectificationRequest) -> QuerySet[User]:
    """The users who speak for the party asked: the member unit's staff, the body's managers, the enterprise's
    contacts."""
    if request.member_unit_id is not None:
        return recipients.member_unit_users(request.member_unit)
    if request.body_id is not None:
        return recipients.body_managers(request.body)
    return recipients.enterprise_users(request.enterprise)


def regulator_users(request: RectificationRequest) -> QuerySet[User]:
    return recipients.regulator_users(request.campaign.tenant_id)


def request_url(request: RectificationRequest) -> str:
    return reverse("supervision:request-detail", kwargs={"pk": request.pk})


def request_made(request: RectificationRequest, *, actor) -> int:
    return notify(
        recipients=party_users(request),
        kind=NotificationKind.RECTIFICATION_ASKED,
        title=_("Rectification requested after on-site supervision, due %(date)s")
        % {"date": date_format(request.due_on)},
        body=request.asked,
        url=request_url(request),
        key=f"rectification-requested:{request.pk}",
        campaign=request.campaign,
        actor=actor,
    )


def request_returned(request: RectificationRequest, *, actor) -> int:
    return notify(
        recipients=party_users(request),
        kind=NotificationKind.RECTIFICATION_RETURNED,
        title=_("Your rectification answer was sent back"),
        body=request.return_comment,
        url=request_url(request),
        key=f"rectification-returned:{request.pk}:{request.version}",
        campaign=request.campaign,
        actor=actor,
    )


def answer_arrived(request: RectificationRequest, *, actor) -> int:
    return notify(
        recipients=regulator_users(request),
        kind=NotificationKind.RECTIFICATION_ANSWERED,
        title=_("A rectification has been answered: %(party)s") % {"party": request.party},
        body=request.asked,
        url=request_url(request),
        key=f"rectification-answered:{request.pk}:{request.version}",
        campaign=request.campaign,
        actor=actor,
    )
