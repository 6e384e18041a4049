"""Forms for complaints about a certification body (五(二)2)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assistance.models import CertificationBody
from enterprises.models import ComplaintOutcome
from portal.scoping import ScopedFormMixin


class ComplaintForm(ScopedFormMixin, forms.Form):
    # No body is chosen for the enterprise (the view pre-selects only its own assisting body, if any).
    body = forms.ModelChoiceField(
        label=_("Certification body"),
        queryset=CertificationBody.objects.order_by("name"),
        empty_label=_("Choose the certification body"),
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=_(
            "Your complaint goes to the regulator. The certification body sees it only if the regulator forwards it."
        ),
    )


class ComplaintRespondForm(forms.Form):
    response = forms.CharField(label=_("Your response"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000)
    expected_response = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)


class ComplaintCloseForm(forms.Form):
    # Required (the page marks it), with the service's own words; the service checks it again for the API.
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=ComplaintOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how the complaint ended: upheld, partly upheld or not upheld.")},
    )
    note = forms.CharField(
        label=_("How it was handled"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        help_text=_("The enterprise reads this note."),
    )
