"""Who may act on a district submission (per-object predicates, DESIGN.md §4): the district prepares and submits
its own; the regulator of its tenant returns, approves and unlocks."""

import rules

from accounts.permissions import is_member_unit_staff, is_regulator
from accounts.scope import scope_of


@rules.predicate
def is_own_district(user, member_unit):
    scope = scope_of(user)
    return (
        scope is not None
        and member_unit is not None
        and scope.member_unit_is_district
        and member_unit.pk == scope.member_unit_id
    )


@rules.predicate
def is_own_submission(user, submission):
    scope = scope_of(user)
    return (
        scope is not None
        and submission is not None
        and scope.member_unit_is_district
        and submission.member_unit_id == scope.member_unit_id
    )


@rules.predicate
def is_tenant_submission(user, submission):
    scope = scope_of(user)
    return scope is not None and submission is not None and submission.campaign.tenant_id == scope.tenant_id


# 五(一): each district prepares and submits its own summary materials and data (R10).
rules.add_perm("submissions.open_submission", is_member_unit_staff & is_own_district)
rules.add_perm("submissions.change_districtsubmission", is_member_unit_staff & is_own_submission)
# The regulator reviews them: return with a comment, approve, unlock with a reason.
rules.add_perm("submissions.review_districtsubmission", is_regulator & is_tenant_submission)
