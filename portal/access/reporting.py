"""Who sees which report jobs (DESIGN.md §4, §7).

The regulator sees every report of its tenant. A member unit sees the reports of its own district (not the city's,
not another district's); a certification body's manager those of its own body; an enterprise the reports of its own
enrolment (the 实施情况及成效总结 draft). Experts and case reviewers see none.
"""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role
from accounts.scope import Scope


def report_job_scope(scope: Scope) -> Q | None:
    same_tenant = Q(campaign__tenant_id=scope.tenant_id)
    if scope.role == Role.REGULATOR:
        return same_tenant
    if scope.role == Role.MEMBER_UNIT and scope.member_unit_id:
        return same_tenant & Q(district_id=scope.member_unit_id)
    if scope.role == Role.CB_MANAGER and scope.certification_body_id:
        return same_tenant & Q(body_id=scope.certification_body_id)
    if scope.role == Role.ENTERPRISE and scope.enterprise_id:
        return same_tenant & Q(enrolment__enterprise_id=scope.enterprise_id)
    return None


RULES = {"reporting.ReportJob": report_job_scope}
