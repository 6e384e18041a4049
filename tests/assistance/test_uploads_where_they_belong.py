"""What users really attach, accepted where it belongs (issue 8): slides for training materials, spreadsheets for
system record forms, phone photos (HEIC, stored as JPEG) for visits — and each refused elsewhere, saying what it is."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assistance.models import SystemDocument, Training, Visit, WorkingGroup

pytestmark = pytest.mark.usefixtures("frozen_today")  # "today" is in the 2023 assistance phase


def _package(main_part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("customXml/item1.xml", "<x/>")  # odd entries first, as WPS writes them
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main_part, "<root/>")
    return buffer.getvalue()


def _heic() -> bytes:
    from PIL import Image
    from pillow_heif import register_heif_opener

    register_heif_opener()
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 40)).save(buffer, format="HEIF")
    return buffer.getvalue()


TRAINING = {"kind": "industry", "held_on": "2023-07-05", "topic": "培训", "person_times": "12"}


def test_training_slides_are_accepted_as_materials(cast, as_user):
    # R8 (issue 9): the body records trainings for the districts its working groups cover.
    WorkingGroup.objects.create(body=cast.body, campaign=cast.campaign, name="培训工作组").districts.add(
        cast.district_unit
    )
    slides = SimpleUploadedFile("质量管理培训.pptx", _package("ppt/presentation.xml"))
    response = as_user(cast.cb_manager).post(
        "/assistance/trainings/new/", {**TRAINING, "district": cast.district_unit.pk, "materials": slides}
    )
    assert response.status_code == 302
    assert Training.objects.get().materials_name == "质量管理培训.pptx"


def test_an_xlsx_record_form_is_accepted_as_a_system_document(cast, fresh, as_user):
    record = SimpleUploadedFile("检验记录表.xlsx", _package("xl/workbook.xml"))
    response = as_user(cast.expert).post(
        f"/assistance/work/enrolments/{fresh.pk}/documents/new/",
        {"level": "work_instruction", "title": "检验记录表", "revision": "A/0", "file": record},
    )
    assert response.status_code == 302, response.context["form"].errors
    assert SystemDocument.objects.get(enrolment=fresh).original_name == "检验记录表.xlsx"


def test_a_phone_photo_in_heic_is_stored_as_jpeg_on_a_visit(cast, fresh, as_user):
    response = as_user(cast.expert).post(
        f"/assistance/work/enrolments/{fresh.pk}/visits/new/",
        {
            "visited_on": "2023-08-14",
            "starts_at": "09:00",
            "ends_at": "11:30",
            "kind": "survey",
            "files": [SimpleUploadedFile("IMG_0001.HEIC", _heic())],
        },
    )
    assert response.status_code == 302
    stored = Visit.objects.get(enrolment=fresh).files.get()
    assert stored.original_name == "IMG_0001.jpg"
    with stored.file.open("rb") as handle:
        assert handle.read(3) == b"\xff\xd8\xff"


def test_slides_are_refused_on_a_visit_saying_what_they_are(cast, fresh, as_user):
    response = as_user(cast.expert).post(
        f"/assistance/work/enrolments/{fresh.pk}/visits/new/",
        {
            "visited_on": "2023-08-14",
            "starts_at": "09:00",
            "ends_at": "11:30",
            "kind": "survey",
            "files": [SimpleUploadedFile("课件.pptx", _package("ppt/presentation.xml"))],
        },
    )
    assert response.status_code == 200
    assert "PowerPoint" in " ".join(response.context["form"].errors["files"])
    assert not Visit.objects.filter(enrolment=fresh).exists()
