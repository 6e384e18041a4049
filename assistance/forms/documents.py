"""The system document form (附件二(三)).

They check shape only (and files by content, at the field); the rules live in assistance.services and
assistance.policy, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assistance.forms.fields import DocumentField
from assistance.models import DocumentLevel
from portal.files import SYSTEM_DOCUMENTS


class SystemDocumentForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=DocumentLevel.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    revision = forms.CharField(
        label=_("Revision"),
        max_length=20,
        initial="A/0",
        help_text=_("A new revision of an existing document keeps its level and title."),
    )
    file = DocumentField(label=_("File"), kinds=SYSTEM_DOCUMENTS)
