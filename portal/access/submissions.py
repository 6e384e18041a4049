"""Who sees the submissions rows (DESIGN.md §4): the regulator every district's submission of its tenant; a
district its own; nobody else (a city bureau submits nothing here)."""

from __future__ import annotations

from django.db.models import Q

from accounts.models import Role
from accounts.scope import Scope


def submission_scope(scope: Scope) -> Q | None:
    if scope.role == Role.REGULATOR:
        return Q(campaign__tenant_id=scope.tenant_id)
    if scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district:
        return Q(member_unit_id=scope.member_unit_id)
    return None


def submission_row_scope(scope: Scope) -> Q | None:
    """Files and events of a submission: whoever sees the submission."""
    if scope.role == Role.REGULATOR:
        return Q(submission__campaign__tenant_id=scope.tenant_id)
    if scope.role == Role.MEMBER_UNIT and scope.member_unit_is_district:
        return Q(submission__member_unit_id=scope.member_unit_id)
    return None


RULES = {
    "submissions.DistrictSubmission": submission_scope,
    "submissions.SubmissionFile": submission_row_scope,
    "submissions.SubmissionEvent": submission_row_scope,
}
