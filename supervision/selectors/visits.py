"""What a user is shown of a supervision visit.

The regulator sees all of it. A party sees a visit that went to it or asked it for a rectification: the date and
whom it went to always; what was seen and the findings only when the visit went to the party itself (they are about
it); the regulator's internal notes, the staff's photos and documents, never."""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Role
from accounts.scope import scope_of
from supervision.models import SupervisionVisit


@dataclass(frozen=True)
class VisitView:
    visit: SupervisionVisit
    shows_findings: bool
    shows_internal: bool


def visit_is_about(scope, visit: SupervisionVisit) -> bool:
    """Whether the visit went to the scope's own organisation."""
    if scope is None:
        return False
    if scope.role == Role.MEMBER_UNIT:
        return visit.member_unit_id is not None and visit.member_unit_id == scope.member_unit_id
    if scope.role == Role.CB_MANAGER:
        return visit.body_id is not None and visit.body_id == scope.certification_body_id
    if scope.role == Role.ENTERPRISE:
        return visit.enterprise_id is not None and visit.enterprise_id == scope.enterprise_id
    return False


def visit_view_for(user, visit: SupervisionVisit) -> VisitView:
    scope = scope_of(user)
    if scope is not None and (scope.role == Role.REGULATOR or scope.is_operator):
        return VisitView(visit=visit, shows_findings=True, shows_internal=True)
    return VisitView(visit=visit, shows_findings=visit_is_about(scope, visit), shows_internal=False)
