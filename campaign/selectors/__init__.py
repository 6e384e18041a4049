"""Reads for the campaign app, all through visible_to, with query counts that do not grow with the rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, TypedDict

from django.db import connection
from django.db.models import Max, Min, Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import (
    DEADLINE_AUDIENCE,
    PHASE_ORDER,
    Campaign,
    Deadline,
    DeadlineKind,
    KickoffMeeting,
    MemberUnit,
    MemberUnitKind,
    Phase,
)
from campaign.policy import KickoffStanding, kickoff_standing
from campaign.policy import campaign_starts_on as campaign_starts_on  # re-exported: read from the selectors too
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


def phases_on(campaign: Campaign, day: date) -> list[Phase]:
    """The phases running on ``day``; several at once (supervision and the mid-term fall inside assistance)."""
    return sorted((p for p in campaign.phases.all() if p.contains(day)), key=lambda p: PHASE_ORDER.index(p.kind))


@dataclass
class PhaseRow:
    """One phase of the calendar and where today stands in it."""

    phase: Phase
    state: str  # "past" | "current" | "upcoming"


def campaign_calendar(campaign: Campaign, today: date | None = None) -> list[PhaseRow]:
    """The campaign's phases in date order, each past, current or upcoming on ``today`` (default: today in
    Asia/Shanghai); no query when the phases are prefetched."""
    today = today or today_local()
    rows = []
    for phase in sorted(campaign.phases.all(), key=lambda p: (p.starts_on, PHASE_ORDER.index(p.kind))):
        state = "past" if phase.ends_on < today else "current" if phase.starts_on <= today else "upcoming"
        rows.append(PhaseRow(phase=phase, state=state))
    return rows


def deadline_for(campaign: Campaign, kind: str) -> Deadline | None:
    """The campaign's deadline of ``kind`` (a DeadlineKind), from its prefetched deadlines; None when it has none."""
    return next((d for d in campaign.deadlines.all() if d.kind == kind), None)


def kickoff_due_on(campaign: Campaign) -> date | None:
    """The campaign's kickoff deadline (R9), from its prefetched deadlines; None when it has none."""
    deadline = deadline_for(campaign, DeadlineKind.KICKOFF)
    return deadline.due_on if deadline is not None else None


def kickoff_standing_of(kickoff: KickoffMeeting) -> KickoffStanding:
    """R9 for a recorded kickoff: held, or held late (``campaign.policy.kickoff_standing``)."""
    return kickoff_standing(held_on=kickoff.held_on, due_on=kickoff_due_on(kickoff.campaign))


@dataclass
class KickoffStatus:
    """One member unit's line of the R9 list: its kickoff, if recorded, and where it stands."""

    member_unit: MemberUnit
    kickoff: KickoffMeeting | None
    standing: KickoffStanding

    @property
    def is_late(self) -> bool:
        return self.standing is KickoffStanding.HELD_LATE

    @property
    def is_overdue(self) -> bool:
        """No kickoff recorded and the deadline has passed."""
        return self.standing is KickoffStanding.OVERDUE


def kickoff_status(*, campaign: Campaign, user, today: date | None = None) -> list[KickoffStatus]:
    """R9 for every member unit the user may see: who held the kickoff, who held it late, who has not yet.

    Two queries (the kickoffs, the units) whatever the number of units; the campaign's deadlines must be prefetched
    (``campaign_current`` does) or cost one more."""
    today = today or today_local()
    due_on = kickoff_due_on(campaign)
    kickoffs = {
        k.member_unit_id: k
        for k in KickoffMeeting.objects.visible_to(user).filter(campaign=campaign).select_related("recorded_by")
    }
    rows = []
    for unit in MemberUnit.objects.visible_to(user).filter(tenant_id=campaign.tenant_id):
        kickoff = kickoffs.get(unit.pk)
        standing = kickoff_standing(held_on=kickoff.held_on if kickoff else None, due_on=due_on, today=today)
        rows.append(KickoffStatus(member_unit=unit, kickoff=kickoff, standing=standing))
    return rows


