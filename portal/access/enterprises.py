"""Who sees which enterprises, enrolments and everything that hangs off them (DESIGN.md §4).

``enterprise_scope`` is the one definition of which enterprises a scope sees; the enterprise's own rows reuse it
through a path prefix, and the rows of one enrolment (its screening, outcome figures, visits …) are seen by whoever
sees that enrolment (``enrolment_row_scope``), so an expert sees the rows of their assigned enrolments and not the
enterprise's other campaigns.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from accounts.models import Role
from accounts.scope import Scope
from assistance.models import Assignment, WorkingGroup
from campaign.models import Remit
from enterprises.models import Case, CaseReview, CaseState, Enrolment, EnrolmentState


def enterprise_scope(scope: Scope, prefix: str = "") -> Q | None:
    """Which enterprises a scope sees, as a Q on ``<prefix>`` (the path to an Enterprise)."""
    p = prefix
    if scope.role == Role.REGULATOR:
        return Q(**{f"{p}tenant_id": scope.tenant_id})
    if scope.role == Role.MEMBER_UNIT:
        if scope.member_unit_is_district:
            return Q(**{f"{p}district_id": scope.member_unit_id})
        if scope.member_unit_remit == Remit.FOREIGN_TRADE:
            return Q(**{f"{p}tenant_id": scope.tenant_id, f"{p}is_foreign_trade": True})
        if scope.member_unit_remit == Remit.SPECIALISED:
            return Q(**{f"{p}tenant_id": scope.tenant_id, f"{p}is_specialised": True})
        return None
    if scope.role == Role.ENTERPRISE:
        return Q(**{f"{p}pk" if p == "" else f"{p}id": scope.enterprise_id})
    if scope.role in (Role.CB_MANAGER, Role.EXPERT):
        active = Assignment.objects.filter(ended_at__isnull=True)
        if scope.role == Role.EXPERT:
            assert scope.expert_id is not None  # accounts.scope gives an expert a scope only with their Expert row
            active = active.filter(expert_id=scope.expert_id)
        else:
            active = active.filter(expert__body_id=scope.certification_body_id)
        return Q(**{f"{p}pk__in" if p == "" else f"{p}id__in": active.values("enrolment__enterprise_id")})
    return None


def certificate_scope(scope: Scope) -> Q | None:
    return enterprise_scope(scope, "enterprise__")


def _assigned_enrolments(scope: Scope) -> Exists:
    """Enrolments with an active assignment for the scope's body (manager) or the expert themself."""
    active = Assignment.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True)
    if scope.role == Role.EXPERT:
        assert scope.expert_id is not None  # accounts.scope gives an expert a scope only with their Expert row
        return Exists(active.filter(expert_id=scope.expert_id))
    return Exists(active.filter(expert__body_id=scope.certification_body_id))


def enrolment_scope(scope: Scope) -> Q | None:
    if scope.role == Role.EXPERT:
        return Q(_assigned_enrolments(scope))
    if scope.role == Role.CB_MANAGER:
        # Its assigned enrolments, and — to assign them — the screened, unassigned ones in the districts its
        # working groups cover for that campaign (附件一: 根据提升活动的范围和地区组建工作组).
        covered = WorkingGroup.objects.filter(
            body_id=scope.certification_body_id,
            campaign=OuterRef("campaign"),
            districts=OuterRef("enterprise__district"),
        )
        unassigned = ~Exists(Assignment.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True))
        return Q(_assigned_enrolments(scope)) | (Q(state=EnrolmentState.SCREENED) & Q(Exists(covered)) & Q(unassigned))
    return enterprise_scope(scope, "enterprise__")


def enrolment_row_scope(scope: Scope, prefix: str = "enrolment__") -> Q:
    """Rows that hang off an enrolment are seen by whoever sees the enrolment."""
    return Q(**{f"{prefix}in": Enrolment.objects.for_scope(scope)})


def screening_evidence_scope(scope: Scope) -> Q | None:
    return enrolment_row_scope(scope, "screening__enrolment__")


