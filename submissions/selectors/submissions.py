"""Reads of the district submissions (五(一), R10), all through visible_to except ``submission_standing``, which
the district scorecard (evaluation) calls for a campaign as a whole; query counts do not grow with the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import Role
from assistance.models.trainings import TrainingKind
from campaign.models import Campaign, Deadline, DeadlineKind, MemberUnit, MemberUnitKind
from campaign.selectors import DeadlineProgress, campaign_current, deadline_check, today_local
from enterprises.models import Case, EnrolmentState
from enterprises.policy import RECOMMENDED_STATES
from submissions.models import DistrictSubmission, SubmissionEvent, SubmissionFile, SubmissionState
from submissions.policy import submission_late_days, submission_missing, submission_overdue


def submission_due_on(campaign: Campaign) -> date | None:
    """The campaign's district-submission deadline (五(一), 11月30日): from its prefetched deadlines when there are,
    else one query. None when the calendar has none."""
    cache = getattr(campaign, "_prefetched_objects_cache", {})
    if "deadlines" in cache:
        return next((d.due_on for d in campaign.deadlines.all() if d.kind == DeadlineKind.DISTRICT_SUBMISSION), None)
    return (
        Deadline.objects.filter(campaign=campaign, kind=DeadlineKind.DISTRICT_SUBMISSION)
        .values_list("due_on", flat=True)
        .first()
    )


def _districts(campaign: Campaign) -> QuerySet[MemberUnit]:
    return MemberUnit.objects.filter(tenant_id=campaign.tenant_id, kind=MemberUnitKind.DISTRICT).order_by(
        "sort_order", "name"
    )


def submission_standing(campaign: Campaign, today: date | None = None) -> dict[int, dict[str, Any]]:
    """Where every district of the campaign's tenant stands with its submission, keyed by member-unit pk:
    ``{"state", "submitted_at", "late_days", "unlock_count", "approved"}`` — state None when it has not opened one,
    late_days 0 on time and None when not submitted (R10, ``submission_late_days``), "overdue" True when never
    submitted and the deadline has passed. Three queries whatever the number of districts."""
    today = today or today_local()
    due_on = submission_due_on(campaign)
    submissions = {s.member_unit_id: s for s in DistrictSubmission.objects.filter(campaign=campaign)}
    standing: dict[int, dict[str, Any]] = {}
    for unit_pk in _districts(campaign).values_list("pk", flat=True):
        submission = submissions.get(unit_pk)
        state = submission.state if submission else None
        standing[unit_pk] = {
            "state": state,
            "submitted_at": submission.submitted_at if submission else None,
            "first_submitted_at": submission.first_submitted_at if submission else None,
            "late_days": submission_late_days(
                submitted_at=submission.first_submitted_at if submission else None, due_on=due_on
            ),
            "unlock_count": submission.unlock_count if submission else 0,
            "approved": state == SubmissionState.APPROVED,
            "overdue": submission_overdue(state=state or SubmissionState.DRAFT, due_on=due_on, today=today),
        }
    return standing


def recommended_cases(*, user, submission: DistrictSubmission) -> QuerySet[Case]:
    """The district's recommended cases in the submission's campaign (R10 每区至少推荐1家), read from the cases
    themselves, never copied: recommended, scored, selected or not selected."""
    return (
        Case.objects.visible_to(user)
        .filter(
            enrolment__campaign_id=submission.campaign_id,
            enrolment__enterprise__district_id=submission.member_unit_id,
            state__in=RECOMMENDED_STATES,
        )
        .select_related("enrolment__enterprise")
        .order_by("pk")
    )


def district_rollup(campaign: Campaign, member_unit: MemberUnit, today: date | None = None) -> dict[str, Any]:
    """数据汇总: the district's figures for the campaign from the portal's own data, as they are now."""
    from evaluation.selectors.figures import district_figures  # evaluation reads this app's standing: import late

    return district_figures(campaign, member_unit, today or today_local())


def submission_late_days_of(submission: DistrictSubmission, due_on: date | None) -> int | None:
    """R10: how late the submission came in (0 on time, None not yet submitted), against the deadline as it is now."""
    return submission_late_days(submitted_at=submission.first_submitted_at, due_on=due_on)


def _labelled(choices, value: str) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return value


def _share(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def rollup_rows(rollup: dict[str, Any] | None) -> list[tuple[str, Any]]:
    """数据汇总 as (label, value) rows for a table, in Chinese, from a district's figures
    (``evaluation.selectors.figures.district_figures``: the live ones or those frozen at submission)."""
    from evaluation.selectors.figures import LAG_REASONS  # evaluation reads this app's standing: import late

    figures = rollup or {}
    if not figures:
        return []
    rows: list[tuple[str, Any]] = [(_("Enrolments"), figures.get("enrolments"))]
    for state, count in (figures.get("funnel") or {}).items():
        rows.append((f"{_('Enrolment funnel')} · {_labelled(EnrolmentState, state)}", count))
    rows += [
        (_("Enterprises assisted"), figures.get("assisted")),
        (_("In operation or beyond"), _share(figures.get("progress_share"))),
        (_("Visits"), figures.get("visits")),
        (_("Visits per assisted enterprise"), figures.get("visits_per_assisted")),
    ]
    for kind, cell in (figures.get("trainings") or {}).items():
        rows.append(
            (
                f"{_('Trainings by kind')} · {_labelled(TrainingKind, kind)}",
                f"{cell.get('count', 0)} · {cell.get('enterprises', 0)} · {cell.get('person_times', 0)}",
            )
        )
    problems = figures.get("problems") or {}
    cases = figures.get("cases") or {}
    complaints = figures.get("complaints") or {}
    rows += [
        (_("Problems solved / found"), f"{problems.get('solved', 0)} / {problems.get('found', 0)}"),
        (_("Cases written"), cases.get("written")),
        (_("Cases recommended"), cases.get("recommended")),
        (_("Complaints (open)"), f"{complaints.get('total', 0)} ({complaints.get('open', 0)})"),
        (_("Rectifications open"), figures.get("rectifications_open")),
    ]
    kickoff = figures.get("kickoff")
    if kickoff:
        rows.append((_("Kickoff meeting (R9)"), kickoff.get("held_on") or "—"))
    r8 = figures.get("r8")
    if r8:
        rows.append((_("Centralised and industry training (R8)"), _("Yes") if r8.get("compliant") else _("No")))
    lagging = figures.get("lagging") or []
    rows.append((_("Lagging"), "；".join(str(LAG_REASONS.get(code, code)) for code in lagging) or _("No")))
    if figures.get("as_of"):
        rows.append((_("Figures as of"), figures["as_of"]))
    return rows


@dataclass
class SubmissionRow:
    """One district on the regulator's list: its submission (None when it has not opened one) and its standing."""

    member_unit: MemberUnit
    submission: DistrictSubmission | None
    late_days: int | None
    overdue: bool

    @property
    def state(self) -> str | None:
        return self.submission.state if self.submission else None


