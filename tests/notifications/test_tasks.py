"""The daily reminder run: Celery beat names a task that exists, and the task runs every app's reminder rules once."""

from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from celery.schedules import crontab
from django.conf import settings

from notifications.models import Notification, NotificationKind
from notifications.tasks import reminders_send
from portal.celery import app

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_beat_runs_the_reminders_daily_through_a_task_that_exists():
    entry = settings.CELERY_BEAT_SCHEDULE["notification-reminders-daily"]
    assert entry["task"] == "notifications.tasks.reminders_send" == reminders_send.name
    app.loader.import_default_modules()  # what a worker does at start: every app's tasks.py
    assert entry["task"] in app.tasks
    assert entry["schedule"] == crontab(hour=8, minute=0)


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    missing = {
        name: entry["task"] for name, entry in settings.CELERY_BEAT_SCHEDULE.items() if entry["task"] not in app.tasks
    }
    assert missing == {}


def test_the_reminders_task_sends_the_due_reminders_once_and_a_second_run_sends_nothing_new(cast):
    # 26 May 2023 in Tianjin, 08:00: five days before the cast's 31 May kickoff deadline
    with time_machine.travel(datetime(2023, 5, 26, 8, 0, tzinfo=SHANGHAI), tick=False):
        first = reminders_send.apply().get()
        kept = set(Notification.objects.values_list("recipient", "key"))
        second = reminders_send.apply().get()
    assert first > 0 and first == len(kept)
    assert second == 0
    assert set(Notification.objects.values_list("recipient", "key")) == kept
    assert Notification.objects.filter(recipient=cast.district, kind=NotificationKind.KICKOFF_MISSING).count() == 1
