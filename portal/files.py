"""Uploaded files, for every app: checked by content, size-limited, stored under generated names and served only
through views that check visible_to.

The type is decided from the file's bytes (the `filetype` library's signatures), never from its name; the name's
extension must agree with it. Zip-based Office files are opened and their declared uncompressed size and ratio
checked, so a zip bomb is refused before anything reads it. A refused file is never saved: validation runs in the
form or serializer, before the service writes anything.
"""

from __future__ import annotations

import os
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class FileKind:
    extensions: tuple[str, ...]
    mime: str
    zip_based: bool = False


PDF = FileKind(("pdf",), "application/pdf")
JPEG = FileKind(("jpg", "jpeg"), "image/jpeg")
PNG = FileKind(("png",), "image/png")
DOCX = FileKind(("docx",), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", zip_based=True)
XLSX = FileKind(("xlsx",), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", zip_based=True)
DOC = FileKind(("doc",), "application/msword")
XLS = FileKind(("xls",), "application/vnd.ms-excel")

DOCUMENTS = (PDF, DOCX, DOC, JPEG, PNG)

MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ZIP_MEMBERS = 2000


def original_name(upload) -> str:
    """The uploader's file name, stripped of any directory part (no path traversal), kept only as data."""
    name = os.path.basename(str(upload.name).replace("\\", "/")).strip()
    return get_valid_filename(name)[:200] if name else "file"


def generated_name(folder: str, filename: str) -> str:
    """Where a file is stored: a random name in a dated folder; only the extension comes from the user."""
    extension = os.path.splitext(filename)[1].lower().lstrip(".")
    extension = extension if extension.isalnum() and len(extension) <= 5 else "bin"
    return f"{folder}/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.{extension}"


@deconstructible
class UploadTo:
    """``upload_to`` for every FileField: a generated name in ``folder`` (migrations can serialise it)."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        return generated_name(self.folder, filename)

    def __eq__(self, other):
        return isinstance(other, UploadTo) and other.folder == self.folder


def validate_upload(upload, *, kinds=DOCUMENTS, max_bytes: int | None = None) -> FileKind:
    """Raise ValidationError (in Chinese) unless ``upload`` is one of ``kinds`` by content and within the limits."""
    max_bytes = max_bytes or settings.PORTAL_MAX_UPLOAD_BYTES
    allowed = "、".join(kind.extensions[0].upper() for kind in kinds)
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    extension = os.path.splitext(original_name(upload))[1].lower().lstrip(".")
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    detected = filetype.guess(head)
    kind = next((k for k in kinds if detected is not None and detected.mime == k.mime), None)
    if kind is None or extension not in kind.extensions:
        raise ValidationError(
            _("This file type is not accepted here. Allowed types: %(allowed)s.") % {"allowed": allowed},
            code="bad_type",
        )
    if kind.zip_based:
        _check_zip(upload)
    return kind


def _check_zip(upload) -> None:
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if len(members) > MAX_ZIP_MEMBERS:
                raise ValidationError(_("The file contains too many parts to be a document."), code="zip_bomb")
            unzipped = sum(member.file_size for member in members)
            packed = max(1, sum(member.compress_size for member in members))
            if unzipped > MAX_UNZIPPED_BYTES or unzipped / packed > MAX_ZIP_RATIO:
                raise ValidationError(
                    _("The file expands to far more than its size and was refused as unsafe."),
                    code="zip_bomb",
                )
    except zipfile.BadZipFile:
        raise ValidationError(_("The file is damaged and cannot be opened."), code="bad_zip") from None
    finally:
        upload.seek(0)


def attachment_response(field_file, download_name: str) -> FileResponse:
    """Serve a stored file as a download (never inline), with nosniff set by SecurityMiddleware."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=download_name or os.path.basename(field_file.name))
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
