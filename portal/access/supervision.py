"""Who sees the supervision rows (DESIGN.md §4).

The regulator sees every round, visit and rectification of its tenant. A party — a member unit, a certification
body (its managers; experts see none), an enterprise — sees the rectification requests addressed to it, the visits
that went to it or asked it for something, and the rounds those visits belong to. What a party is shown *of* a visit
is decided by the pages (supervision.selectors.visits.visit_view_for): the findings about itself, never the
regulator's internal notes. Reviewers and experts see nothing of supervision.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from accounts.models import Role
from accounts.scope import Scope


def party_q(scope: Scope, prefix: str = "") -> Q | None:
    """The rows whose party (member_unit / body / enterprise under ``prefix``) is the scope's organisation."""
    if scope.role == Role.MEMBER_UNIT and scope.member_unit_id:
        return Q(**{f"{prefix}member_unit_id": scope.member_unit_id})
    if scope.role == Role.CB_MANAGER and scope.certification_body_id:
        return Q(**{f"{prefix}body_id": scope.certification_body_id})
    if scope.role == Role.ENTERPRISE and scope.enterprise_id:
        return Q(**{f"{prefix}enterprise_id": scope.enterprise_id})
    return None


def _visits_of_party(scope: Scope, party: Q):
    from supervision.models import RectificationRequest, SupervisionVisit

    same_tenant = Q(campaign__tenant_id=scope.tenant_id)
    asked = RectificationRequest.objects.filter(party & same_tenant)
    return SupervisionVisit.objects.filter(
        (party | Q(pk__in=asked.values("visit_id"))) & Q(round__campaign__tenant_id=scope.tenant_id)
    )


def round_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(campaign__tenant_id=scope.tenant_id)
    party = party_q(scope)
    if party is None:
        return None
    return Q(Exists(_visits_of_party(scope, party).filter(round_id=OuterRef("pk"))))


def visit_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(round__campaign__tenant_id=scope.tenant_id)
    party = party_q(scope)
    if party is None:
        return None
    return Q(pk__in=_visits_of_party(scope, party).values("pk"))


def visit_file_scope(scope: Scope) -> Q | None:
    """The photos and documents of a visit are the regulator's working papers."""
    if scope.role == Role.REGULATOR:
        return Q(visit__round__campaign__tenant_id=scope.tenant_id)
    return None


def request_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(campaign__tenant_id=scope.tenant_id)
    party = party_q(scope)
    if party is None:
        return None
    return party & Q(campaign__tenant_id=scope.tenant_id)


def answer_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(request__campaign__tenant_id=scope.tenant_id)
    party = party_q(scope, "request__")
    if party is None:
        return None
    return party & Q(request__campaign__tenant_id=scope.tenant_id)


def evidence_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(answer__request__campaign__tenant_id=scope.tenant_id)
    party = party_q(scope, "answer__request__")
    if party is None:
        return None
    return party & Q(answer__request__campaign__tenant_id=scope.tenant_id)


RULES = {
    "supervision.SupervisionRound": round_scope,
    "supervision.SupervisionVisit": visit_scope,
    "supervision.SupervisionVisitFile": visit_file_scope,
    "supervision.RectificationRequest": request_scope,
    "supervision.RectificationAnswer": answer_scope,
    "supervision.RectificationEvidence": evidence_scope,
}
