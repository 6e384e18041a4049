"""Form pieces the enterprises app's forms share: the version a user read, the uploader's file name."""

from __future__ import annotations

from django import forms

from portal.files import original_name


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)


class UploadNameMixin:
    """``<field>_name`` gives the uploader's file name (stripped of any path), kept only as data."""

    def upload_name(self, field: str) -> str:
        upload = self.cleaned_data.get(field)
        return original_name(upload) if upload else ""
