"""Reminders of the mid-term (issue 10), collected by ``notifications.tasks.reminders_send``.

- 四(二): the regulator is reminded when the campaign's mid-term deadline (``DeadlineKind.MIDTERM_EVALUATION``, data
  of the calendar) is 7 days away or past and no mid-term snapshot has been taken; the key carries the deadline's
  date, so moving the deadline moves the reminder and the same date never reminds twice.
- The next steps of the mid-term meeting of a running campaign: the owner is reminded 3 days before a step's due date and once it is
  overdue (keys carry the step and its due date: a new due date reminds again).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaign.models import Deadline, DeadlineKind
from campaign.selectors import campaigns_running
from evaluation.models import MidtermSnapshot, NextStep
from evaluation.services.midterm import next_step_owner_users
from notifications.models import NotificationKind
from notifications.recipients import regulator_users
from notifications.reminders import Reminder

MIDTERM_NOTICE_DAYS = 7
NEXT_STEP_NOTICE_DAYS = 3


def reminders(today: date) -> Iterator[Reminder]:
    running = list(
        campaigns_running(today).annotate(has_snapshot=Exists(MidtermSnapshot.objects.filter(campaign=OuterRef("pk"))))
    )
    for campaign in running:
        deadline = Deadline.objects.filter(campaign=campaign, kind=DeadlineKind.MIDTERM_EVALUATION).first()
        if deadline is None or campaign.has_snapshot:
            continue
        if deadline.due_on - timedelta(days=MIDTERM_NOTICE_DAYS) > today:
            continue
        stage = "overdue" if today > deadline.due_on else "soon"
        words = {"campaign": campaign.title, "deadline": date_format(deadline.due_on)}
        yield Reminder(
            recipients=regulator_users(campaign.tenant),
            kind=NotificationKind.OTHER,
            title=(
                _("The mid-term snapshot of %(campaign)s is overdue (due %(deadline)s)")
                if stage == "overdue"
                else _("Take the mid-term snapshot of %(campaign)s by %(deadline)s")
            )
            % words,
            url=f"{reverse('evaluation:midterm')}?campaign={campaign.pk}",
            key=f"midterm-snapshot-{stage}:{campaign.pk}:{deadline.due_on.isoformat()}",
            campaign=campaign,
        )

    steps = (
        NextStep.objects.filter(done=False, due_on__lte=today + timedelta(days=NEXT_STEP_NOTICE_DAYS))
        .filter(meeting__campaign__in=[campaign.pk for campaign in running])
        .select_related("meeting__campaign", "member_unit", "body")
        .order_by("due_on", "pk")
    )
    for step in steps:
        if step.member_unit_id is None and step.body_id is None:
            continue
        stage = "overdue" if today > step.due_on else "due"
        words = {"what": step.what[:60], "date": date_format(step.due_on)}
        yield Reminder(
            recipients=next_step_owner_users(step),
            kind=NotificationKind.NEXT_STEP,
            title=(
                _("Next step overdue since %(date)s: %(what)s")
                if stage == "overdue"
                else _("Next step due %(date)s: %(what)s")
            )
            % words,
            url=reverse("evaluation:next-step-list"),
            key=f"next-step-{stage}:{step.pk}:{step.due_on.isoformat()}",
            campaign=step.meeting.campaign,
        )
