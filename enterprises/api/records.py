"""The records API: enterprises, certificates, enrolments (nomination and transitions) and screenings (R1).

Rows come only through ``visible_to`` (ScopedViewSetMixin); writes go through enterprises.services and
enterprises.lifecycle, whose Django ValidationError becomes a 400 with field messages and whose stale-version error a
409 (portal.api.exception_handler).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from enterprises.api import serializers_records as s
from enterprises.api.filters_records import CertificateFilter, EnrolmentFilter, EnterpriseFilter
from enterprises.lifecycle import enrolment_advance
from enterprises.models import Certificate, Enrolment, EnrolmentTransition, Enterprise, Screening, ScreeningEvidence
from enterprises.selectors.records import with_flags
from enterprises.services import enrolment as enrolment_services
from enterprises.services import records as services
from portal.api import ScopedViewSetMixin


def _fields(data: dict, cls) -> dict:
    return {name: data[name] for name in cls.__dataclass_fields__ if name in data}


@extend_schema(tags=["enterprises"])
@extend_schema_view(
    list=extend_schema(summary="Enterprises the caller may see (filter by district, cluster)"),
    retrieve=extend_schema(summary="One enterprise"),
)
class EnterpriseViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    queryset = Enterprise.objects.select_related("district").order_by("district__sort_order", "name", "pk")
    filterset_class = EnterpriseFilter

    def get_serializer_class(self):
        return s.EnterpriseDetailOutput if self.action == "retrieve" else s.EnterpriseListOutput

    def _output(self, enterprise, **kwargs):
        fresh = self.get_queryset().get(pk=enterprise.pk)
        return Response(s.EnterpriseDetailOutput(fresh).data, **kwargs)

    @extend_schema(
        summary="Record an enterprise", request=s.EnterpriseCreateInput, responses={201: s.EnterpriseDetailOutput}
    )
    def create(self, request):
        serializer = s.EnterpriseCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        enterprise = services.enterprise_create(
            tenant=data["district"].tenant,
            data=services.EnterpriseData(**_fields(data, services.EnterpriseData)),
            acting_user=request.user,
        )
        return self._output(enterprise, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an enterprise (send the version you read); the enterprise itself sends only its contact",
        request=s.EnterpriseUpdateInput,
        responses={
            200: s.EnterpriseDetailOutput,
            409: OpenApiResponse(description="Changed by someone else meanwhile."),
        },
    )
    def update(self, request, pk=None):
        enterprise = self.get_object()
        if request.user.has_perm("enterprises.change_enterprise_record", enterprise):
            serializer = s.EnterpriseUpdateInput(data=request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            enterprise = services.enterprise_update(
                enterprise=enterprise,
                data=services.EnterpriseData(**_fields(data, services.EnterpriseData)),
                expected_version=data["version"],
                acting_user=request.user,
            )
        elif request.user.has_perm("enterprises.change_enterprise_contact", enterprise):
            serializer = s.EnterpriseContactUpdateInput(data=request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            enterprise = services.enterprise_contact_update(
                enterprise=enterprise,
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                expected_version=data["version"],
                acting_user=request.user,
            )
        else:
            raise PermissionDenied
        return self._output(enterprise)


@extend_schema(tags=["enterprises"])
@extend_schema_view(
    list=extend_schema(summary="ISO 9001 certificates (filter by enterprise)"),
    retrieve=extend_schema(summary="One certificate"),
)
class CertificateViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Certificate.objects.order_by("enterprise_id", "-issued_on", "pk")
    serializer_class = s.CertificateOutput
    filterset_class = CertificateFilter

    @extend_schema(summary="Add a certificate", request=s.CertificateCreateInput, responses={201: s.CertificateOutput})
    def create(self, request):
        serializer = s.CertificateCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        certificate = services.certificate_create(
            enterprise=data["enterprise"],
            data=services.CertificateData(**_fields(data, services.CertificateData)),
            acting_user=request.user,
        )
        return Response(s.CertificateOutput(certificate).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a certificate (send the version you read)",
        request=s.CertificateUpdateInput,
        responses={200: s.CertificateOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def update(self, request, pk=None):
        certificate = self.get_object()
        serializer = s.CertificateUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        certificate = services.certificate_update(
            certificate=certificate,
            data=services.CertificateData(**_fields(data, services.CertificateData)),
            expected_version=data["version"],
            acting_user=request.user,
        )
        return Response(s.CertificateOutput(certificate).data)

    @extend_schema(summary="Delete a certificate", responses={204: None})
    def destroy(self, request, pk=None):
        services.certificate_delete(certificate=self.get_object(), acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema(tags=["enrolments"])
@extend_schema_view(
    list=extend_schema(summary="Enrolments (filter by campaign, district, state, cluster, overdue, audit_due)"),
    retrieve=extend_schema(summary="One enrolment with its state changes"),
)
class EnrolmentViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Enrolment.objects.select_related("enterprise", "enterprise__district").order_by(
        "-campaign__year", "enterprise__name", "pk"
    )
    filterset_class = EnrolmentFilter

    def get_queryset(self):
        queryset = with_flags(super().get_queryset(), timezone.localdate())
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch("transitions", queryset=EnrolmentTransition.objects.select_related("by").order_by("at", "pk"))
            )
        return queryset

    def get_serializer_class(self):
        return s.EnrolmentDetailOutput if self.action == "retrieve" else s.EnrolmentListOutput

    def _output(self, enrolment, **kwargs):
        fresh = self.get_queryset().prefetch_related("transitions__by").get(pk=enrolment.pk)
        return Response(s.EnrolmentDetailOutput(fresh).data, **kwargs)

    @extend_schema(
        summary="Nominate an enterprise for a campaign (once per campaign)",
        request=s.EnrolmentNominateInput,
        responses={201: s.EnrolmentDetailOutput},
    )
    def create(self, request):
        serializer = s.EnrolmentNominateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        enrolment = enrolment_services.enrolment_nominate(
            enterprise=serializer.validated_data["enterprise"],
            campaign=serializer.validated_data["campaign"],
            acting_user=request.user,
        )
        return self._output(enrolment, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Move the enrolment to another state (DESIGN.md §5); the reason is required to reject or withdraw",
        request=s.EnrolmentTransitionInput,
        responses={200: s.EnrolmentDetailOutput},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        enrolment = self.get_object()
        serializer = s.EnrolmentTransitionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        enrolment = enrolment_advance(
            enrolment=enrolment,
            to=serializer.validated_data["to"],
            reason=serializer.validated_data["reason"],
            acting_user=request.user,
        )
        return self._output(enrolment)


@extend_schema(tags=["enrolments"])
@extend_schema_view(
    list=extend_schema(summary="Eligibility screenings (R1)"),
    retrieve=extend_schema(summary="One screening with its evidence files"),
)
class ScreeningViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = (
        Screening.objects.select_related("checked_by")
        .prefetch_related(Prefetch("evidence", queryset=ScreeningEvidence.objects.order_by("uploaded_at", "pk")))
        .order_by("-checked_on", "pk")
    )
    serializer_class = s.ScreeningOutput

    def _output(self, screening, **kwargs):
        return Response(s.ScreeningOutput(self.get_queryset().get(pk=screening.pk)).data, **kwargs)

    @extend_schema(
        summary="Record the screening of a nominated enrolment",
        request=s.ScreeningCreateInput,
        responses={201: s.ScreeningOutput},
    )
    def create(self, request):
        serializer = s.ScreeningCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        screening = enrolment_services.screening_record(
            enrolment=data["enrolment"],
            data=enrolment_services.ScreeningData(**_fields(data, enrolment_services.ScreeningData)),
            acting_user=request.user,
        )
        return self._output(screening, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Correct a screening while the enrolment is nominated (send the version you read)",
        request=s.ScreeningUpdateInput,
        responses={200: s.ScreeningOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def update(self, request, pk=None):
        screening = self.get_object()
        serializer = s.ScreeningUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        screening = enrolment_services.screening_record(
            enrolment=screening.enrolment,
            data=enrolment_services.ScreeningData(**_fields(data, enrolment_services.ScreeningData)),
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(screening)

    @extend_schema(
        summary="Upload an evidence file (PDF, Word or image, checked by content)",
        request={"multipart/form-data": s.ScreeningEvidenceInput},
        responses={201: s.ScreeningOutput},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def evidence(self, request, pk=None):
        screening = self.get_object()
        serializer = s.ScreeningEvidenceInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        enrolment_services.screening_evidence_add(
            screening=screening, uploads=[serializer.validated_data["file"]], acting_user=request.user
        )
        return self._output(screening, status=status.HTTP_201_CREATED)
