"""The supervision panel of the home page (portal/home.py): the party's rectifications still to answer (open or
sent back) with their due dates, and the regulator's count of overdue requests. One query for either; nothing for
the roles supervision does not concern."""

from __future__ import annotations

from accounts.models import Role
from accounts.scope import Scope
from campaign.selectors import today_local

PARTY_ROLES = (Role.MEMBER_UNIT, Role.CB_MANAGER, Role.ENTERPRISE)


def supervision_panel(user, scope: Scope | None, campaign=None) -> dict:
    from supervision.selectors.rectifications import overdue_count, requests_for_party_home

    if scope is None:
        return {}
    today = today_local()
    if scope.role == Role.REGULATOR:
        return {"rectifications_overdue": overdue_count(user=user, today=today)}
    if scope.role in PARTY_ROLES:
        return {"rectifications_to_answer": requests_for_party_home(user=user, today=today)}
    return {}
