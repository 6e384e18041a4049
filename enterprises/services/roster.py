"""The roster import (附件二(一) 小微企业遴选): storing an upload for the preview, confirming it, and importing it in
one transaction — in the request, or by the Celery task for a large file (a ``portal.jobs.Job``).

Flow: ``roster_import_upload`` reads the (already validate_upload-ed) workbook and stores a RosterImport with every
row's errors for the preview (reading and checking: enterprises.selectors.roster) — a file it cannot read raises
before anything is stored. ``roster_import_confirm`` claims the job; a small roster is imported in the request, a
large one (> SYNC_LIMIT rows) by the Celery task enterprises.tasks.roster_import_run, which reports progress on the
job row while it checks the rows again. The writes themselves happen in one transaction: every row or none.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import Campaign, MemberUnit
from campaign.policy import campaign_write_check
from enterprises.models import Enrolment, Enterprise, RosterImport, RosterImportStatus
from enterprises.selectors.roster import check_rows, read_roster
from enterprises.services.enterprises import district_sort_orders
from portal.files import original_name
from portal.jobs import job_claim, job_fail, job_finish, job_progress, jobs_requeue_stalled
from portal.scoping import ensure_still_visible
from portal.services import require_perm, save_with_history

SYNC_LIMIT = 200  # more rows than this are imported by the Celery task, with a progress bar
# A workbook larger than this is read and checked by the Celery task too (enterprises.tasks.roster_import_read):
# a roster of a few hundred enterprises is far smaller, while a file padded with hundreds of thousands of blank or
# formatted rows would hold a web request for as long as reading it takes.
READ_IN_REQUEST_BYTES = 512 * 1024


def _current_district(user) -> MemberUnit | None:
    """The uploader's own district (None for the regulator, whose imports are not tied to one)."""
    scope = scope_of(user)
    if scope is None or scope.role != Role.MEMBER_UNIT or not scope.member_unit_is_district:
        return None
    if scope.member_unit_id is None:  # a district scope always names its unit; say so rather than query pk=None
        raise PermissionDenied
    return MemberUnit.objects.get(pk=scope.member_unit_id)


def roster_import_upload(*, upload, campaign: Campaign, acting_user) -> RosterImport:
    """Read and check the roster; store it with every row's errors for the preview. Nothing else is written.

    ``upload`` must have passed portal.files.validate_upload (type by content, size, zip bomb)."""
    require_perm(acting_user, "enterprises.keep_enterprise_records")
    campaign_write_check(campaign)  # DESIGN.md §5: nobody is nominated into a finished campaign
    if upload.size > READ_IN_REQUEST_BYTES:
        return _store_for_reading(upload=upload, campaign=campaign, acting_user=acting_user)
    rows, reading = read_roster(upload)
    checked = check_rows(rows=rows, user=acting_user, campaign=campaign)
    job = RosterImport(
        tenant_id=campaign.tenant_id,
        campaign=campaign,
        district=_current_district(acting_user),
        original_name=original_name(upload),
        total=len(checked),
        error_count=sum(1 for row in checked if row["errors"]),
        rows=checked,
        reading=reading,
        created_by=acting_user,
    )
    _save_with_file(job, upload, acting_user)
    return job


def _save_with_file(job: RosterImport, upload, acting_user) -> None:
    with transaction.atomic():
        job.file.save(upload.name, upload, save=False)
        try:
            job.save()
            ensure_still_visible(job, acting_user)
        except BaseException:
            job.file.delete(save=False)
            raise


def _store_for_reading(*, upload, campaign: Campaign, acting_user) -> RosterImport:
    """A large workbook: stored as it came, then read and checked by the Celery task (the page shows progress)."""
    job = RosterImport(
        tenant_id=campaign.tenant_id,
        campaign=campaign,
        district=_current_district(acting_user),
        original_name=original_name(upload),
        status=RosterImportStatus.READING,
        total=0,
        rows=[],
        created_by=acting_user,
    )
    _save_with_file(job, upload, acting_user)
    from enterprises.tasks import roster_import_read as task

    task.delay_on_commit(job.pk)
    return job


def roster_import_read(*, job_id: int) -> bool:
    """Read and check a large roster stored by ``roster_import_upload`` (READING → PREVIEWED, or FAILED with the
    reason when the file cannot be read). Returns whether it ran; a job no longer READING is left alone, so a second
    delivery of the task does nothing."""
    job = RosterImport.objects.select_related("campaign", "created_by").filter(pk=job_id).first()
    if job is None or job.status != RosterImportStatus.READING:
        return False
    try:
        with job.file.open("rb") as handle:
            rows, reading = read_roster(handle)
        checked = check_rows(rows=rows, user=job.created_by, campaign=job.campaign)
    except ValidationError as exc:  # unreadable: the reason, as the upload page would have said it
        RosterImport.objects.filter(pk=job_id, status=RosterImportStatus.READING).update(
            status=RosterImportStatus.FAILED, errors=exc.messages
        )
        return True
    RosterImport.objects.filter(pk=job_id, status=RosterImportStatus.READING).update(
        status=RosterImportStatus.PREVIEWED,
        rows=checked,
        reading=reading,
        total=len(checked),
        error_count=sum(1 for row in checked if row["errors"]),
    )
    return True


