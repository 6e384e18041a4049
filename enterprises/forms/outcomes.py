"""The outcome figures form (附件二(四) 量化绩效指标)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import OutcomeFigures
from enterprises.selectors.outcomes import METRICS
from enterprises.services.outcomes import FIGURE_RANGES


def _outcome_field(name: str) -> forms.Field:
    model_field = OutcomeFigures._meta.get_field(name)
    metric = name.rsplit("_", 1)[0]
    if metric == "complaints":
        return forms.IntegerField(label=model_field.verbose_name, required=False, min_value=0, max_value=1_000_000)
    if metric == "revenue":
        return forms.DecimalField(
            label=model_field.verbose_name,
            required=False,
            min_value=Decimal("0"),
            max_digits=12,
            decimal_places=2,
        )
    low, high = FIGURE_RANGES[metric]
    return forms.DecimalField(
        label=model_field.verbose_name,
        required=False,
        min_value=low,
        max_value=high,
        max_digits=6,
        decimal_places=2,
    )


class OutcomeForm(forms.Form):
    """Baseline and end value of each national indicator; ``version`` 0 means none were recorded yet."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for metric in OutcomeFigures.METRICS:
            for when in ("baseline", "end"):
                name = f"{metric}_{when}"
                self.fields[name] = _outcome_field(name)
                self.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def pairs(self):
        """(metric, baseline field, end field) for the two-column layout."""
        return [(metric, self[f"{metric.key}_baseline"], self[f"{metric.key}_end"]) for metric in METRICS]

    @property
    def figures(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class OutcomeCorrectionForm(OutcomeForm):
    """The regulator's correction: the same figures and the reason, which their history keeps."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"] = forms.CharField(
            label=_("Reason for the correction"), max_length=100, widget=forms.TextInput(attrs={"maxlength": 100})
        )

    @property
    def figures(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name not in ("version", "reason")}
