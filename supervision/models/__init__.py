"""Models of the supervision app."""

from supervision.models.rectifications import (
    RectificationAnswer,
    RectificationEvidence,
    RectificationRequest,
    RectificationState,
)
from supervision.models.rounds import RoundState, SupervisionRound
from supervision.models.visits import PartyKind, SupervisionVisit, SupervisionVisitFile

__all__ = [
    "PartyKind",
    "RectificationAnswer",
    "RectificationEvidence",
    "RectificationRequest",
    "RectificationState",
    "RoundState",
    "SupervisionRound",
    "SupervisionVisit",
    "SupervisionVisitFile",
]
