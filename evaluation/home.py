"""The mid-term panel of the home page (portal/home.py): the open next steps of the mid-term meeting that the user's
member unit or certification body owns (the regulator: its own), soonest due first. One query; nothing for the roles
the mid-term does not concern."""

from __future__ import annotations

from accounts.models import Role
from accounts.scope import Scope
from campaign.selectors import today_local

STEP_OWNER_ROLES = (Role.REGULATOR, Role.MEMBER_UNIT, Role.CB_MANAGER)


def evaluation_panel(user, scope: Scope | None) -> dict:
    from evaluation.selectors.midterm import my_next_steps

    if scope is None or scope.role not in STEP_OWNER_ROLES:
        return {}
    today = today_local()
    return {"next_steps_mine": my_next_steps(user=user, today=today), "next_steps_today": today}
