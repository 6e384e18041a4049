"""The dashboard link on the home page (portal/home.py): the regulator's city dashboard, a district's own, a
certification body's own. No query (the scope is in hand)."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import Role
from accounts.scope import Scope


def dashboards_panel(user, scope: Scope | None) -> dict:
    if scope is None:
        return {}
    if scope.role == Role.REGULATOR:
        return {"dashboard_url": reverse("dashboards:city")}
    if scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district:
        return {"dashboard_url": reverse("dashboards:district", args=[scope.member_unit_id])}
    if scope.role == Role.CB_MANAGER:
        return {"dashboard_url": reverse("dashboards:body", args=[scope.certification_body_id])}
    return {}