def districts_to_filter_by(*, user) -> QuerySet[MemberUnit]:
    """The districts a list of ``user``'s rows can be narrowed to: the districts ``user`` sees, and for a city bureau
    (市商务局, 市工业和信息化局) every district of its tenant, since its remit spans them all. Naming a district
    shows no row: the rows themselves still come through ``visible_to``."""
    scope = scope_of(user)
    if scope is not None and scope.role == Role.MEMBER_UNIT and not scope.member_unit_is_district and scope.tenant_id:
        districts = MemberUnit.objects.filter(tenant_id=scope.tenant_id)
    else:
        districts = MemberUnit.objects.visible_to(user)
    return districts.filter(kind=MemberUnitKind.DISTRICT).order_by("sort_order", "name")


def member_unit_list(*, user) -> QuerySet[MemberUnit]:
    """The member units ``user`` may see (the regulator: all of its tenant's; a member unit: itself)."""
    return MemberUnit.objects.visible_to(user).select_related("tenant")


@dataclass
class Task:
    """One line of a home page's "what to do next": a title, by when, whether it is done or late, and where."""

    title: str | Promise  # a lazy label of DeadlineKind, translated when shown
    due_on: date | None
    state: str  # "done" | "open" | "overdue"
    url: str = ""
    detail: str = ""
    days_left: int | None = None


@dataclass
class Agenda:
    """A home page's content: the current campaign and phases, the calendar, the tasks and (for the regulator and
    member units) the R9 kickoff lines."""

    campaign: Campaign | None
    today: date
    current_phases: list[Phase] = field(default_factory=list)
    calendar: list[PhaseRow] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    kickoffs: list[KickoffStatus] = field(default_factory=list)

    @property
    def kickoffs_missing(self) -> list[KickoffStatus]:
        return [row for row in self.kickoffs if row.kickoff is None]

    @property
    def kickoffs_late(self) -> list[KickoffStatus]:
        return [row for row in self.kickoffs if row.is_late]


def _task(
    title: str | Promise,
    due_on: date | None,
    today: date,
    *,
    done: bool | None = False,
    url: str = "",
    detail: str = "",
) -> Task:
    """``done`` is True/False when the portal knows, None when nothing it records says (then a passed date is
    "closed", not "overdue": the portal does not claim work was missed that it cannot see)."""
    passed = due_on is not None and today > due_on
    state = "done" if done else ("overdue" if passed and done is False else "closed" if passed else "open")
    days_left = None if due_on is None or done else (due_on - today).days
    return Task(title=title, due_on=due_on, state=state, url=url, detail=detail, days_left=days_left)


@dataclass
class DeadlineProgress:
    """What an app knows about one deadline for one user: done or not, and optionally a line and a link."""

    done: bool
    detail: str = ""
    url: str = ""


DeadlineCheck = Callable[..., "DeadlineProgress | None"]
_DEADLINE_CHECKS: dict[str, DeadlineCheck] = {}


def deadline_check(kind: str) -> Callable[[DeadlineCheck], DeadlineCheck]:
    """Register ``check(*, user, scope, campaign) -> DeadlineProgress | None`` for a deadline kind. The apps that
    hold the records register their checks (enterprises: cases, summaries, reviews), so the calendar app needs
    no knowledge of them; None means "not this user's to judge"."""

    def register(check: DeadlineCheck) -> DeadlineCheck:
        _DEADLINE_CHECKS[kind] = check
        return check

    return register


# 五(一): 以区为单位 — the district summary and the case recommendation are the districts', not the city bureaus'.
DISTRICT_ONLY_DEADLINES = {DeadlineKind.DISTRICT_SUBMISSION, DeadlineKind.CASE_RECOMMENDATION}


