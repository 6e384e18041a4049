"""Who sees which dashboard tokens: a member unit its own (it issues and revokes them), the regulator every token
of its tenant (to know which screens read what); nobody else."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role
from accounts.scope import Scope


def dashboard_token_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(member_unit__tenant_id=scope.tenant_id)
    if scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district:
        return Q(member_unit_id=scope.member_unit_id)
    return None


RULES = {"dashboards.DashboardToken": dashboard_token_scope}
