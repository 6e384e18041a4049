"""The widgets and fields the assistance forms share.

They check shape only (and files by content, at the field); the rules live in assistance.services and
assistance.policy, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assistance.services.visits import MAX_VISIT_FILES
from campaign.models import MemberUnit, MemberUnitKind
from portal.files import DOCUMENTS, PHOTOS_AND_DOCUMENTS, accept_attribute, accept_upload


def district_choices():
    return MemberUnit.objects.filter(kind=MemberUnitKind.DISTRICT).order_by("sort_order", "name")


class ExpertLabelField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class Checkboxes(forms.CheckboxSelectMultiple):
    """Each box carries Bootstrap's class; templates/assistance/_fields.html lays them out."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "form-check-input", **(attrs or {})}, choices=choices)


class ExpertMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


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
    """Several files in one field (photos taken on a visit); each checked by content and size, and a phone's HEIC
    photo stored as JPEG (portal.files.accept_upload)."""

    def __init__(self, *args, kinds=PHOTOS_AND_DOCUMENTS, **kwargs):
        self.kinds = kinds
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept_attribute(kinds)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            uploads = [single(item, initial) for item in data if item]
        else:
            uploads = [single(data, initial)] if data else []
        if len(uploads) > MAX_VISIT_FILES:
            raise forms.ValidationError(_("Attach at most %(count)s files to one visit.") % {"count": MAX_VISIT_FILES})
        return [accept_upload(upload, kinds=self.kinds) for upload in uploads]


class DocumentField(forms.FileField):
    """One file of ``kinds``, checked by content, size and zip structure before any service sees it (a HEIC photo,
    where photos belong, stored as JPEG)."""

    def __init__(self, *args, kinds=DOCUMENTS, **kwargs):
        self.kinds = kinds
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": accept_attribute(kinds)}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return accept_upload(upload, kinds=self.kinds) if upload else upload


def text_field(label, rows=3, required=True, **kwargs):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)
