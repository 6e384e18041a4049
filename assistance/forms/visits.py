"""The visit form (a phone screen: date, times, what for, photos and files).

They check shape only (and files by content, at the field); the rules live in assistance.services and
assistance.policy, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance.forms.fields import MultipleFileField, TimeInput, text_field
from assistance.models import VisitKind
from campaign.forms import DateInput


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Date"), widget=DateInput)
    starts_at = forms.TimeField(label=_("Start time"), widget=TimeInput)
    ends_at = forms.TimeField(label=_("End time"), widget=TimeInput)
    kind = forms.ChoiceField(label=_("What for"), choices=VisitKind.choices, initial=VisitKind.SURVEY)
    participants = forms.CharField(
        label=_("Participants"),
        max_length=300,
        required=False,
        help_text=_("Who took part on the enterprise's side, e.g. general manager, quality manager."),
    )
    notes = text_field(_("Notes"), rows=4, required=False, max_length=5000)
    files = MultipleFileField(
        label=_("Photos and files"),
        required=False,
        help_text=_("Up to 10 photos, PDF or Word files (sign-in sheet, site photos)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("visited_on", timezone.localdate())
