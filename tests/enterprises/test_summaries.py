"""The enterprise's 《企业实施情况及成效总结》 (四(三), 附件二(四)): service, page and API."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.services.summaries import summary_upload
from tests.enterprises.helpers import pdf


def test_a_new_summary_replaces_the_old_one_and_the_history_keeps_both(domain):
    first = domain.summary
    row = summary_upload(
        enrolment=domain.enrolment, upload=pdf("新版总结.pdf"), name="新版总结.pdf", acting_user=domain.enterprise_user
    )
    assert row.pk == first.pk and row.original_name == "新版总结.pdf" and row.version == 2
    names = list(row.history.order_by("history_date").values_list("original_name", flat=True))
    assert names[-1] == "新版总结.pdf" and len(names) == 2


def test_only_the_enterprise_uploads_its_summary(domain):
    with pytest.raises(PermissionDenied):
        summary_upload(enrolment=domain.enrolment, upload=pdf(), name="x.pdf", acting_user=domain.expert)


def test_summary_upload_refuses_an_image_renamed_to_pdf_and_keeps_the_current_file(domain, as_user):
    client = as_user(domain.enterprise_user)
    url = f"/enterprises/enrolments/{domain.enrolment.pk}/summary/"
    fake = SimpleUploadedFile("总结.pdf", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="application/pdf")
    response = client.post(url, {"file": fake})
    assert response.status_code == 200 and "file" in response.context["form"].errors
    domain.summary.refresh_from_db()
    assert domain.summary.version == 1


def test_summary_upload_replaces_and_downloads_as_an_attachment(domain, as_user):
    client = as_user(domain.enterprise_user)
    url = f"/enterprises/enrolments/{domain.enrolment.pk}/summary/"
    response = client.post(url, {"file": pdf("../../etc/第二版.pdf")}, follow=True)
    assert response.status_code == 200
    assert len(response.context["history"]) == 2
    download = as_user(domain.district).get(url + "download/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"


def test_summary_upload_through_the_api_replaces_the_file(domain, api):
    client = api(domain.enterprise_user)
    response = client.post("/api/v1/summaries/", {"enrolment": domain.enrolment.pk, "file": pdf("v2.pdf")})
    assert response.status_code == 201, response.json()
    assert response.json()["original_name"] == "v2.pdf" and response.json()["version"] == 2
    download = client.get(response.json()["download_url"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")
