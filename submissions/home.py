"""The submissions panel of the home page (portal/home.py), for the current campaign: a district sees its own
submission's state, the regulator's comment when returned, and the days left to the deadline (or how late); the
regulator sees how many districts have submitted, been approved, or not submitted. Nothing for other roles."""

from __future__ import annotations

from accounts.models import Role
from accounts.scope import Scope
from campaign.selectors import today_local


def submission_panel(user, scope: Scope | None, campaign=None) -> dict:
    from submissions.selectors.submissions import (
        own_submission,
        submission_counts,
        submission_due_on,
        submission_late_days_of,
        submission_rows,
    )

    if scope is None or campaign is None:
        return {}
    today = today_local()
    due_on = submission_due_on(campaign)
    if scope.role == Role.REGULATOR:
        rows = submission_rows(user=user, campaign=campaign, today=today)
        return {"submission_summary": {"counts": submission_counts(rows), "due_on": due_on, "campaign": campaign}}
    if scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district:
        submission = own_submission(user=user, campaign=campaign)
        return {
            "own_submission": {
                "submission": submission,
                "state": submission.state if submission else None,
                "due_on": due_on,
                "days_left": (due_on - today).days if due_on else None,
                "late_days": submission_late_days_of(submission, due_on) if submission else None,
            }
        }
    return {}
