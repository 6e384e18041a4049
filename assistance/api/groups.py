"""The groups slice's API: certification bodies, experts, working groups (R6), assignments (R2–R4) with their
suggestions, and certification audits behind the impartiality firewall (R5).

Rows come only through visible_to (ScopedViewSetMixin, VisiblePrimaryKeyRelatedField, ScopedFilterSet); writes go
through assistance.services, whose ValidationErrors become 400s with field messages and the "stale" one a 409.
"""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from assistance.api import serializers_groups as s
from assistance.api.filters_groups import AssignmentFilter, CertificationAuditFilter, ExpertFilter, WorkingGroupFilter
from assistance.models import (
    Assignment,
    CertificationAudit,
    CertificationBody,
    Expert,
    WorkingGroup,
    WorkingGroupMember,
)
from assistance.selectors import groups as selectors
from assistance.services import assignment as assignment_services
from assistance.services import audits as audit_services
from assistance.services import groups as group_services
from campaign.models import Campaign
from campaign.selectors import campaign_current
from enterprises.models import Enrolment
from portal.api import ScopedViewSetMixin
from portal.scoping import get_visible_or_404


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


@extend_schema(tags=["certification bodies"])
@extend_schema_view(
    list=extend_schema(summary="Certification bodies the caller may see"),
    retrieve=extend_schema(summary="One certification body"),
)
class CertificationBodyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    queryset = CertificationBody.objects.annotate(expert_count=Count("experts", distinct=True)).order_by("name", "pk")
    serializer_class = s.CertificationBodyOutput


