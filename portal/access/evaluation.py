"""Who sees the evaluation rows (DESIGN.md §4).

Mid-term snapshots: the regulator, and the districts' staff and the certification bodies' managers of the tenant —
who are shown only their own line of it (``evaluation.selectors.midterm.snapshot_line``); city bureaus have no line
and see none. The mid-term meeting: the regulator, the member units and the bodies' managers (they attend it). Next
steps: the regulator all; a member unit or body those it owns.
"""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role
from accounts.scope import Scope


def midterm_snapshot_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(campaign__tenant_id=scope.tenant_id)
    if scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district:
        return Q(campaign__tenant_id=scope.tenant_id)
    if scope.role == Role.CB_MANAGER:
        return Q(campaign__tenant_id=scope.tenant_id)
    return None


def midterm_meeting_scope(scope: Scope) -> Q | None:
    if scope.role in (Role.REGULATOR, Role.MEMBER_UNIT, Role.CB_MANAGER):
        return Q(campaign__tenant_id=scope.tenant_id)
    return None


def next_step_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(meeting__campaign__tenant_id=scope.tenant_id)
    if scope.role == Role.MEMBER_UNIT:
        return Q(member_unit_id=scope.member_unit_id)
    if scope.role == Role.CB_MANAGER:
        return Q(body_id=scope.certification_body_id)
    return None


RULES = {
    "evaluation.MidtermSnapshot": midterm_snapshot_scope,
    "evaluation.MidtermMeeting": midterm_meeting_scope,
    "evaluation.NextStep": next_step_scope,
}
