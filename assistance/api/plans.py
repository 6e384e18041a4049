"""Endpoints for plans (附件二(三) 一企一策).

Rows come only through ``visible_to`` (ScopedViewSetMixin, VisiblePrimaryKeyRelatedField, ScopedFilterSet); writes go
through assistance.services, whose ValidationErrors become 400s with field messages and the "stale" one a 409."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status

from assistance.api.shared import CONFLICT, ReadCreateViewSet, VersionInput, VisibleOr404Field, enrolment_filter
from assistance.models import Plan
from assistance.services import plans as services
from enterprises.models import Enrolment
from portal.api import IfMatchMixin, ScopedFilterSet


class PlanFilter(ScopedFilterSet):
    enrolment = enrolment_filter()

    class Meta:
        model = Plan
        fields = ["enrolment"]


class PlanOutput(serializers.ModelSerializer):
    class Meta:
        model = Plan
        fields = ["id", "enrolment", "key_issues", "approach", "milestones", "updated_at", "version"]


class _PlanFields(serializers.Serializer):
    key_issues = serializers.CharField(max_length=10000)
    approach = serializers.CharField(max_length=10000)
    milestones = serializers.CharField(max_length=10000, required=False, allow_blank=True, default="")


class PlanCreateInput(_PlanFields):
    enrolment = VisibleOr404Field(queryset=Enrolment.objects.all())


class PlanUpdateInput(_PlanFields, VersionInput):
    pass


@extend_schema(tags=["plans"])
@extend_schema_view(
    list=extend_schema(summary="Plans (一企一策) the caller may see"), retrieve=extend_schema(summary="One plan")
)
class PlanViewSet(IfMatchMixin, ReadCreateViewSet, mixins.UpdateModelMixin):
    ordering_fields = ["id", "updated_at"]
    queryset = Plan.objects.order_by("pk")
    serializer_class = PlanOutput
    output = PlanOutput
    filterset_class = PlanFilter
    http_method_names = ["get", "post", "put", "head", "options"]

    @extend_schema(
        summary="Write the plan of an enrolment (needs its diagnosis)",
        request=PlanCreateInput,
        responses={201: PlanOutput},
    )
    def create(self, request):
        data = self._input(PlanCreateInput)
        plan = services.plan_record(acting_user=request.user, **data)
        return self._output(plan, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change the plan (send the version you read)",
        request=PlanUpdateInput,
        responses={200: PlanOutput, **CONFLICT},
    )
    def update(self, request, pk=None):
        plan = self.get_object()
        data = self._input(PlanUpdateInput)
        version = data.pop("version")
        saved = services.plan_update(plan=plan, expected_version=version, acting_user=request.user, **data)
        return self._output(saved)
