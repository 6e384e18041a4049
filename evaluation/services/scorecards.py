"""The regulator's assessment of a certification body and the body's one answer (五(二)1–2, STYLE.md §4).

The assessment is the regulator's judgement on a finished (or finishing) campaign, not data written into it, so the
finished-campaign gate (``campaign.policy.campaign_write_refusal``) does not apply: the 2023 bodies are rated after
2023's last phase has ended.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from assistance.models import CertificationBody
from campaign.models import Campaign
from evaluation.models import BodyAssessment, BodyAssessmentResponse, BodyRating
from evaluation.policy import assessment_reason_errors, relief_year_for
from notifications.models import NotificationKind
from notifications.recipients import body_managers, regulator_users
from notifications.services.notifications import notify
from portal.scoping import ensure_still_visible
from portal.services import Errors, lock_current, require_perm, row_update, save_with_history, stale_error


def body_assessment_check(
    *, rating: str | None, reasons: list[str] | None, reason_text: str | None, recommended_to_samr: bool = False
) -> None:
    """The checks of ``body_assessment_save`` on what was typed, all at once (ValidationError by field); writes
    nothing. A field the form refused arrives as None and is not checked again."""
    errors = Errors()
    if rating is not None and rating not in BodyRating.values:
        errors.add("rating", _("Choose a rating."))
    for field, message in assessment_reason_errors(
        rating=rating, reasons=list(reasons or []), reason_text=reason_text or ""
    ).items():
        errors.add(field, message)
    if recommended_to_samr and rating in (BodyRating.CRITICISED, BodyRating.REFERRED):
        errors.add(
            "recommended_to_samr",
            _("A criticised or referred body cannot be recommended to SAMR."),
        )
    errors.raise_if_any()


def body_assessment_save(
    *,
    campaign: Campaign,
    body: CertificationBody,
    rating: str,
    reasons: list[str],
    reason_text: str,
    recommended_to_samr: bool,
    expected_version: int | None,
    acting_user,
) -> BodyAssessment:
    """五(二)1–2: the regulator rates ``body`` for ``campaign`` (the first time, ``expected_version`` None) or changes
    its rating (the version read). Returns the saved row.

    PermissionDenied unless ``evaluation.assess_body``; ValidationError by field for a criticism without grounds or a
    referral without facts (every mistake at once); code "stale" when the assessment was made or changed by someone
    else since the form was opened. An excellent rating records the year of reduced supervision (五(二)1)."""
    require_perm(acting_user, "evaluation.assess_body", body)
    if campaign.tenant_id != body.tenant_id:
        raise PermissionDenied
    body_assessment_check(
        rating=rating, reasons=reasons, reason_text=reason_text, recommended_to_samr=recommended_to_samr
    )
    data = {
        "rating": rating,
        # Grounds belong to a criticism; a referral keeps only the facts found.
        "reasons": list(dict.fromkeys(reasons)) if rating == BodyRating.CRITICISED else [],
        "reason_text": reason_text.strip() if rating in (BodyRating.CRITICISED, BodyRating.REFERRED) else "",
        "relief_year": relief_year_for(campaign.year) if rating == BodyRating.EXCELLENT else None,
        "recommended_to_samr": recommended_to_samr,
        "assessed_by": acting_user,
        "assessed_at": timezone.now(),
    }
    try:
        with transaction.atomic():
            existing = BodyAssessment.objects.filter(campaign=campaign, body=body).values_list("pk", flat=True).first()
            if existing is None:
                if expected_version is not None:  # the assessment the form was opened on no longer exists
                    raise stale_error()
                assessment = BodyAssessment(campaign=campaign, body=body, **data)
                save_with_history(assessment, acting_user=acting_user)
                ensure_still_visible(assessment, acting_user)
            else:
                if expected_version is None:  # someone else assessed the body while this form was open
                    raise stale_error()
                row = lock_current(BodyAssessment, existing, expected_version)
                require_perm(acting_user, "evaluation.change_bodyassessment", row)
                assessment = row_update(row, data=data, acting_user=acting_user)
            _tell_the_body(assessment, acting_user)
    except IntegrityError:  # two first assessments at once: the first one won, this one read nothing of it
        raise stale_error() from None
    return assessment


def _scorecard_url(assessment: BodyAssessment) -> str:
    return reverse("evaluation:body-scorecard-detail", args=[assessment.campaign_id, assessment.body_id])


def _tell_the_body(assessment: BodyAssessment, acting_user) -> None:
    """The body's managers see the new (or changed) assessment on their list and home, and may answer it."""
    notify(
        recipients=body_managers(assessment.body),
        kind=NotificationKind.ASSESSMENT,
        title=_("The regulator has assessed your body: %(rating)s") % {"rating": assessment.get_rating_display()},
        body=assessment.reason_text,
        url=_scorecard_url(assessment),
        key=f"body-assessment:{assessment.pk}:{assessment.version}",
        campaign=assessment.campaign,
        actor=acting_user,
    )


def body_assessment_answer(*, assessment: BodyAssessment, text: str, acting_user) -> BodyAssessmentResponse:
    """The certification body answers the regulator's assessment of it — once. PermissionDenied unless
    ``evaluation.answer_bodyassessment``; ValidationError at "text" when empty, code "answered" for a second answer."""
    require_perm(acting_user, "evaluation.answer_bodyassessment", assessment)
    if not (text or "").strip():
        raise ValidationError({"text": _("Write your answer.")})
    already = _("Your body has already answered this assessment; an assessment is answered only once.")
    try:
        with transaction.atomic():
            # select_for_update: two answers sent at once wait here one after the other; the second sees the first.
            lock_current(BodyAssessment, assessment.pk, None)
            if BodyAssessmentResponse.objects.filter(assessment_id=assessment.pk).exists():
                raise ValidationError(already, code="answered")
            response = BodyAssessmentResponse(assessment=assessment, text=text.strip(), answered_by=acting_user)
            save_with_history(response, acting_user=acting_user)
            ensure_still_visible(response, acting_user)
            notify(
                recipients=regulator_users(assessment.campaign.tenant),
                kind=NotificationKind.ASSESSMENT,
                title=_("%(body)s has answered its assessment") % {"body": assessment.body.name},
                body=response.text,
                url=_scorecard_url(assessment),
                key=f"body-assessment-answer:{assessment.pk}",
                campaign=assessment.campaign,
                actor=acting_user,
            )
    except IntegrityError:  # the one-to-one caught a double answer that raced past the check
        raise ValidationError(already, code="answered") from None
    return response