def home_agenda(*, user, today: date | None = None) -> Agenda:
    """What the user must do next and by when, from the campaign calendar and the records so far."""
    today = today or today_local()
    campaign = campaign_current(user=user, today=today)
    scope = scope_of(user)
    agenda = Agenda(campaign=campaign, today=today)
    if campaign is None or scope is None:
        return agenda
    agenda.current_phases = phases_on(campaign, today)
    agenda.calendar = campaign_calendar(campaign, today)
    role = scope.role
    kickoff_deadline = deadline_for(campaign, DeadlineKind.KICKOFF)

    if role in (Role.REGULATOR, Role.MEMBER_UNIT):
        agenda.kickoffs = kickoff_status(campaign=campaign, user=user, today=today)

    for deadline in campaign.deadlines.all():
        if role not in DEADLINE_AUDIENCE.get(deadline.kind, set()):
            continue
        if deadline.kind == DeadlineKind.KICKOFF:
            continue  # shown with its real state below
        if deadline.kind in DISTRICT_ONLY_DEADLINES and role == Role.MEMBER_UNIT and not scope.member_unit_is_district:
            continue
        if (today - deadline.due_on).days > 31:
            continue  # long past: the calendar still shows it
        check = _DEADLINE_CHECKS.get(deadline.kind)
        progress = check(user=user, scope=scope, campaign=campaign) if check else None
        agenda.tasks.append(
            _task(
                deadline.get_kind_display(),
                deadline.due_on,
                today,
                done=None if progress is None else progress.done,
                url=progress.url if progress else "",
                detail=progress.detail if progress else "",
            )
        )

    if role == Role.MEMBER_UNIT and agenda.kickoffs:
        own = agenda.kickoffs[0]
        url = (
            reverse("campaign:kickoff-edit", args=[own.kickoff.pk])
            if own.kickoff
            else reverse("campaign:kickoff-create", args=[campaign.pk])
        )
        agenda.tasks.insert(
            0,
            _task(
                DeadlineKind.KICKOFF.label,
                kickoff_deadline.due_on if kickoff_deadline else None,
                today,
                done=own.kickoff is not None,
                url=url,
            ),
        )
    elif role == Role.REGULATOR and kickoff_deadline is not None:
        missing = agenda.kickoffs_missing
        agenda.tasks.insert(
            0,
            _task(
                DeadlineKind.KICKOFF.label,
                kickoff_deadline.due_on,
                today,
                done=not missing,
                url=reverse("campaign:kickoff-list") + f"?campaign={campaign.pk}",
            ),
        )
    agenda.tasks.sort(key=lambda t: (t.state in ("done", "closed"), t.due_on or date.max))
    return agenda


@dataclass
class CalendarChange:
    """One recorded move of a phase or deadline: who, when, the dates before and after, and why."""

    when: datetime
    who: object  # the user, or None when made by a script
    item: str
    old: list[date]
    new: list[date]
    reason: str


def calendar_changes(*, campaign: Campaign, limit: int = 100) -> list[CalendarChange]:
    """The change history of a campaign's phases and deadlines, newest first, in two queries whatever its length.

    Read from django-simple-history; each change is compared with the previous version of the same row, so the
    creation rows (and saves that changed no date) are not listed.
    """
    sources = [
        (Phase.history.filter(campaign_id=campaign.pk), ("starts_on", "ends_on")),
        (Deadline.history.filter(campaign_id=campaign.pk), ("due_on",)),
    ]
    changes = []
    for history, date_fields in sources:
        previous: dict[int, list[date]] = {}
        for record in history.select_related("history_user").order_by("history_date", "history_id"):
            dates = [getattr(record, name) for name in date_fields]
            before = previous.get(record.id)
            previous[record.id] = dates
            if before is None or before == dates or record.history_type != "~":
                continue
            changes.append(
                CalendarChange(
                    when=record.history_date,
                    who=record.history_user,
                    item=record.get_kind_display(),
                    old=before,
                    new=dates,
                    reason=record.history_change_reason or "",
                )
            )
    changes.sort(key=lambda change: change.when, reverse=True)
    return changes[:limit]


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
