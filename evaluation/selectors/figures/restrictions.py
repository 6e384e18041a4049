"""Restricting the figures' aggregates to one district or one certification body, in the database (the figures of
``evaluation.selectors.figures`` for a district's or a body's own dashboard), and attributing a row to the body whose
expert assists its enrolment."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.db.models import Exists, F, OuterRef, Subquery

from assistance.models import Assignment


def body_through(prefix: str):
    """The body a row counts for, reaching its enrolment by ``prefix`` (e.g. "diagnosis__enrolment"; "pk" for an
    enrolment itself): the current assignment's expert's body, else the latest ended one's."""
    latest = Assignment.objects.filter(enrolment=OuterRef(prefix)).order_by(
        F("ended_at").desc(nulls_first=True), "-assigned_at", "-pk"
    )
    return Subquery(latest.values("expert__body_id")[:1])


def where(district_id: int | None, body_id: int | None, prefix: str, body: str = "expert__body_id") -> dict[str, int]:
    """The filter restricting a row reaching its enterprise by ``prefix`` to one district, or by ``body`` to one body."""
    if district_id is not None:
        return {f"{prefix}district_id": district_id}
    if body_id is not None:
        return {body: body_id}
    return {}


def training_where(
    district_id: int | None, body_id: int | None, bodies: Sequence[Mapping[str, Any]], prefix: str = ""
) -> dict[str, Any]:
    """Trainings held in the district, or organised by the body (by its organisation)."""
    if district_id is not None:
        return {f"{prefix}district_id": district_id}
    if body_id is not None:
        return {f"{prefix}organiser_id__in": [b["organisation_id"] for b in bodies]}
    return {}


def assisted_by(body_id: int | None, prefix: str) -> list[Exists]:
    """Restricted to one body: rows whose enrolment (reached by ``prefix``) had one of its experts assigned (the
    attribution by the current or latest assignment then picks the body's own)."""
    if body_id is None:
        return []
    return [Exists(Assignment.objects.filter(enrolment=OuterRef(prefix), expert__body_id=body_id))]


def enrolment_body():
    """``body_through`` for an enrolment itself."""
    return body_through("pk")
