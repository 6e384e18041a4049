"""API of the outcome figures (附件二(四) 量化绩效指标; R10)."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, viewsets
from rest_framework.response import Response

from enterprises.api.common import CONFLICT_RESPONSE
from enterprises.models import Enrolment, OutcomeFigures
from enterprises.selectors.outcomes import METRICS, change_text
from enterprises.services import outcomes as services
from enterprises.services.outcomes import FIGURE_RANGES, OUTCOME_FIELDS, PERCENT_METRICS


class OutcomeFiguresOutput(serializers.Serializer):
    """The figures of one enrolment (all null and version 0 before the first save), with the change computed."""

    enrolment = serializers.IntegerField()
    version = serializers.IntegerField()
    complete = serializers.BooleanField()
    figures = serializers.DictField(child=serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True))
    changes = serializers.DictField(child=serializers.CharField(), help_text="e.g. “+3.2 个百分点” or “−15%”.")
    updated_by = serializers.CharField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)

    @staticmethod
    def build(enrolment, outcome):
        figures = {name: getattr(outcome, name) if outcome else None for name in OUTCOME_FIELDS}
        return {
            "enrolment": enrolment.pk,
            "version": outcome.version if outcome else 0,
            "complete": bool(outcome and outcome.is_complete),
            "figures": figures,
            "changes": {m.key: change_text(m, figures[f"{m.key}_baseline"], figures[f"{m.key}_end"]) for m in METRICS},
            "updated_by": str(outcome.updated_by) if outcome else None,
            "updated_at": outcome.updated_at if outcome else None,
        }


def _figure_field(name: str) -> serializers.Field:
    metric = name.rsplit("_", 1)[0]
    if metric == "complaints":
        return serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=1_000_000)
    low, high = FIGURE_RANGES[metric]
    return serializers.DecimalField(
        required=False,
        allow_null=True,
        max_digits=12,
        decimal_places=2,
        min_value=low,
        max_value=high if metric in PERCENT_METRICS else None,
    )


# Baseline and end of every indicator, each optional; built from the one list of fields the service checks.
OutcomeFiguresUpdateInput = type(
    "OutcomeFiguresUpdateInput",
    (serializers.Serializer,),
    {
        "__module__": __name__,
        "__doc__": "Send the version you read with the figures to change; a figure left out keeps its value.",
        "version": serializers.IntegerField(
            min_value=0, help_text="The version you read (0 before the first save); a change made meanwhile is a 409."
        ),
        **{name: _figure_field(name) for name in OUTCOME_FIELDS},
    },
)


@extend_schema(tags=["outcome figures"])
class OutcomeFiguresViewSet(viewsets.ViewSet):
    """R10: the outcome figures of one enrolment, addressed by the enrolment's id."""

    lookup_value_regex = r"\d+"

    def _enrolment(self, pk) -> Enrolment:
        enrolment = Enrolment.objects.visible_to(self.request.user).filter(pk=pk).first()
        if enrolment is None:
            raise Http404
        return enrolment

    def _output(self, enrolment):
        outcome = (
            OutcomeFigures.objects.visible_to(self.request.user)
            .select_related("updated_by")
            .filter(enrolment=enrolment)
            .first()
        )
        return Response(OutcomeFiguresOutput(OutcomeFiguresOutput.build(enrolment, outcome)).data)

    @extend_schema(summary="The outcome figures of an enrolment", responses={200: OutcomeFiguresOutput})
    def retrieve(self, request, pk=None):
        return self._output(self._enrolment(pk))

    @extend_schema(
        summary="Record the outcome figures (the enterprise or its assigned expert; send the version you read)",
        request=OutcomeFiguresUpdateInput,
        responses={200: OutcomeFiguresOutput, 409: CONFLICT_RESPONSE},
    )
    def update(self, request, pk=None, partial=False):
        enrolment = self._enrolment(pk)
        if not request.user.has_perm("enterprises.change_outcome", enrolment):
            raise exceptions.PermissionDenied
        serializer = OutcomeFiguresUpdateInput(data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        if "version" not in data:
            raise exceptions.ValidationError({"version": [_("Send the version you read.")]})
        version = data.pop("version")
        current = OutcomeFigures.objects.filter(enrolment=enrolment).first()
        figures = {name: getattr(current, name) if current else None for name in services.OUTCOME_FIELDS}
        figures.update(data)
        services.outcome_save(enrolment=enrolment, figures=figures, expected_version=version, acting_user=request.user)
        return self._output(enrolment)

    @extend_schema(
        summary="Change some outcome figures (send the version you read)",
        request=OutcomeFiguresUpdateInput,
        responses={200: OutcomeFiguresOutput, 409: CONFLICT_RESPONSE},
    )
    def partial_update(self, request, pk=None):
        return self.update(request, pk=pk, partial=True)
