"""Which dashboards a user may read, and the dashboards' payloads (cached, dashboards.cache).

A district dashboard is read by the regulator (any district of its tenant) and by the district itself; a body's by
the regulator and the body's managers; the city's by the regulator. Everything else is a 404, exactly like a row that
does not exist (STYLE.md §3). Rows come through ``visible_to`` first; the role narrows them further, because a
certification body sees every member unit (to pick districts in its forms) but reads no district's dashboard.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils import translation

from accounts.models import Role
from accounts.scope import scope_of
from assistance.models import CertificationBody
from campaign.models import Campaign, MemberUnit, MemberUnitKind
from campaign.selectors import campaign_current, campaign_list, today_local
from dashboards.cache import cached_payload
from dashboards.models import DashboardToken
from evaluation.selectors import dashboards


def dashboard_districts(*, user) -> QuerySet[MemberUnit]:
    """The districts whose dashboard ``user`` may read."""
    scope = scope_of(user)
    if scope is None or scope.role not in (Role.REGULATOR, Role.MEMBER_UNIT):
        return MemberUnit.objects.none()
    return MemberUnit.objects.visible_to(user).filter(kind=MemberUnitKind.DISTRICT).order_by("sort_order", "name")


def dashboard_bodies(*, user) -> QuerySet[CertificationBody]:
    """The certification bodies whose dashboard ``user`` may read."""
    scope = scope_of(user)
    if scope is None or scope.role not in (Role.REGULATOR, Role.CB_MANAGER):
        return CertificationBody.objects.none()
    bodies = CertificationBody.objects.visible_to(user)
    if scope.role == Role.CB_MANAGER:
        bodies = bodies.filter(pk=scope.certification_body_id)
    return bodies.order_by("name")


def may_read_city(*, user) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.role == Role.REGULATOR


def dashboard_campaign(*, user, campaign_id: str | None, today: date | None = None) -> Campaign:
    """The campaign asked for (``?campaign=<id>``, one the user sees), else the current one. Http404 when there is
    none, or the id is not one of the user's campaigns."""
    if campaign_id:
        if not campaign_id.isdigit():
            raise Http404
        campaign = campaign_list(user=user).filter(pk=int(campaign_id)).first()
    else:
        campaign = campaign_current(user=user, today=today)
    if campaign is None:
        raise Http404
    return campaign


def _key(kind: str, pk: int | None, campaign: Campaign, today: date) -> str:
    return f"{kind}:{pk}:{campaign.pk}:{today.isoformat()}:{translation.get_language()}"


def district_payload(*, campaign: Campaign, member_unit: MemberUnit, today: date | None = None):
    """(payload, ETag) of a district's dashboard, for a caller that has picked ``member_unit`` through
    ``dashboard_districts`` (or a dashboard token of that district)."""
    today = today or today_local()
    return cached_payload(
        _key("district", member_unit.pk, campaign, today),
        lambda: dashboards.district_dashboard(campaign, member_unit, today),
    )


def city_payload(*, campaign: Campaign, today: date | None = None) -> tuple[dict[str, Any], str]:
    today = today or today_local()
    return cached_payload(_key("city", None, campaign, today), lambda: dashboards.city_dashboard(campaign, today))


def body_payload(*, campaign: Campaign, body: CertificationBody, today: date | None = None):
    today = today or today_local()
    return cached_payload(
        _key("body", body.pk, campaign, today), lambda: dashboards.body_dashboard(campaign, body, today)
    )


def token_list(*, user) -> QuerySet[DashboardToken]:
    """The dashboard tokens ``user`` sees (their district's; the regulator every one of its tenant), newest first."""
    return DashboardToken.objects.visible_to(user).select_related("member_unit", "issued_by", "revoked_by")
