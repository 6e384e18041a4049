"""The certification-body and district scorecards (五(二)1–2), read FROM the campaign's figures.

Every number the figures already compute (funnel, visits, trainings, problems, cases, complaints, rectifications,
kickoff, R8, who lags) is taken from ``evaluation.selectors.figures.city_figures``, never counted again; this module
adds only what the figures do not hold — outcome changes, records late or missing, the district's submission
(``submissions.selectors.submissions.submission_standing``), the regulator's assessment — and the district points
table of ``evaluation.policy``.

Who reads which scorecard is ``portal.access.evaluation_scorecards``: the regulator every one, a certification body
only its own, a district only its own line. The figures are unscoped, so each selector first picks the rows the user
may read and returns only those.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, Exists, F, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404

from accounts.scope import scope_of
from assistance.models import Assignment, CertificationBody, Visit
from assistance.models.operation import InternalAudit
from assistance.policy.operation import MIN_OPERATION_MONTHS, add_months
from assistance.reminders import QUIET_DAYS, VISITED_STATES
from campaign.models import Campaign, DeadlineKind, MemberUnit
from campaign.policy import KickoffStanding, campaign_ends_on
from campaign.selectors import today_local
from enterprises.models import Enrolment, EnrolmentState, OutcomeFigures
from evaluation.models import BodyAssessment, BodyRating
from evaluation.policy import (
    EXCELLENT_CONSEQUENCE,
    DeductionLine,
    body_rank_key,
    district_deductions,
    district_points,
    submission_occurrences,
)
from evaluation.selectors.figures import LAG_BELOW_MEDIAN, city_figures
from evaluation.selectors.figures.restrictions import body_through
from portal.access.evaluation_scorecards import body_scorecard_scope, district_scorecard_scope
from submissions.selectors.submissions import submission_standing


@dataclass
class BodyScorecard:
    """One certification body in one campaign: its line of the figures and what the scorecard adds."""

    body: CertificationBody
    figures: dict[str, Any]
    outcomes: dict[str, Any]
    no_visit: int
    audit_missing: int
    assessment: BodyAssessment | None
    as_of: date
    rank: int | None = None

    @property
    def rectifications(self) -> dict[str, int]:
        return self.figures["rectifications"]

    @property
    def records_missing(self) -> int:
        return self.no_visit + self.audit_missing

    @property
    def complaints(self) -> dict[str, int]:
        """Total, open, and the closed ones by outcome (the figures' count)."""
        return self.figures["complaints"]

    @property
    def complaints_closed(self) -> int:
        return self.complaints["total"] - self.complaints["open"]

    @property
    def complaints_upheld(self) -> int:
        """五(二)2 收到企业投诉: the complaints the regulator found upheld, in full or in part (a ground for criticism);
        a complaint not upheld, still open or closed without a recorded outcome is not counted."""
        return self.complaints["upheld"] + self.complaints["partly_upheld"]

    @property
    def excellent_consequence(self) -> str:
        if self.assessment is None or self.assessment.rating != BodyRating.EXCELLENT:
            return ""
        return str(EXCELLENT_CONSEQUENCE) % {"year": self.assessment.relief_year}


@dataclass
class DistrictScorecard:
    """One district in one campaign: its line of the figures, its submission and the points table."""

    member_unit: MemberUnit
    figures: dict[str, Any]
    submission: dict[str, Any] | None
    deductions: list[DeductionLine] = field(default_factory=list)
    points: int = 0

    @property
    def rectifications(self) -> dict[str, int]:
        """Asked of the member unit and of its enterprises (the figures' count)."""
        return self.figures["rectifications"]

    @property
    def kickoff_standing(self) -> str:
        return self.figures["kickoff"]["standing"]


def evaluated_on(campaign: Campaign, today: date) -> date:
    """The day records are judged on: today, or the campaign's last day once it has ended (a 2023 enterprise is not
    "without a visit for 30 days" for every day since the campaign closed). Reads prefetched phases when there are."""
    ends_on = campaign_ends_on(campaign)
    return min(today, ends_on) if ends_on is not None else today


def scorecard_bodies(*, user) -> QuerySet[CertificationBody]:
    """The certification bodies whose scorecard ``user`` may read (none for every role but the regulator and a body)."""
    scope = scope_of(user)
    condition = body_scorecard_scope(scope) if scope is not None and not scope.is_operator else None
    if condition is None:
        return CertificationBody.objects.none()
    return CertificationBody.objects.visible_to(user).filter(condition).order_by("name", "pk")


def scorecard_districts(*, user) -> QuerySet[MemberUnit]:
    """The districts whose scorecard line ``user`` may read (the regulator all, a district itself)."""
    scope = scope_of(user)
    condition = district_scorecard_scope(scope) if scope is not None and not scope.is_operator else None
    if condition is None:
        return MemberUnit.objects.none()
    return MemberUnit.objects.visible_to(user).filter(condition).filter(kind="district").order_by("sort_order", "name")


# --- What the scorecard adds to the figures (one aggregate query each, whatever the number of bodies) -------------


def _outcome_changes(campaign: Campaign) -> dict[int, dict[str, Any]]:
    """Per body: how many assisted enrolments have every outcome figure, and the average change (after − before) of
    each metric over those that have both (附件二(四) 量化绩效指标)."""
    averages = {
        metric: Avg(F(f"{metric}_end") - F(f"{metric}_baseline"), filter=Q(**{f"{metric}_baseline__isnull": False}))
        for metric in OutcomeFigures.METRICS
    }
    complete = Q(**{f"{m}_{w}__isnull": False for m in OutcomeFigures.METRICS for w in ("baseline", "end")})
    rows = (
        OutcomeFigures.objects.filter(enrolment__campaign=campaign)
        .annotate(body_id=body_through("enrolment"))
        .order_by()
        .values("body_id")
        .annotate(recorded=Count("pk"), complete=Count("pk", filter=complete), **averages)
    )
    result: dict[int, dict[str, Any]] = {}
    for row in rows:
        if row["body_id"] is None:
            continue
        values: dict[str, Any] = dict(row)  # the averages are named by metric, not known to the type checker
        changes = {metric: values[metric] for metric in OutcomeFigures.METRICS}
        result[row["body_id"]] = {"recorded": row["recorded"], "complete": row["complete"], "changes": changes}
    return result


def _current_body():
    """The body of the enrolment's current assignment (the one expected to visit and to guide the audit)."""
    current = Assignment.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True).order_by("-assigned_at")
    return Subquery(current.values("expert__body_id")[:1])


