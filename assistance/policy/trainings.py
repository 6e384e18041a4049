"""R8: trainings per district (附件二(三)1).

Part of ``assistance.policy``; see its docstring and docs/RULES.md."""

from __future__ import annotations

from collections.abc import Mapping

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from assistance.models import (
    TrainingKind,
    WorkingGroup,
)
from campaign.models import MemberUnit

# --- R8: trainings per district (附件二(三)1) --------------------------------------------------------------------------

# 附件二(三)1(1)(2): 按地区, 提升活动期间至少组织1次集中培训 and 至少组织1次行业培训.
R8_REQUIRED_KINDS = (TrainingKind.CENTRALISED, TrainingKind.INDUSTRY)


def missing_training_kinds(by_kind: Mapping[str, int]) -> list[str]:
    """R8 (附件二(三)1(1)(2)): the required training kinds (TrainingKind values) a district has not held, given
    ``by_kind`` {kind: number held in the campaign}; empty when the district complies."""
    return [kind for kind in R8_REQUIRED_KINDS if not by_kind.get(kind)]


def covered_districts(*, body_id: int, campaign_id: int) -> QuerySet[MemberUnit]:
    """R8 (附件二(三)1; 附件一 帮扶工作组): the districts a certification body's working groups cover in the campaign —
    the only ones it records trainings for, so that its trainings count toward no other district's R8."""
    return MemberUnit.objects.filter(
        pk__in=WorkingGroup.objects.filter(body_id=body_id, campaign_id=campaign_id).values("districts")
    ).order_by("sort_order", "name")


def training_district_error(*, body_id: int, campaign_id: int, district: MemberUnit) -> str | None:
    """R8 by anyone: the message when ``district`` is not covered by the body's working groups in the campaign."""
    if covered_districts(body_id=body_id, campaign_id=campaign_id).filter(pk=district.pk).exists():
        return None
    return _(
        "None of your working groups covers %(district)s in this campaign; a certification body records trainings "
        "only for the districts its working groups cover."
    ) % {"district": district.name}
