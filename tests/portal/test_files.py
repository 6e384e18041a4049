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


# --- files as users really send them (tests/data/field-cases, copied from ../shared/field-cases) -------------------

FIELD_CASES = __import__("pathlib").Path(__file__).resolve().parents[1] / "data" / "field-cases"


def _field_case(name: str, *, as_name: str | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(as_name or name, (FIELD_CASES / name).read_bytes())


@pytest.mark.parametrize(
    ("name", "kinds", "expected"),
    [
        ("C15_control_summary_docx_plain.docx", files.DOCUMENTS, files.DOCX),
        ("C15a_summary_docx_customxml_first.docx", files.DOCUMENTS, files.DOCX),
        ("C15b_roster_xlsx_customxml_first.xlsx", (files.XLSX,), files.XLSX),
        ("C00_control_template_clean.xlsx", (files.XLSX,), files.XLSX),
        ("C17_roster_written_by_xlsxwriter.xlsx", (files.XLSX,), files.XLSX),
        ("C08a_roster_excel97_2003.xls", (files.XLSX, files.XLS), files.XLS),
    ],
)
def test_office_files_are_known_by_their_package_contents_whatever_the_order_of_entries(name, kinds, expected):
    assert files.validate_upload(_field_case(name), kinds=kinds) is expected


def test_an_xls_renamed_to_xlsx_is_told_what_it_really_is():
    with pytest.raises(ValidationError) as error:
        files.validate_upload(_field_case("C08b_xls_renamed_to.xlsx"), kinds=(files.XLSX, files.XLS))
    message = error.value.messages[0]
    assert ".xlsx" in message and "97-2003" in message


def test_a_zip_that_is_no_office_package_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    with pytest.raises(ValidationError):
        files.validate_upload(SimpleUploadedFile("纪要.docx", buffer.getvalue()))


def test_a_docx_without_its_main_part_is_refused():
    with pytest.raises(ValidationError):
        files.validate_upload(SimpleUploadedFile("纪要.docx", _docx(name="word/other.xml")))


def test_a_pptx_is_a_training_material_but_not_a_document():
    pptx = _docx(name="ppt/presentation.xml")
    assert files.validate_upload(SimpleUploadedFile("课件.pptx", pptx), kinds=files.TRAINING_MATERIALS) is files.PPTX
    with pytest.raises(ValidationError) as error:
        files.validate_upload(SimpleUploadedFile("课件.pptx", pptx), kinds=files.DOCUMENTS)
    assert "PowerPoint" in error.value.messages[0]


def test_an_xlsx_record_form_is_a_system_document():
    record = _field_case("C00_control_template_clean.xlsx", as_name="记录表.xlsx")
    assert files.validate_upload(record, kinds=files.SYSTEM_DOCUMENTS) is files.XLSX


def _heic_photo() -> bytes:
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(buffer, format="HEIF")
    return buffer.getvalue()


def test_a_heic_phone_photo_is_accepted_where_photos_belong_and_stored_as_jpeg():
    from PIL import Image

    stored = files.accept_upload(SimpleUploadedFile("签到表.HEIC", _heic_photo()), kinds=files.PHOTOS_AND_DOCUMENTS)
    assert stored.name == "签到表.jpg"
    stored.seek(0)
    with Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (64, 48)


def test_a_heic_file_that_cannot_be_decoded_is_refused_with_how_to_send_it():
    with pytest.raises(ValidationError) as error:
        files.accept_upload(_field_case("C16_signin_sheet_photo.heic"), kinds=files.PHOTOS_AND_DOCUMENTS)
    assert error.value.code == "bad_heic"


def test_a_heic_photo_is_refused_where_only_documents_belong_with_what_it_is():
    with pytest.raises(ValidationError) as error:
        files.accept_upload(_field_case("C16_signin_sheet_photo.heic"), kinds=files.DOCUMENTS)
    assert "HEIC" in error.value.messages[0]


def test_a_long_file_name_keeps_its_extension():
    name = "帮扶" * 150 + ".pdf"
    kept = files.original_name(SimpleUploadedFile(name, PDF_BYTES))
    assert len(kept) == files.MAX_NAME_LENGTH and kept.endswith(".pdf")
    assert files.validate_upload(SimpleUploadedFile(name, PDF_BYTES)) is files.PDF


def test_kept_uploads_older_than_a_day_are_purged_and_newer_ones_stay():
    import os
    import time

    from django.core.files.storage import default_storage

    from portal.uploads import keep_upload, kept_upload, pending_uploads_purge

    old = keep_upload(SimpleUploadedFile("old.pdf", b"%PDF-1.4 old"))
    new = keep_upload(SimpleUploadedFile("new.pdf", b"%PDF-1.4 new"))
    two_days_ago = time.time() - 2 * 86400
    for name in default_storage.listdir("pending")[1]:
        path = default_storage.path(f"pending/{name}")
        with open(path, "rb") as handle:
            if handle.read().endswith(b"old"):
                os.utime(path, (two_days_ago, two_days_ago))
    assert pending_uploads_purge() == 1
    assert kept_upload(old) is None
    assert kept_upload(new).read() == b"%PDF-1.4 new"
