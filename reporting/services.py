"""Report jobs (DESIGN.md §7): asking for a report, rendering it exactly once, retrying what may succeed later,
putting stalled and due jobs back in the queue, and the reports beat makes on the campaign's calendar.

The life of a report job (portal.jobs):

1. ``report_request`` checks the reader may ask for the kind and scope (``reporting.policy``), and returns the job
   already queued or running for the same ``scope_key`` if there is one — also when two requests race: the partial
   unique constraint refuses the second row, which then gets the first. The task is enqueued on commit.
2. ``report_run`` claims the job with a conditional update (queued, due, attempts left → running, attempts + 1), so a
   second delivery does nothing; it gathers the snapshot (``kind.gather(scope, today)``), writes the file to a
   temporary file and moves it into storage (``job_store_file``), and finishes with checksum, size and snapshot.
3. A transient failure (``OSError`` — disk full, the file store failing — or a lost database connection) puts the
   job back in the queue with ``next_attempt_at`` 1, 4, 16 … minutes later; after ``max_attempts`` it fails with
   the reason in Chinese. Anything else is a bug: it fails at once with a Chinese message and is logged.
4. Beat runs ``reports_requeue_stalled`` (a job running past STALLED_AFTER lost its worker: queued again; due retries
   are enqueued) and ``reports_schedule_due`` (the mid-term and final reports on their dates, once each).
"""

from __future__ import annotations

import errno
import logging
from datetime import date, datetime, timedelta
from typing import Any

from billiard.exceptions import SoftTimeLimitExceeded
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.scope import scope_of
from campaign.models import Campaign, Deadline, DeadlineKind
from portal.jobs import JobStatus, job_fail, job_finish, job_progress, job_store_file, jobs_requeue_stalled
from portal.scoping import ensure_still_visible
from reporting.kinds import ReportKind, ReportScope, kinds
from reporting.models import ACTIVE_STATUSES, ReportJob
from reporting.policy import report_may_ask

logger = logging.getLogger(__name__)

# Longer than the task's hard time limit (reporting.tasks): a job running this long has lost its worker.
STALLED_AFTER = timedelta(minutes=50)
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OSError, OperationalError)
# Reports beat makes on the campaign's calendar: (deadline, kind key, days after the deadline).
SCHEDULED_REPORTS = (
    (DeadlineKind.MIDTERM_EVALUATION, "midterm", 0),  # 四(二): the mid-term evaluation
    (DeadlineKind.DISTRICT_SUBMISSION, "final", 1),  # 五(一): after the districts' materials are in
)


def scope_key(kind_key: str, report_scope: ReportScope) -> str:
    """``kind:campaign:scope:id`` — what makes two requests the same report."""
    target = {
        "district": report_scope.district,
        "body": report_scope.body,
        "round": report_scope.round,
        "enterprise": report_scope.enrolment,
    }.get(report_scope.name)
    return f"{kind_key}:{report_scope.campaign.pk}:{report_scope.name}:{target.pk if target is not None else 0}"


def retry_delay(attempts: int) -> timedelta:
    """The wait before attempt ``attempts + 1``: 1, 4, 16 … minutes."""
    return timedelta(minutes=4 ** max(0, attempts - 1))


def _active_job(key: str) -> ReportJob | None:
    return ReportJob.objects.filter(scope_key=key, status__in=ACTIVE_STATUSES).first()


def _create_once(key: str, fields: dict[str, Any]) -> tuple[ReportJob, bool]:
    """The active job for ``key``, or a new one; (job, created). Two requests racing: the partial unique constraint
    refuses the second insert, which then returns the row the first committed."""
    existing = _active_job(key)
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():  # a savepoint: the IntegrityError leaves the outer transaction usable
            job = ReportJob.objects.create(scope_key=key, **fields)
    except IntegrityError:
        existing = _active_job(key)
        if existing is None:  # the other job finished between the two statements: this one may be made
            raise
        return existing, False
    from reporting.tasks import reports_render

    reports_render.delay_on_commit(job.pk)
    return job, True


def report_request(*, user, kind_key: str, report_scope: ReportScope) -> tuple[ReportJob, bool]:
    """Ask for a report; returns (job, created). The job already queued or running for the same kind and scope is
    returned as it is (created False). Raises ValidationError for an unknown kind, PermissionDenied when the reader
    may not ask for this kind or scope (reporting.policy.report_may_ask)."""
    kind = kinds().get(kind_key)
    if kind is None:
        raise ValidationError(_("There is no such kind of report."), code="unknown_kind")
    if not report_may_ask(scope_of(user), kind, report_scope):
        raise PermissionDenied
    key = scope_key(kind_key, report_scope)
    with transaction.atomic():
        job, created = _create_once(
            key,
            {
                "kind": kind_key,
                "campaign": report_scope.campaign,
                "district": report_scope.district,
                "body": report_scope.body,
                "round": report_scope.round,
                "enrolment": report_scope.enrolment,
                "created_by": user,
            },
        )
        if created:
            ensure_still_visible(job, user)
    return job, created


def _claim(job_id: int, now: datetime) -> bool:
    """Queued, due and with attempts left → running (attempts + 1): the conditional update is the claim, so two
    deliveries of one message run the job once (portal.jobs.job_claim, with the retry columns)."""
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return bool(
        ReportJob.objects.filter(due, pk=job_id, status=JobStatus.QUEUED, attempts__lt=F("max_attempts")).update(
            status=JobStatus.RUNNING, progress=0, started_at=now, attempts=F("attempts") + 1, next_attempt_at=None
        )
    )