def _records_missing(campaign: Campaign, on: date) -> dict[int, dict[str, int]]:
    """Per body, on ``on``: enterprises it assists with no visit for ``QUIET_DAYS`` days (counted from the
    assignment when there was never a visit: the rule of the daily no-visit reminder), and enterprises in operation for ``MIN_OPERATION_MONTHS`` months
    without an internal audit recorded (R7's date passed)."""
    cutoff = on - timedelta(days=QUIET_DAYS)
    last_visit = (
        Visit.objects.filter(enrolment=OuterRef("pk")).order_by().values("enrolment").annotate(last=Max("visited_on"))
    )
    assigned_at = Assignment.objects.filter(enrolment=OuterRef("pk"), ended_at__isnull=True).order_by("-assigned_at")
    no_visit = (
        Enrolment.objects.filter(campaign=campaign, state__in=VISITED_STATES)
        .annotate(
            body_id=_current_body(),
            last_visit=Subquery(last_visit.values("last")[:1]),
            assigned_at=Subquery(assigned_at.values("assigned_at")[:1]),
        )
        .filter(body_id__isnull=False)
        .filter(Q(last_visit__lte=cutoff) | Q(last_visit__isnull=True, assigned_at__date__lte=cutoff))
        .order_by()
        .values("body_id")
        .annotate(n=Count("pk"))
    )
    audit_missing = (
        Enrolment.objects.filter(
            campaign=campaign,
            state=EnrolmentState.OPERATING,
            operation_started_on__lte=add_months(on, -MIN_OPERATION_MONTHS),
        )
        .annotate(body_id=_current_body(), audited=Exists(InternalAudit.objects.filter(enrolment=OuterRef("pk"))))
        .filter(body_id__isnull=False, audited=False)
        .order_by()
        .values("body_id")
        .annotate(n=Count("pk"))
    )
    result: dict[int, dict[str, int]] = {}
    for row in no_visit:
        result.setdefault(row["body_id"], {"no_visit": 0, "audit_missing": 0})["no_visit"] = row["n"]
    for row in audit_missing:
        result.setdefault(row["body_id"], {"no_visit": 0, "audit_missing": 0})["audit_missing"] = row["n"]
    return result


# --- Certification bodies ------------------------------------------------------------------------------------------


