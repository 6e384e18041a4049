"""Reminders of the submissions app (issue 10), collected by ``notifications.tasks.reminders_send``.

R10 (五(一), 11月30日前报送): a district that has not submitted is reminded 7, 3 and 1 days before the campaign's
district-submission deadline, and once after it has passed (overdue). Keys carry the deadline's date and the stage:
moving the deadline gives new reminders for the new date, and the same date and stage never remind twice. A day the
daily task missed is caught up by the next run (the nearest stage not yet reached is sent).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from campaign.models import DeadlineKind, MemberUnit, MemberUnitKind
from campaign.selectors import campaigns_running
from notifications.models import NotificationKind
from notifications.recipients import member_unit_users
from notifications.reminders import Reminder
from submissions.models import DistrictSubmission, SubmissionState

NOTICE_DAYS = (1, 3, 7)


def due_stage(*, due_on: date, today: date) -> str | None:
    """ "overdue" after the deadline; "1", "3" or "7" within that many days of it (the nearest); None earlier."""
    days_left = (due_on - today).days
    if days_left < 0:
        return "overdue"
    return next((str(days) for days in NOTICE_DAYS if days_left <= days), None)


def reminders(today: date) -> Iterator[Reminder]:
    for campaign in campaigns_running(today):
        deadline = campaign.deadlines.filter(kind=DeadlineKind.DISTRICT_SUBMISSION).first()
        if deadline is None:
            continue
        stage = due_stage(due_on=deadline.due_on, today=today)
        if stage is None:
            continue
        submitted = DistrictSubmission.objects.filter(campaign=campaign, member_unit=OuterRef("pk")).exclude(
            state=SubmissionState.DRAFT
        )
        not_submitted = MemberUnit.objects.filter(tenant_id=campaign.tenant_id, kind=MemberUnitKind.DISTRICT).exclude(
            Exists(submitted)
        )
        words = {"campaign": campaign.title, "deadline": date_format(deadline.due_on, "DATE_FORMAT")}
        if stage == "overdue":
            kind = NotificationKind.SUBMISSION_OVERDUE
            title = _("Your district submission is overdue")
            body = _(
                "The summary materials and data of %(campaign)s were due by %(deadline)s (notice 五(一)). Submit them "
                "now; a late submission is still accepted and shown as late."
            )
        else:
            # The stage is the reminder's identity; the words say how many days are really left (a run that caught
            # up a missed day, or the deadline day itself, says so).
            days = (deadline.due_on - today).days
            kind = NotificationKind.SUBMISSION_DUE
            if days == 0:
                title = _("Your district submission is due today")
            else:
                title = ngettext(
                    "Your district submission is due in %(days)s day",
                    "Your district submission is due in %(days)s days",
                    days,
                ) % {"days": days}
            body = _(
                "Submit the district's summary materials and data of %(campaign)s, with at least one recommended "
                "case, by %(deadline)s (notice 五(一))."
            )
        for unit in not_submitted:
            yield Reminder(
                recipients=member_unit_users(unit),
                kind=kind,
                title=title,
                body=body % words,
                url=reverse("submissions:own"),
                key=f"submission:{campaign.pk}:{unit.pk}:{deadline.due_on:%Y-%m-%d}:{stage}",
                campaign=campaign,
            )
