"""The upload form of the 《企业实施情况及成效总结》."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from enterprises.forms.common import UploadNameMixin
from portal.files import DOC, DOCX, PDF, validate_upload

SUMMARY_KINDS = (PDF, DOCX, DOC)  # 《企业实施情况及成效总结》: a PDF or Word document


class SummaryForm(UploadNameMixin, forms.Form):
    file = forms.FileField(
        label=_("Implementation and results summary"),
        help_text=_("PDF or Word. A new upload replaces the current file; the history keeps who uploaded what."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, kinds=SUMMARY_KINDS)
        return upload
