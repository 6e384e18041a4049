"""A real Celery worker runs a task sent with .delay() — on the configured broker, not in eager mode.

With no REDIS_URL that is the file-system broker the development settings configure (no server needed); with
REDIS_URL set (CI) it is Redis. The worker runs in a thread of this process and shares the test database, which
needs ``transaction=True`` so that its connection sees the rows this test committed.
"""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.core import mail
from django.db import connections
from django.utils import timezone
from kombu import pools as kombu_pools

from campaign.models import Deadline, DeadlineKind, KickoffReminder, Phase
from campaign.tasks import kickoff_reminders_send
from portal.celery import app

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def _reset_connection_pools():
    # Connections made before the options changed must not be reused by the producer or the worker. kombu keeps its
    # pools in a registry of its own, keyed by the connection's settings: closing only the app's pool left a closed
    # pool there, which the app then took back ("Acquire on closed pool") once an earlier test had sent a task.
    kombu_pools.reset()
    app._pool = None
    app.amqp._producer_pool = None


@pytest.fixture
def broker(tmp_path):
    """The configured broker. The file-system one gets a private folder (polled every 50 ms), so a worker started
    by ``make run`` on the same machine cannot take this test's message; on Redis the default queue starts empty."""
    saved = app.conf.broker_transport_options
    if app.conf.broker_url.startswith("filesystem"):
        folder = tmp_path / "broker"
        folder.mkdir()
        app.conf.broker_transport_options = {
            **saved,
            "data_folder_in": str(folder),
            "data_folder_out": str(folder),
            "polling_interval": 0.05,
        }
    _reset_connection_pools()
    if not app.conf.broker_url.startswith("filesystem"):
        app.control.purge()
    yield app.conf.broker_url
    app.conf.broker_transport_options = saved
    _reset_connection_pools()


@pytest.fixture
def worker_closes_its_connections():
    # The worker thread opens its own database connection; close it after each task so the test database can be
    # flushed and dropped (PostgreSQL refuses to drop a database that still has sessions).
    def close(**kwargs):
        connections.close_all()

    task_postrun.connect(close, weak=False)
    yield
    task_postrun.disconnect(close)


def test_a_task_sent_with_delay_is_executed_by_a_real_worker(cast, broker, worker_closes_its_connections):
    # Make the cast's campaign run today, past its kickoff deadline, with one unit still missing its kickoff.
    today = timezone.localdate()
    Phase.objects.filter(campaign=cast.campaign).update(
        starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=30)
    )
    Deadline.objects.filter(campaign=cast.campaign, kind=DeadlineKind.KICKOFF).update(due_on=today - timedelta(days=1))
    cast.other_district.email = "heping@example.invalid"
    cast.other_district.save(update_fields=["email"])

    with start_worker(app, perform_ping_check=False, pool="solo", concurrency=1, shutdown_timeout=10):
        kickoff_reminders_send.delay()
        deadline = time.monotonic() + 15
        while not KickoffReminder.objects.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        # The claim is committed before the e-mail goes out: wait for the message too.
        while not mail.outbox and time.monotonic() < deadline:
            time.sleep(0.05)

    reminder = KickoffReminder.objects.get()
    assert (reminder.member_unit, reminder.sent_on) == (cast.other_district_unit, today)
    assert [message.to for message in mail.outbox] == [["heping@example.invalid"]]
