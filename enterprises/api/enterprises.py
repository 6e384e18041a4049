"""API of enterprise records and their certificates (R12): serializers (one per use), filters, viewsets."""

import django_filters
from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from campaign.models import MemberUnit
from enterprises.api.common import ChoiceLabelField, dataclass_fields, require_version
from enterprises.models import AuditKind, Certificate, Cluster, Enterprise, SizeClass
from enterprises.services import enterprises as services
from portal.api import IfMatchMixin, ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.api_pagination import IdsFirstPagination


class EnterpriseListOutput(serializers.ModelSerializer):
    district_name = serializers.CharField(source="district.name", read_only=True)
    cluster_label = ChoiceLabelField(Cluster, source="cluster")

    class Meta:
        model = Enterprise
        fields = ["id", "name", "credit_code", "district", "district_name", "cluster", "cluster_label", "size_class"]


class EnterpriseDetailOutput(EnterpriseListOutput):
    class Meta(EnterpriseListOutput.Meta):
        fields = [
            *EnterpriseListOutput.Meta.fields,
            "address",
            "employees",
            "annual_revenue",
            "contact_name",
            "contact_phone",
            "is_foreign_trade",
            "is_specialised",
            "is_three_same",
            "took_part_before",
            "version",
        ]


class EnterpriseCreateInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    credit_code = serializers.CharField(max_length=30)
    district = VisiblePrimaryKeyRelatedField(queryset=MemberUnit.objects.all())
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    cluster = serializers.ChoiceField(choices=Cluster.choices, default=Cluster.OTHER)
    size_class = serializers.ChoiceField(choices=SizeClass.choices, default=SizeClass.SMALL)
    employees = serializers.IntegerField(min_value=0, max_value=10_000, required=False, allow_null=True, default=None)
    annual_revenue = serializers.DecimalField(
        max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    contact_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    contact_phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    is_foreign_trade = serializers.BooleanField(default=False)
    is_specialised = serializers.BooleanField(default=False)
    is_three_same = serializers.BooleanField(default=False)
    took_part_before = serializers.BooleanField(default=False)


class EnterpriseUpdateInput(EnterpriseCreateInput):
    version = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        return require_version(attrs)


class EnterpriseContactUpdateInput(serializers.Serializer):
    """What the enterprise itself may change: its responsible person and phone (四(三)1)."""

    contact_name = serializers.CharField(max_length=50)
    contact_phone = serializers.CharField(max_length=30)
    version = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        return require_version(attrs)


class CertificateOutput(serializers.ModelSerializer):
    class Meta:
        model = Certificate
        fields = [
            "id",
            "enterprise",
            "issuing_body",
            "number",
            "issued_on",
            "expires_on",
            "next_audit_on",
            "next_audit_kind",
            "version",
        ]


class CertificateCreateInput(serializers.Serializer):
    enterprise = VisiblePrimaryKeyRelatedField(queryset=Enterprise.objects.all())
    issuing_body = serializers.CharField(max_length=200)
    number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()
    next_audit_on = serializers.DateField(required=False, allow_null=True, default=None)
    next_audit_kind = serializers.ChoiceField(choices=AuditKind.choices, default=AuditKind.SURVEILLANCE)


class CertificateUpdateInput(serializers.Serializer):
    issuing_body = serializers.CharField(max_length=200)
    number = serializers.CharField(max_length=60)
    issued_on = serializers.DateField()
    expires_on = serializers.DateField()
    next_audit_on = serializers.DateField(required=False, allow_null=True, default=None)
    next_audit_kind = serializers.ChoiceField(choices=AuditKind.choices, default=AuditKind.SURVEILLANCE)
    version = serializers.IntegerField(min_value=1)

    def validate(self, attrs):
        return require_version(attrs)


class EnterpriseFilter(ScopedFilterSet):
    district = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all())
    cluster = django_filters.ChoiceFilter(choices=Cluster.choices)

    class Meta:
        model = Enterprise
        fields = ["district", "cluster"]


