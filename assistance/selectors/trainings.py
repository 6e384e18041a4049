"""Reads for trainings (附件二(三)1) and R8 compliance per district."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.db.models import Count, QuerySet, Sum

from assistance.models import Training, TrainingKind
from assistance.policy import missing_training_kinds
from campaign.models import Campaign, MemberUnit, MemberUnitKind


def training_list(*, user, campaign: Campaign | None = None) -> QuerySet[Training]:
    """The trainings the user may see (of ``campaign`` when given), latest first, each with ``enterprise_count``."""
    queryset = (
        Training.objects.visible_to(user)
        .select_related("campaign", "district", "organiser")
        .annotate(enterprise_count=Count("enterprises"))
        .order_by("-held_on", "-pk")
    )
    if campaign is not None:
        queryset = queryset.filter(campaign=campaign)
    return cast("QuerySet[Training]", queryset)  # visible_to is typed as returning rows of Model


@dataclass
class DistrictTrainings:
    """R8 for one district: how many trainings of each kind, person-times, and the required kinds still missing."""

    district: MemberUnit
    by_kind: dict[str, int] = field(default_factory=dict)
    person_times: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_kind.values())

    @property
    def missing(self) -> list[str]:
        """The R8 kinds not held yet, as their names (assistance.policy.missing_training_kinds)."""
        return [str(TrainingKind(kind).label) for kind in missing_training_kinds(self.by_kind)]

    @property
    def is_compliant(self) -> bool:
        return not self.missing

    def count(self, kind: str) -> int:
        return self.by_kind.get(kind, 0)


def training_compliance(*, user, campaign: Campaign) -> list[DistrictTrainings]:
    """R8 per district the user may see: two queries whatever the number of districts and trainings."""
    rows = {
        unit.pk: DistrictTrainings(district=unit)
        for unit in MemberUnit.objects.visible_to(user)
        .filter(tenant_id=campaign.tenant_id, kind=MemberUnitKind.DISTRICT)
        .order_by("sort_order", "name")
    }
    counts = (
        Training.objects.visible_to(user)
        .filter(campaign=campaign, district_id__in=list(rows))
        .order_by()
        .values("district_id", "kind")
        .annotate(n=Count("pk"), people=Sum("person_times"))
    )
    for item in counts:
        row = rows[item["district_id"]]
        row.by_kind[item["kind"]] = item["n"]
        row.person_times += item["people"] or 0
    return list(rows.values())
