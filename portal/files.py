"""Uploaded files, for every app: checked by content, size-limited, stored under generated names and served only
through views that check visible_to.

The type is decided from the file's bytes (the `filetype` library's signatures), never from its name; the name's
extension must agree with it. Zip-based Office files are opened and their declared uncompressed size and ratio
checked, so a zip bomb is refused before anything reads it. A refused file is never saved: validation runs in the
form or serializer, before the service writes anything.
"""

from __future__ import annotations

import io
import os
import uuid
import zipfile
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import FileResponse, Http404
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop


@dataclass(frozen=True)
class FileKind:
    extensions: tuple[str, ...]
    mime: str
    label: str  # what the file is, in the user's words (translated when shown)
    zip_based: bool = False
    # The part an Office Open XML package of this kind must contain (decides the type, whatever the entry order).
    main_part: str = ""


PDF = FileKind(("pdf",), "application/pdf", gettext_noop("PDF document"))
JPEG = FileKind(("jpg", "jpeg"), "image/jpeg", gettext_noop("JPEG image"))
PNG = FileKind(("png",), "image/png", gettext_noop("PNG image"))
# Phone photos (iPhones save HEIC by default); accepted where photos belong and stored as JPEG (accept_upload).
HEIC = FileKind(("heic", "heif"), "image/heic", gettext_noop("HEIC photo"))
DOCX = FileKind(
    ("docx",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    gettext_noop("Word document (.docx)"),
    zip_based=True,
    main_part="word/document.xml",
)
XLSX = FileKind(
    ("xlsx",),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    gettext_noop("Excel workbook (.xlsx)"),
    zip_based=True,
    main_part="xl/workbook.xml",
)
PPTX = FileKind(
    ("pptx",),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    gettext_noop("PowerPoint presentation (.pptx)"),
    zip_based=True,
    main_part="ppt/presentation.xml",
)
DOC = FileKind(("doc",), "application/msword", gettext_noop("Word 97-2003 document (.doc)"))
XLS = FileKind(("xls",), "application/vnd.ms-excel", gettext_noop("Excel 97-2003 workbook (.xls)"))
PPT = FileKind(("ppt",), "application/vnd.ms-powerpoint", gettext_noop("PowerPoint 97-2003 presentation (.ppt)"))
KNOWN_KINDS = (PDF, JPEG, PNG, HEIC, DOCX, XLSX, PPTX, DOC, XLS, PPT)
_OOXML = (DOCX, XLSX, PPTX)

# What each kind of upload accepts.
DOCUMENTS = (PDF, DOCX, DOC, JPEG, PNG)
# Visit photos and files, kickoff minutes: documents and phone photos.
PHOTOS_AND_DOCUMENTS = (*DOCUMENTS, HEIC)
# Training materials (附件二(三)1): slides as well.
TRAINING_MATERIALS = (*PHOTOS_AND_DOCUMENTS, PPTX, PPT)
# The documented system (附件二(三)): manuals, procedures, and record forms kept as spreadsheets.
SYSTEM_DOCUMENTS = (*DOCUMENTS, XLSX, XLS)

MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ZIP_MEMBERS = 2000
MAX_NAME_LENGTH = 200


def original_name(upload) -> str:
    """The uploader's file name, stripped of any directory part (no path traversal), kept only as data. A name
    longer than MAX_NAME_LENGTH is shortened before its extension, so the extension survives."""
    name = os.path.basename(str(upload.name).replace("\\", "/")).strip()
    name = get_valid_filename(name) if name else ""
    if not name:
        return "file"
    if len(name) > MAX_NAME_LENGTH:
        stem, extension = os.path.splitext(name)
        if len(extension) > 10:  # not an extension but the tail of a long name
            stem, extension = name, ""
        name = stem[: MAX_NAME_LENGTH - len(extension)] + extension
    return name


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


def accept_attribute(kinds) -> str:
    """The file input's ``accept`` attribute for ``kinds`` (a hint to the browser's picker; the server decides)."""
    extensions = [f".{extension}" for kind in kinds for extension in kind.extensions]
    return ",".join([*extensions, "image/*"] if HEIC in kinds else extensions)


def detect_kind(upload) -> FileKind | None:
    """What the file is by its content, among KNOWN_KINDS, or None. An Office Open XML file is decided from the
    package's parts (``[Content_Types].xml`` and the main part: ``word/document.xml``, ``xl/workbook.xml``,
    ``ppt/presentation.xml``), never from the order of its zip entries."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    guessed = filetype.guess(head)
    if guessed is None:
        return None
    if guessed.mime == "application/zip" or guessed.mime in {kind.mime for kind in _OOXML}:
        try:
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" not in names:
            return None
        return next((kind for kind in _OOXML if kind.main_part in names), None)
    if guessed.mime in ("image/heic", "image/heif"):
        return HEIC
    return next((kind for kind in KNOWN_KINDS if kind.mime == guessed.mime), None)


def _labels(kinds) -> str:
    return "、".join(dict.fromkeys(str(_(kind.label)) for kind in kinds))


def validate_upload(upload, *, kinds=DOCUMENTS, max_bytes: int | None = None) -> FileKind:
    """The file's kind; ValidationError (in Chinese, saying what the file is and what to do) unless ``upload`` is
    one of ``kinds`` by content, its name's extension agrees, and it is within the size and zip limits."""
    max_bytes = max_bytes or settings.PORTAL_MAX_UPLOAD_BYTES
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; files may be at most %(max)s.")
            % {"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
            code="too_large",
        )
    extension = os.path.splitext(original_name(upload))[1].lower().lstrip(".")
    kind = detect_kind(upload)
    if kind is None:
        raise ValidationError(
            _("This file is not of a type accepted here, or it is damaged. Accepted here: %(allowed)s.")
            % {"allowed": _labels(kinds)},
            code="bad_type",
        )
    if kind not in kinds:
        raise ValidationError(
            _("This file is a %(kind)s, which is not accepted here. Accepted here: %(allowed)s.")
            % {"kind": _(kind.label), "allowed": _labels(kinds)},
            code="bad_type",
        )
    if extension not in kind.extensions:
        raise ValidationError(
            _(
                "The file is named .%(extension)s but is really a %(kind)s. Save it again with the right type "
                "(or rename it to .%(right)s) and upload it again."
            )
            % {"extension": extension or "?", "kind": _(kind.label), "right": kind.extensions[0]},
            code="bad_type",
        )
    if kind.zip_based:
        _check_zip(upload)
    return kind


def accept_upload(upload, *, kinds=DOCUMENTS, max_bytes: int | None = None):
    """``validate_upload``, then the file to store: a HEIC photo converted to JPEG (browsers cannot show HEIC);
    anything else as it came. Raises ValidationError as validate_upload, or when a HEIC photo cannot be decoded."""
    kind = validate_upload(upload, kinds=kinds, max_bytes=max_bytes)
    if kind is not HEIC:
        return upload
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            buffer = io.BytesIO()
            image.convert("RGB").save(buffer, format="JPEG", quality=85)
    except Exception:  # pillow-heif raises several kinds for a damaged or unsupported photo
        raise ValidationError(
            _(
                "The HEIC photo cannot be read. Set the phone's camera format to “Most Compatible” (JPEG) and take "
                "the photo again, or send a screenshot or a JPEG export of it."
            ),
            code="bad_heic",
        ) from None
    finally:
        upload.seek(0)
    stem = os.path.splitext(original_name(upload))[0]
    return SimpleUploadedFile(f"{stem}.jpg", buffer.getvalue(), content_type="image/jpeg")


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