class CertificateFilter(ScopedFilterSet):
    enterprise = django_filters.ModelChoiceFilter(queryset=Enterprise.objects.all())

    class Meta:
        model = Certificate
        fields = ["enterprise"]


@extend_schema(tags=["enterprises"])
@extend_schema_view(
    list=extend_schema(summary="Enterprises the caller may see (filter by district, cluster)"),
    retrieve=extend_schema(summary="One enterprise"),
)
class EnterpriseViewSet(
    IfMatchMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    # district_sort_order is the copy of district.sort_order the list's index reads; "district__sort_order", the
    # name clients sorted by before it, is still accepted and sorts by the copy.
    ordering_fields = ["id", "name", "credit_code", "district_sort_order", "district__sort_order"]
    ordering_aliases = {"district__sort_order": "district_sort_order"}
    queryset = Enterprise.objects.select_related("district").order_by("district_sort_order", "name", "pk")
    filterset_class = EnterpriseFilter
    # A province's enterprises: the page's ids from the index, then its 50 rows (bench/README.md).
    pagination_class = IdsFirstPagination

    def get_serializer_class(self):
        return EnterpriseDetailOutput if self.action == "retrieve" else EnterpriseListOutput

    def _output(self, enterprise, **kwargs):
        fresh = self.get_queryset().get(pk=enterprise.pk)
        return Response(EnterpriseDetailOutput(fresh).data, **kwargs)

    @extend_schema(
        summary="Record an enterprise", request=EnterpriseCreateInput, responses={201: EnterpriseDetailOutput}
    )
    def create(self, request):
        serializer = EnterpriseCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        enterprise = services.enterprise_create(
            tenant=data["district"].tenant,
            data=services.EnterpriseData(**dataclass_fields(data, services.EnterpriseData)),
            acting_user=request.user,
        )
        return self._output(enterprise, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an enterprise (send the version you read); the enterprise itself sends only its contact",
        request=EnterpriseUpdateInput,
        responses={
            200: EnterpriseDetailOutput,
            409: OpenApiResponse(description="Changed by someone else meanwhile."),
        },
    )
    def update(self, request, pk=None):
        enterprise = self.get_object()
        if request.user.has_perm("enterprises.change_enterprise_record", enterprise):
            serializer = EnterpriseUpdateInput(data=request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
            enterprise = services.enterprise_update(
                enterprise=enterprise,
                data=services.EnterpriseData(**dataclass_fields(data, services.EnterpriseData)),
                expected_version=data["version"],
                acting_user=request.user,
            )
        elif request.user.has_perm("enterprises.change_enterprise_contact", enterprise):
            serializer = EnterpriseContactUpdateInput(data=request.data)
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
class CertificateViewSet(
    IfMatchMixin, ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    ordering_fields = ["id", "issued_on", "expires_on", "next_audit_on"]
    queryset = Certificate.objects.order_by("enterprise_id", "-issued_on", "pk")
    serializer_class = CertificateOutput
    filterset_class = CertificateFilter

    @extend_schema(summary="Add a certificate", request=CertificateCreateInput, responses={201: CertificateOutput})
    def create(self, request):
        serializer = CertificateCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        certificate = services.certificate_create(
            enterprise=data["enterprise"],
            data=services.CertificateData(**dataclass_fields(data, services.CertificateData)),
            acting_user=request.user,
        )
        return Response(CertificateOutput(certificate).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a certificate (send the version you read)",
        request=CertificateUpdateInput,
        responses={200: CertificateOutput, 409: OpenApiResponse(description="Changed by someone else meanwhile.")},
    )
    def update(self, request, pk=None):
        certificate = self.get_object()
        serializer = CertificateUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        certificate = services.certificate_update(
            certificate=certificate,
            data=services.CertificateData(**dataclass_fields(data, services.CertificateData)),
            expected_version=data["version"],
            acting_user=request.user,
        )
        return Response(CertificateOutput(certificate).data)

    @extend_schema(summary="Delete a certificate", responses={204: None})
    def destroy(self, request, pk=None):
        services.certificate_delete(certificate=self.get_object(), acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
