"""Which dashboards a user may read, and the dashboards' payloads (cached, dashboards.cache).

A district dashboard is read by the regulator (any district of its tenant) and by the district itself; a body's by
the regulator and the body's managers; the city's by the regulator. Everything else is a 404, exactly like a row that
does not exist (STYLE.md §3). Rows come through ``visible_to`` first; the role narrows them further, because a
certification body sees every member unit (to pick districts in its forms) but reads no district's dashboard.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils import translation

from accounts.models import Role
from accounts.scope import scope_of
from assistance.models import CertificationBody
from campaign.models import Campaign, Deadline, MemberUnit, MemberUnitKind, Phase
from campaign.selectors import tenant_campaign_current, today_local
from dashboards.cache import MAX_AGE, VERSION_KEY, Cached, cached_payload, version
from dashboards.models import DashboardToken
from evaluation.selectors import dashboards


def may_read_district(*, user, member_unit_id: int) -> bool:
    """Whether ``user`` may read the district's dashboard: its own district from the scope in hand (no query), the
    regulator any district of its tenant (one query)."""
    scope = scope_of(user)
    if scope is None:
        return False
    if scope.role == Role.MEMBER_UNIT:
        return scope.member_unit_is_district and scope.member_unit_id == member_unit_id
    return dashboard_districts(user=user).filter(pk=member_unit_id).exists()


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
        bodies = bodies.filter(pk=scope.certification_body_id or 0)
    return bodies.order_by("name")


def may_read_city(*, user) -> bool:
    scope = scope_of(user)
    return scope is not None and scope.role == Role.REGULATOR


class CampaignRef:
    """The campaign a dashboard is for: its id (enough for a cached answer) and, loaded only when the figures must be
    computed, the row with its calendar."""

    def __init__(self, pk: int, row: Campaign | None = None, version: int | None = None):
        self.pk = pk
        self._row = row
        self.version = version  # the cache version read with it (dashboards.cache), so it is read once per request

    @property
    def row(self) -> Campaign:
        if self._row is None:
            self._row = (
                Campaign.objects.select_related("tenant")
                .prefetch_related(
                    Prefetch("phases", queryset=Phase.objects.order_by("starts_on", "ends_on")),
                    Prefetch("deadlines", queryset=Deadline.objects.order_by("due_on")),
                )
                .get(pk=self.pk)
            )
        return self._row


def dashboard_campaign(*, user, tenant_id: int, campaign_id: str | None, today: date | None = None) -> CampaignRef:
    """The campaign asked for (``?campaign=<id>``, one of the tenant's: everyone of a tenant sees its campaigns),
    else the current one (remembered per tenant and day in the cache, so a cached dashboard costs no campaign query).
    Http404 when there is none, or the id is not one of the tenant's campaigns."""
    today = today or today_local()
    if campaign_id:
        if not campaign_id.isdigit():
            raise Http404
        pk = Campaign.objects.filter(tenant_id=tenant_id, pk=int(campaign_id)).values_list("pk", flat=True).first()
        if pk is None:
            raise Http404
        return CampaignRef(pk)
    # One round trip for the cache version and the tenant's current campaign remembered at that version.
    key = f"dashboards:current:{tenant_id}:{today.isoformat()}"
    found = cache.get_many([VERSION_KEY, key])
    current_version = found.get(VERSION_KEY) or version()
    entry = found.get(key)
    if entry is not None and entry[0] == current_version:
        return CampaignRef(entry[1], version=current_version)
    campaign = tenant_campaign_current(tenant_id=tenant_id, today=today)
    if campaign is None:
        raise Http404
    cache.set(key, (current_version, campaign.pk), timeout=MAX_AGE)
    return CampaignRef(campaign.pk, campaign, version=current_version)


def _key(kind: str, pk: int | None, campaign: CampaignRef, today: date) -> str:
    return f"{kind}:{pk}:{campaign.pk}:{today.isoformat()}:{translation.get_language()}"


def _dashboard(
    *, kind: str, pk: int | None, user, tenant_id: int, campaign_id: str | None, today: date | None, compute
) -> Cached:
    """The cached dashboard of one scope: for ``?campaign=`` that campaign (checked against the tenant, one query),
    else the current one. A warm request for the current campaign is one cache round trip: the cache version and
    this scope's current dashboard (which remembers the version it was made at) together. ``compute(campaign row,
    today)`` gives the payload when it must be made."""
    today = today or today_local()
    if campaign_id:
        campaign = dashboard_campaign(user=user, tenant_id=tenant_id, campaign_id=campaign_id, today=today)
        return cached_payload(_key(kind, pk, campaign, today), lambda: compute(campaign.row, today), campaign.version)
    alias = f"dashboards:{kind}:{pk}:current:{tenant_id}:{today.isoformat()}:{translation.get_language()}"
    found = cache.get_many([VERSION_KEY, alias])
    entry = found.get(alias)
    if entry is not None and found.get(VERSION_KEY) is not None and entry[0] == found[VERSION_KEY]:
        return entry[1]
    campaign = dashboard_campaign(user=user, tenant_id=tenant_id, campaign_id=None, today=today)
    cached = cached_payload(_key(kind, pk, campaign, today), lambda: compute(campaign.row, today), campaign.version)
    cache.set(alias, (campaign.version, cached), timeout=MAX_AGE)
    return cached


def district_payload(
    *, user, tenant_id: int, member_unit_id: int, campaign_id: str | None = None, today: date | None = None
) -> Cached:
    """A district's dashboard, for a caller already authorised for ``member_unit_id`` (through
    ``dashboard_districts``, its own scope, or a dashboard token of that district)."""

    def compute(campaign: Campaign, day: date) -> dict[str, Any]:
        return dashboards.district_dashboard(campaign, member_unit_id, day)

    return _dashboard(
        kind="district",
        pk=member_unit_id,
        user=user,
        tenant_id=tenant_id,
        campaign_id=campaign_id,
        today=today,
        compute=compute,
    )


def city_payload(*, user, tenant_id: int, campaign_id: str | None = None, today: date | None = None) -> Cached:
    """The city's dashboard, for the regulator (``may_read_city``)."""
    return _dashboard(
        kind="city",
        pk=None,
        user=user,
        tenant_id=tenant_id,
        campaign_id=campaign_id,
        today=today,
        compute=dashboards.city_dashboard,
    )


def body_payload(
    *, user, tenant_id: int, body: CertificationBody, campaign_id: str | None = None, today: date | None = None
) -> Cached:
    """A certification body's dashboard, for a caller that found ``body`` through ``dashboard_bodies``."""
    return _dashboard(
        kind="body",
        pk=body.pk,
        user=user,
        tenant_id=tenant_id,
        campaign_id=campaign_id,
        today=today,
        compute=lambda campaign, day: dashboards.body_dashboard(campaign, body, day),
    )


def token_list(*, user) -> QuerySet[DashboardToken]:
    """The dashboard tokens ``user`` sees (their district's; the regulator every one of its tenant), newest first."""
    return DashboardToken.objects.visible_to(user).select_related("member_unit", "issued_by", "revoked_by")
