"""Writes of the district submissions (五(一), R10): open, edit, upload, submit; return, approve, unlock.

Each service owns its transaction, locks the submission and checks its state on the locked row, so a district
uploading while the regulator approves (or two regulators at once) cannot slip past each other.
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from campaign.models import Campaign, MemberUnit
from campaign.policy import campaign_write_check, campaign_write_refusal
from portal.files import DOCUMENTS, accept_upload, original_name
from portal.scoping import ensure_still_visible
from portal.services import Errors, lock_current, require_perm, row_update, save_with_history
from submissions import notices
from submissions.models import DistrictSubmission, SubmissionEvent, SubmissionEventKind, SubmissionFile, SubmissionState
from submissions.policy import submission_edit_refusal, submission_missing
from submissions.selectors.submissions import district_rollup, recommended_cases

MAX_COMMENT_LENGTH = 2000


def _review_stale_error() -> ValidationError:
    return ValidationError(
        _("This submission has been changed since you opened it; reload the page before reviewing it."),
        code="stale",
    )


def _locked(submission: DistrictSubmission, expected_version: int | None) -> DistrictSubmission:
    row = lock_current(DistrictSubmission, submission.pk, expected_version)
    # the campaign and unit the caller already read, for the checks and notifications
    row.campaign = submission.campaign
    row.member_unit = submission.member_unit
    return row


def _check_editable(row: DistrictSubmission) -> None:
    refusal = submission_edit_refusal(row.state)
    if refusal:
        raise ValidationError(refusal, code="locked")


def _event(row: DistrictSubmission, kind: str, *, acting_user, comment: str = "") -> SubmissionEvent:
    return SubmissionEvent.objects.create(submission=row, kind=kind, comment=comment, actor=acting_user)


def _frozen(data: dict[str, Any]) -> dict[str, Any]:
    """The roll-up as JSON stores it (dates and decimals as text), so what is shown frozen is what was stored."""
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


def submission_open(*, campaign: Campaign, member_unit: MemberUnit, acting_user) -> DistrictSubmission | None:
    """The district's submission in ``campaign``, opened as a draft on first use. None when there is none and the
    campaign takes no more writes (it has ended and is not reopened)."""
    require_perm(acting_user, "submissions.open_submission", member_unit)
    if campaign.tenant_id != member_unit.tenant_id:
        raise PermissionDenied
    existing = DistrictSubmission.objects.filter(campaign=campaign, member_unit=member_unit).first()
    if existing is not None:
        return existing
    if campaign_write_refusal(campaign):
        return None
    try:
        with transaction.atomic():
            submission = DistrictSubmission(campaign=campaign, member_unit=member_unit)
            save_with_history(submission, acting_user=acting_user)
    except IntegrityError:  # opened twice at once: the first one won
        return DistrictSubmission.objects.get(campaign=campaign, member_unit=member_unit)
    return submission


def submission_update(
    *, submission: DistrictSubmission, note: str, expected_version: int | None, acting_user
) -> DistrictSubmission:
    """The district changes the note of its draft or returned submission."""
    require_perm(acting_user, "submissions.change_districtsubmission", submission)
    campaign_write_check(submission.campaign)
    with transaction.atomic():
        row = _locked(submission, expected_version)
        _check_editable(row)
        return row_update(row, data={"note": note.strip()}, acting_user=acting_user)


def submission_file_check(*, submission: DistrictSubmission) -> None:
    """Whether a file may be added now (for a form that reports every mistake at once). Writes nothing."""
    _check_editable(submission)


def submission_files_add(
    *, submission: DistrictSubmission, uploads: list, expected_version: int | None = None, acting_user
) -> list[SubmissionFile]:
    """The district adds summary materials (documents: PDF, Word or images) to its draft or returned submission;
    refused, with the reason, when the submission is submitted or approved (locked)."""
    require_perm(acting_user, "submissions.change_districtsubmission", submission)
    campaign_write_check(submission.campaign)
    errors = Errors()
    with errors.collect():
        _check_editable(submission)
    if not uploads:
        errors.add("files", _("Choose at least one file."))
    accepted = []
    for upload in uploads:
        try:
            accepted.append((accept_upload(upload, kinds=DOCUMENTS), original_name(upload)))
        except ValidationError as exc:
            errors.add("files", exc)
    errors.raise_if_any()
    items = []
    with transaction.atomic():
        row = _locked(submission, expected_version)
        _check_editable(row)
        for upload, name in accepted:
            item = SubmissionFile(submission=row, original_name=name, uploaded_by=acting_user)
            item.file = upload
            item.save()
            items.append(item)
        row_update(row, data={}, acting_user=acting_user)
        for item in items:
            ensure_still_visible(item, acting_user)
    return items


def submission_file_remove(*, item: SubmissionFile, acting_user) -> None:
    """The district removes a summary material from its draft or returned submission (the stored file stays on disk;
    the submission's history records the change)."""
    submission = item.submission
    require_perm(acting_user, "submissions.change_districtsubmission", submission)
    campaign_write_check(submission.campaign)
    with transaction.atomic():
        row = _locked(submission, None)
        _check_editable(row)
        item.delete()
        row_update(row, data={}, acting_user=acting_user)


def submission_submit(
    *, submission: DistrictSubmission, expected_version: int | None, acting_user, today: date | None = None
) -> DistrictSubmission:
    """R10 (五(一)): the district submits (or resubmits after a return). Refused, listing everything missing at
    once, without a recommended case or without a summary file; accepted after the deadline (the lists flag it late
    with how many days). The data roll-up is frozen into the submission as it stands now."""
    require_perm(acting_user, "submissions.change_districtsubmission", submission)
    campaign_write_check(submission.campaign)
    with transaction.atomic():
        row = _locked(submission, expected_version)
        _check_editable(row)
        missing = submission_missing(
            recommended_cases=recommended_cases(user=acting_user, submission=row).count(),
            files=row.files.count(),
        )
        if missing:
            raise ValidationError([ValidationError(message, code="incomplete") for message in missing])
        now = timezone.now()
        rollup = _frozen(district_rollup(row.campaign, row.member_unit, today))
        row_update(
            row,
            data={
                "state": SubmissionState.SUBMITTED,
                "data_rollup": rollup,
                "submitted_at": now,
                "submitted_by": acting_user,
                "first_submitted_at": row.first_submitted_at or now,
            },
            acting_user=acting_user,
            reason="submitted",
        )
        _event(row, SubmissionEventKind.SUBMITTED, acting_user=acting_user)
    return row


def _comment(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: [ValidationError(message, code="required")]})
    if len(text) > MAX_COMMENT_LENGTH:
        raise ValidationError(
            {
                field: [
                    ValidationError(
                        _("Keep it to %(max)s characters.") % {"max": MAX_COMMENT_LENGTH}, code="max_length"
                    )
                ]
            }
        )
    return text


