"""Who sees the certification-body and district scorecards and the assessments (五(二)1–2, DESIGN.md §4).

The regulator sees every body's and every district's; a certification body only its own scorecard, assessment and
answer (never another body's, nor the ranking); a member unit only its own district line; nobody else anything.

The scorecards are computed, not stored: ``body_scorecard_scope`` and ``district_scorecard_scope`` say which
certification bodies and member units a scope may read a scorecard of; the selectors apply them on top of those
models' own ``visible_to`` (a body is visible to every district, its scorecard is not).
"""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role
from accounts.scope import Scope


def body_scorecard_scope(scope: Scope) -> Q | None:
    """Certification bodies whose scorecard ``scope`` may read."""
    if scope.role == Role.REGULATOR:
        return Q(tenant_id=scope.tenant_id)
    if scope.role == Role.CB_MANAGER:
        return Q(pk=scope.certification_body_id)
    return None


def district_scorecard_scope(scope: Scope) -> Q | None:
    """Member units whose district scorecard line ``scope`` may read (only districts have one)."""
    if scope.role == Role.REGULATOR:
        return Q(tenant_id=scope.tenant_id)
    if scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district:
        return Q(pk=scope.member_unit_id)
    return None


def body_assessment_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(campaign__tenant_id=scope.tenant_id)
    if scope.role == Role.CB_MANAGER:
        return Q(body_id=scope.certification_body_id)
    return None


def body_assessment_response_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(assessment__campaign__tenant_id=scope.tenant_id)
    if scope.role == Role.CB_MANAGER:
        return Q(assessment__body_id=scope.certification_body_id)
    return None


RULES = {
    "evaluation.BodyAssessment": body_assessment_scope,
    "evaluation.BodyAssessmentResponse": body_assessment_response_scope,
}
