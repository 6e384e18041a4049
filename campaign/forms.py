"""Forms for the campaign pages. They check shape only; business rules live in campaign.services, whose
ValidationErrors the views attach to these forms so everything the user typed is kept."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.models import KICKOFF_MAX_ATTENDANCE
from portal.files import PHOTOS_AND_DOCUMENTS, original_name
from portal.uploads import KeptFileField


class DateInput(forms.DateInput):
    """An HTML date picker; the value must be ISO for the browser to show it."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class VersionedForm(forms.Form):
    """Carries the version the user started editing from, so a concurrent change is refused, not overwritten."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReasonField(forms.CharField):
    def __init__(self, **kwargs):
        super().__init__(
            label=_("Reason for the change"),
            help_text=_("Kept in the change history with your name and the time."),
            max_length=300,
            widget=forms.Textarea(attrs={"rows": 2}),
            **kwargs,
        )


class CampaignForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)


class CampaignReopenForm(VersionedForm):
    until = forms.DateField(
        label=_("Open for records until"),
        help_text=_("Nominations, transitions, work records and outputs are accepted until this day, inclusive."),
        widget=DateInput,
    )
    reason = forms.CharField(
        label=_("Reason for reopening"),
        help_text=_("Kept in the change history with your name and the time."),
        max_length=100,
        widget=forms.TextInput(attrs={"maxlength": 100}),
    )


class PhaseForm(VersionedForm):
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    reason = ReasonField()


class DeadlineForm(VersionedForm):
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)
    reason = ReasonField()


class CampaignCloneForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the new campaign"), min_value=2000, max_value=2100)
    document_number = forms.CharField(
        label=_("Document number"),
        max_length=60,
        required=False,
        help_text=_("The number of the new year's notice, if it has been issued."),
    )


class KickoffForm(forms.Form):
    held_on = forms.DateField(label=_("Date held"), widget=DateInput)
    place = forms.CharField(label=_("Place"), max_length=200)
    attendance = forms.IntegerField(label=_("Attendance (people)"), min_value=1, max_value=KICKOFF_MAX_ATTENDANCE)
    # By content, size and zip structure at the field; a refused file never reaches the service, so nothing is
    # stored. A phone photo of the sign-in sheet in HEIC is stored as JPEG.
    minutes = KeptFileField(
        label=_("Meeting minutes"),
        kinds=PHOTOS_AND_DOCUMENTS,
        required=False,
        help_text=_("PDF, Word or an image of the minutes or sign-in sheet."),
    )

    @property
    def minutes_name(self) -> str:
        upload = self.cleaned_data.get("minutes")
        return original_name(upload) if upload else ""


class KickoffEditForm(VersionedForm, KickoffForm):
    pass
