"""Endpoints for certification audits behind the impartiality firewall (R5, 附件一, 附件三).

Rows come only through ``visible_to`` (ScopedViewSetMixin, VisiblePrimaryKeyRelatedField, ScopedFilterSet); writes go
through assistance.services, whose ValidationErrors become 400s with field messages and the "stale" one a 409."""

from __future__ import annotations

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assistance.models import AuditResult, CertificationAudit, Expert
from assistance.services import audits as services
from enterprises.models import Enrolment
from portal.api import ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.services import require_perm


class CertificationAuditFilter(ScopedFilterSet):
    enrolment = django_filters.ModelChoiceFilter(queryset=Enrolment.objects.all())

    class Meta:
        model = CertificationAudit
        fields = ["enrolment"]


class CertificationAuditOutput(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enrolment.enterprise.name", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)

    class Meta:
        model = CertificationAudit
        fields = [
            "id",
            "enrolment",
            "enterprise_name",
            "body",
            "body_name",
            "team",
            "starts_on",
            "ends_on",
            "decision_maker",
            "result",
            "decided_on",
        ]


class CertificationAuditCreateInput(serializers.Serializer):
    enrolment = VisiblePrimaryKeyRelatedField(queryset=Enrolment.objects.all())
    team = VisiblePrimaryKeyRelatedField(queryset=Expert.objects.all(), many=True)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    decision_maker = VisiblePrimaryKeyRelatedField(queryset=Expert.objects.all(), required=False, allow_null=True)


class CertificationAuditDecideInput(serializers.Serializer):
    decision_maker = VisiblePrimaryKeyRelatedField(queryset=Expert.objects.all())
    result = serializers.ChoiceField(choices=[AuditResult.CERTIFIED, AuditResult.REFUSED])
    decided_on = serializers.DateField()


@extend_schema(tags=["certification audits"])
@extend_schema_view(
    list=extend_schema(summary="Certification audits the caller may see"),
    retrieve=extend_schema(summary="One certification audit"),
)
class CertificationAuditViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """附件一, 附件三 (R5): nobody who assisted the enterprise sits on the team or takes the decision."""

    ordering_fields = ["id", "starts_on", "ends_on", "decided_on"]

    queryset = (
        CertificationAudit.objects.select_related("enrolment__enterprise", "body")
        .prefetch_related("team")
        .order_by("-starts_on", "-pk")
    )
    serializer_class = CertificationAuditOutput
    filterset_class = CertificationAuditFilter

    def _output(self, audit, **kwargs):
        fresh = self.get_queryset().get(pk=audit.pk)
        return Response(CertificationAuditOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Record a certification audit of an enterprise the caller's body assisted",
        request=CertificationAuditCreateInput,
        responses={201: CertificationAuditOutput},
    )
    def create(self, request):
        require_perm(request.user, "assistance.add_certificationaudit")
        serializer = CertificationAuditCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        audit = services.certification_audit_record(
            enrolment=data["enrolment"],
            team=list(data["team"]),
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            decision_maker=data.get("decision_maker"),
            acting_user=request.user,
        )
        return self._output(audit, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Record the certification decision (the impartiality check runs again)",
        request=CertificationAuditDecideInput,
        responses={200: CertificationAuditOutput},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        audit = self.get_object()
        require_perm(request.user, "assistance.change_certificationaudit", audit)
        serializer = CertificationAuditDecideInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        audit = services.certification_audit_decide(
            audit=audit,
            decision_maker=data["decision_maker"],
            result=data["result"],
            decided_on=data["decided_on"],
            acting_user=request.user,
        )
        return self._output(audit)
