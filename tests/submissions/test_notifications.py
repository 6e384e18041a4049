"""The district is notified when its submission is returned or approved; reminders before and after the deadline,
once per deadline date and stage, moving with the deadline (五(一), R10)."""

from datetime import date

from campaign.models import Deadline, DeadlineKind
from notifications.models import Notification, NotificationKind
from notifications.services.notifications import reminders_send
from submissions.models import SubmissionState
from submissions.reminders import due_stage
from submissions.services import submissions as services
from tests.submissions.conftest import draft_submission, recommend_case


def _kinds(user, *kinds):
    return list(Notification.objects.filter(recipient=user, kind__in=kinds).values_list("kind", flat=True))


def _submitted(cast):
    recommend_case(cast)
    submission = draft_submission(cast)
    return services.submission_submit(submission=submission, expected_version=1, acting_user=cast.district)


def test_a_returned_submission_notifies_the_district(cast, on_time):
    submitted = _submitted(cast)
    services.submission_return(
        submission=submitted, comment="请补充培训数据", expected_version=submitted.version, acting_user=cast.regulator
    )
    notification = Notification.objects.get(recipient=cast.district, kind=NotificationKind.SUBMISSION_RETURNED)
    assert notification.body == "请补充培训数据"
    assert not _kinds(cast.other_district, NotificationKind.SUBMISSION_RETURNED)


def test_an_approved_submission_notifies_the_district(cast, on_time):
    submitted = _submitted(cast)
    services.submission_approve(submission=submitted, expected_version=submitted.version, acting_user=cast.regulator)
    assert _kinds(cast.district, NotificationKind.SUBMISSION_APPROVED) == [NotificationKind.SUBMISSION_APPROVED]


def test_the_stages_before_and_after_the_deadline():
    due = date(2023, 11, 30)
    assert due_stage(due_on=due, today=date(2023, 11, 22)) is None
    assert due_stage(due_on=due, today=date(2023, 11, 23)) == "7"
    assert due_stage(due_on=due, today=date(2023, 11, 27)) == "3"
    assert due_stage(due_on=due, today=date(2023, 11, 29)) == "1"
    assert due_stage(due_on=due, today=due) == "1"
    assert due_stage(due_on=due, today=date(2023, 12, 1)) == "overdue"


def test_a_submission_reminder_is_sent_once_per_deadline_and_stage(cast):
    reminders_send(today=date(2023, 11, 23))
    reminders_send(today=date(2023, 11, 24))  # the same stage: nothing new
    assert _kinds(cast.district, NotificationKind.SUBMISSION_DUE) == [NotificationKind.SUBMISSION_DUE]
    reminders_send(today=date(2023, 11, 27))
    reminders_send(today=date(2023, 11, 29))
    assert len(_kinds(cast.district, NotificationKind.SUBMISSION_DUE)) == 3
    reminders_send(today=date(2023, 12, 1))
    reminders_send(today=date(2023, 12, 2))
    assert _kinds(cast.district, NotificationKind.SUBMISSION_OVERDUE) == [NotificationKind.SUBMISSION_OVERDUE]
    assert not _kinds(cast.bureau, NotificationKind.SUBMISSION_DUE, NotificationKind.SUBMISSION_OVERDUE)


def test_moving_the_submission_deadline_moves_its_reminders(cast):
    reminders_send(today=date(2023, 12, 1))
    assert len(_kinds(cast.district, NotificationKind.SUBMISSION_OVERDUE)) == 1
    Deadline.objects.filter(campaign=cast.campaign, kind=DeadlineKind.DISTRICT_SUBMISSION).update(
        due_on=date(2023, 12, 5)
    )
    reminders_send(today=date(2023, 12, 2))
    keys = Notification.objects.filter(recipient=cast.district, kind=NotificationKind.SUBMISSION_DUE).values_list(
        "key", flat=True
    )
    assert len(keys) == 1 and "2023-12-05" in keys[0]


def test_a_district_that_submitted_is_not_reminded(cast, on_time):
    submitted = _submitted(cast)
    assert submitted.state == SubmissionState.SUBMITTED
    reminders_send(today=date(2023, 12, 1))
    assert not _kinds(cast.district, NotificationKind.SUBMISSION_OVERDUE)
    assert _kinds(cast.other_district, NotificationKind.SUBMISSION_OVERDUE)