def body_scorecards(*, user, campaign: Campaign, today: date | None = None) -> list[BodyScorecard]:
    """The scorecards of the bodies ``user`` may read in ``campaign``, ranked (``evaluation.policy.body_rank_key``).

    The regulator gets every body with its rank; a certification body gets its own scorecard alone, with no rank (the
    ranking says how the others did). A fixed number of queries whatever the number of bodies and enterprises."""
    today = today or today_local()
    bodies = list(scorecard_bodies(user=user))
    if not bodies or campaign.tenant_id != bodies[0].tenant_id:
        return []
    on = evaluated_on(campaign, today)
    figures = city_figures(campaign, on)
    by_body = {row["id"]: row for row in figures.bodies}
    outcomes = _outcome_changes(campaign)
    missing = _records_missing(campaign, on)
    assessments = {
        a.body_id: a
        for a in BodyAssessment.objects.visible_to(user)
        .filter(campaign=campaign, body__in=bodies)
        .select_related("assessed_by", "response", "response__answered_by")
    }
    cards = [
        BodyScorecard(
            body=body,
            figures=by_body[body.pk],
            outcomes=outcomes.get(body.pk, {"recorded": 0, "complete": 0, "changes": {}}),
            no_visit=missing.get(body.pk, {}).get("no_visit", 0),
            audit_missing=missing.get(body.pk, {}).get("audit_missing", 0),
            assessment=assessments.get(body.pk),
            as_of=on,
        )
        for body in bodies
        if body.pk in by_body
    ]
    cards.sort(key=body_rank_key)
    scope = scope_of(user)
    if scope is not None and scope.certification_body_id is None:  # the regulator's table: the ranking
        for rank, card in enumerate(cards, start=1):
            card.rank = rank
    return cards


def body_scorecard(*, user, campaign: Campaign, body_pk: int, today: date | None = None) -> BodyScorecard:
    """One body's scorecard in ``campaign``, with its rank among all bodies for the regulator; Http404 when ``user``
    may not read it (another body's, a district's, …)."""
    for card in body_scorecards(user=user, campaign=campaign, today=today):
        if card.body.pk == body_pk:
            return card
    raise Http404


# --- Districts (五(二)2) --------------------------------------------------------------------------------------------


def _deadline(campaign: Campaign, kind: str) -> date | None:
    return next((d.due_on for d in campaign.deadlines.all() if d.kind == kind), None)


def _district_occurrences(row: dict[str, Any], *, case_due: date | None, on: date) -> dict[str, int]:
    """How many times each line of the points table applies to a district's figures (the submission is counted by
    ``evaluation.policy.submission_occurrences``)."""
    standing = row["kickoff"]["standing"]
    occurrences = {
        "kickoff_missing": 1 if standing == KickoffStanding.OVERDUE else 0,
        "kickoff_late": 1 if standing == KickoffStanding.HELD_LATE else 0,
        "training_missing": len(row["r8"]["missing"]),
        "funnel_behind": 1 if LAG_BELOW_MEDIAN in row["lagging"] else 0,
        # R10: counted once the recommendation deadline has passed without one.
        "no_recommended_case": 1 if not row["cases"]["recommended"] and case_due is not None and on > case_due else 0,
        "rectification_overdue": row["rectifications"]["overdue"],
    }
    return occurrences


def district_scorecards(*, user, campaign: Campaign, today: date | None = None) -> list[DistrictScorecard]:
    """The district scorecard lines ``user`` may read in ``campaign`` (the regulator every district's, a district its
    own): kickoff (R9), R8, the funnel against the city median, the submission (R10), cases recommended and selected,
    rectifications, and the points table of 五(二)2. A fixed number of queries whatever the number of districts."""
    today = today or today_local()
    units = list(scorecard_districts(user=user))
    if not units or campaign.tenant_id != units[0].tenant_id:
        return []
    on = evaluated_on(campaign, today)
    figures = city_figures(campaign, on)
    by_unit = {row["id"]: row for row in figures.districts}
    standing = submission_standing(campaign, on)
    case_due = _deadline(campaign, DeadlineKind.CASE_RECOMMENDATION) or _deadline(
        campaign, DeadlineKind.DISTRICT_SUBMISSION
    )
    cards = []
    for unit in units:
        row = by_unit.get(unit.pk)
        if row is None:
            continue
        occurrences = _district_occurrences(row, case_due=case_due, on=on)
        occurrences |= submission_occurrences(standing.get(unit.pk))
        lines = district_deductions(occurrences)
        cards.append(
            DistrictScorecard(
                member_unit=unit,
                figures=row,
                submission=standing.get(unit.pk),
                deductions=lines,
                points=district_points(lines),
            )
        )
    return cards


def assessments_to_answer(*, user, campaign: Campaign) -> QuerySet[BodyAssessment]:
    """The assessments in ``campaign`` of the user's own body that it has not answered yet (its home page shows
    them)."""
    return (
        BodyAssessment.objects.visible_to(user)
        .filter(campaign=campaign, response__isnull=True)
        .select_related("campaign")
        .order_by("-assessed_at", "pk")
    )
