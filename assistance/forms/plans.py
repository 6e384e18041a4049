"""The plan form (附件二(三) 一企一策).

They check shape only (and files by content, at the field); the rules live in assistance.services and
assistance.policy, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assistance.forms.fields import text_field


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    key_issues = text_field(
        _("Key issues to solve"),
        rows=6,
        max_length=10000,
        help_text=_("Taken from the open problems of the diagnosis; edit as agreed with the enterprise."),
    )
    approach = text_field(_("How the system will be built"), rows=5, max_length=10000)
    milestones = text_field(_("Milestones"), rows=4, required=False, max_length=10000)