@extend_schema(tags=["experts"])
@extend_schema_view(
    list=extend_schema(summary="Assistance experts the caller may see, with their load (?campaign=, else current)"),
    retrieve=extend_schema(summary="One expert"),
)
class ExpertViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Expert.objects.select_related("user", "body", "home_district").order_by("body__name", "user__username")
    serializer_class = s.ExpertOutput
    filterset_class = ExpertFilter

    def _campaign(self):
        value = self.request.query_params.get("campaign")
        if value and value.isdigit():
            return Campaign.objects.visible_to(self.request.user).filter(pk=value).first()
        return campaign_current(user=self.request.user)

    def get_queryset(self):
        campaign = self._campaign()
        active = Q(assignments__ended_at__isnull=True)
        active &= Q(assignments__enrolment__campaign=campaign) if campaign else Q(pk__in=[])
        history = Expert.history.model.objects.filter(id=OuterRef("pk")).order_by("-history_id")
        queryset = (
            super()
            .get_queryset()
            .annotate(
                load=Count("assignments", filter=active, distinct=True),
                version=Coalesce(Subquery(history.values("history_id")[:1]), 0),
            )
        )
        return queryset

    def _output(self, expert, **kwargs):
        fresh = self.get_queryset().get(pk=expert.pk)
        return Response(s.ExpertOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Add an expert to the caller's own body", request=s.ExpertCreateInput, responses={201: s.ExpertOutput}
    )
    def create(self, request):
        _require(request, "assistance.add_expert")
        serializer = s.ExpertCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        expert = group_services.expert_create(
            username=data["username"],
            display_name=data["display_name"],
            password=data["password"],
            specialties=data["specialties"],
            home_district=data["home_district"],
            phone=data["phone"],
            acting_user=request.user,
        )
        return self._output(expert, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an expert's specialties, district or contact (send the version you read)",
        request=s.ExpertUpdateInput,
        responses={200: s.ExpertOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def update(self, request, pk=None):
        expert = self.get_object()
        _require(request, "assistance.change_expert", expert)
        serializer = s.ExpertUpdateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        expert = group_services.expert_update(
            expert=expert,
            display_name=data["display_name"],
            specialties=data["specialties"],
            home_district=data["home_district"],
            phone=data["phone"],
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(expert)


def _member_specs(members) -> list[group_services.MemberSpec]:
    return [group_services.MemberSpec(user=m["user"], role=m["role"], is_leader=m["is_leader"]) for m in members]


@extend_schema(tags=["working groups"])
@extend_schema_view(
    list=extend_schema(summary="Working groups the caller may see, with their members"),
    retrieve=extend_schema(summary="One working group with its members"),
)
class WorkingGroupViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """附件一, R6: managers and experts of one body, exactly one leader."""

    queryset = (
        WorkingGroup.objects.select_related("body")
        .prefetch_related(
            "districts",
            Prefetch(
                "members", queryset=WorkingGroupMember.objects.select_related("user").order_by("-is_leader", "pk")
            ),
        )
        .order_by("body__name", "name", "pk")
    )
    serializer_class = s.WorkingGroupOutput
    filterset_class = WorkingGroupFilter

    def _output(self, group, **kwargs):
        fresh = self.get_queryset().get(pk=group.pk)
        return Response(s.WorkingGroupOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Set up a working group of the caller's own body",
        request=s.WorkingGroupCreateInput,
        responses={201: s.WorkingGroupOutput},
    )
    def create(self, request):
        _require(request, "assistance.add_workinggroup")
        serializer = s.WorkingGroupCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        group = group_services.working_group_create(
            campaign=data["campaign"],
            name=data["name"],
            districts=data["districts"],
            members=_member_specs(data["members"]),
            acting_user=request.user,
        )
        return self._output(group, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a working group: name, districts and the whole member list (send the version you read)",
        request=s.WorkingGroupUpdateInput,
        responses={200: s.WorkingGroupOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def update(self, request, pk=None):
        group = self.get_object()
        _require(request, "assistance.change_workinggroup", group)
        serializer = s.WorkingGroupUpdateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        group = group_services.working_group_update(
            group=group,
            name=data["name"],
            districts=data["districts"],
            members=_member_specs(data["members"]),
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(group)


@extend_schema(tags=["assignments"])
@extend_schema_view(
    list=extend_schema(summary="Expert assignments the caller may see (filter ?overridden=true for R2–R4 exceptions)"),
    retrieve=extend_schema(summary="One assignment"),
)
class AssignmentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Assignment.objects.select_related("expert__user", "enrolment__enterprise", "assigned_by").order_by(
        "-assigned_at", "-pk"
    )
    serializer_class = s.AssignmentOutput
    filterset_class = AssignmentFilter

    def _output(self, assignment, **kwargs):
        fresh = self.get_queryset().get(pk=assignment.pk)
        return Response(s.AssignmentOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Assign an expert of the caller's body to a screened enrolment (or replace the current expert)",
        request=s.AssignmentCreateInput,
        responses={201: s.AssignmentOutput},
    )
    def create(self, request):
        _require(request, "assistance.assign_expert")
        serializer = s.AssignmentCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        assignment = assignment_services.assignment_create(
            enrolment=data["enrolment"],
            expert=data["expert"],
            override_reason=data["override_reason"],
            reassign_reason=data["reassign_reason"],
            acting_user=request.user,
        )
        return self._output(assignment, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="End an assignment of an enrolment that has left the campaign",
        request=s.AssignmentEndInput,
        responses={200: s.AssignmentOutput},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        assignment = self.get_object()
        _require(request, "assistance.end_assignment", assignment)
        serializer = s.AssignmentEndInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = assignment_services.assignment_end(
            assignment=assignment, reason=serializer.validated_data["reason"], acting_user=request.user
        )
        return self._output(assignment)


@extend_schema(
    tags=["assignments"],
    summary="The caller's experts ranked for an enrolment (specialty, district, load), with the rules each would break",
    responses={200: s.ExpertSuggestionOutput(many=True)},
)
class ExpertSuggestionsView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    serializer_class = s.ExpertSuggestionOutput
    pagination_class = None
    filter_backends: list = []

    def get(self, request, pk: int):
        enrolment = get_visible_or_404(Enrolment, request.user, pk=pk)
        _require(request, "assistance.assign_expert", enrolment)
        enrolment = Enrolment.objects.select_related("enterprise__district").get(pk=enrolment.pk)
        fits = selectors.expert_suggestions(enrolment=enrolment, user=request.user)
        return Response(s.ExpertSuggestionOutput(fits, many=True).data)


@extend_schema(tags=["certification audits"])
@extend_schema_view(
    list=extend_schema(summary="Certification audits the caller may see"),
    retrieve=extend_schema(summary="One certification audit"),
)
class CertificationAuditViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """附件一, 附件三 (R5): nobody who assisted the enterprise sits on the team or takes the decision."""

    queryset = (
        CertificationAudit.objects.select_related("enrolment__enterprise", "body")
        .prefetch_related("team")
        .order_by("-starts_on", "-pk")
    )
    serializer_class = s.CertificationAuditOutput
    filterset_class = CertificationAuditFilter

    def _output(self, audit, **kwargs):
        fresh = self.get_queryset().get(pk=audit.pk)
        return Response(s.CertificationAuditOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Record a certification audit of an enterprise the caller's body assisted",
        request=s.CertificationAuditCreateInput,
        responses={201: s.CertificationAuditOutput},
    )
    def create(self, request):
        _require(request, "assistance.add_certificationaudit")
        serializer = s.CertificationAuditCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        audit = audit_services.certification_audit_record(
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
        request=s.CertificationAuditDecideInput,
        responses={200: s.CertificationAuditOutput},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        audit = self.get_object()
        _require(request, "assistance.change_certificationaudit", audit)
        serializer = s.CertificationAuditDecideInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        audit = audit_services.certification_audit_decide(
            audit=audit,
            decision_maker=data["decision_maker"],
            result=data["result"],
            decided_on=data["decided_on"],
            acting_user=request.user,
        )
        return self._output(audit)
