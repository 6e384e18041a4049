"""The roster upload form (附件二(一)); reading and checking the file is enterprises.selectors.roster."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from portal.files import XLS, XLSX, validate_upload


class RosterUploadForm(forms.Form):
    file = forms.FileField(label=_("Roster (.xlsx)"), help_text=_("Fill in the template; one enterprise per row."))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, kinds=(XLSX, XLS))
        return upload
