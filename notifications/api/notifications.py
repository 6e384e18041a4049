"""The notifications API: the caller's own notifications (read, mark read) and 催办 (the regulator sends; receivers
read). Rows only through ``visible_to`` (ScopedViewSetMixin); writes through notifications.services."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from assistance.models import CertificationBody
from campaign.models import Campaign, MemberUnit
from notifications.models import Notification, Urge
from notifications.selectors.notifications import notification_settings_of
from notifications.services import notifications as services
from notifications.services.urges import NOTE_MAX, urge_send
from portal.api import ScopedFilterSet, ScopedViewSetMixin, VisiblePrimaryKeyRelatedField


class NotificationOutput(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "kind", "kind_label", "title", "body", "url", "campaign", "created_at", "read_at", "is_read"]

    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(field_name="read_at", lookup_expr="isnull", label="unread only")
    kind = django_filters.CharFilter()

    class Meta:
        model = Notification
        fields = ["unread", "kind"]


class ReadAllOutput(serializers.Serializer):
    marked = serializers.IntegerField()


@extend_schema(tags=["notifications"])
@extend_schema_view(
    list=extend_schema(summary="我的通知（最新在前）"),
    retrieve=extend_schema(summary="一条通知"),
)
class NotificationViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """The caller's own notifications; nobody reads another user's."""

    queryset = Notification.objects.order_by("-created_at", "-pk")
    serializer_class = NotificationOutput
    filterset_class = NotificationFilter
    ordering_fields = ["created_at"]

    @extend_schema(summary="标记为已读", request=None, responses={200: NotificationOutput})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = services.notification_read(user=request.user, notification=self.get_object())
        return Response(NotificationOutput(notification).data)

    @extend_schema(summary="全部标记为已读", request=None, responses={200: ReadAllOutput})
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": services.notifications_read_all(user=request.user)})


class UrgeOutput(serializers.ModelSerializer):
    member_unit_name = serializers.CharField(source="member_unit.name", default=None, read_only=True)
    body_name = serializers.CharField(source="body.name", default=None, read_only=True)
    sent_by_name = serializers.CharField(source="sent_by.__str__", read_only=True)

    class Meta:
        model = Urge
        fields = [
            "id",
            "campaign",
            "member_unit",
            "member_unit_name",
            "body",
            "body_name",
            "note",
            "context",
            "sent_by_name",
            "sent_at",
        ]


class UrgeInput(serializers.Serializer):
    campaign = VisiblePrimaryKeyRelatedField(queryset=Campaign.objects.all())
    member_unit = VisiblePrimaryKeyRelatedField(queryset=MemberUnit.objects.all(), required=False, allow_null=True)
    body = VisiblePrimaryKeyRelatedField(queryset=CertificationBody.objects.all(), required=False, allow_null=True)
    note = serializers.CharField(max_length=NOTE_MAX)
    context = serializers.CharField(max_length=200, required=False, allow_blank=True)


class UrgeFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    member_unit = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all())
    body = django_filters.ModelChoiceFilter(queryset=CertificationBody.objects.all())

    class Meta:
        model = Urge
        fields = ["campaign", "member_unit", "body"]


@extend_schema(tags=["urges"])
@extend_schema_view(
    list=extend_schema(summary="催办：监管部门发出的（监管）或收到的（成员单位、认证机构）"),
    retrieve=extend_schema(summary="一条催办"),
)
class UrgeViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    ordering_fields = ["id", "sent_at"]
    queryset = Urge.objects.select_related("member_unit", "body", "sent_by").order_by("-sent_at", "-pk")
    serializer_class = UrgeOutput
    filterset_class = UrgeFilter
    permission_classes = [IsAuthenticated]

    @extend_schema(summary="向落后的成员单位或认证机构发出催办", request=UrgeInput, responses={201: UrgeOutput})
    def create(self, request):
        serializer = UrgeInput(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if not request.user.has_perm("notifications.send_urge", data["campaign"]):
            raise PermissionDenied
        urge = urge_send(
            acting_user=request.user,
            campaign=data["campaign"],
            member_unit=data.get("member_unit"),
            body=data.get("body"),
            note=data["note"],
            context=data.get("context", ""),
        )
        return Response(UrgeOutput(self.get_queryset().get(pk=urge.pk)).data, status=status.HTTP_201_CREATED)


class NotificationSettingsOutput(serializers.Serializer):
    mute_email = serializers.BooleanField(help_text="No e-mail for notifications; the in-portal list cannot be muted.")
    version = serializers.IntegerField(
        allow_null=True, help_text="Send it back with a change (409 when changed elsewhere); null until first changed."
    )


class NotificationSettingsUpdateInput(serializers.Serializer):
    mute_email = serializers.BooleanField(required=False)
    version = serializers.IntegerField(required=False, allow_null=True, min_value=1)


def _settings_output(own) -> dict:
    return {"mute_email": own.mute_email if own else False, "version": own.version if own else None}


@extend_schema(tags=["notifications"])
class NotificationSettingsView(GenericAPIView):
    """The caller's own e-mail choice. There is no id in the URL: whoever asks reaches their own row only."""

    permission_classes = [IsAuthenticated]
    pagination_class = None
    filter_backends: list = []
    serializer_class = NotificationSettingsOutput

    @extend_schema(summary="我的通知设置：是否接收通知邮件", responses={200: NotificationSettingsOutput})
    def get(self, request):
        return Response(NotificationSettingsOutput(_settings_output(notification_settings_of(user=request.user))).data)

    @extend_schema(
        summary="修改我的通知设置：关闭或恢复通知邮件（站内通知不能关闭）",
        request=NotificationSettingsUpdateInput,
        responses={200: NotificationSettingsOutput},
    )
    def patch(self, request):
        serializer = NotificationSettingsUpdateInput(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if "mute_email" not in data:  # a PATCH names what changes; nothing named, nothing changed
            return self.get(request)
        own = services.notification_settings_update(
            user=request.user, mute_email=data["mute_email"], expected_version=data.get("version")
        )
        return Response(NotificationSettingsOutput(_settings_output(own)).data)
