"""The notice's rules that the submissions app decides (DESIGN.md §6), one named function per rule.

R10 — 五(一) 总结评估: 各成员单位于11月30日前将本区域提升行动工作总结材料和数据报送市市场监管委，每区至少推荐1家
优秀案例. A district submits its summary materials (at least one file) and its data roll-up, with at least one
recommended case; the deadline is the campaign's ``DeadlineKind.DISTRICT_SUBMISSION`` row (data, moved by the
regulator with a recorded reason, never a constant here). A late submission is accepted and flagged with how late.
An approved submission is locked until the regulator unlocks it with a reason.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.policy import MIN_RECOMMENDED_CASES_PER_DISTRICT
from submissions.models import EDITABLE_STATES, SubmissionState

MIN_SUMMARY_FILES = 1


def submission_missing(*, recommended_cases: int, files: int) -> list[str]:
    """R10 (五(一)): what a district's submission still lacks before it can be submitted — at least
    ``MIN_RECOMMENDED_CASES_PER_DISTRICT`` recommended case (每区至少推荐1家) and at least ``MIN_SUMMARY_FILES``
    summary material (工作总结材料). Every missing thing at once; empty when it can be submitted."""
    missing = []
    if recommended_cases < MIN_RECOMMENDED_CASES_PER_DISTRICT:
        missing.append(
            _(
                "The district has not recommended a case yet: recommend at least one excellent case of its "
                "enterprises (notice 五(一)) before submitting."
            )
        )
    if files < MIN_SUMMARY_FILES:
        missing.append(_("Upload at least one summary material (the district's work summary) before submitting."))
    return missing


def submission_late_days(*, submitted_at: datetime | date | None, due_on: date | None) -> int | None:
    """R10 (五(一) 11月30日前报送): how many days after the district-submission deadline ``due_on`` the submission
    came in — 0 on time (or with no deadline), None when not submitted. The first submission counts: a submission
    returned for revision and resubmitted after the deadline was still on time. Read against the deadline as it is
    now, so moving the deadline moves the flag."""
    if submitted_at is None:
        return None
    day = timezone.localdate(submitted_at) if isinstance(submitted_at, datetime) else submitted_at
    if due_on is None or day <= due_on:
        return 0
    return (day - due_on).days


def submission_overdue(*, state: str, due_on: date | None, today: date) -> bool:
    """R10: never submitted (draft) and the deadline has passed."""
    return state == SubmissionState.DRAFT and due_on is not None and today > due_on


def submission_edit_refusal(state: str) -> str | None:
    """Why a submission in ``state`` cannot be edited (files, note) or submitted, or None: only a draft or a returned
    submission is edited; a submitted one waits for the regulator; an approved one is locked until the regulator
    unlocks it with a reason."""
    if state in EDITABLE_STATES:
        return None
    if state == SubmissionState.APPROVED:
        return _(
            "This submission has been approved and is locked; nothing can be changed. Ask the regulator to unlock "
            "it (with a reason) if it must be corrected."
        )
    return _("This submission has been submitted and waits for the regulator's review; it cannot be changed now.")
