"""The notifications the submissions app sends to the district (returned, approved, unlocked), through
``notifications.services.notify``; the key names the submission and its version, so each act notifies once."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import NotificationKind
from notifications.recipients import member_unit_users
from notifications.services.notifications import notify
from submissions.models import DistrictSubmission


def _send(submission: DistrictSubmission, *, kind: str, title: str, body: str, key: str, actor) -> int:
    return notify(
        recipients=member_unit_users(submission.member_unit),
        kind=kind,
        title=title,
        body=body,
        url=reverse("submissions:detail", args=[submission.pk]),
        key=key,
        campaign=submission.campaign,
        actor=actor,
    )


def notify_returned(submission: DistrictSubmission, *, actor) -> int:
    return _send(
        submission,
        kind=NotificationKind.SUBMISSION_RETURNED,
        title=_("Your district submission was returned for revision"),
        body=submission.return_comment,
        key=f"submission-returned:{submission.pk}:{submission.version}",
        actor=actor,
    )


def notify_approved(submission: DistrictSubmission, *, actor) -> int:
    return _send(
        submission,
        kind=NotificationKind.SUBMISSION_APPROVED,
        title=_("Your district submission was approved"),
        body="",
        key=f"submission-approved:{submission.pk}:{submission.version}",
        actor=actor,
    )


def notify_unlocked(submission: DistrictSubmission, *, reason: str, actor) -> int:
    return _send(
        submission,
        kind=NotificationKind.SUBMISSION_RETURNED,
        title=_("Your approved district submission was unlocked for correction"),
        body=reason,
        key=f"submission-unlocked:{submission.pk}:{submission.version}",
        actor=actor,
    )
