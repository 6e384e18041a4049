"""R6: the working group (附件一).

Part of ``assistance.policy``; see its docstring and docs/RULES.md."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from django.utils.translation import gettext as _

from accounts.models import Membership, User
from assistance.models import (
    CertificationBody,
    GroupRole,
)

# --- R6: the working group (附件一) ----------------------------------------------------------------------------------


class MemberLike(Protocol):
    """A member as a form or request names it (``assistance.services.groups.MemberSpec``)."""

    @property
    def user(self) -> User: ...
    @property
    def role(self) -> str: ...
    @property
    def is_leader(self) -> bool: ...


def working_group_errors(body: CertificationBody, members: Sequence[MemberLike]) -> list[str]:
    """R6 (附件一: 由管理人员和帮扶专家组成…工作组设一名负责人): the body's own managers and experts, each once, at
    least one assistance expert, and exactly one leader who is one of the members. Returns the messages (empty when
    the group is well formed)."""

    if not members:
        return [_("A working group needs members: the body's managers and experts.")]
    errors: list[str] = []
    seen: set[int] = set()
    memberships = {
        m.user_id: m
        for m in Membership.objects.filter(user_id__in=[m.user.pk for m in members]).select_related(
            "user", "user__expert_profile"
        )
    }
    for spec in members:
        name = str(spec.user)
        if spec.user.pk in seen:
            errors.append(_("%(name)s is listed twice.") % {"name": name})
            continue
        seen.add(spec.user.pk)
        membership = memberships.get(spec.user.pk)
        if membership is None or membership.organisation_id != body.organisation_id:
            errors.append(
                _(
                    "%(name)s does not work for %(body)s; a working group consists of the body's own managers and experts."
                )
                % {"name": name, "body": body.name}
            )
            continue
        if not spec.role and spec.is_leader:
            # The leader is one of the group's members, never made one behind the user's back.
            errors.append(
                _(
                    "%(name)s is chosen as the leader but marked “not a member”; make them a manager or an expert of the group, or choose another leader."
                )
                % {"name": name}
            )
        elif spec.role not in GroupRole.values:
            errors.append(_("Choose manager or expert for %(name)s.") % {"name": name})
        elif spec.role == GroupRole.EXPERT and getattr(membership.user, "expert_profile", None) is None:
            errors.append(
                _("%(name)s is not one of the body's assistance experts and can only join as a manager.")
                % {"name": name}
            )
    if not any(spec.role == GroupRole.EXPERT for spec in members):
        # 由管理人员和帮扶专家组成: a group without an assistance expert assists nobody.
        errors.append(_("A working group needs at least one assistance expert among its members."))
    leaders = [spec for spec in members if spec.is_leader]
    if len(leaders) == 0:
        errors.append(_("A working group has exactly one leader; choose the leader."))
    elif len(leaders) > 1:
        errors.append(
            _("A working group has exactly one leader, not %(count)s (%(names)s).")
            % {"count": len(leaders), "names": "、".join(str(spec.user) for spec in leaders)}
        )
    return errors
