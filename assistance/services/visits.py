"""Visits an expert logs at an enterprise assigned to them (附件一: 点对点帮扶; 附件二(二)(三)), with their photos
and files."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assistance.models import Visit, VisitFile, VisitKind
from assistance.permissions import LOG_VISIT
from assistance.services.checks import check_upload, check_work_date, clean, lock_enrolment
from enterprises.models import Enrolment
from portal.files import PHOTOS_AND_DOCUMENTS, original_name
from portal.scoping import ensure_still_visible
from portal.services import Errors, require_perm, save_with_history

MAX_VISIT_FILES = 10  # per visit: a handful of photos and the sign-in sheet, not an archive


def visit_check(
    *,
    enrolment: Enrolment,
    kind: str | None,
    visited_on: date | None,
    starts_at: time | None,
    ends_at: time | None,
    files: Iterable | None,
) -> None:
    """Every check of ``visit_log`` that needs no lock, all at once: ValidationError carrying each mistake at its
    field. Writes nothing; a value the form refused is None and its checks are skipped."""
    errors = Errors()
    if kind is not None and kind not in VisitKind.values:
        errors.add("kind", _("Choose what the visit was for."))
    if visited_on is not None:
        with errors.collect():
            check_work_date(enrolment.campaign, visited_on, "visited_on", what=_("visit date"))
    if starts_at is not None and ends_at is not None and ends_at <= starts_at:
        errors.add("ends_at", _("The end time must be after the start time."))
    files = list(files or ())
    if len(files) > MAX_VISIT_FILES:
        errors.add("files", _("Attach at most %(count)s files to one visit.") % {"count": MAX_VISIT_FILES})
    else:
        for upload in files:
            with errors.collect():
                check_upload(upload, "files", PHOTOS_AND_DOCUMENTS)
    errors.raise_if_any()


def visit_log(
    *,
    enrolment: Enrolment,
    kind: str,
    visited_on: date,
    starts_at: time,
    ends_at: time,
    participants: str = "",
    notes: str = "",
    files: Iterable = (),
    acting_user,
) -> Visit:
    """An expert logs a visit to an enterprise assigned to them (附件一: 点对点帮扶), with its photos and files.

    Raises PermissionDenied when the caller is not its assigned expert; ValidationError on ``kind``, ``visited_on``
    (before the assistance phase or in the future), ``ends_at`` (not after ``starts_at``), ``files`` (more than
    MAX_VISIT_FILES, or not accepted by content), and code "duplicate" for the same visit twice."""
    files = list(files)
    # 附件一: 帮扶专家对小微企业实施点对点提升帮扶 — only the expert assigned to the enterprise logs its visits. Anyone
    # else who can see the enrolment (its district, the expert's manager) is refused like every forbidden action on
    # a visible row: PermissionDenied (403), not a field error.
    require_perm(acting_user, LOG_VISIT, enrolment)
    expert = acting_user.expert_profile
    visit_check(
        enrolment=enrolment, kind=kind, visited_on=visited_on, starts_at=starts_at, ends_at=ends_at, files=files
    )
    with transaction.atomic():
        lock_enrolment(enrolment)
        if Visit.objects.filter(
            enrolment=enrolment, expert=expert, visited_on=visited_on, starts_at=starts_at
        ).exists():
            raise ValidationError(_("This visit has already been logged."), code="duplicate")
        visit = Visit(
            enrolment=enrolment,
            expert=expert,
            kind=kind,
            visited_on=visited_on,
            starts_at=starts_at,
            ends_at=ends_at,
            participants=clean(participants),
            notes=clean(notes),
            created_by=acting_user,
        )
        save_with_history(visit, acting_user=acting_user)
        for upload in files:
            VisitFile.objects.create(
                visit=visit, file=upload, original_name=original_name(upload), uploaded_by=acting_user
            )
        ensure_still_visible(visit, acting_user)
    return visit


def visit_file_add(*, visit: Visit, upload, acting_user) -> VisitFile:
    """Another photo or file for a logged visit (by the expert who logged it)."""
    if visit.created_by_id != acting_user.pk:
        raise PermissionDenied
    require_perm(acting_user, LOG_VISIT, visit.enrolment)
    check_upload(upload, "file", PHOTOS_AND_DOCUMENTS)
    with transaction.atomic():
        lock_enrolment(visit.enrolment)
        if visit.files.count() >= MAX_VISIT_FILES:
            raise ValidationError(
                {"file": _("Attach at most %(count)s files to one visit.") % {"count": MAX_VISIT_FILES}}
            )
        row = VisitFile.objects.create(
            visit=visit, file=upload, original_name=original_name(upload), uploaded_by=acting_user
        )
        ensure_still_visible(row, acting_user)
    return row
