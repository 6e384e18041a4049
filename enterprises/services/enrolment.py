"""Nominating an enterprise into a campaign and screening it for eligibility (R1; 三、参与企业范围, 附件二(一)(二)).

The state of an enrolment changes only in enterprises.lifecycle (enrolment_advance / enrolment_withdraw); this
module creates enrolments and records the screening that the SCREENED / REJECTED preconditions read.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaign.models import Campaign
from campaign.services import _stale_error
from enterprises.models import Enrolment, EnrolmentState, Enterprise, Screening, ScreeningEvidence
from portal.files import original_name
from portal.scoping import ensure_still_visible

# 附件二(二): 近2年来未被纳入《严重违法失信企业名单》;未因质量问题被处罚、曝光.
LOOKBACK_YEARS = 2


def _already_nominated(enterprise: Enterprise, campaign: Campaign) -> ValidationError:
    return ValidationError(
        _("%(enterprise)s is already nominated for %(campaign)s.")
        % {"enterprise": enterprise.name, "campaign": campaign.title},
        code="duplicate",
    )


def enrolment_nominate(*, enterprise: Enterprise, campaign: Campaign, acting_user) -> Enrolment:
    """附件二(一): a district (or the regulator) puts an enterprise forward for the campaign; once per campaign."""
    if not acting_user.has_perm("enterprises.nominate_enterprise", enterprise):
        raise PermissionDenied
    if campaign.tenant_id != enterprise.tenant_id:
        raise PermissionDenied
    try:
        with transaction.atomic():
            if Enrolment.objects.filter(enterprise=enterprise, campaign=campaign).exists():
                raise _already_nominated(enterprise, campaign)
            enrolment = Enrolment(enterprise=enterprise, campaign=campaign, nominated_by=acting_user)
            enrolment._history_user = acting_user
            enrolment.save()
            ensure_still_visible(enrolment, acting_user)
    except IntegrityError:  # a double submission raced past the exists() check; the first one won
        raise _already_nominated(enterprise, campaign) from None
    return enrolment


# --- R1: the eligibility screening ----------------------------------------------------------------------------------


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


def lookback_start(checked_on: date) -> date:
    """The first day of R1's two-year window: the same calendar day two years before the check (28 Feb for 29 Feb)."""
    try:
        return checked_on.replace(year=checked_on.year - LOOKBACK_YEARS)
    except ValueError:
        return checked_on.replace(year=checked_on.year - LOOKBACK_YEARS, day=28)


def screening_failures(data: ScreeningData) -> list[tuple[str, str]]:
    """R1 as (code, message) pairs; empty when the enterprise is eligible.

    三、参与企业范围 1–3 and 附件二(二): strong willingness; normal production and operation; the necessary resources;
    not on 经营异常名录; not on 严重违法失信企业名单 in the last two years; no quality penalty or public exposure in the
    last two years. The window is [checked_on − 2 years, checked_on]: a listing exactly two years before the check
    still counts; one a day older does not. Certified and uncertified enterprises are both eligible (三、1).
    """
    since = lookback_start(data.checked_on)
    failures = []
    if not data.normal_operation:
        failures.append(("not_operating", _("The enterprise is not in normal production and operation.")))
    if not data.resources_committed:
        failures.append(("no_resources", _("The enterprise cannot commit the necessary resources.")))
    if not data.willing:
        failures.append(("not_willing", _("The enterprise has no strong wish to improve its quality management.")))
    if data.on_abnormal_operations_list:
        failures.append(("abnormal_list", _("The enterprise is on the list of abnormal operations (经营异常名录).")))
    if data.dishonesty_listed_on and data.dishonesty_listed_on >= since:
        failures.append(
            (
                "dishonest",
                _(
                    "The enterprise was listed as seriously dishonest on %(date)s, within the two years before the check."
                )
                % {"date": date_format(data.dishonesty_listed_on)},
            )
        )
    if data.quality_penalty_on and data.quality_penalty_on >= since:
        failures.append(
            (
                "quality_penalty",
                _(
                    "The enterprise was penalised or publicly exposed for quality on %(date)s, within the two years "
                    "before the check."
                )
                % {"date": date_format(data.quality_penalty_on)},
            )
        )
    return failures


def _check_screening_dates(data: ScreeningData) -> None:
    errors = {}
    today = timezone.localdate()
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
    if not acting_user.has_perm("enterprises.record_screening", enrolment):
        raise PermissionDenied
    _check_screening_dates(data)
    stored: list[ScreeningEvidence] = []
    try:
        with transaction.atomic():
            # select_for_update: the screening and the decision on it must not race (screened vs corrected).
            row = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
            if row.state != EnrolmentState.NOMINATED:
                raise ValidationError(
                    _("The screening can only be recorded or changed while the enterprise is nominated."),
                    code="decided",
                )
            screening = Screening.objects.select_for_update().filter(enrolment=row).first()
            if screening is None:
                if expected_version is not None:
                    raise _stale_error()
                screening = Screening(enrolment=row, checked_by=acting_user)
            elif expected_version is None or screening.version != expected_version:
                # Someone recorded it meanwhile (or it is a double submission): do not overwrite unseen.
                raise _stale_error()
            else:
                screening.version += 1
                screening.checked_by = acting_user
            _apply(screening, data)
            screening._history_user = acting_user
            screening.save()
            stored = _store_evidence(screening, evidence, acting_user)
            ensure_still_visible(screening, acting_user)
    except BaseException:
        _remove_files(stored)
        raise
    return screening


def screening_evidence_add(*, screening: Screening, uploads, acting_user) -> list[ScreeningEvidence]:
    if not acting_user.has_perm("enterprises.record_screening", screening.enrolment):
        raise PermissionDenied
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
