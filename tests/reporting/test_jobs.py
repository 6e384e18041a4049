"""The report job machinery (DESIGN.md §7, issue 11 "Faults"): one job per report while it is under way, one file
per job however often it runs, transient failures retried with backoff and then failed with the reason, bugs failed
at once, stalled jobs requeued, and the calendar's reports made once."""

from __future__ import annotations

import errno
import hashlib
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError
from django.utils import timezone

from enterprises.models import Enrolment
from portal.jobs import JobStatus
from reporting import services
from reporting.kinds import ReportScope
from reporting.models import ReportJob
from reporting.services import report_request, report_run, reports_requeue_stalled, reports_schedule_due


def ask(user, scope, kind="test_kind"):
    return report_request(user=user, kind_key=kind, report_scope=scope)


@pytest.mark.django_db
def test_asking_twice_while_queued_gives_the_queued_job(cast, test_kind):
    scope = ReportScope(campaign=cast.campaign)
    first, created = ask(cast.regulator, scope)
    second, created_again = ask(cast.regulator, scope)
    assert created and not created_again
    assert first.pk == second.pk
    assert ReportJob.objects.count() == 1


@pytest.mark.django_db
def test_two_requests_racing_give_one_job(cast, test_kind, monkeypatch):
    """The second request did not see the first's row (it was not committed yet): the partial unique constraint
    refuses its insert, and it returns the first one."""
    scope = ReportScope(campaign=cast.campaign, district=cast.district_unit)
    first, _created = ask(cast.regulator, scope)
    real = services._active_job
    calls = []

    def blind_first_time(key):
        calls.append(key)
        return None if len(calls) == 1 else real(key)

    monkeypatch.setattr(services, "_active_job", blind_first_time)
    second, created = ask(cast.district, scope)
    assert not created and second.pk == first.pk
    assert ReportJob.objects.count() == 1


@pytest.mark.django_db
def test_a_finished_report_can_be_asked_for_again(cast, test_kind):
    scope = ReportScope(campaign=cast.campaign)
    first, _ = ask(cast.regulator, scope)
    assert report_run(job_id=first.pk)
    second, created = ask(cast.regulator, scope)
    assert created and second.pk != first.pk


@pytest.mark.django_db
def test_running_twice_makes_one_file_with_its_checksum(cast, test_kind):
    job, _ = ask(cast.regulator, ReportScope(campaign=cast.campaign, body=cast.body))
    assert report_run(job_id=job.pk)
    assert not report_run(job_id=job.pk)  # a second delivery does nothing
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and test_kind.runs == 1
    content = job.file.read()
    assert content == f"report {cast.campaign.pk} body\n".encode()
    assert job.checksum == hashlib.sha256(content).hexdigest() and job.size == len(content)
    assert job.snapshot == {"campaign": cast.campaign.pk, "scope": "body", "today": timezone.localdate().isoformat()}
    assert (job.progress, job.total, job.attempts, job.errors) == (2, 2, 1, [])


@pytest.mark.django_db
def test_disk_full_is_retried_with_backoff_then_failed_with_the_reason(cast, test_kind):
    test_kind.fail_with = [OSError(errno.ENOSPC, "No space left on device") for _ in range(3)]
    job, _ = ask(cast.regulator, ReportScope(campaign=cast.campaign))
    start = timezone.now()
    assert report_run(job_id=job.pk, now=start)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.attempts == 1 and not job.file
    assert job.next_attempt_at - start >= timedelta(minutes=1) - timedelta(seconds=5)
    assert "磁盘空间已满" in job.errors[0]
    # Not yet due: a message delivered early does nothing.
    assert not report_run(job_id=job.pk, now=start)
    assert report_run(job_id=job.pk, now=start + timedelta(minutes=2))
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and job.attempts == 2
    assert job.next_attempt_at - start >= timedelta(minutes=4)
    assert report_run(job_id=job.pk, now=start + timedelta(hours=1))
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 3 and not job.file
    assert "3 次" in job.errors[0] and "磁盘空间已满" in job.errors[0]
    assert not report_run(job_id=job.pk, now=start + timedelta(days=1))


@pytest.mark.django_db
def test_file_store_and_database_failures_are_transient(cast, test_kind):
    test_kind.fail_with = [OSError(errno.EIO, "Input/output error"), OperationalError("server closed the connection")]
    job, _ = ask(cast.regulator, ReportScope(campaign=cast.campaign))
    now = timezone.now()
    report_run(job_id=job.pk, now=now)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and "文件存储" in job.errors[0]
    report_run(job_id=job.pk, now=now + timedelta(hours=1))
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED and "数据库" in job.errors[0]
    report_run(job_id=job.pk, now=now + timedelta(hours=2))
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 3


@pytest.mark.django_db
def test_a_bug_fails_the_job_at_once_with_a_chinese_message(cast, test_kind, caplog):
    test_kind.fail_with = [KeyError("oops")]
    job, _ = ask(cast.regulator, ReportScope(campaign=cast.campaign))
    assert report_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and job.attempts == 1
    assert "程序错误" in job.errors[0]
    assert any("failed" in record.message for record in caplog.records)


@pytest.mark.django_db
def test_a_stalled_job_is_requeued_and_finishes_once(cast, test_kind, monkeypatch):
    sent = []
    monkeypatch.setattr("reporting.tasks.reports_render.delay_on_commit", sent.append)
    job, _ = ask(cast.regulator, ReportScope(campaign=cast.campaign))
    assert sent == [job.pk]  # enqueued (on commit) when asked for
    sent.clear()
    # Its worker claimed it, then died: the row says running, with no file.
    assert services._claim(job.pk, timezone.now())
    assert reports_requeue_stalled() == []  # not stalled yet
    later = timezone.now() + services.STALLED_AFTER + timedelta(minutes=1)
    assert reports_requeue_stalled(now=later) == [job.pk]
    assert sent == [job.pk]
    assert report_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and job.attempts == 2 and test_kind.runs == 1


