"""The campaign's figures per district, per certification body and for the city: the ONE computation behind the
mid-term snapshot, the scorecards, the reports and the dashboards (issue 10 四(二); issues 11, 12).

These selectors are for server-side use by callers that have already authorised the reader for ``campaign`` (a
regulator's page, a district's own line picked out of the city figures, a report job): they take the campaign the
caller could see and read every row of it, unscoped. Never hand their output to a user without picking the line that
user may see (``evaluation.selectors.midterm`` does that for the snapshot).

Every figure is a plain JSON value (int, float, str, None, list, dict), so the result can be stored as it is
(``MidtermSnapshot.figures``) and rendered as it is. Units:

- ``funnel``: {EnrolmentState value: number of enrolments in that state now}, every state present (0 when none),
  ``withdrawn`` and ``rejected`` included; ``enrolments``: their sum (enrolments, not enterprises — one per enterprise
  per campaign, so the same number).
- ``assisted``: enrolments that have had an expert assigned (an ``Assignment``, current or ended).
- ``progress_share``: for a district, the share (0–1, four decimals) of its enrolments not rejected at screening that
  are ``operating`` or beyond (reviewed, results, closed); for a body, the share of its enrolments that are
  ``reviewed`` or beyond. None when the denominator is 0.
- ``visits``: number of expert visits logged; ``visits_per_assisted``: visits ÷ assisted, two decimals (None when no
  enterprise is assisted).
- ``trainings``: {TrainingKind value: {"count": trainings held, "enterprises": distinct attending enterprises,
  "person_times": person-times}} for every kind, and ``training_totals`` with the same three keys (enterprises
  distinct across kinds).
- ``problems``: {"found": diagnosis problems recorded, "solved": solved or verified by internal audit, "open": the
  rest}.
- ``cases``: {"written": cases in any state, "submitted": submitted or beyond, "recommended": recommended by the
  district or beyond (scored, selected, not selected), "selected": selected}.
- ``complaints``: {"total": complaints, "open": not closed, and the closed ones by outcome: "upheld",
  "partly_upheld", "not_upheld", "unrecorded" (closed before outcomes were recorded)}; a district counts the
  complaints of its enterprises, a body the complaints against it. (A snapshot frozen before outcomes were recorded
  has only "total" and "open".)
- ``rectifications``: the supervision's rectification requests (``supervision.selectors.rectifications.
  rectification_counts``) {"total", "open" (not closed), "overdue" (open and due before ``today``), "closed"}; a
  district counts those asked of the member unit itself and of its enterprises, a body those asked of it;
  ``rectifications_open`` repeats "open".
- District rows only: ``kickoff`` {"held_on": ISO date or None, "standing": ``campaign.policy.KickoffStanding``
  value} (R9) and ``r8`` {"by_kind": {kind: trainings held}, "missing": [required kinds not held], "compliant": bool}.
- Body rows: the enrolments counted are those whose current assignment (or, with none current, the latest ended
  one) is to one of the body's experts; its visits are its experts' visits, its trainings those it organised.
- ``lagging``: list of reason codes (``LAG_REASONS``), empty when the row does not lag (see ``lagging``).

How they are counted: every figure is a sum kept as a running count (``evaluation.models.FigureCount``, per campaign
and per scope: the city, each district, each body), which ``evaluation.services.counts`` refreshes right after each
write of the rows it is counted from commits (``transaction.on_commit``); a read of the counts on the same
connection first flushes the refreshes still pending, so a transaction reads its own writes. ``city_figures``,
``district_figures``, ``body_figures`` and the dashboards' ``city_view`` / ``district_view`` / ``body_view`` read
those counts: ``FIGURE_QUERIES``, ``DISTRICT_FIGURE_QUERIES``, ``BODY_FIGURE_QUERIES`` queries whatever the number
of districts, bodies, enterprises, visits or trainings, and a district's read costs the same in a province as in a
city. ``computed_figures`` makes the same figures from the rows themselves (aggregates with ``values().annotate()``,
never a query per row: ``COMPUTED_FIGURE_QUERIES``); ``figures_check`` compares the two, which the tests do after
every kind of write and ``manage.py recount_figures --check`` does on demand.

The package: ``lines`` (the shape of a line, the derived figures, R9 and R8, the lagging rule), ``counted`` (the
figures read from the running counts), ``computed`` (the figures computed from the rows, and ``figures_check``),
``restrictions`` (the body a row counts for; one district's or one body's rows in the database), ``activity``
(visits and trainings per week) and ``outcomes`` (before and after) computed from the rows. This module re-exports
what the callers use.
"""

from __future__ import annotations

from .activity import ACTIVITY_QUERIES, activity_by_week
from .computed import COMPUTED_FIGURE_QUERIES, computed_figures, figures_check
from .counted import (
    BODY_FIGURE_QUERIES,
    DISTRICT_FIGURE_QUERIES,
    FIGURE_QUERIES,
    activity_from,
    body_figures,
    body_view,
    city_figures,
    city_view,
    district_figures,
    district_view,
    outcomes_from,
)
from .lines import (
    BODY_PROGRESS_STATES,
    DISTRICT_PROGRESS_STATES,
    KICKOFF_DEADLINE_QUERIES,
    LAG_BELOW_MEDIAN,
    LAG_KICKOFF_MISSING,
    LAG_NO_ENROLMENTS,
    LAG_R8_MISSING,
    LAG_REASONS,
    LAGGING_RULE_BODIES,
    LAGGING_RULE_DISTRICTS,
    RECOMMENDED_CASE_STATES,
    SOLVED_PROBLEM_STATES,
    SUBMITTED_CASE_STATES,
    CityFigures,
    kickoff_join_sql,
    lagging,
)
from .outcomes import OUTCOME_QUERIES, outcome_figures

__all__ = [
    "ACTIVITY_QUERIES",
    "BODY_FIGURE_QUERIES",
    "BODY_PROGRESS_STATES",
    "COMPUTED_FIGURE_QUERIES",
    "DISTRICT_FIGURE_QUERIES",
    "DISTRICT_PROGRESS_STATES",
    "FIGURE_QUERIES",
    "KICKOFF_DEADLINE_QUERIES",
    "LAGGING_RULE_BODIES",
    "LAGGING_RULE_DISTRICTS",
    "LAG_BELOW_MEDIAN",
    "LAG_KICKOFF_MISSING",
    "LAG_NO_ENROLMENTS",
    "LAG_R8_MISSING",
    "LAG_REASONS",
    "OUTCOME_QUERIES",
    "RECOMMENDED_CASE_STATES",
    "SOLVED_PROBLEM_STATES",
    "SUBMITTED_CASE_STATES",
    "CityFigures",
    "activity_by_week",
    "activity_from",
    "body_figures",
    "body_view",
    "city_figures",
    "city_view",
    "computed_figures",
    "district_figures",
    "district_view",
    "figures_check",
    "kickoff_join_sql",
    "lagging",
    "outcome_figures",
    "outcomes_from",
]
