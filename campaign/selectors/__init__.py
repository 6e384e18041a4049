"""Reads for the campaign app, all through visible_to, with query counts that do not grow with the rows.

``campaigns``: which campaigns a user sees and the current one (re-exported here); this module: the calendar, the
kickoffs, the member units and each role's home agenda."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import QuerySet
from django.urls import reverse
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

# Re-exported: the campaign app's reads are imported from campaign.selectors.
from .campaigns import campaign_current as campaign_current
from .campaigns import campaign_list as campaign_list
from .campaigns import campaigns_running as campaigns_running
from .campaigns import tenant_campaign_current as tenant_campaign_current
from .campaigns import today_local as today_local


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
