"""API of practice cases, their attachments and their reviews (附件二(四), 五(一); R10, R11, R13 in the services)."""

import django_filters
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse

from accounts.models import Role, User
from campaign.models import Campaign
from enterprises.api.common import CONFLICT_RESPONSE
from enterprises.models import Case, CaseAttachment, CaseReview, CaseState, CriterionScore, Enrolment
from enterprises.services import cases as services
from enterprises.services import rubrics as rubric_services
from portal.api import IfMatchMixin, ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.files import DOCUMENTS, attachment_response, original_name, validate_upload


class CaseAttachmentOutput(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = CaseAttachment
        fields = ["id", "case", "original_name", "uploaded_at", "download_url"]

    def get_download_url(self, attachment) -> str:
        return reverse("api:case-attachment-download", args=[attachment.pk], request=self.context.get("request"))


class CaseListOutput(serializers.ModelSerializer):
    enterprise = serializers.IntegerField(source="enrolment.enterprise_id", read_only=True)
    enterprise_name = serializers.CharField(source="enrolment.enterprise.name", read_only=True)
    district = serializers.IntegerField(source="enrolment.enterprise.district_id", read_only=True)
    year = serializers.IntegerField(source="enrolment.campaign.year", read_only=True)
    state_label = serializers.CharField(source="get_state_display", read_only=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "enrolment",
            "enterprise",
            "enterprise_name",
            "district",
            "year",
            "title",
            "state",
            "state_label",
            "submitted_at",
            "recommended_at",
            "decided_at",
            "version",
        ]


class CaseDetailOutput(CaseListOutput):
    attachments = CaseAttachmentOutput(many=True, read_only=True)

    class Meta(CaseListOutput.Meta):
        fields = [*CaseListOutput.Meta.fields, "body", "attachments"]


class CaseCreateInput(serializers.Serializer):
    enrolment = VisiblePrimaryKeyRelatedField(queryset=Enrolment.objects.all())
    title = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=50_000)


class CaseUpdateInput(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False)
    body = serializers.CharField(max_length=50_000, required=False)
    version = serializers.IntegerField(min_value=1)


class CaseAttachmentInput(serializers.Serializer):
    file = serializers.FileField()

    def validate_file(self, upload):
        validate_upload(upload, kinds=DOCUMENTS)
        return upload


class CaseDecideInput(serializers.Serializer):
    selected = serializers.BooleanField()
    confirm = serializers.BooleanField(
        default=False,
        help_text="True once the caller has checked the reviewers' scores (the decision is refused otherwise).",
    )


class CaseReverseSelectionInput(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, allow_blank=True)


class _ReviewerField(VisiblePrimaryKeyRelatedField):
    def get_queryset(self):
        return super().get_queryset().filter(is_active=True, membership__role=Role.REVIEWER)


class CriterionScoreOutput(serializers.ModelSerializer):
    criterion_name = serializers.CharField(source="criterion.name", read_only=True)

    class Meta:
        model = CriterionScore
        fields = ["criterion", "criterion_name", "score", "comment"]


class CaseReviewOutput(serializers.ModelSerializer):
    reviewer_name = serializers.CharField(source="reviewer.__str__", read_only=True)
    case_title = serializers.CharField(source="case.title", read_only=True)
    criterion_scores = CriterionScoreOutput(many=True, read_only=True)

    class Meta:
        model = CaseReview
        fields = [
            "id",
            "case",
            "case_title",
            "reviewer",
            "reviewer_name",
            "assigned_at",
            "score",
            "comment",
            "scored_at",
            "criterion_scores",
        ]


class CaseReviewAssignInput(serializers.Serializer):
    case = VisiblePrimaryKeyRelatedField(queryset=Case.objects.all())
    reviewer = _ReviewerField(queryset=User.objects.all())


class CriterionScoreInput(serializers.Serializer):
    criterion = serializers.IntegerField()
    score = serializers.IntegerField(min_value=0)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2_000)


class CaseScoreInput(serializers.Serializer):
    """Without a rubric, ``score`` (0–100); with the campaign's rubric, ``criteria`` — a score on every criterion."""

    score = serializers.IntegerField(min_value=0, max_value=100, required=False)
    criteria = CriterionScoreInput(many=True, required=False)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=5_000)


class CaseFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(field_name="enrolment__campaign", queryset=Campaign.objects.all())
    enrolment = django_filters.ModelChoiceFilter(queryset=Enrolment.objects.all())
    state = django_filters.ChoiceFilter(choices=CaseState.choices)

    class Meta:
        model = Case
        fields = ["campaign", "enrolment", "state"]


class CaseReviewFilter(ScopedFilterSet):
    case = django_filters.ModelChoiceFilter(queryset=Case.objects.all())
    scored = django_filters.BooleanFilter(field_name="score", lookup_expr="isnull", exclude=True)

    class Meta:
        model = CaseReview
        fields = ["case", "scored"]


@extend_schema(tags=["practice cases"])
@extend_schema_view(
    list=extend_schema(summary="Practice cases the caller may see (drafts only for their enterprise)"),
    retrieve=extend_schema(summary="One practice case with its attachments"),
)
class CaseViewSet(
    IfMatchMixin,
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """附件二(四), 五(一): draft → submitted → recommended → scored → selected / not selected."""

    ordering_fields = [
        "id",
        "title",
        "state",
        "created_at",
        "submitted_at",
        "recommended_at",
        "decided_at",
        "returned_at",
    ]

    queryset = (
        Case.objects.select_related("enrolment__enterprise", "enrolment__campaign")
        .prefetch_related(Prefetch("attachments", queryset=CaseAttachment.objects.order_by("uploaded_at")))
        .order_by("-enrolment__campaign__year", "enrolment__enterprise__name", "created_at", "pk")
    )
    filterset_class = CaseFilter

    def get_serializer_class(self):
        return CaseListOutput if self.action == "list" else CaseDetailOutput

    def _output(self, case, **kwargs):
        fresh = self.get_queryset().get(pk=case.pk)
        return Response(CaseDetailOutput(fresh, context=self.get_serializer_context()).data, **kwargs)

    @extend_schema(
        summary="Write a draft case (R10: at most two; R11: no “免费认证”)",
        request=CaseCreateInput,
        responses={201: CaseDetailOutput},
    )
    def create(self, request):
        serializer = CaseCreateInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        case = services.case_create(
            enrolment=data["enrolment"], title=data["title"], body=data["body"], acting_user=request.user
        )
        return self._output(case, status=201)

    @extend_schema(
        summary="Change a draft (send the version you read)",
        request=CaseUpdateInput,
        responses={200: CaseDetailOutput, 409: CONFLICT_RESPONSE},
    )
    def update(self, request, pk=None, partial=False):
        case = self.get_object()
        serializer = CaseUpdateInput(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "version" not in data:
            raise exceptions.ValidationError({"version": [_("Send the version you read.")]})
        case = services.case_update(
            case=case,
            title=data.get("title", case.title),
            body=data.get("body", case.body),
            expected_version=data["version"],
            acting_user=request.user,
        )
        return self._output(case)

    @extend_schema(
        summary="Change some fields of a draft",
        request=CaseUpdateInput,
        responses={200: CaseDetailOutput, 409: CONFLICT_RESPONSE},
    )
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)

    @extend_schema(summary="Delete a draft", responses={204: None})
    def destroy(self, request, pk=None):
        services.case_delete(case=self.get_object(), acting_user=request.user)
        return Response(status=204)

    @extend_schema(summary="Submit a draft to the district", request=None, responses={200: CaseDetailOutput})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._output(services.case_submit(case=self.get_object(), acting_user=request.user))

    @extend_schema(
        summary="Recommend a submitted case (the enterprise's district)",
        request=None,
        responses={200: CaseDetailOutput},
    )
    @action(detail=True, methods=["post"])
    def recommend(self, request, pk=None):
        return self._output(services.case_recommend(case=self.get_object(), acting_user=request.user))

    @extend_schema(
        summary="Select or not select a scored case (the regulator)",
        request=CaseDecideInput,
        responses={200: CaseDetailOutput},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = self.get_object()
        serializer = CaseDecideInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        return self._output(
            services.case_decide(
                case=case, selected=data["selected"], confirmed=data["confirm"], acting_user=request.user
            )
        )

    @extend_schema(
        summary="Reverse the selection of a selected case, with the reason (the regulator)",
        request=CaseReverseSelectionInput,
        responses={200: CaseDetailOutput},
    )
    @action(detail=True, methods=["post"], url_path="reverse-selection", url_name="reverse-selection")
    def reverse_selection(self, request, pk=None):
        case = self.get_object()
        serializer = CaseReverseSelectionInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        reason = serializer.validated_data["reason"]
        return self._output(rubric_services.case_selection_reverse(case=case, reason=reason, acting_user=request.user))

    @extend_schema(
        summary="Attach a file to a draft",
        request={"multipart/form-data": CaseAttachmentInput},
        responses={201: CaseAttachmentOutput},
    )
    @action(detail=True, methods=["post"])
    def attachments(self, request, pk=None):
        case = self.get_object()
        serializer = CaseAttachmentInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = serializer.validated_data["file"]
        attachment = services.case_attachment_add(
            case=case, upload=upload, name=original_name(upload), acting_user=request.user
        )
        return Response(CaseAttachmentOutput(attachment, context=self.get_serializer_context()).data, status=201)


@extend_schema(tags=["practice cases"])
@extend_schema_view(
    list=extend_schema(summary="Case attachments the caller may see"),
    retrieve=extend_schema(summary="One case attachment"),
)
class CaseAttachmentViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    ordering_fields = ["id", "uploaded_at"]
    queryset = CaseAttachment.objects.order_by("case_id", "uploaded_at", "pk")
    serializer_class = CaseAttachmentOutput

    @extend_schema(
        summary="Download the attachment", responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        attachment = self.get_object()
        return attachment_response(attachment.file, attachment.original_name)


@extend_schema(tags=["case reviews"])
@extend_schema_view(
    list=extend_schema(summary="Reviews: the regulator's tenant's, or the caller's own as a reviewer"),
    retrieve=extend_schema(summary="One review"),
)
class CaseReviewViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """五(一): the regulator asks reviewers to score recommended cases; R13 keeps a reviewer off the cases of
    enterprises their own certification body assisted."""

    ordering_fields = ["id", "assigned_at", "scored_at"]

    queryset = (
        CaseReview.objects.select_related("case", "reviewer")
        .prefetch_related(Prefetch("criterion_scores", queryset=CriterionScore.objects.select_related("criterion")))
        .order_by("case_id", "pk")
    )
    serializer_class = CaseReviewOutput
    filterset_class = CaseReviewFilter

    @extend_schema(
        summary="Assign a reviewer to a recommended case (the regulator)",
        request=CaseReviewAssignInput,
        responses={201: CaseReviewOutput},
    )
    def create(self, request):
        serializer = CaseReviewAssignInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        review = services.case_review_assign(
            case=serializer.validated_data["case"],
            reviewer=serializer.validated_data["reviewer"],
            acting_user=request.user,
        )
        fresh = self.get_queryset().get(pk=review.pk)
        return Response(CaseReviewOutput(fresh, context=self.get_serializer_context()).data, status=201)

    @extend_schema(
        summary="Score the case (the assigned reviewer): on the rubric's criteria, or 0–100 without a rubric",
        request=CaseScoreInput,
        responses={200: CaseReviewOutput},
    )
    @action(detail=True, methods=["post"])
    def score(self, request, pk=None):
        review = self.get_object()
        serializer = CaseScoreInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "criteria" in data:
            review = rubric_services.review_score_on_rubric(
                review=review,
                scores=[
                    rubric_services.CriterionScoreInput(
                        criterion_id=item["criterion"], score=item["score"], comment=item.get("comment", "")
                    )
                    for item in data["criteria"]
                ],
                comment=data.get("comment", ""),
                acting_user=request.user,
            )
        else:
            review = services.case_score(
                review=review,
                score=data.get("score"),
                comment=data.get("comment", ""),
                acting_user=request.user,
            )
        fresh = self.get_queryset().get(pk=review.pk)
        return Response(CaseReviewOutput(fresh, context=self.get_serializer_context()).data)
