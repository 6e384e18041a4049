"""What the enterprises API modules share: the 409 response in the schema, the version check of an update input,
turning validated data into a service's dataclass.
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
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


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """The label of a choice value, translated once per serializer rather than once per row.

    ``get_<field>_display`` hashes every (lazily translated) choice on each call; on a page of 50 rows that cost
    more than the rows themselves (bench/load.py, pyinstrument). ``choices``: the model field's ``TextChoices``.
    Read only; an unknown value is returned as it is."""

    def __init__(self, choices, **kwargs):
        self._choices = choices
        self._labels: dict | None = None
        super().__init__(read_only=True, **kwargs)

    def to_representation(self, value):
        if self._labels is None:
            self._labels = {key: str(label) for key, label in self._choices.choices}
        return self._labels.get(value, value)
