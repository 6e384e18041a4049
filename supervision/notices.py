"""Who is told about a rectification (notifications.services.notify): the party when a request is made or sent
back, the regulator when an answer arrives. Called by the services inside their transaction; notify e-mails after
commit, and its key makes each message once per request and version."""

from __future__ import annotations

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from supervision.models import RectificationRequest


def _notify(**kwargs) -> int:
    try:
        from notifications.services import notify
    except ImportError:  # the notifications app is not there yet (built in parallel)
        return 0
    return notify(**kwargs)


def party_users(request: RectificationRequest) -> list:
    """The users who speak for the party asked."""
    try:
        from notifications import recipients
    except ImportError:
        return []
    if request.member_unit_id is not None:
        return list(recipients.member_unit_users(request.member_unit))
    if request.body_id is not None:
        return list(recipients.body_managers(request.body))
    return list(recipients.enterprise_users(request.enterprise))


def regulator_users(request: RectificationRequest) -> list:
    try:
        from notifications import recipients
    except ImportError:
        return []
    return list(recipients.regulator_users(request.campaign.tenant))


def request_url(request: RectificationRequest) -> str:
    return reverse("supervision:request-detail", kwargs={"pk": request.pk})


def request_made(request: RectificationRequest, *, actor) -> int:
    return _notify(
        recipients=party_users(request),
        kind="other",
        title=_("Rectification requested after on-site supervision, due %(date)s")
        % {"date": date_format(request.due_on)},
        body=request.asked,
        url=request_url(request),
        key=f"rectification-requested:{request.pk}",
        campaign=request.campaign,
        actor=actor,
    )


def request_returned(request: RectificationRequest, *, actor) -> int:
    return _notify(
        recipients=party_users(request),
        kind="other",
        title=_("Your rectification answer was sent back"),
        body=request.return_comment,
        url=request_url(request),
        key=f"rectification-returned:{request.pk}:{request.version}",
        campaign=request.campaign,
        actor=actor,
    )


def answer_arrived(request: RectificationRequest, *, actor) -> int:
    return _notify(
        recipients=regulator_users(request),
        kind="rectification_answered",
        title=_("A rectification has been answered: %(party)s") % {"party": request.party},
        body=request.asked,
        url=request_url(request),
        key=f"rectification-answered:{request.pk}:{request.version}",
        campaign=request.campaign,
        actor=actor,
    )
