"""Who may act on supervision rows (per-object predicates, DESIGN.md §4)."""

import rules

from accounts.permissions import in_own_tenant, is_regulator
from accounts.scope import scope_of
from supervision.policy import is_party_of


@rules.predicate
def is_party_asked(user, request):
    return request is not None and is_party_of(scope_of(user), request)


@rules.predicate
def round_in_own_tenant(user, obj):
    """A round, visit or request of the user's tenant (through its campaign)."""
    scope = scope_of(user)
    if scope is None or obj is None:
        return False
    if hasattr(obj, "campaign_id"):
        return in_own_tenant(user, obj)
    return obj.round.campaign.tenant_id == scope.tenant_id


# 四(二): the regulator organises the on-site supervision: rounds, visits, requests, closing and sending back.
rules.add_perm("supervision.manage", is_regulator)
rules.add_perm("supervision.change_supervisionround", is_regulator & round_in_own_tenant)
rules.add_perm("supervision.add_supervisionvisit", is_regulator & round_in_own_tenant)
rules.add_perm("supervision.review_rectification", is_regulator & round_in_own_tenant)
# The party asked answers in the portal with evidence.
rules.add_perm("supervision.answer_rectification", is_party_asked)
