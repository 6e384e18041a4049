"""Which campaigns a user sees, and the current one: the campaign a page or a dashboard is about today."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db import connection
from django.db.models import Max, Min, Prefetch, QuerySet
from django.utils import timezone

from campaign.models import Campaign, Deadline, Phase
from portal.sql import Columns, column, once

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def today_local() -> date:
    """Today in the portal's time zone (Asia/Shanghai), which decides phases and lateness."""
    return timezone.localdate()


if TYPE_CHECKING:  # django-stubs' annotated-model type exists for the type checker only

    class _CampaignDates(TypedDict):
        starts_on: date | None  # the first phase's start; None for a campaign without phases
        ends_on: date | None  # the last phase's end

    CampaignWithDates = WithAnnotations[Campaign, _CampaignDates]


def campaign_list(*, user) -> QuerySet[CampaignWithDates]:
    """The campaigns ``user`` may see, newest year first, each with ``starts_on`` and ``ends_on``."""
    return (
        Campaign.objects.visible_to(user)
        .select_related("tenant")
        .annotate(starts_on=Min("phases__starts_on"), ends_on=Max("phases__ends_on"))
        .order_by("-year")
    )


def campaign_current(*, user, today: date | None = None) -> Campaign | None:
    """The campaign the user works in today: the one running today, else the latest already begun, else the next.

    Its phases and deadlines are prefetched, so the calendar helpers below cost no further query.
    """
    today = today or today_local()
    campaigns = list(
        campaign_list(user=user).prefetch_related(
            Prefetch("phases", queryset=Phase.objects.order_by("starts_on", "ends_on")),
            Prefetch("deadlines", queryset=Deadline.objects.order_by("due_on")),
        )
    )
    dated = [(c.starts_on, c.ends_on, c) for c in campaigns if c.starts_on is not None and c.ends_on is not None]
    return _pick_current(dated, today) or (campaigns[0] if campaigns else None)


def _pick_current(dated: Sequence[tuple[date, date, Campaign]], today: date) -> Campaign | None:
    """``campaign_current``'s rule over (first phase's start, last phase's end, campaign) of the dated campaigns."""
    running = [c for starts_on, ends_on, c in dated if starts_on <= today <= ends_on]
    if running:
        return running[0]
    begun = [(starts_on, c) for starts_on, _ends_on, c in dated if starts_on <= today]
    if begun:
        return max(begun, key=lambda pair: pair[0])[1]
    upcoming = sorted(((starts_on, c) for starts_on, _ends_on, c in dated), key=lambda pair: pair[0])
    return upcoming[0][1] if upcoming else None


class _Calendar:
    """``tenant_campaign_current``'s two hand-written queries (``portal.sql``): every
    campaign of a tenant with the tenant and its phases (a campaign without phases on a row of its own), newest year
    first; then one campaign's deadlines."""

    def __init__(self) -> None:
        self.campaign = Columns(Campaign, "c")
        self.tenant = Columns(Campaign._meta.get_field("tenant").related_model, "t")
        self.phase = Columns(Phase, "p")
        self.deadline = Columns(Deadline, "d")
        campaign_id, tenant_id = column(Campaign, "pk"), column(Campaign, "tenant")
        self.calendar_sql = (
            f"SELECT {self.campaign.sql}, {self.tenant.sql}, {self.phase.sql} FROM {self.campaign.table} c "
            f"JOIN {self.tenant.table} t ON t.{column(self.tenant.model, 'pk')} = c.{tenant_id} "
            f"LEFT JOIN {self.phase.table} p ON p.{column(Phase, 'campaign')} = c.{campaign_id} "
            f"WHERE c.{tenant_id} = %s ORDER BY c.{column(Campaign, 'year')} DESC, c.{campaign_id}, "
            f"p.{column(Phase, 'starts_on')}, p.{column(Phase, 'ends_on')}"
        )
        self.deadlines_sql = (
            f"SELECT {self.deadline.sql} FROM {self.deadline.table} d WHERE d.{column(Deadline, 'campaign')} = %s "
            f"ORDER BY d.{column(Deadline, 'due_on')}"
        )


def tenant_campaign_current(*, tenant_id: int, today: date | None = None) -> Campaign | None:
    """``campaign_current`` for a caller already authorised for the whole tenant (a dashboard: everyone of a tenant
    sees its campaigns), in two queries: the tenant's campaigns with the tenant and their phases, then the chosen
    campaign's deadlines; ``campaign.tenant`` is loaded and its phases and deadlines come as if prefetched. The same
    campaign as ``campaign_current`` for any user of the tenant (tests/campaign/test_selectors.py).

    Hand-written (``portal.sql``) because a dashboard computed afresh pays it on every request: through the ORM the
    two queries took 1.1–1.4 ms, as written here 0.6 ms (in-process, the national benchmark's data set)."""
    calendar = once(_Calendar)
    today = today or today_local()
    with connection.cursor() as cursor:
        cursor.execute(calendar.calendar_sql, [tenant_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    campaigns: dict[int, Campaign] = {}
    phases: dict[int, list[Phase]] = {}
    after_campaign = calendar.campaign.width
    after_tenant = after_campaign + calendar.tenant.width
    campaign_pk, phase_pk = calendar.campaign.pk_index or 0, after_tenant + (calendar.phase.pk_index or 0)
    for row in rows:
        campaign = campaigns.get(row[campaign_pk])
        if campaign is None:
            campaign = campaigns[row[campaign_pk]] = calendar.campaign.build(row[:after_campaign])
            campaign._state.fields_cache["tenant"] = calendar.tenant.build(row[after_campaign:after_tenant])
            phases[campaign.pk] = []
        if row[phase_pk] is not None:  # the LEFT JOIN's row of a campaign without phases has none
            phase = calendar.phase.build(row[after_tenant:])
            phase._state.fields_cache["campaign"] = campaign
            phases[campaign.pk].append(phase)
    dated = [
        (min(p.starts_on for p in own), max(p.ends_on for p in own), campaigns[pk]) for pk, own in phases.items() if own
    ]
    # No campaign has phases: the newest, as campaign_current.
    current = _pick_current(dated, today) or next(iter(campaigns.values()))
    with connection.cursor() as cursor:
        cursor.execute(calendar.deadlines_sql, [current.pk])
        deadline_rows = cursor.fetchall()
    own_phases = Phase.objects.filter(campaign=current).order_by("starts_on", "ends_on")
    own_phases._result_cache = phases[current.pk]
    deadlines = Deadline.objects.filter(campaign=current).order_by("due_on")
    deadlines._result_cache = [calendar.deadline.build(row) for row in deadline_rows]
    for deadline in deadlines._result_cache:
        deadline._state.fields_cache["campaign"] = current
    current._prefetched_objects_cache = {"phases": own_phases, "deadlines": deadlines}  # type: ignore[attr-defined]
    return current


def campaigns_running(today: date) -> QuerySet[Campaign]:
    """System-wide, for background jobs with no user (reminders): the campaigns of active tenants whose calendar
    (first phase start to last phase end) contains ``today``, with ``starts_on``/``ends_on`` annotated and the
    tenant joined. Callers decide per campaign what is due; nothing here is shown to a user as is."""
    return (
        Campaign.objects.filter(tenant__is_active=True)
        .annotate(starts_on=Min("phases__starts_on"), ends_on=Max("phases__ends_on"))
        .filter(starts_on__lte=today, ends_on__gte=today)
        .select_related("tenant")
        .order_by("tenant_id", "-starts_on")
    )