def case_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REVIEWER:
        return Q(reviews__reviewer_id=scope.user_id)
    q = enrolment_row_scope(scope)
    if scope.role != Role.ENTERPRISE:
        # A draft is the enterprise's own until it submits it.
        q &= ~Q(state=CaseState.DRAFT)
    return q


def outcome_scope(scope: Scope) -> Q | None:
    """Outcome figures: whoever sees the enrolment; and a reviewer, for the enterprises whose case they are asked to
    score (五(一): a case is weighed against its enterprise's figures before and after)."""
    if scope.role == Role.REVIEWER:
        return Q(enrolment_id__in=CaseReview.objects.filter(reviewer_id=scope.user_id).values("case__enrolment_id"))
    return enrolment_row_scope(scope)


def case_attachment_scope(scope: Scope) -> Q | None:
    return Q(case__in=Case.objects.for_scope(scope))


def reviewer_profile_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(user__membership__organisation__tenant_id=scope.tenant_id)
    if scope.role == Role.REVIEWER:
        return Q(user_id=scope.user_id)
    return None


def case_review_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(case__enrolment__enterprise__tenant_id=scope.tenant_id)
    if scope.role == Role.REVIEWER:
        return Q(reviewer_id=scope.user_id)
    return None


def rubric_scope(scope: Scope) -> Q | None:
    """五(一): the rubric is the city's, read by every signed-in role of the tenant (reviewers score on it)."""
    return Q(campaign__tenant_id=scope.tenant_id)


def rubric_criterion_scope(scope: Scope) -> Q | None:
    return Q(rubric__campaign__tenant_id=scope.tenant_id)


def criterion_score_scope(scope: Scope) -> Q | None:
    """Whoever sees the review (the regulator: its tenant's; a reviewer: their own)."""
    review_q = case_review_scope(scope)
    return None if review_q is None else Q(review__in=CaseReview.objects.filter(review_q))


def case_selection_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(case__enrolment__enterprise__tenant_id=scope.tenant_id)
    return None


def case_publication_scope(scope: Scope) -> Q | None:
    """五(一): the published list of excellent cases is for the whole city — every signed-in role of the tenant."""
    return Q(campaign__tenant_id=scope.tenant_id)


def complaint_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(enterprise__tenant_id=scope.tenant_id)
    if scope.role == Role.ENTERPRISE:
        return Q(enterprise_id=scope.enterprise_id)
    if scope.role == Role.CB_MANAGER:
        # 五(二)2: a body sees a complaint about it only once the regulator has forwarded it.
        # Forwarding is recorded as a fact, so a complaint the regulator closed without forwarding stays hidden.
        return Q(body_id=scope.certification_body_id, forwarded_at__isnull=False)
    return None


def roster_import_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(tenant_id=scope.tenant_id)
    if scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district:
        return Q(district_id=scope.member_unit_id)
    return None


RULES = {
    "enterprises.Enterprise": enterprise_scope,
    "enterprises.Certificate": certificate_scope,
    "enterprises.Enrolment": enrolment_scope,
    "enterprises.EnrolmentTransition": enrolment_row_scope,
    "enterprises.Screening": enrolment_row_scope,
    "enterprises.ScreeningEvidence": screening_evidence_scope,
    "enterprises.OutcomeFigures": outcome_scope,
    "enterprises.ImplementationSummary": enrolment_row_scope,
    "enterprises.Case": case_scope,
    "enterprises.CaseAttachment": case_attachment_scope,
    "enterprises.ReviewerProfile": reviewer_profile_scope,
    "enterprises.CaseReview": case_review_scope,
    "enterprises.Complaint": complaint_scope,
    "enterprises.RosterImport": roster_import_scope,
    "enterprises.Rubric": rubric_scope,
    "enterprises.RubricCriterion": rubric_criterion_scope,
    "enterprises.CriterionScore": criterion_score_scope,
    "enterprises.CaseSelection": case_selection_scope,
    "enterprises.CaseListPublication": case_publication_scope,
}
