"""Reads for working groups (附件一, R6) with their districts and members."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet

from assistance.models import WorkingGroup, WorkingGroupMember


def working_group_list(*, user, campaign=None) -> QuerySet[WorkingGroup]:
    """The working groups the user may see (of ``campaign`` when given), with districts and members, the leader
    first (R6)."""
    groups = WorkingGroup.objects.visible_to(user)
    if campaign is not None:
        groups = groups.filter(campaign=campaign)
    return (
        groups.select_related("body", "campaign")
        .prefetch_related(
            "districts",
            Prefetch(
                "members", queryset=WorkingGroupMember.objects.select_related("user").order_by("-is_leader", "pk")
            ),
        )
        .order_by("body__name", "name")
    )
