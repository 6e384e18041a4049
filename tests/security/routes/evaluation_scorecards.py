"""Isolation-matrix entries of the certification-body and district scorecards and the assessments (五(二)1–2).

The regulator reads every scorecard; a certification body only its own (the ranking takes it to its own card); a
district only its own line; a city bureau, an expert, an enterprise and a reviewer none (404). The assessment is the
regulator's to write (403 for the body, which sees it) and the body's to answer (403 for the regulator)."""

from django.utils import timezone

from evaluation.models import BodyAssessment, BodyRating, CriticismReason
from tests.security.matrix import ALL, SIGNED_IN, Entry


def populate(cast):
    cast.body_assessment = BodyAssessment.objects.create(
        campaign=cast.campaign,
        body=cast.body,
        rating=BodyRating.CRITICISED,
        reasons=[CriticismReason.COMPLAINTS],
        reason_text=f"{cast.tenant.name}：两起投诉属实",
        assessed_by=cast.regulator,
        assessed_at=timezone.now(),
    )


def assessment(cast):
    return cast.body_assessment


def no_args(_obj):
    return []


def campaign_and_body(obj):
    return [obj.campaign_id, obj.body_id]


ENTRIES = {
    "evaluation:body-scorecard-list": Entry(args=no_args, expect={"regulator": 200, "cb_manager": 302}, is_list=True),
    "evaluation:body-scorecard-detail": Entry(
        obj=assessment, args=campaign_and_body, expect={"regulator": 200, "cb_manager": 200}
    ),
    "evaluation:body-assessment-save": Entry(
        obj=assessment, args=campaign_and_body, expect={"regulator": 200, "cb_manager": 403}
    ),
    "evaluation:body-assessment-answer": Entry(obj=assessment, expect={"cb_manager": 200, "regulator": 403}),
    "evaluation:district-scorecard-list": Entry(args=no_args, expect={"regulator": 200, "district": 200}, is_list=True),
    # --- API: computed lists answer everyone with what they may read (nothing for most roles) ---
    "api:body-scorecard-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:body-scorecard-detail": Entry(kind="api", obj=lambda c: c.body, expect={"regulator": 200, "cb_manager": 200}),
    "api:district-scorecard-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:district-scorecard-detail": Entry(
        kind="api", obj=lambda c: c.district_unit, expect={"regulator": 200, "district": 200}
    ),
    "api:body-assessment-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:body-assessment-detail": Entry(kind="api", obj=assessment, expect={"regulator": 200, "cb_manager": 200}),
    "api:body-assessment-answer": Entry(kind="api", obj=assessment, expect={r: 405 for r in SIGNED_IN}),
}
