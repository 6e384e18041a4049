"""Who is told: the party when a request is made or sent back, the regulator when an answer arrives; the daily
reminders for a rectification due in 3 days and overdue, once per request and day, following the due date."""

from datetime import timedelta

from django.db import transaction

from notifications.models import Notification
from notifications.reminders import Reminder
from supervision import reminders as supervision_reminders
from supervision.models import RectificationRequest
from supervision.services.rectifications import request_answer, request_return
from tests.supervision.conftest import pdf


def _kinds(user):
    return list(Notification.objects.filter(recipient=user).values_list("kind", flat=True).order_by("pk"))


def test_the_party_is_notified_when_a_request_is_made(cast, body_request):
    assert _kinds(cast.cb_manager) == ["rectification_asked"]
    assert _kinds(cast.district) == []


def test_the_regulator_is_notified_when_an_answer_arrives_and_the_party_when_sent_back(cast, body_request):
    request_answer(request=body_request, text="已补齐", files=[pdf()], expected_version=1, acting_user=cast.cb_manager)
    assert "rectification_answered" in _kinds(cast.regulator)
    body_request.refresh_from_db()
    request_return(
        request=body_request, comment="请补充照片", expected_version=body_request.version, acting_user=cast.regulator
    )
    assert _kinds(cast.cb_manager) == ["rectification_asked", "rectification_returned"]
    assert (
        Notification.objects.filter(recipient=cast.cb_manager, kind="rectification_returned").get().body == "请补充照片"
    )


def _due(today):
    return [r for r in supervision_reminders.reminders(today) if isinstance(r, Reminder)]


def test_a_request_due_in_three_days_reminds_the_party(cast, body_request):
    today = body_request.due_on - timedelta(days=3)
    found = _due(today)
    assert [(r.kind, list(r.recipients)) for r in found] == [("rectification_due", [cast.cb_manager])]
    assert _due(today + timedelta(days=1)) == []


def test_an_overdue_request_reminds_the_party_and_an_answered_one_the_regulator(cast, body_request):
    today = body_request.due_on + timedelta(days=2)
    (reminder,) = _due(today)
    assert reminder.kind == "rectification_overdue" and list(reminder.recipients) == [cast.cb_manager]
    assert "2" in reminder.title
    request_answer(request=body_request, text="已补齐", files=[pdf()], expected_version=1, acting_user=cast.cb_manager)
    (reminder,) = _due(today)
    assert list(reminder.recipients) == [cast.regulator]


def test_moving_the_due_date_moves_its_reminders(cast, body_request):
    old = body_request.due_on
    RectificationRequest.objects.filter(pk=body_request.pk).update(due_on=old + timedelta(days=10))
    assert _due(old - timedelta(days=3)) == []
    assert len(_due(old + timedelta(days=7))) == 1


def test_a_reminder_is_sent_once_for_the_same_request_and_day(cast, body_request, django_capture_on_commit_callbacks):
    from notifications.services.notifications import notify

    today = body_request.due_on + timedelta(days=1)
    for _run in range(2):
        for reminder in _due(today):
            with transaction.atomic():
                notify(
                    recipients=reminder.recipients,
                    kind=reminder.kind,
                    title=reminder.title,
                    key=reminder.key,
                    campaign=reminder.campaign,
                )
    assert _kinds(cast.cb_manager).count("rectification_overdue") == 1
