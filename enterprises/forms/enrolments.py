"""Forms for enrolments: a state transition with its reason, and the enrolment list's filter."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from campaign.models import MemberUnit, MemberUnitKind
from campaign.selectors import districts_to_filter_by
from enterprises.models import Cluster, EnrolmentState
from portal.scoping import ScopedFormMixin


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=EnrolmentState.choices, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept with the enrolment; required to reject or withdraw."),
    )


class NominateForm(forms.Form):
    late_reason = forms.CharField(
        label=_("Why nominate it anyway"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        help_text=_("Kept with the enrolment."),
    )


class _YesNo(forms.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=[("", _("All")), ("yes", _("Yes")), ("no", _("No"))], required=False, **kwargs)


class DistrictFilterMixin(ScopedFormMixin):
    """A list filter's ``district`` field offers the districts the user can narrow its rows to
    (``districts_to_filter_by``): a city bureau's remit spans the districts although it is none of them."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.fields["district"].queryset = districts_to_filter_by(user=user)


class EnrolmentFilterForm(DistrictFilterMixin, forms.Form):
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
