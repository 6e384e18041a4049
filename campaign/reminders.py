"""Reminders of the campaign app (issue 10), collected by ``notifications.tasks.reminders_send``.

R9 (四(一)): a member unit that has not recorded its kickoff meeting is reminded on its list 7 days before the
kickoff deadline and again once the deadline has passed. The e-mail after the deadline already goes out through
``campaign.services.kickoff_reminders_send``, so these are in-portal only. Keys carry the deadline's date: moving the
deadline moves the reminders, and the same date never reminds twice.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaign.models import DeadlineKind, KickoffMeeting, MemberUnit
from campaign.selectors import campaigns_running
from notifications.models import NotificationKind
from notifications.recipients import member_unit_users
from notifications.reminders import Reminder

KICKOFF_NOTICE_DAYS = 7


def reminders(today: date) -> Iterator[Reminder]:
    for campaign in campaigns_running(today):
        deadline = campaign.deadlines.filter(kind=DeadlineKind.KICKOFF).first()
        if deadline is None:
            continue
        if today > deadline.due_on:
            stage = "overdue"
        elif deadline.due_on - timedelta(days=KICKOFF_NOTICE_DAYS) <= today:
            stage = "soon"
        else:
            continue
        not_held = MemberUnit.objects.filter(tenant_id=campaign.tenant_id).exclude(
            Exists(KickoffMeeting.objects.filter(campaign=campaign, member_unit=OuterRef("pk")))
        )
        words = {"campaign": campaign.title, "deadline": date_format(deadline.due_on, "DATE_FORMAT")}
        for unit in not_held:
            if stage == "overdue":
                title = _("Your kickoff meeting is overdue")
                body = _(
                    "The regional kickoff meeting of %(campaign)s was due by %(deadline)s. Hold it and record it; "
                    "a late kickoff is still recorded and shown as late."
                )
            else:
                title = _("Your kickoff meeting is due by %(deadline)s") % words
                body = _("Every member unit holds one regional kickoff meeting of %(campaign)s by %(deadline)s.")
            yield Reminder(
                recipients=member_unit_users(unit),
                kind=NotificationKind.KICKOFF_MISSING,
                title=title,
                body=body % words,
                url=reverse("campaign:kickoff-list"),
                key=f"kickoff:{campaign.pk}:{unit.pk}:{deadline.due_on:%Y-%m-%d}:{stage}",
                campaign=campaign,
                email=False,
            )
