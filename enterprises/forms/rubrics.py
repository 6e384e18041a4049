"""Forms of case selection on a rubric (五(一)): the criteria (every row in one form), the reviewer's score on each
criterion, the reversal of a selection and the publication. They check shape; enterprises.services.rubrics checks the
rest (weights adding up to 100, a second score, the rubric's state)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.models import RubricCriterion
from enterprises.services.rubrics import MAX_CRITERIA, CriterionInput, CriterionScoreInput, score_field

CRITERION_FIELDS = ("name", "description", "weight", "max_score")


class RubricCriteriaForm(forms.Form):
    """Every criterion of the rubric in one form: MAX_CRITERIA rows, the blank ones ignored."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for number in range(1, MAX_CRITERIA + 1):
            self.fields[f"name_{number}"] = forms.CharField(label=_("Criterion"), max_length=100, required=False)
            self.fields[f"description_{number}"] = forms.CharField(
                label=_("What the reviewer looks for"), max_length=1000, required=False
            )
            self.fields[f"weight_{number}"] = forms.IntegerField(
                label=_("Weight (%)"), min_value=1, max_value=100, required=False
            )
            self.fields[f"max_score_{number}"] = forms.IntegerField(
                label=_("Highest score"), min_value=1, max_value=1000, required=False
            )

    @classmethod
    def initial_for(cls, rubric, criteria: list[RubricCriterion]) -> dict:
        initial: dict = {"version": rubric.version}
        for number, criterion in enumerate(criteria, start=1):
            for name in CRITERION_FIELDS:
                initial[f"{name}_{number}"] = getattr(criterion, name)
        return initial

    def rows(self):
        """The bound fields row by row, for the template's table."""
        return [[self[f"{name}_{number}"] for name in CRITERION_FIELDS] for number in range(1, MAX_CRITERIA + 1)]

    @staticmethod
    def criteria_from(data: dict) -> list[CriterionInput]:
        """The filled rows of ``data`` (cleaned data, None where the form refused a value) as criteria."""
        criteria = []
        for number in range(1, MAX_CRITERIA + 1):
            values = {name: data.get(f"{name}_{number}") for name in CRITERION_FIELDS}
            if not any(value not in (None, "") for value in values.values()):
                continue
            criteria.append(
                CriterionInput(
                    name=values["name"] or "",
                    description=values["description"] or "",
                    weight=values["weight"],
                    max_score=values["max_score"],
                )
            )
        return criteria


class RubricScoreForm(forms.Form):
    """The reviewer's score on every criterion of the rubric, each with a comment, and an overall comment."""

    comment = forms.CharField(
        label=_("Overall comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria: list[RubricCriterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[score_field(criterion.pk)] = forms.IntegerField(
                label=_("%(name)s (0–%(max)s)") % {"name": criterion.name, "max": criterion.max_score},
                min_value=0,
                max_value=criterion.max_score,
                help_text=criterion.description,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
            )

    def rows(self):
        return [(c, self[score_field(c.pk)], self[f"comment_{c.pk}"]) for c in self.criteria]

    def scores(self) -> list[CriterionScoreInput]:
        data = self.cleaned_data
        return [
            CriterionScoreInput(
                criterion_id=c.pk,
                score=data.get(score_field(c.pk)),
                comment=data.get(f"comment_{c.pk}") or "",
            )
            for c in self.criteria
        ]


class SelectionReverseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for reversing the selection"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the case and shown on the ranking."),
    )


class PublishForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    confirm = forms.BooleanField(
        label=_("Publish the selected cases to every user of the city"),
        help_text=_("Publishing again later makes a new version of the list; the latest is shown."),
    )
