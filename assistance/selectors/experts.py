"""Reads for assistance experts: the list with each one's load (R2), and their specialties as names (R3)."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from assistance.models import Assignment, Expert
from enterprises.models import Cluster


def expert_load_expression(campaign_id: int | None, *, excluding_enrolment_id: int | None = None) -> Coalesce:
    """R2's load of each expert row: the enterprises the expert actively assists in the campaign — every one, whoever
    looks. A subquery on purpose: no join of the viewer's scope (a district sees the expert through its own
    enterprises) or of a filter can narrow the count. The one expression for the lists, the API and the
    suggestions."""
    if campaign_id is None:  # no campaign to count in
        return Coalesce(Value(None, output_field=IntegerField()), 0)
    rows = Assignment.objects.filter(
        expert_id=OuterRef("pk"), ended_at__isnull=True, enrolment__campaign_id=campaign_id
    )
    if excluding_enrolment_id is not None:
        rows = rows.exclude(enrolment_id=excluding_enrolment_id)
    counted = rows.order_by().values("expert_id").annotate(n=Count("enrolment_id", distinct=True)).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def expert_list(*, user, campaign=None) -> QuerySet[Expert]:
    """Experts with their current load (active assignments) in ``campaign``."""
    experts = Expert.objects.visible_to(user).select_related("user", "body", "home_district")
    if campaign is not None:
        experts = experts.annotate(load=expert_load_expression(campaign.pk))
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
