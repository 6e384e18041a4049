"""Who sees which tenants, campaigns and their calendars, member units and kickoff meetings."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role
from accounts.scope import Scope


def tenant_scope(scope: Scope) -> Q | None:
    return Q(pk=scope.tenant_id)


def campaign_scope(scope: Scope) -> Q | None:
    # Every member of a tenant works to its campaign calendar.
    return Q(tenant_id=scope.tenant_id)


def calendar_row_scope(scope: Scope) -> Q | None:
    """Phases and deadlines: the campaign's calendar is read by everyone who works to it."""
    return Q(campaign__tenant_id=scope.tenant_id)


def member_unit_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(tenant_id=scope.tenant_id)
    if scope.role == Role.MEMBER_UNIT:
        return Q(pk=scope.member_unit_id)
    if scope.role in (Role.CB_MANAGER, Role.EXPERT):
        # The certification side works across the city's districts and picks them in its forms.
        return Q(tenant_id=scope.tenant_id)
    return None


def kickoff_scope(scope: Scope) -> Q | None:
    """Kickoff meetings and their reminders (四(一), R9): the regulator's, and each member unit its own."""
    if scope.role == Role.REGULATOR:
        return Q(campaign__tenant_id=scope.tenant_id)
    if scope.role == Role.MEMBER_UNIT:
        return Q(member_unit_id=scope.member_unit_id)
    return None


RULES = {
    "campaign.Tenant": tenant_scope,
    "campaign.Campaign": campaign_scope,
    "campaign.Phase": calendar_row_scope,
    "campaign.Deadline": calendar_row_scope,
    "campaign.MemberUnit": member_unit_scope,
    "campaign.KickoffMeeting": kickoff_scope,
    "campaign.KickoffReminder": kickoff_scope,
}
