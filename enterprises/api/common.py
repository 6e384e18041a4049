"""What the enterprises API modules share: the 409 response in the schema, the version check of an update input,
turning validated data into a service's dataclass.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers


def require_version(attrs):
    if "version" not in attrs:
        raise serializers.ValidationError(
            {"version": _("Send the version you read, so that a change made meanwhile is not overwritten.")}
        )
    return attrs


def dataclass_fields(data: dict, cls) -> dict:
    return {name: data[name] for name in cls.__dataclass_fields__ if name in data}


CONFLICT_RESPONSE = OpenApiResponse(description="Changed by someone else meanwhile.")
