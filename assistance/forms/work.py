"""Forms for the expert's work pages. They check shape only (and files by content, at the field); the rules live in
assistance.services, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance.models import (
    DocumentLevel,
    ProblemStatus,
    RecordMode,
    TierLevel,
    TrainingKind,
    Urgency,
    VisitKind,
)
from assistance.services.training import MAX_PERSON_TIMES
from assistance.services.work import MAX_VISIT_FILES
from campaign.forms import DateInput, VersionedForm
from campaign.models import MemberUnit, MemberUnitKind
from enterprises.models import Enterprise
from portal.files import validate_upload
from portal.scoping import ScopedFormMixin

ACCEPT = ".pdf,.doc,.docx,.jpg,.jpeg,.png,image/*"


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field (photos taken on a visit); each checked by content and size."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            uploads = [single(item, initial) for item in data if item]
        else:
            uploads = [single(data, initial)] if data else []
        if len(uploads) > MAX_VISIT_FILES:
            raise forms.ValidationError(_("Attach at most %(count)s files to one visit.") % {"count": MAX_VISIT_FILES})
        for upload in uploads:
            validate_upload(upload)
        return uploads


class DocumentField(forms.FileField):
    """One file, checked by content, size and zip structure before any service sees it."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            validate_upload(upload)
        return upload


def _text(label, rows=3, required=True, **kwargs):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)


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
    notes = _text(_("Notes"), rows=4, required=False, max_length=5000)
    files = MultipleFileField(
        label=_("Photos and files"),
        required=False,
        help_text=_("Up to 10 photos, PDF or Word files (sign-in sheet, site photos)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("visited_on", timezone.localdate())


class DiagnosisForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    diagnosed_on = forms.DateField(label=_("Diagnosed on"), widget=DateInput)
    legal_qualifications_ok = forms.BooleanField(label=_("Legal qualifications checked and in order"), required=False)
    dishonesty_list_checked = forms.BooleanField(
        label=_("Not on the serious dishonesty list in the last 2 years"), required=False
    )
    no_quality_penalty = forms.BooleanField(label=_("No quality penalty or exposure"), required=False)
    overall_state = _text(_("Overall state and level of quality management"), max_length=5000)
    starting_point = _text(_("Where to start building the system"), max_length=5000)
    resource_limits = _text(
        _("Limits of the resources it can commit"),
        required=False,
        max_length=5000,
        help_text=_("Money, people, time, rules, technical or plant changes (附件二(二))."),
    )
    policy_changes = _text(
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
    description = _text(_("Problem"), max_length=5000)
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.MEDIUM)
    enterprise_ideas = _text(_("The enterprise's own ideas"), rows=2, required=False, max_length=5000)
    measures = _text(_("Measures"), rows=2, required=False, max_length=5000)
    owner = forms.CharField(label=_("Owner"), max_length=50, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput, required=False)


class ProblemStatusForm(VersionedForm):
    to = forms.ChoiceField(choices=ProblemStatus.choices)


class PlanForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)
    key_issues = _text(
        _("Key issues to solve"),
        rows=6,
        max_length=10000,
        help_text=_("Taken from the open problems of the diagnosis; edit as agreed with the enterprise."),
    )
    approach = _text(_("How the system will be built"), rows=5, max_length=10000)
    milestones = _text(_("Milestones"), rows=4, required=False, max_length=10000)


class SystemDocumentForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=DocumentLevel.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    revision = forms.CharField(
        label=_("Revision"),
        max_length=20,
        initial="A/0",
        help_text=_("A new revision of an existing document keeps its level and title."),
    )
    file = DocumentField(label=_("File"))


class OperationStartForm(VersionedForm):
    operation_started_on = forms.DateField(label=_("System operation started on"), widget=DateInput)


class InternalAuditForm(forms.Form):
    mode = forms.ChoiceField(label=_("How"), choices=RecordMode.choices, initial=RecordMode.CONDUCTED)
    auditor_training_done = forms.BooleanField(label=_("Internal auditors trained"), required=False)
    starts_at = forms.DateTimeField(label=_("Started at"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ended at"), widget=DateTimeInput)
    plan_file = DocumentField(label=_("Internal audit plan"))
    report_file = DocumentField(label=_("Internal audit report"))


class ManagementReviewForm(forms.Form):
    mode = forms.ChoiceField(label=_("How"), choices=RecordMode.choices, initial=RecordMode.CONDUCTED)
    held_at = forms.DateTimeField(label=_("Held at"), widget=DateTimeInput)
    plan_file = DocumentField(label=_("Management review plan"))
    report_file = DocumentField(label=_("Management review report"))


class TrainingForm(ScopedFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    tier = forms.ChoiceField(
        label=_("Audience level"),
        choices=[("", "—"), *TierLevel.choices],
        required=False,
        help_text=_("Only for tiered training."),
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=MemberUnit.objects.filter(kind=MemberUnitKind.DISTRICT)
    )
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    enterprises = forms.ModelMultipleChoiceField(
        label=_("Attending enterprises"),
        queryset=Enterprise.objects.order_by("name"),
        required=False,
        help_text=_("Enterprises you follow; hold Ctrl (or tap) to choose several."),
    )
    person_times = forms.IntegerField(label=_("Person-times"), max_value=MAX_PERSON_TIMES)
    materials = DocumentField(label=_("Materials"), required=False)

    def __init__(self, *args, own_district=None, **kwargs):
        super().__init__(*args, **kwargs)
        if own_district is not None:
            # A district organises for itself: the field shows it and accepts nothing else.
            self.fields["district"].queryset = self.fields["district"].queryset.filter(pk=own_district.pk)
            self.fields["district"].initial = own_district.pk
            self.fields["district"].empty_label = None
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())
