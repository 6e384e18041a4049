"""Recording the eligibility screening of a nominated enrolment and its evidence (R1; 三、参与企业范围, 附件二(二)).

The rule itself is enterprises.policy.screening_failures; the SCREENED / REJECTED preconditions read what is
recorded here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from campaign.policy import campaign_write_check
from enterprises.models import Enrolment, EnrolmentState, Screening, ScreeningEvidence
from enterprises.policy import screening_failures
from portal.files import original_name
from portal.scoping import ensure_still_visible
from portal.services import lock_current, require_perm, save_with_history, stale_error


@dataclass
class ScreeningData:
    normal_operation: bool
    resources_committed: bool
    willing: bool
    on_abnormal_operations_list: bool
    dishonesty_listed_on: date | None
    quality_penalty_on: date | None
    checked_on: date
    notes: str = ""


def screening_check(data: ScreeningData) -> None:
    """The checks of ``screening_record`` on what was typed (the dates), all at once; a date a form refused is None
    and skipped. Writes nothing."""
    errors = {}
    today = timezone.localdate()
    if data.checked_on is None:
        return
    if data.checked_on > today:
        errors["checked_on"] = _("The check date cannot be in the future.")
    for field in ("dishonesty_listed_on", "quality_penalty_on"):
        value = getattr(data, field)
        if value and value > data.checked_on:
            errors[field] = _("This date cannot be after the check date.")
    if errors:
        raise ValidationError(errors)


def _apply(screening: Screening, data: ScreeningData) -> None:
    for name, value in vars(data).items():
        setattr(screening, name, value.strip() if isinstance(value, str) else value)
    # The reasons are kept in the portal's language, as they will be read in the reports and on the pages.
    with translation.override(settings.LANGUAGE_CODE):
        failures = screening_failures(data)
    screening.passed = not failures
    screening.failure_reasons = [message for _code, message in failures]


def _store_evidence(screening: Screening, uploads, acting_user) -> list[ScreeningEvidence]:
    stored = []
    for upload in uploads or []:
        evidence = ScreeningEvidence(screening=screening, original_name=original_name(upload), uploaded_by=acting_user)
        evidence.file.save(upload.name, upload, save=False)
        stored.append(evidence)
        evidence.save()
    return stored


def _remove_files(evidence: list[ScreeningEvidence]) -> None:
    for item in evidence:
        item.file.delete(save=False)


def screening_record(
    *, enrolment: Enrolment, data: ScreeningData, evidence=(), expected_version: int | None = None, acting_user
) -> Screening:
    """Record (or correct) the screening of a nominated enrolment; computes ``passed`` and ``failure_reasons``.

    Evidence files must have passed portal.files.validate_upload (forms and serializers do it); a write that fails
    removes the files it stored, so nothing is left behind.
    """
    require_perm(acting_user, "enterprises.record_screening", enrolment)
    screening_check(data)
    stored: list[ScreeningEvidence] = []
    try:
        with transaction.atomic():
            # select_for_update: the screening and the decision on it must not race (screened vs corrected).
            row = lock_current(Enrolment, enrolment.pk, None)
            campaign_write_check(row.campaign)  # DESIGN.md §5: a finished campaign takes no screenings
            if row.state != EnrolmentState.NOMINATED:
                raise ValidationError(
                    _("The screening can only be recorded or changed while the enterprise is nominated."),
                    code="decided",
                )
            screening = Screening.objects.select_for_update().filter(enrolment=row).first()
            if screening is None:
                if expected_version is not None:
                    raise stale_error()
                screening = Screening(enrolment=row, checked_by=acting_user)
            elif expected_version is None or screening.version != expected_version:
                # Someone recorded it meanwhile (or it is a double submission): do not overwrite unseen.
                raise stale_error()
            else:
                screening.version += 1
                screening.checked_by = acting_user
            _apply(screening, data)
            save_with_history(screening, acting_user=acting_user)
            stored = _store_evidence(screening, evidence, acting_user)
            ensure_still_visible(screening, acting_user)
    except BaseException:
        _remove_files(stored)
        raise
    return screening


def screening_evidence_add(*, screening: Screening, uploads, acting_user) -> list[ScreeningEvidence]:
    """R1: add evidence files to a recorded screening (coordinators); ``uploads`` are already validate_upload-ed.
    A failed write removes the files it stored."""
    require_perm(acting_user, "enterprises.record_screening", screening.enrolment)
    stored: list[ScreeningEvidence] = []
    try:
        with transaction.atomic():
            stored = _store_evidence(screening, uploads, acting_user)
            for item in stored:
                ensure_still_visible(item, acting_user)
    except BaseException:
        _remove_files(stored)
        raise
    return stored
