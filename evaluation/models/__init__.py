"""Models of the evaluation app."""

from evaluation.models.counts import FigureCount, FigureSource
from evaluation.models.midterm import MidtermMeeting, MidtermSnapshot, NextStep, NextStepOwner
from evaluation.models.scorecards import BodyAssessment, BodyAssessmentResponse, BodyRating, CriticismReason

__all__ = [
    "BodyAssessment",
    "BodyAssessmentResponse",
    "BodyRating",
    "CriticismReason",
    "FigureCount",
    "FigureSource",
    "MidtermMeeting",
    "MidtermSnapshot",
    "NextStep",
    "NextStepOwner",
]