@pytest.mark.django_db
def test_a_job_whose_worker_dies_on_every_attempt_is_failed(cast, test_kind, monkeypatch):
    monkeypatch.setattr("reporting.tasks.reports_render.delay_on_commit", lambda pk: None)
    job, _ = ask(cast.regulator, ReportScope(campaign=cast.campaign))
    ReportJob.objects.filter(pk=job.pk).update(attempts=3)
    reports_requeue_stalled()
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED and "每次尝试" in job.errors[0]


@pytest.mark.django_db
def test_due_retries_are_sent_again_by_the_sweeper(cast, test_kind, monkeypatch):
    sent = []
    monkeypatch.setattr("reporting.tasks.reports_render.delay_on_commit", sent.append)
    job, _ = ask(cast.regulator, ReportScope(campaign=cast.campaign))
    ReportJob.objects.filter(pk=job.pk).update(attempts=1, next_attempt_at=timezone.now() - timedelta(seconds=1))
    sent.clear()
    assert reports_requeue_stalled() == [job.pk] and sent == [job.pk]


@pytest.mark.django_db
def test_the_calendar_reports_are_made_once_on_their_dates(cast, test_kind, monkeypatch):
    from campaign.models import DeadlineKind

    monkeypatch.setattr(
        services,
        "SCHEDULED_REPORTS",
        ((DeadlineKind.MIDTERM_EVALUATION, "test_kind", 0),),
    )
    midterm = cast.campaign.deadlines.get(kind=DeadlineKind.MIDTERM_EVALUATION).due_on
    assert reports_schedule_due(today=midterm - timedelta(days=1)) == []
    made = reports_schedule_due(today=midterm)
    assert len(made) == 1 and made[0].scheduled and made[0].created_by is None
    report_run(job_id=made[0].pk)
    assert reports_schedule_due(today=midterm + timedelta(days=3)) == []
    assert ReportJob.objects.count() == 1


@pytest.mark.django_db
def test_scope_constraint_allows_at_most_one_scope(cast):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ReportJob.objects.create(
            kind="x", campaign=cast.campaign, district=cast.district_unit, body=cast.body, scope_key="x"
        )


@pytest.mark.django_db
def test_who_may_ask_for_what(cast, foreign, test_kind):
    city = ReportScope(campaign=cast.campaign)
    own = ReportScope(campaign=cast.campaign, district=cast.district_unit)
    other = ReportScope(campaign=cast.campaign, district=cast.other_district_unit)
    body = ReportScope(campaign=cast.campaign, body=cast.body)
    enrolment = Enrolment.objects.create(enterprise=cast.enterprise, campaign=cast.campaign, nominated_by=cast.district)
    own_enrolment = ReportScope(campaign=cast.campaign, enrolment=enrolment)
    assert ask(cast.regulator, city)[1] and ask(cast.regulator, other)[1]
    assert ask(cast.district, own)[0].district_id == cast.district_unit.pk
    assert ask(cast.cb_manager, body)[1]
    assert ask(cast.enterprise_user, own_enrolment)[1]
    refused = [
        (cast.district, city),
        (cast.district, other),
        (cast.bureau, own),
        (cast.cb_manager, city),
        (cast.enterprise_user, city),
        (cast.expert, body),
        (cast.reviewer, city),
        (foreign.regulator, city),
        (foreign.regulator, own),
    ]
    for user, scope in refused:
        with pytest.raises(PermissionDenied):
            ask(user, scope)


@pytest.mark.django_db
def test_each_role_sees_only_its_own_reports(cast, foreign, test_kind):
    enrolment = Enrolment.objects.create(enterprise=cast.enterprise, campaign=cast.campaign, nominated_by=cast.district)
    jobs = {
        "city": ask(cast.regulator, ReportScope(campaign=cast.campaign))[0],
        "own": ask(cast.regulator, ReportScope(campaign=cast.campaign, district=cast.district_unit))[0],
        "other": ask(cast.regulator, ReportScope(campaign=cast.campaign, district=cast.other_district_unit))[0],
        "body": ask(cast.regulator, ReportScope(campaign=cast.campaign, body=cast.body))[0],
        "enterprise": ask(cast.regulator, ReportScope(campaign=cast.campaign, enrolment=enrolment))[0],
    }
    ask(foreign.regulator, ReportScope(campaign=foreign.campaign))

    def seen(user):
        ids = set(ReportJob.objects.visible_to(user).values_list("pk", flat=True))
        return {name for name, job in jobs.items() if job.pk in ids}, len(ids)

    assert seen(cast.regulator) == (set(jobs), 5)
    assert seen(cast.district) == ({"own"}, 1)
    assert seen(cast.bureau) == (set(), 0)
    assert seen(cast.cb_manager) == ({"body"}, 1)
    assert seen(cast.enterprise_user) == ({"enterprise"}, 1)
    assert seen(cast.expert) == (set(), 0)
    assert seen(cast.reviewer) == (set(), 0)
    assert seen(foreign.regulator) == (set(), 1)


def test_retry_delays_grow():
    assert [services.retry_delay(n) for n in (1, 2, 3)] == [timedelta(minutes=m) for m in (1, 4, 16)]