def submission_rows(*, user, campaign: Campaign, today: date | None = None) -> list[SubmissionRow]:
    """Every district the user sees, with its submission in ``campaign`` (the regulator's list): three queries."""
    today = today or today_local()
    due_on = submission_due_on(campaign)
    submissions = {
        s.member_unit_id: s
        for s in DistrictSubmission.objects.visible_to(user)
        .filter(campaign=campaign)
        .annotate(file_count=Count("files"))
    }
    rows = []
    for unit in MemberUnit.objects.visible_to(user).filter(tenant_id=campaign.tenant_id, kind=MemberUnitKind.DISTRICT):
        submission = submissions.get(unit.pk)
        rows.append(
            SubmissionRow(
                member_unit=unit,
                submission=submission,
                late_days=submission_late_days(
                    submitted_at=submission.first_submitted_at if submission else None, due_on=due_on
                ),
                overdue=submission_overdue(
                    state=submission.state if submission else SubmissionState.DRAFT, due_on=due_on, today=today
                ),
            )
        )
    return rows


def submission_counts(rows: list[SubmissionRow]) -> dict[str, int]:
    """How many districts have submitted (or beyond), been approved, been returned, and not yet submitted."""
    states = [row.state for row in rows]
    return {
        "total": len(rows),
        "submitted": sum(s in (SubmissionState.SUBMITTED, SubmissionState.APPROVED) for s in states),
        "approved": sum(s == SubmissionState.APPROVED for s in states),
        "returned": sum(s == SubmissionState.RETURNED for s in states),
        "missing": sum(s in (None, SubmissionState.DRAFT) for s in states),
        "late": sum(bool(row.late_days) for row in rows),
    }


def submission_detail(*, user) -> QuerySet[DistrictSubmission]:
    """The submissions ``user`` may see, with what the detail page shows (files, events and their people)."""
    return (
        DistrictSubmission.objects.visible_to(user)
        .select_related("campaign", "member_unit", "approved_by", "submitted_by")
        .prefetch_related(
            Prefetch("files", queryset=SubmissionFile.objects.select_related("uploaded_by")),
            Prefetch("events", queryset=SubmissionEvent.objects.select_related("actor")),
        )
    )


def submission_missing_for(*, user, submission: DistrictSubmission) -> list[str]:
    """What the submission lacks before it can be submitted (R10, ``submission_missing``)."""
    return submission_missing(
        recommended_cases=recommended_cases(user=user, submission=submission).count(),
        files=submission.files.count(),
    )


def own_submission(*, user, campaign: Campaign) -> DistrictSubmission | None:
    """The district's own submission in ``campaign`` (None when it has not opened one)."""
    return DistrictSubmission.objects.visible_to(user).filter(campaign=campaign).first()


@deadline_check(DeadlineKind.DISTRICT_SUBMISSION)
def district_submitted(*, user, scope, campaign):
    """五(一), R10: the district has submitted its summary materials and data; the regulator has approved every
    district's (the home pages' line for the 30 November deadline)."""
    if scope.role == Role.MEMBER_UNIT:
        if not scope.member_unit_is_district:
            return None
        submission = own_submission(user=user, campaign=campaign)
        state = submission.state if submission else None
        done = state in (SubmissionState.SUBMITTED, SubmissionState.APPROVED)
        detail = submission.get_state_display() if submission else _("Not started")
        return DeadlineProgress(done=done, detail=detail, url=reverse("submissions:own"))
    if scope.role == Role.REGULATOR:
        counts = submission_counts(submission_rows(user=user, campaign=campaign))
        detail = _("%(approved)s of %(total)s approved, %(missing)s not submitted") % counts
        return DeadlineProgress(
            done=counts["total"] > 0 and counts["approved"] == counts["total"],
            detail=detail,
            url=reverse("submissions:list") + f"?campaign={campaign.pk}",
        )
    return None


def current_campaign(*, user, today: date | None = None) -> Campaign | None:
    return campaign_current(user=user, today=today)
