"""File fields that keep a chosen file when the form comes back for another error.

A browser never re-fills a file input, so a form re-shown for a wrong date used to ask the expert to choose every
file again on a phone. A file that passed its own checks (by content, size, zip structure: portal.files) is stored
under ``pending/`` with a random name when the form is shown again, and the re-shown form carries a signed token for it in a hidden input
next to the file input ("已选择：plan.pdf"). Submitting again without choosing another file brings the kept file
back; choosing a new file replaces it. The token is signed (it cannot name any other stored file) and expires after
a day; ``pending_uploads_purge`` removes what no form came back for.
"""

from __future__ import annotations

import os
import uuid
from datetime import timedelta

from django import forms
from django.core import signing
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from portal.files import DOCUMENTS, accept_attribute, accept_upload, original_name

PENDING_FOLDER = "pending"
KEPT_MAX_AGE = timedelta(days=1)
_SALT = "portal.uploads.kept"


def keep_upload(upload) -> str:
    """Store an accepted upload under pending/ and return the signed token that brings it back."""
    extension = os.path.splitext(original_name(upload))[1].lower().lstrip(".")
    extension = extension if extension.isalnum() and len(extension) <= 5 else "bin"
    upload.seek(0)
    path = default_storage.save(f"{PENDING_FOLDER}/{uuid.uuid4().hex}.{extension}", upload)
    upload.seek(0)
    return signing.dumps({"path": path, "name": original_name(upload)}, salt=_SALT, compress=True)


def kept_upload(token: str) -> SimpleUploadedFile | None:
    """The file a token names, or None for a forged, expired or purged token."""
    try:
        data = signing.loads(token, salt=_SALT, max_age=KEPT_MAX_AGE)
        path, name = str(data["path"]), str(data["name"])
    except (signing.BadSignature, KeyError, TypeError):
        return None
    if not path.startswith(f"{PENDING_FOLDER}/") or ".." in path:
        return None
    try:
        with default_storage.open(path, "rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError):
        return None
    upload = SimpleUploadedFile(name, content)
    upload.kept_token = token  # type: ignore[attr-defined]  # so the form keeps offering it
    return upload


def pending_uploads_purge(*, older_than: timedelta = KEPT_MAX_AGE) -> int:
    """Delete kept files older than ``older_than`` (their tokens have expired); returns how many."""
    cutoff = timezone.now() - older_than
    try:
        _folders, names = default_storage.listdir(PENDING_FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in names:
        path = f"{PENDING_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed


def _token_name(name: str) -> str:
    return f"{name}__kept"


class KeptFileInput(forms.ClearableFileInput):
    """A file input with, beside it, the files kept from an earlier submit (hidden tokens and their names)."""

    def __init__(self, attrs=None, *, multiple: bool = False):
        self.allow_multiple_selected = multiple
        super().__init__(attrs)
        self.accepted: list = []  # the uploads the field accepted in this submit (set by KeptFileField.clean)
        self._kept: list[tuple[str, str]] | None = None

    @property
    def kept(self) -> list[tuple[str, str]]:
        """(token, file name) of each accepted upload. Stored under pending/ only when asked — that is, when the
        form is shown again; a form that saves at once leaves nothing behind."""
        if self._kept is None:
            self._kept = []
            for upload in self.accepted:
                token = getattr(upload, "kept_token", None) or keep_upload(upload)
                upload.kept_token = token
                self._kept.append((token, original_name(upload)))
        return self._kept

    def value_from_datadict(self, data, files, name):
        chosen = super().value_from_datadict(data, files, name)
        if self.allow_multiple_selected:
            chosen = [upload for upload in (chosen or []) if upload]
        if chosen:
            return chosen
        tokens = data.getlist(_token_name(name)) if hasattr(data, "getlist") else []
        kept = [upload for upload in (kept_upload(token) for token in tokens if token) if upload]
        if self.allow_multiple_selected:
            return kept
        return kept[0] if kept else None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.kept:
            # The kept file stands for a chosen one: the browser must not insist on a new choice.
            context["widget"]["attrs"].pop("required", None)
        return context

    def render(self, name, value, attrs=None, renderer=None):
        html = super().render(name, value, attrs, renderer)
        if not self.kept:
            return html
        hidden = format_html_join(
            "", '<input type="hidden" name="{}" value="{}">', ((_token_name(name), token) for token, _n in self.kept)
        )
        names = "、".join(file_name for _t, file_name in self.kept)
        note = format_html(
            '<div class="form-text text-success kept-files" data-kept-for="{}">{}</div>',
            name,
            _("Chosen: %(names)s (kept; choose again only to replace it)") % {"names": names},
        )
        return html + hidden + note


class KeptFileField(forms.FileField):
    """One file of ``kinds`` (or several with ``multiple=True``, at most ``max_files``), each checked by content,
    size and zip structure (portal.files.accept_upload: a HEIC photo stored as JPEG) and kept for the next submit
    when the form comes back. Cleans to the upload (or the list of uploads)."""

    def __init__(self, *args, kinds=DOCUMENTS, multiple: bool = False, max_files: int | None = None, **kwargs):
        self.kinds = kinds
        self.multiple = multiple
        self.max_files = max_files
        kwargs.setdefault("widget", KeptFileInput(attrs={"accept": accept_attribute(kinds)}, multiple=multiple))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if not self.multiple:
            upload = single(data, initial)
            if not upload:
                return upload
            accepted = accept_upload(upload, kinds=self.kinds)
            self._keep([accepted])
            return accepted
        items = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not items and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if self.max_files is not None and len(items) > self.max_files:
            message = self.error_messages.get("max_files") or _("Choose at most %(count)s files.")
            raise forms.ValidationError(message % {"count": self.max_files}, code="max_files")
        accepted_files: list = []
        errors: list[str] = []
        for item in items:
            try:
                accepted_files.append(accept_upload(single(item, initial), kinds=self.kinds))
            except forms.ValidationError as exc:
                name = original_name(item)
                errors.extend(f"{name}: {message}" for message in exc.messages)
        # The good files are kept even when another one is refused: only the refused one is chosen again.
        self._keep(accepted_files)
        if errors:
            raise forms.ValidationError(errors)
        return accepted_files

    def _keep(self, uploads) -> None:
        self.widget.accepted = list(uploads)
        self.widget._kept = None
