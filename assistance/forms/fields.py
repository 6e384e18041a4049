"""The widgets and fields the assistance forms share.

They check shape only (and files by content, at the field); the rules live in assistance.services and
assistance.policy, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assistance.services.visits import MAX_VISIT_FILES
from campaign.models import MemberUnit, MemberUnitKind
from portal.files import PHOTOS_AND_DOCUMENTS
from portal.uploads import KeptFileField


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


class MultipleFileField(KeptFileField):
    """Several files in one field (photos taken on a visit), at most MAX_VISIT_FILES; each checked by content and
    size, a phone's HEIC photo stored as JPEG, and kept when the form comes back (portal.uploads)."""

    def __init__(self, *args, kinds=PHOTOS_AND_DOCUMENTS, **kwargs):
        kwargs.setdefault("error_messages", {"max_files": _("Attach at most %(count)s files to one visit.")})
        super().__init__(*args, kinds=kinds, multiple=True, max_files=MAX_VISIT_FILES, **kwargs)


class DocumentField(KeptFileField):
    """One file of ``kinds``, checked by content, size and zip structure before any service sees it (a HEIC photo,
    where photos belong, stored as JPEG), and kept when the form comes back (portal.uploads)."""


def text_field(label, rows=3, required=True, **kwargs):
    return forms.CharField(label=label, required=required, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)
