"""Forms of the submission pages. They check shape only; the rules (R10, the lock) live in the services, whose
ValidationErrors the views attach to these forms so everything typed or chosen is kept."""

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.forms import VersionedForm
from portal.files import DOCUMENTS
from portal.uploads import KeptFileField

MAX_FILES_PER_UPLOAD = 10


class NoteForm(VersionedForm):
    note = forms.CharField(
        label=_("Note to the regulator"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class FilesForm(VersionedForm):
    files = KeptFileField(
        label=_("Summary materials"),
        kinds=DOCUMENTS,
        multiple=True,
        max_files=MAX_FILES_PER_UPLOAD,
        help_text=_("The district's work summary and data reports: PDF, Word or images; several at once."),
    )


class SubmitForm(VersionedForm):
    pass


class ReturnForm(VersionedForm):
    comment = forms.CharField(
        label=_("What the district must change"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the district must change.")},
    )


class ApproveForm(VersionedForm):
    pass


class UnlockForm(VersionedForm):
    reason = forms.CharField(
        label=_("Reason for unlocking"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for unlocking the approved submission.")},
    )
