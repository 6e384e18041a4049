"""The notice's rules that the evaluation app decides (DESIGN.md §6), one named function or table per rule.

五、绩效评估要求 (二) 1–2 of 津质认联〔2023〕2号:

- 1. 对……表现突出并被评为提升行动优秀的认证机构, 市市场监管委将在2024年……现场见证检查和从业机构"双随机、一公开"监管
  工作中, 适当降低监督检查比例和频次 — an excellent body's reduced supervision the following year
  (``EXCELLENT_CONSEQUENCE``, ``relief_year_for``).
- 2. 提升行动开展情况已作为考核指标纳入对各区的年度绩效考核……推进不利的, 将在考核中予以扣分 — the district points
  table (``DISTRICT_DEDUCTIONS``, ``district_deductions``);
  对提升行动效果不好、收到企业投诉或给企业带来不利影响的认证机构……通报批评; 对……弄虚作假的认证机构, 将依法严肃处理 —
  a criticism names its grounds, a referral says what was falsified (``assessment_reason_errors``).
- 五(一): 对各认证机构开展提升行动的情况进行评估, 择优向国家市场监管总局推荐 (``recommended_to_samr``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from evaluation.models.scorecards import BodyRating, CriticismReason

StrOrPromise = str | Promise  # a label translated when shown

# --- Certification bodies (五(二)1–2) ---------------------------------------------------------------------------------

# 五(二)1, shown wherever an excellent rating is.
EXCELLENT_CONSEQUENCE = gettext_lazy(
    "Recorded for %(year)s: a reduced ratio and frequency of on-site witness checks and of "
    "“double random, one public” supervision (五(二)1)."
)


def relief_year_for(campaign_year: int) -> int:
    """五(二)1: the 2023 campaign's excellent bodies are checked less in 2024 — the year after the campaign's."""
    return campaign_year + 1


def assessment_reason_errors(*, rating: str | None, reasons: list[str], reason_text: str) -> dict[str, str]:
    """五(二)2: what is missing from an assessment's grounds, by field (empty when complete).

    - criticised (通报批评): at least one ground (poor results, complaints, adverse effects) and a text saying what
      happened;
    - referred (弄虚作假, 依法严肃处理): a text saying what was falsified;
    - excellent or satisfactory: no grounds are asked for (they are cleared by the service)."""
    errors: dict[str, str] = {}
    unknown = [value for value in reasons if value not in CriticismReason.values]
    if unknown:
        errors["reasons"] = _("Unknown ground: %(values)s.") % {"values": "、".join(unknown)}
    if rating == BodyRating.CRITICISED:
        if not reasons and "reasons" not in errors:
            errors["reasons"] = _("A criticism needs its grounds: poor results, complaints or adverse effects.")
        if not reason_text.strip():
            errors["reason_text"] = _("Say what the criticism is about.")
    elif rating == BodyRating.REFERRED and not reason_text.strip():
        errors["reason_text"] = _("A referral for falsification needs the facts found.")
    return errors


def body_rank_key(card) -> tuple:
    """How the regulator's table ranks the bodies (五(一) 对各认证机构开展提升行动的情况进行评估): first the share of
    its enterprises whose internal audit and management review are done or further (a body with none assisted
    last), then the share of the problems found in diagnosis that were solved, then fewest overdue rectifications,
    upheld complaints (in full or in part: 五(二)2 收到企业投诉; a complaint found not upheld, or not yet decided, does
    not count against the body) and missing records; the name breaks ties."""
    progress = card.figures.get("progress_share")
    problems = card.figures.get("problems", {})
    solved_share = problems["solved"] / problems["found"] if problems.get("found") else 0.0
    return (
        progress is None,
        -(progress or 0.0),
        -solved_share,
        card.rectifications["overdue"],
        card.complaints_upheld,
        card.records_missing,
        card.body.name,
    )


# --- Districts (五(二)2: 推进不利的, 将在考核中予以扣分) -----------------------------------------------------------------

DISTRICT_FULL_MARKS = 100


@dataclass(frozen=True)
class Deduction:
    """One line of the district points table: ``points`` deducted per occurrence, at most ``cap`` in all."""

    code: str
    label: StrOrPromise
    points: int
    cap: int
    clause: str


# The weights are data: the regulator's table for 五(二)2, one row per way a district lags. Changing a number here
# changes every district scorecard and nothing else.
DISTRICT_DEDUCTIONS: tuple[Deduction, ...] = (
    Deduction("kickoff_missing", gettext_lazy("No kickoff meeting held"), 10, 10, "四(一)"),
    Deduction("kickoff_late", gettext_lazy("Kickoff meeting held after the deadline"), 5, 5, "四(一)"),
    Deduction(
        "training_missing",
        gettext_lazy("Centralised or industry training not held, per kind"),
        10,
        20,
        "附件二(三)1",
    ),
    Deduction(
        "funnel_behind",
        gettext_lazy("Share of enrolments in operation or further below the city median"),
        10,
        10,
        "四(二)",
    ),
    Deduction("submission_missing", gettext_lazy("Summary materials not submitted by the deadline"), 20, 20, "五(一)"),
    Deduction("submission_late", gettext_lazy("Summary materials submitted late"), 5, 5, "五(一)"),
    Deduction("no_recommended_case", gettext_lazy("No case recommended by the deadline"), 15, 15, "五(一)"),
    Deduction(
        "rectification_overdue",
        gettext_lazy("Rectification request overdue, per request"),
        3,
        15,
        "四(二) 现场督导",
    ),
)
DEDUCTIONS_BY_CODE = {deduction.code: deduction for deduction in DISTRICT_DEDUCTIONS}


@dataclass(frozen=True)
class DeductionLine:
    deduction: Deduction
    occurrences: int

    @property
    def points(self) -> int:
        return min(self.deduction.points * self.occurrences, self.deduction.cap)


def district_deductions(occurrences: Mapping[str, int]) -> list[DeductionLine]:
    """五(二)2: the lines of the points table that apply, given {deduction code: how many times} (codes with zero
    occurrences are left out), in the table's order."""
    return [
        DeductionLine(deduction, occurrences[deduction.code])
        for deduction in DISTRICT_DEDUCTIONS
        if occurrences.get(deduction.code, 0) > 0
    ]


def district_points(lines: list[DeductionLine]) -> int:
    """The district's points: full marks less every deduction, never below zero."""
    return max(DISTRICT_FULL_MARKS - sum(line.points for line in lines), 0)


def submission_occurrences(standing: Mapping | None) -> dict[str, int]:
    """五(一), R10: how a district's submission counts on its scorecard, read from its line of
    ``submissions.selectors.submissions.submission_standing`` (None: it has none): missing once it is overdue (never
    submitted and the deadline passed, ``submissions.policy.submission_overdue``), late when its first submission
    came after the deadline (``submissions.policy.submission_late_days``)."""
    standing = standing or {}
    return {
        "submission_missing": 1 if standing.get("overdue") else 0,
        "submission_late": 1 if standing.get("late_days") else 0,
    }
