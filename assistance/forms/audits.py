"""Forms for a certification audit and its decision (R5).

They check shape only (and files by content, at the field); the rules live in assistance.services and
assistance.policy, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assistance.forms.fields import Checkboxes, ExpertLabelField, ExpertMultipleField
from assistance.models import AuditResult, Expert
from campaign.forms import DateInput
from portal.scoping import ScopedFormMixin


class AuditForm(ScopedFormMixin, forms.Form):
    starts_on = forms.DateField(label=_("Audit starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Audit ends on"), widget=DateInput)
    team = ExpertMultipleField(
        label=_("Audit team"),
        queryset=Expert.objects.select_related("user"),
        widget=Checkboxes,
        help_text=_("R5: nobody who assisted the enterprise may sit on the team."),
    )
    decision_maker = ExpertLabelField(
        label=_("Certification decision maker"),
        queryset=Expert.objects.select_related("user"),
        required=False,
        help_text=_("May be named later, with the decision."),
    )


class DecideForm(ScopedFormMixin, forms.Form):
    decision_maker = ExpertLabelField(
        label=_("Certification decision maker"), queryset=Expert.objects.select_related("user")
    )
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[
            (AuditResult.CERTIFIED, AuditResult.CERTIFIED.label),
            (AuditResult.REFUSED, AuditResult.REFUSED.label),
        ],
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)
