"""Who may ask for which report (DESIGN.md §4, §7): a role asks only for the kinds made for it (``ReportKind.roles``)
and only for its own scope. Not a rule of the notice, an access rule, so it is not indexed in docs/RULES.md.

- regulator: any scope of its own tenant (the city, any district, body, supervision round or enrolment);
- member unit (a district): its own district; a city bureau has no district report;
- certification body manager: its own body;
- enterprise: its own enrolment (the summary draft).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.scope import Scope
from reporting.kinds import ReportKind, ReportScope

SCOPE_LABELS = {
    "city": _("City-wide"),
    "district": _("District"),
    "body": _("Certification body"),
    "round": _("Supervision round"),
    "enterprise": _("Enterprise"),
}


def _tenant_of(report_scope: ReportScope) -> set[int]:
    """The tenants the scope's rows belong to (one, when they agree)."""
    tenants = {report_scope.campaign.tenant_id}
    if report_scope.district is not None:
        tenants.add(report_scope.district.tenant_id)
    if report_scope.body is not None:
        tenants.add(report_scope.body.tenant_id)
    if report_scope.round is not None and report_scope.round.campaign_id != report_scope.campaign.pk:
        tenants.add(-1)  # a round of another campaign: never
    if report_scope.enrolment is not None and report_scope.enrolment.campaign_id != report_scope.campaign.pk:
        tenants.add(-1)
    return tenants


def report_may_ask(scope: Scope | None, kind: ReportKind, report_scope: ReportScope) -> bool:
    """Whether the reader with ``scope`` may ask for ``kind`` about ``report_scope``."""
    if scope is None or scope.role not in kind.roles or report_scope.name not in kind.scopes:
        return False
    if _tenant_of(report_scope) != {scope.tenant_id}:
        return False
    if scope.role == Role.REGULATOR:
        return True
    if scope.role == Role.MEMBER_UNIT:
        return (
            report_scope.name == "district"
            and scope.member_unit_is_district
            and report_scope.district.pk == scope.member_unit_id
        )
    if scope.role == Role.CB_MANAGER:
        return report_scope.name == "body" and report_scope.body.pk == scope.certification_body_id
    if scope.role == Role.ENTERPRISE:
        return report_scope.name == "enterprise" and report_scope.enrolment.enterprise_id == scope.enterprise_id
    return False


def report_kinds_for(scope: Scope | None, kinds: dict[str, ReportKind]) -> list[ReportKind]:
    """The kinds the role may ask for at all (the form's choices)."""
    if scope is None:
        return []
    return [kind for kind in kinds.values() if scope.role in kind.roles]
