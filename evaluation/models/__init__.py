"""Models of the evaluation app."""

from evaluation.models.midterm import MidtermMeeting, MidtermSnapshot, NextStep, NextStepOwner

__all__ = ["MidtermMeeting", "MidtermSnapshot", "NextStep", "NextStepOwner"]
