"""The enterprise names its own responsible person (指定专人, 四(三)1) from its own progress page; the complaint form
pre-selects no certification body, or the enterprise's own assisting body — never an arbitrary one."""

from assistance.models import Assignment
from enterprises.models import Enterprise


def test_the_complaint_form_preselects_the_enterprises_own_assisting_body(domain, as_user):
    response = as_user(domain.enterprise_user).get("/enterprises/complaints/new/")
    assert response.context["form"]["body"].value() == domain.body.pk


def test_the_complaint_form_preselects_no_body_when_none_assists_the_enterprise(domain, as_user):
    Assignment.objects.filter(enrolment__enterprise=domain.enterprise).delete()
    response = as_user(domain.enterprise_user).get("/enterprises/complaints/new/")
    form = response.context["form"]
    assert form["body"].value() is None
    assert '<option value="" selected>' in response.content.decode()


def test_the_enterprise_names_its_responsible_person_from_its_progress_page(domain, as_user):
    client = as_user(domain.enterprise_user)
    page = client.get(f"/enterprises/enrolments/{domain.enrolment.pk}/progress/").content.decode()
    assert f"/enterprises/{domain.enterprise.pk}/edit/" in page
    enterprise = Enterprise.objects.get(pk=domain.enterprise.pk)
    response = client.post(
        f"/enterprises/{enterprise.pk}/edit/",
        {"contact_name": "王质量", "contact_phone": "13812345678", "version": enterprise.version},
    )
    assert response.status_code == 302
    assert Enterprise.objects.get(pk=enterprise.pk).contact_name == "王质量"
    assert "王质量" in client.get(f"/enterprises/enrolments/{domain.enrolment.pk}/progress/").content.decode()
