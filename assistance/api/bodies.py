"""Endpoints for certification bodies (read-only).

Rows come only through ``visible_to`` (ScopedViewSetMixin, VisiblePrimaryKeyRelatedField, ScopedFilterSet); writes go
through assistance.services, whose ValidationErrors become 400s with field messages and the "stale" one a 409."""

from __future__ import annotations

from django.db.models import Count
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from assistance.models import CertificationBody
from portal.api import ScopedViewSetMixin


class CertificationBodyOutput(serializers.ModelSerializer):
    expert_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = CertificationBody
        fields = ["id", "name", "approval_number", "contact", "expert_count"]


@extend_schema(tags=["certification bodies"])
@extend_schema_view(
    list=extend_schema(summary="Certification bodies the caller may see"),
    retrieve=extend_schema(summary="One certification body"),
)
class CertificationBodyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    ordering_fields = ["id", "name"]
    queryset = CertificationBody.objects.annotate(expert_count=Count("experts")).order_by("name", "pk")
    serializer_class = CertificationBodyOutput