def roster_import_confirm(*, job: RosterImport, acting_user) -> RosterImport:
    """The uploader confirms a clean preview. Claims the job (a double click confirms once); a small roster is
    imported now, a large one is queued for the Celery task after commit."""
    if job.created_by_id != acting_user.pk:
        raise PermissionDenied
    campaign_write_check(job.campaign)
    if job.error_count:
        raise ValidationError(
            _("Correct the rows with errors in the file and upload it again; nothing has been imported."),
            code="has_errors",
        )
    claimed = RosterImport.objects.filter(pk=job.pk, status=RosterImportStatus.PREVIEWED, error_count=0).update(
        status=RosterImportStatus.QUEUED
    )
    if not claimed:
        raise ValidationError(_("This roster has already been confirmed."), code="claimed")
    if job.total <= SYNC_LIMIT:
        roster_import_run(job_id=job.pk)
    else:
        from enterprises.tasks import roster_import_run as task

        task.delay_on_commit(job.pk)  # only once the QUEUED claim is committed
    job.refresh_from_db()
    return job


def roster_import_run(*, job_id: int) -> bool:
    """Import a queued roster: claim it (QUEUED → RUNNING with a conditional update, so a second run does nothing),
    check its rows again against today's data, then write every row in one transaction. Returns whether it ran."""
    if not job_claim(RosterImport, job_id):
        return False
    job = RosterImport.objects.select_related("campaign", "created_by").get(pk=job_id)
    user = job.created_by

    def progress(done: int) -> None:
        job_progress(RosterImport, job_id, done)

    try:
        with job.file.open("rb") as handle:
            rows, _reading = read_roster(handle)
        checked = check_rows(rows=rows, user=user, campaign=job.campaign, on_progress=progress)
        failing = sum(1 for row in checked if row["errors"])
        if failing:
            # Something changed since the preview (e.g. another upload enrolled one of these): show it again.
            RosterImport.objects.filter(pk=job_id).update(
                status=RosterImportStatus.PREVIEWED,
                rows=checked,
                error_count=failing,
                progress=0,
                errors=[_("Some rows are no longer valid; nothing has been imported. See the rows marked below.")],
            )
            return True
        created, updated = _write(job=job, checked=checked, user=user)
    except Exception as exc:  # the transaction rolled back: record why, import nothing
        messages = getattr(exc, "messages", None) or [_("The import failed; nothing has been imported.")]
        job_fail(RosterImport, job_id, messages)
        if not isinstance(exc, ValidationError | PermissionDenied):
            raise
        return True
    job_finish(RosterImport, job_id, created=created, updated=updated)
    return True


# A run that has not finished in this time is taken to have died with its worker (the whole import is one
# transaction, so a dead run wrote nothing and running it again is safe).
STALLED_AFTER = timedelta(minutes=30)


def roster_imports_requeue_stalled(*, now=None) -> list[int]:
    """Put imports whose worker died mid-run back in the queue; returns their ids. The beat task calls this, so a
    confirmed roster is never stuck in "importing" whatever happened to the broker's message."""
    from enterprises.tasks import roster_import_read as read_task
    from enterprises.tasks import roster_import_run as task

    now = now or timezone.now()
    requeued = jobs_requeue_stalled(RosterImport, enqueue=task.delay_on_commit, stalled_after=STALLED_AFTER, now=now)
    # A large file still "being read" long after its upload: its message was lost or its worker died. Reading
    # writes only the preview, and only while the job is still READING, so sending it again is safe.
    unread = RosterImport.objects.filter(status=RosterImportStatus.READING, created_at__lt=now - STALLED_AFTER)
    for pk in unread.values_list("pk", flat=True):
        read_task.delay_on_commit(pk)
        requeued.append(pk)
    return requeued


def _write(*, job: RosterImport, checked: list[dict], user) -> tuple[int, int]:
    """All rows in one transaction: create or update each enterprise, then nominate it into the job's campaign."""
    created = updated = 0
    with transaction.atomic():
        # Before the enterprises are locked (the lock order district_sort_orders asks for).
        sort_orders = district_sort_orders(row["clean"]["district_id"] for row in checked)
        existing = {
            e.credit_code: e
            for e in Enterprise.objects.select_for_update().filter(
                tenant_id=job.tenant_id, credit_code__in=[row["clean"]["credit_code"] for row in checked]
            )
        }
        enterprises = []
        for row in checked:
            data = row["clean"]
            enterprise = existing.get(data["credit_code"])
            if enterprise is None:
                enterprise = Enterprise(tenant_id=job.tenant_id)
                created += 1
            else:
                enterprise.version += 1
                updated += 1
            for key, value in data.items():
                setattr(enterprise, key, Decimal(value) if key == "annual_revenue" else value)
            enterprise.district_sort_order = sort_orders[enterprise.district_id]
            reason = _("Roster import %(name)s") % {"name": job.original_name}
            save_with_history(enterprise, acting_user=user, reason=reason)
            enterprises.append(enterprise)
        for enterprise in enterprises:
            enrolment = Enrolment(enterprise=enterprise, campaign=job.campaign, nominated_by=user)
            save_with_history(enrolment, acting_user=user)
        # Inside the transaction: every row written must be the importer's own, or nothing is.
        ids = [e.pk for e in enterprises]
        if Enterprise.objects.visible_to(user).filter(pk__in=ids).count() != len(set(ids)):
            raise PermissionDenied
    return created, updated
