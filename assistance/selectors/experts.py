"""Reads for assistance experts: the list with each one's load (R2), and their specialties as names (R3)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from assistance.models import Expert
from enterprises.models import Cluster


def expert_list(*, user, campaign=None) -> QuerySet[Expert]:
    """Experts with their current load (active assignments) in ``campaign``."""
    experts = Expert.objects.visible_to(user).select_related("user", "body", "home_district")
    if campaign is not None:
        experts = experts.annotate(
            load=Count(
                "assignments",
                filter=Q(assignments__ended_at__isnull=True, assignments__enrolment__campaign=campaign),
            )
        )
    return experts.order_by("body__name", "user__username")


def specialty_labels(expert: Expert) -> list[str]:
    """The expert's specialties as the industry names a page shows."""
    return [str(Cluster(value).label) for value in expert.specialties or [] if value in Cluster.values]


def with_specialty_labels(experts) -> list[Expert]:
    """Evaluate ``experts`` and give each one ``specialty_labels`` for the templates."""
    experts = list(experts)
    for expert in experts:
        expert.specialty_labels = specialty_labels(expert)
    return experts
