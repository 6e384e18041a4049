"""Reminders and notifications of the mid-term: the owner is told of its next step, reminded before it is due and
once overdue; the regulator is reminded of a snapshot not yet taken, relative to the calendar's mid-term deadline."""

import uuid
from datetime import date, timedelta

from campaign.models import Deadline, DeadlineKind
from evaluation.services.midterm import meeting_record, next_step_add, next_step_set_done, snapshot_take
from notifications.models import Notification, NotificationKind
from notifications.services.notifications import reminders_send


def _step(cast, due_on=date(2023, 9, 30)):
    meeting = meeting_record(
        campaign=cast.campaign, held_on=date(2023, 8, 25), place="会议室", attendance=30, acting_user=cast.regulator
    )
    return next_step_add(
        meeting=meeting,
        what="补齐行业培训",
        owner_kind="member_unit",
        member_unit=cast.district_unit,
        due_on=due_on,
        acting_user=cast.regulator,
    )


def _next_step_notes(user):
    return Notification.objects.filter(recipient=user, kind=NotificationKind.NEXT_STEP)


def test_the_owner_is_notified_of_its_new_next_step_and_no_one_else(cast):
    _step(cast)
    assert _next_step_notes(cast.district).count() == 1
    assert not _next_step_notes(cast.other_district).exists()


def test_a_next_step_is_reminded_once_before_it_is_due_and_once_when_overdue(cast):
    step = _step(cast)
    reminders_send(today=date(2023, 9, 27))
    reminders_send(today=date(2023, 9, 28))
    assert _next_step_notes(cast.district).filter(key__startswith="next-step-due:").count() == 1
    reminders_send(today=date(2023, 10, 1))
    reminders_send(today=date(2023, 10, 5))
    assert _next_step_notes(cast.district).filter(key__startswith="next-step-overdue:").count() == 1
    next_step_set_done(step=step, done=True, expected_version=step.version, acting_user=cast.district)
    before = _next_step_notes(cast.district).count()
    reminders_send(today=date(2023, 10, 6))
    assert _next_step_notes(cast.district).count() == before


def test_the_snapshot_reminder_follows_the_midterm_deadline(cast):
    deadline = Deadline.objects.get(campaign=cast.campaign, kind=DeadlineKind.MIDTERM_EVALUATION)
    notes = Notification.objects.filter(recipient=cast.regulator, key__startswith="midterm-snapshot-")
    reminders_send(today=deadline.due_on - timedelta(days=10))
    assert not notes.exists()
    reminders_send(today=deadline.due_on - timedelta(days=5))
    reminders_send(today=deadline.due_on - timedelta(days=4))
    assert list(notes.values_list("key", flat=True)) == [f"midterm-snapshot-soon:{cast.campaign.pk}:{deadline.due_on}"]
    moved = deadline.due_on + timedelta(days=10)
    Deadline.objects.filter(pk=deadline.pk).update(due_on=moved)
    reminders_send(today=moved - timedelta(days=3))
    assert notes.count() == 2 and notes.filter(key__endswith=str(moved)).exists()


def test_no_snapshot_reminder_once_a_snapshot_is_taken(cast):
    deadline = Deadline.objects.get(campaign=cast.campaign, kind=DeadlineKind.MIDTERM_EVALUATION)
    snapshot_take(campaign=cast.campaign, token=uuid.uuid4(), acting_user=cast.regulator)
    reminders_send(today=deadline.due_on + timedelta(days=1))
    assert not Notification.objects.filter(recipient=cast.regulator, key__startswith="midterm-snapshot-").exists()
