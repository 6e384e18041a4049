"""Who may do what to a campaign and its kickoff meetings (per-object predicates, DESIGN.md §4)."""

import rules

from accounts.permissions import in_own_tenant, is_member_unit_staff, is_regulator
from accounts.scope import scope_of


@rules.predicate
def is_own_member_unit(user, member_unit):
    scope = scope_of(user)
    return scope is not None and member_unit is not None and member_unit.pk == scope.member_unit_id


@rules.predicate
def is_own_kickoff(user, kickoff):
    scope = scope_of(user)
    return scope is not None and kickoff is not None and kickoff.member_unit_id == scope.member_unit_id


# The regulator sets up and edits its campaign and calendar.
rules.add_perm("campaign.change_campaign", is_regulator & in_own_tenant)
# 四(一): each member unit records its own kickoff meeting; the regulator watches (R9).
rules.add_perm("campaign.record_kickoff", is_member_unit_staff & is_own_member_unit)
rules.add_perm("campaign.change_kickoffmeeting", is_member_unit_staff & is_own_kickoff)
