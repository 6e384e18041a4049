"""Models of the evaluation app."""

from evaluation.models.midterm import MidtermMeeting, MidtermSnapshot, NextStep, NextStepOwner
from evaluation.models.scorecards import BodyAssessment, BodyAssessmentResponse, BodyRating, CriticismReason

__all__ = [
    "BodyAssessment",
    "BodyAssessmentResponse",
    "BodyRating",
    "CriticismReason",
    "MidtermMeeting",
    "MidtermSnapshot",
    "NextStep",
    "NextStepOwner",
]
