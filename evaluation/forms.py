"""Forms of the mid-term pages. They check shape only; the rules live in evaluation.services, whose ValidationErrors
the views put on these forms, so everything typed or chosen is kept."""

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from assistance.models import CertificationBody
from campaign.forms import DateInput, VersionedForm
from campaign.models import MemberUnit
from evaluation.models import NextStepOwner
from evaluation.models.midterm import MEETING_MAX_ATTENDANCE
from portal.files import PHOTOS_AND_DOCUMENTS, original_name
from portal.scoping import ScopedFormMixin
from portal.uploads import KeptFileField


class SnapshotForm(forms.Form):
    """The button that takes a snapshot. The token is made when the page is shown, so the same page posted twice (a
    double click, two tabs racing) asks for one snapshot, not two."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date held"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200)
    attendance = forms.IntegerField(label=_("Attendance (people)"), min_value=1, max_value=MEETING_MAX_ATTENDANCE)
    attendees = forms.CharField(
        label=_("Units attending"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The member units, certification bodies and others who attended."),
    )
    minutes = KeptFileField(
        label=_("Meeting minutes"),
        kinds=PHOTOS_AND_DOCUMENTS,
        required=False,
        help_text=_("PDF, Word or an image of the minutes or sign-in sheet."),
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    @property
    def minutes_name(self) -> str:
        upload = self.cleaned_data.get("minutes")
        return original_name(upload) if upload else ""


class MeetingEditForm(VersionedForm, MeetingForm):
    pass


class NextStepForm(ScopedFormMixin, forms.Form):
    what = forms.CharField(label=_("What is to be done"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))
    owner_kind = forms.ChoiceField(label=_("Owner"), choices=NextStepOwner.choices)
    member_unit = forms.ModelChoiceField(
        label=_("Member unit"),
        queryset=MemberUnit.objects.order_by("sort_order", "name"),
        required=False,
        help_text=_("When a member unit owns the step."),
    )
    body = forms.ModelChoiceField(
        label=_("Certification body"),
        queryset=CertificationBody.objects.order_by("name"),
        required=False,
        help_text=_("When a certification body owns the step."),
    )
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)


class NextStepEditForm(VersionedForm, NextStepForm):
    pass


class NextStepDoneForm(VersionedForm):
    done = forms.BooleanField(required=False)
