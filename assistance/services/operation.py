"""Operating the system (R7, 附件二(三)2): when operation started, the internal audit and the management review, or
— for an already-certified enterprise that did them this year — the expert's verification of them."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assistance.models import InternalAudit, ManagementReview, RecordMode
from assistance.permissions import RECORD_WORK
from assistance.policy import Link, chain_errors, is_certified, verification_errors
from assistance.services.checks import assistance_opens_on, check_upload, lock_enrolment
from enterprises.models import Enrolment, EnrolmentState
from portal.files import SYSTEM_DOCUMENTS, original_name
from portal.scoping import ensure_still_visible
from portal.services import Errors, lock_current, require_perm, row_update, save_with_history

# Once reviewed (or ended) the three months have been judged; the start date they were counted from stays put.
_OPERATION_FIXED = {
    EnrolmentState.REVIEWED,
    EnrolmentState.RESULTS,
    EnrolmentState.CLOSED,
    EnrolmentState.WITHDRAWN,
    EnrolmentState.REJECTED,
}


def operation_start_record(
    *, enrolment: Enrolment, started_on: date, expected_version: int | None, acting_user
) -> Enrolment:
    """附件二(三)2: the date the system started operating, from which R7's ``MIN_OPERATION_MONTHS`` months count.

    Raises PermissionDenied without the right to record work on the enrolment; ValidationError on
    ``operation_started_on`` (in the future, or before the assistance phase for an uncertified enterprise), when
    the review is done or the enrolment has ended, and code "stale" when the enrolment changed since
    ``expected_version`` was read."""
    require_perm(acting_user, RECORD_WORK, enrolment)
    if started_on > timezone.localdate():
        raise ValidationError(
            {"operation_started_on": _("The operation start cannot be in the future; record it once it has begun.")}
        )
    opens_on = assistance_opens_on(enrolment.campaign)
    if opens_on is not None and started_on < opens_on and not is_certified(enrolment):
        # A certified enterprise's system already runs; any other's starts with this campaign's assistance.
        raise ValidationError(
            {
                "operation_started_on": _(
                    "The system of an enterprise without a certificate cannot have started operating before the "
                    "assistance phase opened (%(date)s)."
                )
                % {"date": date_format(opens_on, "DATE_FORMAT")}
            }
        )
    with transaction.atomic():
        # Not model_update: the state is checked under the lock (a review recorded meanwhile fixes the start date).
        row = lock_current(Enrolment, enrolment.pk, expected_version)
        if row.state in _OPERATION_FIXED:
            raise ValidationError(
                _("The operation start cannot change once the review is done or the enrolment has ended.")
            )
        # R7: after the assignment, the diagnosis and the build; three months before any internal audit.
        errors = chain_errors(row, link=Link.OPERATION, span=(started_on, started_on), field="operation_started_on")
        if errors:
            raise ValidationError(errors)
        return row_update(
            row,
            data={"operation_started_on": started_on},
            acting_user=acting_user,
            reason=_("Operation start recorded"),
        )


def _check_record(
    enrolment: Enrolment, *, mode: str, link: Link, span: tuple[date, date], field: str, what: str
) -> None:
    if mode not in RecordMode.values:
        raise ValidationError({"mode": _("Choose how the record was made.")})
    if span[1] > timezone.localdate():
        raise ValidationError(
            {field: _("The %(what)s cannot be in the future; record it once it has happened.") % {"what": what}}
        )
    if mode == RecordMode.VERIFIED:
        errors = verification_errors(enrolment, day=span[0], field=field, what=what)  # R7, 附件二(三)2(1)(2)
        if errors:
            raise ValidationError(errors)
        return
    if enrolment.operation_started_on is None:
        raise ValidationError(
            _("Record when the system started operating first; the %(what)s checks the system in operation.")
            % {"what": what}
        )
    # R7, 附件二(三)2: after three months of operation, the internal audit before the management review.
    errors = chain_errors(enrolment, link=link, span=span, field=field)
    if errors:
        raise ValidationError(errors)


def _check_files(errors: Errors, *, plan_file, report_file, missing_plan: str, missing_report: str) -> None:
    for field, upload, missing in (
        ("plan_file", plan_file, missing_plan),
        ("report_file", report_file, missing_report),
    ):
        if not upload:
            errors.add(field, missing)
            continue
        with errors.collect():
            check_upload(upload, field, SYSTEM_DOCUMENTS)


def internal_audit_check(
    *,
    enrolment: Enrolment,
    mode: str | None,
    auditor_training_done: bool | None,
    starts_at: datetime | None,
    ends_at: datetime | None,
    plan_file,
    report_file,
) -> None:
    """Every check of ``internal_audit_record`` that needs no lock, all at once: ValidationError carrying each
    mistake at its field. Writes nothing; a value the form refused is None and its checks are skipped."""
    what = _("internal audit")
    errors = Errors()
    _check_files(
        errors,
        plan_file=plan_file,
        report_file=report_file,
        missing_plan=_("Attach the internal audit plan."),
        missing_report=_("Attach the internal audit report."),
    )
    if starts_at and ends_at and ends_at <= starts_at:
        errors.add("ends_at", _("The end must be after the start."))
    if mode == RecordMode.CONDUCTED and not auditor_training_done:
        # 帮扶专家应组织小微企业的内审员进行内审员培训, 指导内审员完成内部审核工作.
        errors.add("auditor_training_done", _("Train the enterprise's internal auditors before they audit."))
    if mode is not None and starts_at is not None and "starts_at" not in errors:
        # R7's chain of dates on the audit's days (its start when the end is missing or refused).
        last = ends_at if ends_at is not None and ends_at > starts_at else starts_at
        span = (timezone.localtime(starts_at).date(), timezone.localtime(last).date())
        with errors.collect():
            _check_record(enrolment, mode=mode, link=Link.INTERNAL_AUDIT, span=span, field="starts_at", what=what)
    errors.raise_if_any()


def internal_audit_record(
    *,
    enrolment: Enrolment,
    mode: str,
    auditor_training_done: bool,
    starts_at: datetime,
    ends_at: datetime,
    plan_file,
    report_file,
    acting_user,
) -> InternalAudit:
    """附件二(三)2(1) 内部审核: start and end times, the plan and the report (R7).

    Raises PermissionDenied without the right to record work on the enrolment; ValidationError (every mistake at
    once, internal_audit_check) on the files, on ``ends_at`` (not after the start), ``auditor_training_done`` (a
    conducted audit needs trained auditors), on ``mode``/the dates (R7: a verified audit only for a certified
    enterprise, held in the campaign's year; a conducted one not before operation started, not in the future), and
    code "duplicate"."""
    require_perm(acting_user, RECORD_WORK, enrolment)
    internal_audit_check(
        enrolment=enrolment,
        mode=mode,
        auditor_training_done=auditor_training_done,
        starts_at=starts_at,
        ends_at=ends_at,
        plan_file=plan_file,
        report_file=report_file,
    )
    with transaction.atomic():
        lock_enrolment(enrolment)
        if InternalAudit.objects.filter(enrolment=enrolment, starts_at=starts_at).exists():
            raise ValidationError(_("This internal audit has already been recorded."), code="duplicate")
        audit = InternalAudit(
            enrolment=enrolment,
            mode=mode,
            auditor_training_done=auditor_training_done,
            starts_at=starts_at,
            ends_at=ends_at,
            plan_file=plan_file,
            plan_name=original_name(plan_file),
            report_file=report_file,
            report_name=original_name(report_file),
            recorded_by=acting_user,
        )
        try:
            save_with_history(audit, acting_user=acting_user)
        except IntegrityError:  # the database's own start-before-end check
            raise ValidationError({"ends_at": _("The end must be after the start.")}) from None
        ensure_still_visible(audit, acting_user)
    return audit


def management_review_check(
    *, enrolment: Enrolment, mode: str | None, held_at: datetime | None, plan_file, report_file
) -> None:
    """Every check of ``management_review_record`` that needs no lock, all at once (as internal_audit_check)."""
    errors = Errors()
    _check_files(
        errors,
        plan_file=plan_file,
        report_file=report_file,
        missing_plan=_("Attach the management review plan."),
        missing_report=_("Attach the management review report."),
    )
    if mode is not None and held_at is not None:
        with errors.collect():
            day = timezone.localtime(held_at).date()
            _check_record(
                enrolment,
                mode=mode,
                link=Link.MANAGEMENT_REVIEW,
                span=(day, day),
                field="held_at",
                what=_("management review"),
            )
    errors.raise_if_any()


def management_review_record(
    *, enrolment: Enrolment, mode: str, held_at: datetime, plan_file, report_file, acting_user
) -> ManagementReview:
    """附件二(三)2(2) 管理评审: its time, the plan and the report (R7).

    Raises PermissionDenied without the right to record work on the enrolment; ValidationError (every mistake at
    once) on the files, on ``mode``/``held_at`` (as for the internal audit), and code "duplicate"."""
    require_perm(acting_user, RECORD_WORK, enrolment)
    management_review_check(
        enrolment=enrolment, mode=mode, held_at=held_at, plan_file=plan_file, report_file=report_file
    )
    with transaction.atomic():
        lock_enrolment(enrolment)
        if ManagementReview.objects.filter(enrolment=enrolment, held_at=held_at).exists():
            raise ValidationError(_("This management review has already been recorded."), code="duplicate")
        review = ManagementReview(
            enrolment=enrolment,
            mode=mode,
            held_at=held_at,
            plan_file=plan_file,
            plan_name=original_name(plan_file),
            report_file=report_file,
            report_name=original_name(report_file),
            recorded_by=acting_user,
        )
        save_with_history(review, acting_user=acting_user)
        ensure_still_visible(review, acting_user)
    return review
