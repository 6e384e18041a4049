"""Forms for assigning an expert (R2–R4) and ending an assignment.

They check shape only (and files by content, at the field); the rules live in assistance.services and
assistance.policy, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assistance.forms.fields import ExpertLabelField
from assistance.models import Expert
from portal.scoping import ScopedFormMixin


class AssignForm(ScopedFormMixin, forms.Form):
    expert = ExpertLabelField(label=_("Assistance expert"), queryset=Expert.objects.select_related("user"))
    override_reason = forms.CharField(
        label=_("Reason for an exception to R2–R4"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only needed when the expert is overloaded, not specialised in this industry or from another district."
        ),
    )

    def __init__(self, *args, replacing=None, late_since=None, **kwargs):
        super().__init__(*args, **kwargs)
        if late_since is not None:
            # After the assistance phase: the warning is on the page; the reason is asked for here.
            self.fields["late_reason"] = forms.CharField(
                label=_("Why assign after the assistance phase"),
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text=_("Kept with the assignment and shown to the regulator."),
            )
        if replacing is not None:
            self.fields["reassign_reason"] = forms.CharField(
                label=_("Why the current expert is replaced"),
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )


class EndAssignmentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the assignment ends"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )
