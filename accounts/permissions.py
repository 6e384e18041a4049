"""Role predicates shared by every app's permissions module (Healthchecks' small predicates, on top of the scope)."""

import rules

from accounts.models import Role
from accounts.scope import scope_of


def _role_is(role):
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user):
        scope = scope_of(user)
        return scope is not None and scope.role == role

    return predicate


is_regulator = _role_is(Role.REGULATOR)
is_member_unit_staff = _role_is(Role.MEMBER_UNIT)
is_cb_manager = _role_is(Role.CB_MANAGER)
is_expert = _role_is(Role.EXPERT)


@rules.predicate
def in_own_tenant(user, obj):
    """The object belongs to the user's tenant (obj has tenant_id, or a campaign that has)."""
    scope = scope_of(user)
    if scope is None or obj is None:
        return False
    tenant_id = getattr(obj, "tenant_id", None)
    if tenant_id is None and hasattr(obj, "campaign"):
        tenant_id = obj.campaign.tenant_id
    return tenant_id is not None and tenant_id == scope.tenant_id
