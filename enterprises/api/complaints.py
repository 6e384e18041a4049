"""API of complaints about a certification body (五(二)2)."""

import django_filters
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.scope import scope_of
from assistance.models import CertificationBody
from enterprises.api.common import CONFLICT_RESPONSE
from enterprises.models import Complaint, ComplaintOutcome, ComplaintState, Enterprise
from enterprises.services import complaints as services
from portal.api import ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField


class ComplaintOutput(serializers.ModelSerializer):
    enterprise_name = serializers.CharField(source="enterprise.name", read_only=True)
    body_name = serializers.CharField(source="body.name", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    outcome_label = serializers.CharField(
        source="get_outcome_display",
        read_only=True,
        help_text="Empty while open, and for a complaint closed before outcomes were recorded.",
    )

    class Meta:
        model = Complaint
        fields = [
            "id",
            "enterprise",
            "enterprise_name",
            "body",
            "body_name",
            "subject",
            "text",
            "state",
            "state_label",
            "submitted_at",
            "outcome",
            "outcome_label",
            "regulator_note",
            "body_response",
        ]


class ComplaintCreateInput(serializers.Serializer):
    """The enterprise is the caller's own (from the membership), never taken from the body."""

    body = VisiblePrimaryKeyRelatedField(queryset=CertificationBody.objects.all())
    subject = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=20_000)


class ComplaintRespondInput(serializers.Serializer):
    response = serializers.CharField(max_length=20_000)
    expected_response = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="The response you read; if a colleague changed it since, the update is refused (409).",
    )


class ComplaintCloseInput(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=ComplaintOutcome.choices, help_text="How the complaint ended.")
    note = serializers.CharField(max_length=5_000)

    def validate_note(self, note):
        if len(note.strip()) < 2:
            raise serializers.ValidationError(_("Write how the complaint was handled."))
        return note


class ComplaintFilter(ScopedFilterSet):
    body = django_filters.ModelChoiceFilter(queryset=CertificationBody.objects.all())
    state = django_filters.ChoiceFilter(choices=ComplaintState.choices)
    outcome = django_filters.ChoiceFilter(choices=ComplaintOutcome.choices)

    class Meta:
        model = Complaint
        fields = ["body", "state", "outcome"]


@extend_schema(tags=["complaints"])
@extend_schema_view(
    list=extend_schema(summary="Complaints the caller may see"),
    retrieve=extend_schema(summary="One complaint"),
)
class ComplaintViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """五(二)2: an enterprise's complaint about a certification body; the body sees it once forwarded."""

    ordering_fields = ["id", "state", "submitted_at", "forwarded_at"]

    queryset = Complaint.objects.select_related("enterprise", "body").order_by("-submitted_at", "-pk")
    serializer_class = ComplaintOutput
    filterset_class = ComplaintFilter

    def _output(self, complaint, **kwargs):
        fresh = self.get_queryset().get(pk=complaint.pk)
        return Response(ComplaintOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="File a complaint (the enterprise)", request=ComplaintCreateInput, responses={201: ComplaintOutput}
    )
    def create(self, request):
        if not request.user.has_perm("enterprises.file_complaint"):
            raise exceptions.PermissionDenied
        serializer = ComplaintCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        enterprise = Enterprise.objects.visible_to(request.user).get(pk=scope_of(request.user).enterprise_id)
        complaint = services.complaint_file(
            enterprise=enterprise,
            body=data["body"],
            subject=data["subject"],
            text=data["text"],
            acting_user=request.user,
        )
        return self._output(complaint, status=201)

    @extend_schema(
        summary="Forward to the certification body (the regulator)", request=None, responses={200: ComplaintOutput}
    )
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        return self._output(services.complaint_forward(complaint=self.get_object(), acting_user=request.user))

    @extend_schema(
        summary="Respond (the body's manager)",
        request=ComplaintRespondInput,
        responses={200: ComplaintOutput, 409: CONFLICT_RESPONSE},
    )
    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        complaint = self.get_object()
        serializer = ComplaintRespondInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        complaint = services.complaint_respond(
            complaint=complaint,
            response=data["response"],
            expected_response=data["expected_response"],
            acting_user=request.user,
        )
        return self._output(complaint)

    @extend_schema(
        summary="Close with its outcome and a note (the regulator)",
        request=ComplaintCloseInput,
        responses={200: ComplaintOutput},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        complaint = self.get_object()
        serializer = ComplaintCloseInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return self._output(
            services.complaint_close(
                complaint=complaint, note=data["note"], outcome=data["outcome"], acting_user=request.user
            )
        )
