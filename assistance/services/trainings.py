"""Trainings (附件二(三)1, R8): recorded by the organiser — a certification body (its managers and experts) or a
district member unit — for one district of the campaign."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import Organisation
from accounts.scope import scope_of
from assistance.models import TierLevel, Training, TrainingKind
from assistance.permissions import ADD_TRAINING
from assistance.policy import training_district_error
from assistance.services.checks import check_upload
from campaign.models import Campaign, MemberUnit
from campaign.policy import campaign_write_check
from enterprises.models import Enterprise
from portal.files import TRAINING_MATERIALS, original_name
from portal.scoping import ensure_still_visible
from portal.services import require_perm, save_with_history

MAX_PERSON_TIMES = 100_000


def _campaign_span(campaign: Campaign) -> tuple[date | None, date | None]:
    phases = list(campaign.phases.all())
    return min((p.starts_on for p in phases), default=None), max((p.ends_on for p in phases), default=None)


def training_check(
    *,
    campaign: Campaign,
    kind: str | None,
    tier: str | None,
    district: MemberUnit | None,
    held_on: date | None,
    topic: str | None,
    person_times: int | None,
    materials=None,
    body_id: int | None = None,
) -> None:
    """Every check of ``training_record`` on what was typed, all at once: ValidationError carrying each mistake at
    its field. Writes nothing; a value a form refused is None (its field already says why). ``body_id``: the
    organising certification body, whose trainings count only in the districts its working groups cover (R8)."""
    errors: dict[str, str | list[str]] = {}
    tier = tier or ""
    if kind not in TrainingKind.values:
        errors["kind"] = _("Choose the kind of training.")
    elif kind == TrainingKind.TIERED and tier not in TierLevel.values:
        # 附件二(三)1(4): 分层级培训 is for one audience — leaders, the system department or the document writers.
        errors["tier"] = _("A tiered training is for one audience level; choose it.")
    elif kind != TrainingKind.TIERED and tier:
        errors["tier"] = _("Only a tiered training has an audience level.")
    if district is None or not district.is_district or district.tenant_id != campaign.tenant_id:
        errors["district"] = _("Choose the district the training was held for.")
    elif body_id is not None:
        # R8 by anyone: a body's training counts for a district only where its working groups work.
        uncovered = training_district_error(body_id=body_id, campaign_id=campaign.pk, district=district)
        if uncovered:
            errors["district"] = uncovered
    if not (topic or "").strip():
        errors["topic"] = _("Give the topic of the training.")
    if person_times is None or person_times < 1:
        errors["person_times"] = _("A training needs at least one attendee (person-times of 1 or more).")
    elif person_times > MAX_PERSON_TIMES:
        errors["person_times"] = _("That is more person-times than any training has; check the number.")
    starts_on, ends_on = _campaign_span(campaign)
    if held_on is None:
        errors["held_on"] = _("Give the date of the training.")
    elif held_on > timezone.localdate():
        errors["held_on"] = _("The training cannot be in the future; record it once it has been held.")
    elif starts_on is not None and ends_on is not None and not starts_on <= held_on <= ends_on:
        errors["held_on"] = _("The training must fall within the campaign (%(start)s–%(end)s).") % {
            "start": date_format(starts_on, "DATE_FORMAT"),
            "end": date_format(ends_on, "DATE_FORMAT"),
        }
    if materials:
        try:
            check_upload(materials, "materials", TRAINING_MATERIALS)
        except ValidationError as exc:
            errors["materials"] = exc.message_dict["materials"]
    if errors:
        raise ValidationError(errors)


def training_record(
    *,
    campaign: Campaign,
    kind: str,
    tier: str = "",
    district: MemberUnit | None,
    held_on: date,
    topic: str,
    enterprises: Iterable[Enterprise] = (),
    person_times: int | None,
    materials=None,
    acting_user,
) -> Training:
    """A training held for one district (附件二(三)1; counted for R8 by kind). The organiser is the acting user's own
    organisation, never chosen; a district organises for itself.

    Raises PermissionDenied for a role that does not organise trainings or an enterprise of another tenant;
    ValidationError on ``kind``, ``tier`` (a tiered training needs one, others none), ``district`` (for a
    certification body: one its working groups cover in the campaign, R8), ``topic``,
    ``person_times`` (1–MAX_PERSON_TIMES), ``held_on`` (in the future or outside the campaign), ``materials``, and
    code "duplicate"."""
    require_perm(acting_user, ADD_TRAINING, campaign)
    campaign_write_check(campaign)  # DESIGN.md §5: a finished campaign takes no trainings
    scope = scope_of(acting_user)
    if scope is None or scope.organisation_id is None:  # only a member of an organisation organises trainings
        raise PermissionDenied
    organiser = Organisation.objects.get(pk=scope.organisation_id)
    if scope.member_unit_id is not None:
        # A district organises trainings for itself (四(一)3: 组织发动更多的小微企业学习质量管理知识).
        district = MemberUnit.objects.get(pk=scope.member_unit_id)
    enterprises = list(enterprises)
    if any(enterprise.tenant_id != campaign.tenant_id for enterprise in enterprises):
        raise PermissionDenied
    training_check(
        campaign=campaign,
        kind=kind,
        tier=tier,
        district=district,
        held_on=held_on,
        topic=topic,
        person_times=person_times,
        materials=materials,
        body_id=scope.certification_body_id,
    )
    assert district is not None and person_times is not None  # among training_check's errors otherwise
    with transaction.atomic():
        # select_for_update on the district: a double-submitted form runs twice in turn; the second finds the first.
        MemberUnit.objects.select_for_update().get(pk=district.pk)
        if Training.objects.filter(
            campaign=campaign, organiser=organiser, district=district, held_on=held_on, kind=kind, topic=topic.strip()
        ).exists():
            raise ValidationError(_("This training has already been recorded."), code="duplicate")
        training = Training(
            campaign=campaign,
            kind=kind,
            tier=tier if kind == TrainingKind.TIERED else "",
            organiser=organiser,
            district=district,
            held_on=held_on,
            topic=topic.strip(),
            person_times=person_times,
            created_by=acting_user,
        )
        if materials:
            training.materials = materials
            training.materials_name = original_name(materials)
        save_with_history(training, acting_user=acting_user)
        training.enterprises.set(enterprises)
        ensure_still_visible(training, acting_user)
    return training
