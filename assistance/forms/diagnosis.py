"""Forms for the diagnosis (附件二(二)) and its problems.

They check shape only (and files by content, at the field); the rules live in assistance.services and
assistance.policy, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance.forms.fields import text_field
from assistance.models import ProblemStatus, Urgency
from campaign.forms import DateInput, VersionedForm


class DiagnosisForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    diagnosed_on = forms.DateField(label=_("Diagnosed on"), widget=DateInput)
    legal_qualifications_ok = forms.BooleanField(label=_("Legal qualifications checked and in order"), required=False)
    dishonesty_list_checked = forms.BooleanField(
        label=_("Not on the serious dishonesty list in the last 2 years"), required=False
    )
    no_quality_penalty = forms.BooleanField(label=_("No quality penalty or exposure"), required=False)
    overall_state = text_field(_("Overall state and level of quality management"), max_length=5000)
    starting_point = text_field(_("Where to start building the system"), max_length=5000)
    resource_limits = text_field(
        _("Limits of the resources it can commit"),
        required=False,
        max_length=5000,
        help_text=_("Money, people, time, rules, technical or plant changes (附件二(二))."),
    )
    policy_changes = text_field(
        _("Policy changes affecting its industry"),
        required=False,
        max_length=5000,
        help_text=_("Safety and environmental rules, equipment upgrades, incentives — and whether it can cope."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("diagnosed_on", timezone.localdate())


class ProblemForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    category = forms.CharField(
        label=_("Category"), max_length=60, help_text=_("e.g. purchasing, production, inspection, after-sales.")
    )
    description = text_field(_("Problem"), max_length=5000)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.MEDIUM)
    enterprise_ideas = text_field(_("The enterprise's own ideas"), rows=2, required=False, max_length=5000)
    measures = text_field(_("Measures"), rows=2, required=False, max_length=5000)
    owner = forms.CharField(label=_("Owner"), max_length=50, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput, required=False)


class ProblemStatusForm(VersionedForm):
    to = forms.ChoiceField(choices=ProblemStatus.choices)
    note = forms.CharField(required=False, max_length=1000)
