"""Forms for enterprise records, certificates, nomination, screening and the roster import. They check shape only;
business rules live in enterprises.services.records / .enrolment and enterprises.importing, whose ValidationErrors
the views attach to these forms so everything the user typed is kept."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from campaign.forms import DateInput
from campaign.models import MemberUnit, MemberUnitKind
from enterprises.models import AuditKind, Cluster, EnrolmentState, SizeClass
from portal.files import DOCUMENTS, XLS, XLSX, validate_upload
from portal.scoping import ScopedFormMixin


class _Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class EnterpriseForm(ScopedFormMixin, _Versioned):
    name = forms.CharField(label=_("Enterprise name"), max_length=200)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=30,
        help_text=_("18 characters (GB 32100-2015); the check character is verified."),
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=MemberUnit.objects.filter(kind=MemberUnitKind.DISTRICT)
    )
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    cluster = forms.ChoiceField(label=_("Industry cluster"), choices=Cluster.choices, initial=Cluster.OTHER)
    size_class = forms.ChoiceField(label=_("Size"), choices=SizeClass.choices)
    employees = forms.IntegerField(label=_("Employees"), min_value=0, max_value=10_000, required=False)
    annual_revenue = forms.DecimalField(
        label=_("Annual revenue (10k yuan)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )
    contact_name = forms.CharField(label=_("Designated responsible person"), max_length=50, required=False)
    contact_phone = forms.CharField(
        label=_("Phone of the responsible person"),
        max_length=30,
        required=False,
        help_text=_("A mobile number, or a fixed line with its area code."),
    )
    is_foreign_trade = forms.BooleanField(label=_("Foreign-trade enterprise"), required=False)
    is_specialised = forms.BooleanField(label=_("Specialised and innovative (专精特新)"), required=False)
    is_three_same = forms.BooleanField(label=_("Same line, same standard, same quality (三同)"), required=False)
    took_part_before = forms.BooleanField(label=_("Took part in an earlier campaign"), required=False)


class EnterpriseContactForm(_Versioned):
    contact_name = forms.CharField(label=_("Designated responsible person"), max_length=50)
    contact_phone = forms.CharField(
        label=_("Phone of the responsible person"),
        max_length=30,
        help_text=_("A mobile number, or a fixed line with its area code."),
    )


class CertificateForm(_Versioned):
    issuing_body = forms.CharField(label=_("Certification body"), max_length=200)
    number = forms.CharField(label=_("Certificate number"), max_length=60)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput)
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput)
    next_audit_on = forms.DateField(label=_("Next surveillance or recertification"), widget=DateInput, required=False)
    next_audit_kind = forms.ChoiceField(label=_("Next audit"), choices=AuditKind.choices)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class ScreeningForm(_Versioned):
    # 三、参与企业范围; 附件二(二)
    willing = forms.BooleanField(label=_("Has a strong wish to improve its quality management"), required=False)
    normal_operation = forms.BooleanField(label=_("Is in normal production and operation"), required=False)
    resources_committed = forms.BooleanField(label=_("Can commit the necessary resources"), required=False)
    on_abnormal_operations_list = forms.BooleanField(
        label=_("Is currently on the list of abnormal operations (经营异常名录)"), required=False
    )
    dishonesty_listed_on = forms.DateField(
        label=_("Last listed as seriously dishonest (严重违法失信企业名单)"),
        widget=DateInput,
        required=False,
        help_text=_("Leave empty if never listed."),
    )
    quality_penalty_on = forms.DateField(
        label=_("Last quality penalty or public exposure"),
        widget=DateInput,
        required=False,
        help_text=_("Leave empty if never."),
    )
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("Credit reports, screenshots of the public lists: PDF, Word or images; several at once."),
    )

    def clean_evidence(self):
        uploads = self.cleaned_data.get("evidence") or []
        for upload in uploads:
            # By content, size and zip structure: a refused file never reaches the service, so nothing is stored.
            validate_upload(upload, kinds=DOCUMENTS)
        return uploads


class EvidenceForm(forms.Form):
    evidence = MultipleFileField(label=_("Evidence files"))

    clean_evidence = ScreeningForm.clean_evidence


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=EnrolmentState.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the enrolment; required to reject or withdraw."),
    )


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=_("Roster (.xlsx)"), help_text=_("Fill in the template; one enterprise per row."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, kinds=(XLSX, XLS))
        return upload


class _YesNo(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=[("", _("All")), ("yes", _("Yes")), ("no", _("No"))], required=False, **kwargs)


class EnrolmentFilterForm(ScopedFormMixin, forms.Form):
    """GET filters of the enrolment list; a foreign or unknown district id is a 404 like a missing row."""

    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=MemberUnit.objects.filter(kind=MemberUnitKind.DISTRICT),
        required=False,
        empty_label=_("All"),
    )
    cluster = forms.ChoiceField(label=_("Industry cluster"), choices=[("", _("All")), *Cluster.choices], required=False)
    state = forms.ChoiceField(label=_("State"), choices=[("", _("All")), *EnrolmentState.choices], required=False)
    certified = _YesNo(label=_("Certified"))
    overdue = forms.BooleanField(label=_("Behind the calendar"), required=False)
    audit_due = forms.BooleanField(label=_("Audit due in the campaign"), required=False)

    def cleaned_or_404(self) -> dict:
        if not self.is_valid():
            if "district" in self.errors:
                raise Http404
            return {name: None for name in self.fields} | {
                k: v for k, v in self.cleaned_data.items() if k not in self.errors
            }
        return self.cleaned_data


class EnterpriseFilterForm(ScopedFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=MemberUnit.objects.filter(kind=MemberUnitKind.DISTRICT),
        required=False,
        empty_label=_("All"),
    )
    cluster = forms.ChoiceField(label=_("Industry cluster"), choices=[("", _("All")), *Cluster.choices], required=False)

    cleaned_or_404 = EnrolmentFilterForm.cleaned_or_404
