"""The regulator's assessment form and the body's answer form (五(二)1–2). (A module of its own beside the app's
forms.py, so that the two could be written at the same time; one may fold it into the other.)"""

from django import forms
from django.utils.translation import gettext_lazy as _

from evaluation.models import BodyRating, CriticismReason


class BodyAssessmentForm(forms.Form):
    """Shape only; the service decides what a rating needs (``evaluation.policy.assessment_reason_errors``).

    ``version`` is empty when the body had no assessment when the form was opened, so a second regulator's first
    assessment made meanwhile is refused as stale rather than overwritten."""

    rating = forms.ChoiceField(label=_("Rating"), choices=BodyRating.choices, widget=forms.RadioSelect)
    reasons = forms.MultipleChoiceField(
        label=_("Grounds for a criticism"),
        choices=CriticismReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Required for a criticism (五(二)2)."),
    )
    reason_text = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=4000,
        help_text=_("What happened: required for a criticism and for a referral for falsification."),
    )
    recommended_to_samr = forms.BooleanField(label=_("Recommend to SAMR (择优推荐)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class BodyAssessmentAnswerForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("The body answers an assessment once; the answer cannot be changed afterwards."),
    )
