"""Forms for practice cases and their review. They check shape only; R10, R11 and R13 are checked by
enterprises.services.cases (through enterprises.policy).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from enterprises.forms.common import UploadNameMixin
from portal.files import DOCUMENTS, validate_upload
from portal.scoping import ScopedFormMixin


class CaseForm(UploadNameMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text of the case"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=50_000,
        help_text=_(
            "The key quality control points, the problems solved and the main results, with measurable figures "
            "(notice 附件二(四))."
        ),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: PDF, Word or an image. You can add more attachments later."),
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_upload(upload, kinds=DOCUMENTS)
        return upload


class CaseEditForm(CaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReviewerAssignForm(ScopedFormMixin, forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"),
        queryset=User.objects.filter(is_active=True, membership__role=Role.REVIEWER).order_by("display_name"),
        help_text=_("A reviewer whose certification body assisted this enterprise cannot be chosen (impartiality)."),
    )


class ScoreForm(forms.Form):
    score = forms.IntegerField(label=_("Score (0–100)"), min_value=0, max_value=100)
    comment = forms.CharField(
        label=_("Comment"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("selected", _("Select as an excellent case")), ("not_selected", _("Do not select"))],
        widget=forms.RadioSelect,
    )
