"""What the assistance endpoints share: id and file fields, the version input, the output after a write, file
downloads."""

from __future__ import annotations

import django_filters
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse

from enterprises.models import Enrolment
from portal.api import ScopedViewSetMixin, VisiblePrimaryKeyRelatedField
from portal.files import DOCUMENTS, accept_upload, attachment_response


class VisibleOr404Field(VisiblePrimaryKeyRelatedField):
    """A visible id, where a foreign or missing one is a 404 (like one in the URL) rather than a 400."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if "does_not_exist" in exc.get_codes():
                raise Http404 from None
            raise


class CheckedFileField(serializers.FileField):
    """A file of ``kinds``, checked by content and size here, before the service writes anything (a HEIC photo,
    where photos belong, stored as JPEG)."""

    def __init__(self, *args, kinds=DOCUMENTS, **kwargs):
        self.kinds = kinds
        super().__init__(*args, **kwargs)

    def to_internal_value(self, data):
        return accept_upload(super().to_internal_value(data), kinds=self.kinds)


def api_url(name, pk, request, *extra):
    return reverse(name, args=[pk, *extra], request=request)


class VersionInput(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text="The version you read; if the record has changed since, the change is refused (409)."
    )


CONFLICT = {409: OpenApiResponse(description="Changed by someone else meanwhile.")}


BINARY = {(200, "application/octet-stream"): OpenApiTypes.BINARY}


class OutputMixin:
    output = None

    def _output(self, row, **kwargs):
        fresh = self.get_queryset().get(pk=row.pk)
        return Response(self.output(fresh, context=self.get_serializer_context()).data, **kwargs)

    def _input(self, serializer_class, **kwargs):
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context(), **kwargs)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data


class ReadCreateViewSet(
    ScopedViewSetMixin, OutputMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    pass


class RecordFiles:
    def _file(self, which):
        row = self.get_object()
        return attachment_response(getattr(row, f"{which}_file"), getattr(row, f"{which}_name"))


def enrolment_filter(field_name="enrolment"):
    return django_filters.ModelChoiceFilter(field_name=field_name, queryset=Enrolment.objects.all())
