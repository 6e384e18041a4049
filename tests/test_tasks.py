"""R9 reminders: the service that e-mails member units without a kickoff, and the thin task that calls it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from campaign.models import KickoffMeeting, KickoffReminder
from campaign.services import kickoff_reminders_send
from campaign.tasks import kickoff_reminders_send as kickoff_reminders_task

AFTER_DEADLINE = date(2023, 6, 5)  # the 2023 kickoff deadline is 31 May


def _give_emails(*users):
    for user in users:
        user.email = f"{user.username}@example.invalid"
        user.save(update_fields=["email"])


def _kickoff(cast, unit, held_on=date(2023, 5, 20)):
    return KickoffMeeting.objects.create(
        campaign=cast.campaign,
        member_unit=unit,
        held_on=held_on,
        place="会议室",
        attendance=20,
        recorded_by=cast.regulator,
    )


@pytest.fixture
def staff(cast):
    _give_emails(cast.district, cast.other_district, cast.bureau, cast.regulator)
    return cast


def test_units_without_a_kickoff_are_emailed_after_the_deadline(staff, django_capture_on_commit_callbacks):
    _kickoff(staff, staff.district_unit)
    with django_capture_on_commit_callbacks(execute=True):
        assert kickoff_reminders_send(today=AFTER_DEADLINE) == 2
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == sorted([staff.other_district.email, staff.bureau.email])
    assert staff.district.email not in recipients  # held its kickoff
    assert staff.regulator.email not in recipients  # reminders go to member units only
    reminded = KickoffReminder.objects.filter(sent_on=AFTER_DEADLINE)
    assert {r.member_unit for r in reminded} == {staff.other_district_unit, staff.bureau_unit}
    assert all("和平区" in m.subject or "市商务局" in m.subject for m in mail.outbox)


def test_running_twice_the_same_day_sends_nothing_twice(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = kickoff_reminders_send(today=AFTER_DEADLINE)
    with django_capture_on_commit_callbacks(execute=True):
        second = kickoff_reminders_send(today=AFTER_DEADLINE)
    assert (first, second) == (3, 0)
    assert len(mail.outbox) == 3
    assert KickoffReminder.objects.count() == 3


def test_a_unit_still_missing_its_kickoff_is_reminded_again_the_next_day(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kickoff_reminders_send(today=AFTER_DEADLINE)
    _kickoff(staff, staff.other_district_unit, held_on=date(2023, 6, 5))  # late, but held now
    with django_capture_on_commit_callbacks(execute=True):
        assert kickoff_reminders_send(today=date(2023, 6, 6)) == 2
    assert KickoffReminder.objects.filter(sent_on=date(2023, 6, 6)).count() == 2
    assert not KickoffReminder.objects.filter(sent_on=date(2023, 6, 6), member_unit=staff.other_district_unit).exists()


def test_no_email_leaves_before_the_transaction_commits(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        kickoff_reminders_send(today=AFTER_DEADLINE)
    assert mail.outbox == []
    assert len(callbacks) == 1


@pytest.mark.parametrize(
    "today",
    [date(2023, 5, 31), date(2023, 5, 9), date(2024, 1, 10)],
    ids=["on-the-deadline-day", "deployment-phase", "after-the-campaign-ended"],
)
def test_no_reminder_outside_the_window(staff, today, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert kickoff_reminders_send(today=today) == 0
    assert mail.outbox == []
    assert not KickoffReminder.objects.exists()


def test_inactive_staff_and_staff_without_email_get_nothing(cast, django_capture_on_commit_callbacks):
    _give_emails(cast.other_district)
    cast.other_district.is_active = False
    cast.other_district.save(update_fields=["is_active"])
    with django_capture_on_commit_callbacks(execute=True):
        assert kickoff_reminders_send(today=AFTER_DEADLINE) == 0
    assert mail.outbox == []


def test_each_tenant_reminds_only_its_own_units(staff, foreign, django_capture_on_commit_callbacks):
    _give_emails(foreign.district, foreign.other_district, foreign.bureau)
    with django_capture_on_commit_callbacks(execute=True):
        assert kickoff_reminders_send(today=AFTER_DEADLINE) == 6
    own = {staff.district.email, staff.other_district.email, staff.bureau.email}
    theirs = {foreign.district.email, foreign.other_district.email, foreign.bureau.email}
    for message in mail.outbox:
        assert set(message.to) <= own or set(message.to) <= theirs
        tenant = staff.tenant if set(message.to) <= own else foreign.tenant
        assert tenant.regulator_name in message.body


def test_the_task_runs_the_service_for_today(staff, django_capture_on_commit_callbacks):
    with time_machine.travel(datetime(2023, 6, 5, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert kickoff_reminders_task.apply().get() == 3
    assert set(KickoffReminder.objects.values_list("sent_on", flat=True)) == {AFTER_DEADLINE}
    assert len(mail.outbox) == 3


def test_the_reminder_is_written_in_chinese(staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        kickoff_reminders_send(today=AFTER_DEADLINE)
    message = next(m for m in mail.outbox if staff.other_district.email in m.to)
    assert message.subject == "提醒：和平区 尚未登记启动会"
    assert "尚未登记" in message.body and "2023年5月31日" in message.body
    assert staff.tenant.regulator_name in message.body