def report_scope_of(job: ReportJob) -> ReportScope:
    return ReportScope(
        campaign=job.campaign, district=job.district, body=job.body, round=job.round, enrolment=job.enrolment
    )


def transient_reason(error: BaseException) -> str:
    """A transient failure in the user's words."""
    if isinstance(error, OSError) and error.errno == errno.ENOSPC:
        return _("The server's disk is full.")
    if isinstance(error, OperationalError):
        return _("The database could not be reached.")
    return _("The file store failed: %(reason)s") % {"reason": getattr(error, "strerror", None) or error}


def report_run(*, job_id: int, today: date | None = None, now: datetime | None = None) -> bool:
    """Render report job ``job_id`` once; returns whether this call ran it (False: not queued, not yet due, or
    claimed by another worker). Progress goes to the row as the kind writes (pages, rows); the file is written to a
    temporary file and moved into storage in one piece. Failures: see the module docstring."""
    now = now or timezone.now()
    if not _claim(job_id, now):
        return False
    job = ReportJob.objects.select_related("campaign__tenant", "district", "body", "round", "enrolment").get(pk=job_id)
    kind = kinds().get(job.kind)
    try:
        if kind is None:
            raise LookupError(f"unknown report kind {job.kind!r}")
        snapshot = kind.gather(report_scope_of(job), today or timezone.localdate())
        checksum = job_store_file(job, "file", job.download_name, lambda handle: _write(job, kind, snapshot, handle))
    except TRANSIENT_ERRORS as error:
        _retry_or_fail(job, error)
        return True
    except SoftTimeLimitExceeded:
        job_fail(ReportJob, job_id, [_("The report took too long to make and was stopped. Ask for it again later.")])
        logger.warning("report job %s hit its time limit", job_id)
        return True
    except Exception:
        logger.exception("report job %s failed", job_id)
        job_fail(
            ReportJob,
            job_id,
            [
                _(
                    "The report could not be made because of an error in the portal. It has been logged; please tell the "
                    "administrator."
                )
            ],
        )
        return True
    job_finish(ReportJob, job_id, file=job.file.name, checksum=checksum, size=job.file.size, snapshot=snapshot)
    return True


def _write(job: ReportJob, kind: ReportKind, snapshot: dict[str, Any], handle) -> None:
    def progress(done: int, total: int) -> None:
        ReportJob.objects.filter(pk=job.pk).update(total=total)
        job_progress(ReportJob, job.pk, done)

    kind.write(snapshot, handle, progress)


def _retry_or_fail(job: ReportJob, error: BaseException) -> None:
    """Back in the queue after a delay, or failed with the reason once the attempts are spent."""
    reason = transient_reason(error)
    logger.warning("report job %s attempt %s failed: %r", job.pk, job.attempts, error)
    job.refresh_from_db(fields=["attempts", "max_attempts"])
    if job.attempts >= job.max_attempts:
        job_fail(
            ReportJob,
            job.pk,
            [
                _("The report could not be made after %(n)s attempts. %(reason)s")
                % {"n": job.attempts, "reason": reason}
            ],
        )
        return
    ReportJob.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
        status=JobStatus.QUEUED,
        progress=0,
        errors=[_("Attempt %(n)s failed and will be repeated: %(reason)s") % {"n": job.attempts, "reason": reason}],
        next_attempt_at=timezone.now() + retry_delay(job.attempts),
    )


def reports_requeue_stalled(*, now: datetime | None = None) -> list[int]:
    """Beat: put jobs whose worker died mid-render back in the queue, enqueue retries that are due, and fail queued
    jobs with no attempts left (a worker killed on each of them); returns the ids enqueued."""
    from reporting.tasks import reports_render

    now = now or timezone.now()
    enqueued = jobs_requeue_stalled(
        ReportJob, enqueue=reports_render.delay_on_commit, stalled_after=STALLED_AFTER, now=now
    )
    spent = ReportJob.objects.filter(status=JobStatus.QUEUED, attempts__gte=F("max_attempts"))
    for pk in spent.values_list("pk", flat=True):
        job_fail(
            ReportJob,
            pk,
            [_("The report could not be made: its worker stopped during each of its attempts. Ask for it again.")],
        )
    due = ReportJob.objects.filter(status=JobStatus.QUEUED, next_attempt_at__lte=now).exclude(pk__in=enqueued)
    for pk in due.values_list("pk", flat=True):
        reports_render.delay_on_commit(pk)
        enqueued.append(pk)
    return enqueued


def reports_schedule_due(*, today: date | None = None) -> list[ReportJob]:
    """Beat, daily: the mid-term report on the campaign's mid-term evaluation date and the city-wide final report the
    day after the districts' submission deadline — once each (a job of that kind already made for the campaign's city
    scope, by beat or by anyone, is not made again). Kinds not installed are skipped."""
    today = today or timezone.localdate()
    available = kinds()
    made = []
    for deadline_kind, kind_key, days_after in SCHEDULED_REPORTS:
        if kind_key not in available:
            continue
        deadlines = Deadline.objects.filter(kind=deadline_kind, due_on__lte=today - timedelta(days=days_after))
        for campaign_id in deadlines.values_list("campaign_id", flat=True):
            campaign = Campaign.objects.get(pk=campaign_id)
            key = scope_key(kind_key, ReportScope(campaign=campaign))
            if ReportJob.objects.filter(scope_key=key).exists():
                continue
            with transaction.atomic():
                job, created = _create_once(
                    key, {"kind": kind_key, "campaign": campaign, "created_by": None, "scheduled": True}
                )
            if created:
                made.append(job)
    return made
