"""Issue 11 "Faults" on the real stack: a Celery worker SUBPROCESS on the ``reports`` queue (PostgreSQL, Redis) is
SIGKILLed in the middle of a render; nothing partial is ever stored or served; after a new worker starts and the
sweeper requeues the stalled job, it completes exactly once with a valid file.

Needs DATABASE_URL (PostgreSQL: the worker process must share the test database) and REDIS_URL; skipped otherwise.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from portal.celery import app
from portal.jobs import JobStatus
from reporting import services
from reporting.kinds import ReportScope
from reporting.models import ReportJob
from tests.reporting import worker_kinds

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL") or not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs the real stack: set DATABASE_URL (PostgreSQL) and REDIS_URL",
    ),
]
ROOT = Path(__file__).resolve().parents[2]


def _wait(condition, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _worker(env: dict[str, str], name: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable, "-m", "celery", "-A", "portal", "worker", "-Q", "reports", "--concurrency", "1",
            "--include", "tests.reporting.worker_kinds", "-n", f"{name}@%h", "--without-gossip", "--without-mingle",
            "--loglevel", "WARNING",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,  # its own process group: SIGKILL reaches the pool's child as well
    )  # fmt: skip


def _kill(worker: subprocess.Popen, sig=signal.SIGKILL) -> None:
    try:
        os.killpg(worker.pid, sig)
    except ProcessLookupError:
        pass
    worker.wait(timeout=30)


@pytest.fixture
def reports_queue():
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("reports")
    yield
    with app.connection_for_write() as conn:
        conn.default_channel.queue_purge("reports")


def test_a_worker_killed_mid_render_leaves_no_file_and_the_job_completes_once_after_restart(
    cast, reports_queue, tmp_path
):
    assert worker_kinds.SLOW
    hold = tmp_path / "hold"
    hold.touch()
    database = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{database['NAME']}",
        "PORTAL_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REPORT_TEST_HOLD": str(hold),
    }
    job, created = services.report_request(
        user=cast.regulator, kind_key=worker_kinds.KEY, report_scope=ReportScope(campaign=cast.campaign)
    )
    assert created  # committed: the task went to the reports queue on commit

    first = _worker(env, "first")
    try:
        _wait(lambda: ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING, progress=1).exists(), 90,
              "the first worker to be mid-render")  # fmt: skip
        _kill(first)
    finally:
        if first.poll() is None:
            _kill(first)
    job.refresh_from_db()
    assert job.status == JobStatus.RUNNING and not job.file and job.attempts == 1
    reports = Path(settings.MEDIA_ROOT) / "reports"
    assert not reports.exists() or not any(p.is_file() for p in reports.rglob("*"))  # nothing partial stored

    hold.unlink()  # the next render runs straight through
    second = _worker(env, "second")
    try:
        # The sweeper (beat) finds the job stalled — its worker is gone — and puts it back in the queue.
        later = timezone.now() + services.STALLED_AFTER + timedelta(minutes=1)
        assert services.reports_requeue_stalled(now=later) == [job.pk]
        _wait(lambda: ReportJob.objects.filter(pk=job.pk, status=JobStatus.DONE).exists(), 90, "the job to finish")
        # Whatever the broker redelivers now (the killed worker's unacknowledged message) finds the job done.
        time.sleep(1)
    finally:
        _kill(second, signal.SIGTERM)

    job.refresh_from_db()
    assert (job.status, job.attempts, job.errors) == (JobStatus.DONE, 2, [])
    content = job.file.read()
    assert content.startswith(b"%PDF-1.4") and content.rstrip().endswith(b"%%EOF")
    assert cast.campaign.title.encode() in content
    assert job.checksum == hashlib.sha256(content).hexdigest() and job.size == len(content)
    assert len([p for p in reports.rglob("*") if p.is_file()]) == 1  # exactly one file