def _check_state(row: DistrictSubmission, state: str, message: str) -> None:
    if row.state != state:
        raise ValidationError(message, code="state")


def submission_return(
    *, submission: DistrictSubmission, comment: str, expected_version: int | None, acting_user
) -> DistrictSubmission:
    """The regulator returns a submitted submission to the district with its comment (required); the district is
    notified, edits and resubmits."""
    require_perm(acting_user, "submissions.review_districtsubmission", submission)
    comment = _comment(comment, "comment", _("Say what the district must change."))
    with transaction.atomic():
        row = lock_current(DistrictSubmission, submission.pk, None)
        row.campaign, row.member_unit = submission.campaign, submission.member_unit
        if expected_version is not None and row.version != expected_version:
            raise _review_stale_error()
        _check_state(row, SubmissionState.SUBMITTED, _("Only a submitted submission can be returned."))
        row_update(
            row,
            data={"state": SubmissionState.RETURNED, "return_comment": comment, "returned_at": timezone.now()},
            acting_user=acting_user,
            reason="returned",
        )
        _event(row, SubmissionEventKind.RETURNED, acting_user=acting_user, comment=comment)
        notices.notify_returned(row, actor=acting_user)
    return row


def submission_approve(
    *, submission: DistrictSubmission, expected_version: int | None, acting_user
) -> DistrictSubmission:
    """The regulator approves a submitted submission, which locks it. Refused when it changed since the regulator
    opened it (``expected_version``): "已被修改，请刷新后再审核"."""
    require_perm(acting_user, "submissions.review_districtsubmission", submission)
    with transaction.atomic():
        row = lock_current(DistrictSubmission, submission.pk, None)
        row.campaign, row.member_unit = submission.campaign, submission.member_unit
        if expected_version is None or row.version != expected_version:
            raise _review_stale_error()
        _check_state(row, SubmissionState.SUBMITTED, _("Only a submitted submission can be approved."))
        row_update(
            row,
            data={"state": SubmissionState.APPROVED, "approved_at": timezone.now(), "approved_by": acting_user},
            acting_user=acting_user,
            reason="approved",
        )
        _event(row, SubmissionEventKind.APPROVED, acting_user=acting_user)
        notices.notify_approved(row, actor=acting_user)
    return row


def submission_unlock_check(*, submission: DistrictSubmission, expected_version: int | None) -> None:
    """Whether the regulator may unlock ``submission`` as opened (for a form that reports every mistake at once: a
    missing reason and a changed submission together). Writes nothing; submission_unlock checks again on the locked
    row."""
    if expected_version is not None and submission.version != expected_version:
        raise _review_stale_error()
    _check_state(submission, SubmissionState.APPROVED, _("Only an approved submission can be unlocked."))


def submission_unlock(
    *, submission: DistrictSubmission, reason: str, expected_version: int | None, acting_user
) -> DistrictSubmission:
    """The regulator unlocks an approved submission with a reason (required): a recorded event, counted; the
    submission goes back to the district as returned, with the reason as the comment."""
    require_perm(acting_user, "submissions.review_districtsubmission", submission)
    reason = _comment(reason, "reason", _("Give the reason for unlocking the approved submission."))
    with transaction.atomic():
        row = lock_current(DistrictSubmission, submission.pk, None)
        row.campaign, row.member_unit = submission.campaign, submission.member_unit
        if expected_version is not None and row.version != expected_version:
            raise _review_stale_error()
        _check_state(row, SubmissionState.APPROVED, _("Only an approved submission can be unlocked."))
        row_update(
            row,
            data={
                "state": SubmissionState.RETURNED,
                "return_comment": reason,
                "returned_at": timezone.now(),
                "unlock_count": row.unlock_count + 1,
            },
            acting_user=acting_user,
            reason=f"unlocked: {reason}",
        )
        _event(row, SubmissionEventKind.UNLOCKED, acting_user=acting_user, comment=reason)
        notices.notify_unlocked(row, reason=reason, actor=acting_user)
    return row
