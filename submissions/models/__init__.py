"""Models of the submissions app: the districts' submissions by 30 November (五(一), R10)."""

from submissions.models.submissions import (
    EDITABLE_STATES,
    DistrictSubmission,
    SubmissionEvent,
    SubmissionEventKind,
    SubmissionFile,
    SubmissionState,
)

__all__ = [
    "EDITABLE_STATES",
    "DistrictSubmission",
    "SubmissionEvent",
    "SubmissionEventKind",
    "SubmissionFile",
    "SubmissionState",
]
