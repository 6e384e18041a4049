"""Forms for enterprise records and their certificates (R12), and the enterprise list's filter. They check shape
only; the rules live in enterprises.services.enterprises, whose ValidationErrors the views attach to these forms.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.forms import DateInput
from campaign.models import MemberUnit, MemberUnitKind
from enterprises.forms.common import VersionedForm
from enterprises.forms.enrolments import DistrictFilterMixin, EnrolmentFilterForm
from enterprises.models import AuditKind, Cluster, SizeClass
from portal.scoping import ScopedFormMixin


class EnterpriseForm(ScopedFormMixin, VersionedForm):
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


class EnterpriseContactForm(VersionedForm):
    contact_name = forms.CharField(label=_("Designated responsible person"), max_length=50)
    contact_phone = forms.CharField(
        label=_("Phone of the responsible person"),
        max_length=30,
        help_text=_("A mobile number, or a fixed line with its area code."),
    )


class CertificateForm(VersionedForm):
    issuing_body = forms.CharField(label=_("Certification body"), max_length=200)
    number = forms.CharField(label=_("Certificate number"), max_length=60)
    issued_on = forms.DateField(label=_("Issued on"), widget=DateInput)
    expires_on = forms.DateField(label=_("Expires on"), widget=DateInput)
    next_audit_on = forms.DateField(label=_("Next surveillance or recertification"), widget=DateInput, required=False)
    next_audit_kind = forms.ChoiceField(label=_("Next audit"), choices=AuditKind.choices)


class EnterpriseFilterForm(DistrictFilterMixin, forms.Form):
    q = forms.CharField(label=_("Name or code"), required=False, max_length=100)
    district = forms.ModelChoiceField(
        label=_("District"),
        queryset=MemberUnit.objects.filter(kind=MemberUnitKind.DISTRICT),
        required=False,
        empty_label=_("All"),
    )
    cluster = forms.ChoiceField(label=_("Industry cluster"), choices=[("", _("All")), *Cluster.choices], required=False)

    cleaned_or_404 = EnrolmentFilterForm.cleaned_or_404
