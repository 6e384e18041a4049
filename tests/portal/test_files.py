"""Uploads are judged by their bytes, limited in size and in what they expand to, and named by the portal."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from portal import files

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _docx(payload: bytes = b"<w:document/>", *, name="word/document.xml") -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(name, payload)
    return buffer.getvalue()


def test_a_real_pdf_is_accepted():
    assert files.validate_upload(SimpleUploadedFile("纪要.pdf", PDF_BYTES)) is files.PDF


def test_a_text_file_renamed_to_pdf_is_refused():
    with pytest.raises(ValidationError) as error:
        files.validate_upload(SimpleUploadedFile("纪要.pdf", b"just some text, not a pdf at all"))
    assert error.value.code == "bad_type"


def test_a_png_named_pdf_is_refused_because_name_and_content_disagree():
    with pytest.raises(ValidationError) as error:
        files.validate_upload(SimpleUploadedFile("纪要.pdf", PNG_BYTES))
    assert error.value.code == "bad_type"


def test_an_html_page_is_refused_whatever_its_name():
    with pytest.raises(ValidationError):
        files.validate_upload(SimpleUploadedFile("x.png", b"<html><script>alert(1)</script></html>"))


def test_an_oversized_file_is_refused(settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        files.validate_upload(SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 2048))
    assert error.value.code == "too_large"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        files.validate_upload(SimpleUploadedFile("empty.pdf", b""))
    assert error.value.code == "empty"


def test_a_docx_is_accepted():
    assert files.validate_upload(SimpleUploadedFile("纪要.docx", _docx())) is files.DOCX


def test_a_zip_bomb_dressed_as_docx_is_refused():
    bomb = _docx(b"\x00" * (150 * 1024 * 1024))  # 150 MB of zeros packs into ~150 KB
    assert len(bomb) < 1024 * 1024
    with pytest.raises(ValidationError) as error:
        files.validate_upload(SimpleUploadedFile("纪要.docx", bomb))
    assert error.value.code == "zip_bomb"


def test_a_damaged_docx_is_refused():
    broken = _docx()[:200]
    with pytest.raises(ValidationError):
        files.validate_upload(SimpleUploadedFile("纪要.docx", broken))


def test_path_traversal_in_the_name_is_stripped():
    upload = SimpleUploadedFile("../../etc/passwd.pdf", PDF_BYTES)
    assert files.original_name(upload) == "passwd.pdf"
    assert files.original_name(SimpleUploadedFile("..\\..\\windows\\纪要.pdf", PDF_BYTES)) == "纪要.pdf"


def test_stored_names_are_generated_and_keep_only_a_safe_extension():
    stored = files.generated_name("kickoff-minutes", "../../evil name.PDF")
    assert stored.startswith("kickoff-minutes/") and stored.endswith(".pdf")
    assert ".." not in stored and "evil" not in stored
    assert files.generated_name("x", "noext").endswith(".bin")
