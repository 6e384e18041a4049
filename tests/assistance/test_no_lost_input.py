"""No lost input on the expert's record forms: every mistake of a submit is shown at once, and a file that passed
its own checks is kept for the next submit (portal.uploads), so a phone user never chooses it again."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assistance.models import InternalAudit, ManagementReview, Visit
from enterprises.models import Enrolment
from tests.assistance.conftest import new_enrolment, pdf

pytestmark = pytest.mark.usefixtures("frozen_today")  # 15 August 2023, in the assistance phase


def _operating(cast, *, started_on=date(2023, 5, 10)):
    enrolment = new_enrolment(cast, state="operating")
    Enrolment.objects.filter(pk=enrolment.pk).update(operation_started_on=started_on)
    return enrolment


def _not_a_pdf(name="report.pdf"):
    return SimpleUploadedFile(name, b"MZ\x90\x00 a program, not a report", content_type="application/pdf")


def _audit_url(enrolment):
    return f"/assistance/work/enrolments/{enrolment.pk}/internal-audits/new/"


def test_internal_audit_form_shows_a_wrong_file_a_date_out_of_order_and_untrained_auditors_at_once(cast, as_user):
    enrolment = _operating(cast)
    client = as_user(cast.expert)
    response = client.post(
        _audit_url(enrolment),
        {
            "mode": "conducted",
            # auditor_training_done left unticked
            "starts_at": "2023-08-12T17:00",
            "ends_at": "2023-08-12T09:00",
            "plan_file": pdf("内审计划.pdf"),
            "report_file": _not_a_pdf(),
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"report_file", "ends_at", "auditor_training_done"}
    assert not InternalAudit.objects.filter(enrolment=enrolment).exists()


def test_internal_audit_form_keeps_the_accepted_file_and_saves_it_without_choosing_it_again(cast, as_user):
    enrolment = _operating(cast)
    client = as_user(cast.expert)
    first = client.post(
        _audit_url(enrolment),
        {
            "mode": "conducted",
            "starts_at": "2023-08-12T17:00",
            "ends_at": "2023-08-12T09:00",
            "plan_file": pdf("内审计划.pdf"),
            "report_file": _not_a_pdf(),
        },
    )
    content = first.content.decode()
    assert "内审计划.pdf" in content  # "已选择：内审计划.pdf"
    token = first.context["form"].fields["plan_file"].widget.kept[0][0]
    assert f'name="plan_file__kept" value="{token}"' in content
    assert not first.context["form"].fields["report_file"].widget.kept  # the refused file is not kept

    second = client.post(
        _audit_url(enrolment),
        {
            "mode": "conducted",
            "auditor_training_done": "on",
            "starts_at": "2023-08-12T09:00",
            "ends_at": "2023-08-12T17:00",
            "plan_file__kept": token,
            "report_file": pdf("内审报告.pdf"),
        },
    )
    assert second.status_code == 302
    audit = InternalAudit.objects.get(enrolment=enrolment)
    assert audit.plan_name == "内审计划.pdf"
    assert audit.plan_file.read().startswith(b"%PDF")
    assert audit.report_name == "内审报告.pdf"


def test_a_forged_kept_file_token_brings_back_nothing(cast, as_user):
    enrolment = _operating(cast)
    client = as_user(cast.expert)
    response = client.post(
        _audit_url(enrolment),
        {
            "mode": "conducted",
            "auditor_training_done": "on",
            "starts_at": "2023-08-12T09:00",
            "ends_at": "2023-08-12T17:00",
            "plan_file__kept": "pending/../../settings.py",
            "report_file": pdf("内审报告.pdf"),
        },
    )
    assert response.status_code == 200
    assert "plan_file" in response.context["form"].errors
    assert not InternalAudit.objects.filter(enrolment=enrolment).exists()


def test_management_review_form_shows_a_missing_plan_and_a_date_before_operation_at_once(cast, as_user):
    enrolment = _operating(cast, started_on=date(2023, 5, 10))
    client = as_user(cast.expert)
    response = client.post(
        f"/assistance/work/enrolments/{enrolment.pk}/management-reviews/new/",
        {"mode": "conducted", "held_at": "2023-05-01T14:00", "report_file": _not_a_pdf()},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"plan_file", "report_file", "held_at"}
    assert not ManagementReview.objects.filter(enrolment=enrolment).exists()


def test_visit_form_shows_a_refused_photo_an_early_date_and_times_out_of_order_at_once(cast, fresh, as_user):
    client = as_user(cast.expert)
    response = client.post(
        f"/assistance/work/enrolments/{fresh.pk}/visits/new/",
        {
            "visited_on": "2023-09-01",  # in the future
            "starts_at": "10:00",
            "ends_at": "09:00",
            "kind": "survey",
            "notes": "车间巡查记录",
            "files": [pdf("签到表.pdf"), _not_a_pdf("photo.pdf")],
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"visited_on", "ends_at", "files"}
    assert [name for _token, name in form.fields["files"].widget.kept] == ["签到表.pdf"]  # the good one is kept
    assert "车间巡查记录" in response.content.decode()
    assert not Visit.objects.filter(enrolment=fresh).exists()


def test_training_form_shows_a_refused_file_a_future_date_and_a_stray_level_at_once(cast, domain, as_user):
    from assistance.models import Training

    response = as_user(cast.cb_manager).post(
        "/assistance/trainings/new/",
        {
            "kind": "industry",
            "tier": "leaders",  # only a tiered training has a level
            "district": cast.district_unit.pk,
            "held_on": "2023-09-01",  # in the future
            "topic": "质量管理体系培训",
            "person_times": "0",
            "materials": _not_a_pdf("课件.pdf"),
        },
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"tier", "held_on", "person_times", "materials"}
    assert not Training.objects.filter(topic="质量管理体系培训").exists()  # the domain has trainings of its own


def test_a_visit_sent_after_the_session_expired_is_back_on_the_form_after_signing_in_again(cast, fresh, as_user):
    client = as_user(cast.expert)
    url = f"/assistance/work/enrolments/{fresh.pk}/visits/new/"
    typed = {"visited_on": "2023-08-14", "starts_at": "09:00", "ends_at": "11:30", "kind": "survey"}
    typed |= {"participants": "质量负责人王工", "notes": "车间现场记录：来料检验未留记录"}
    client.session.flush()  # the 30 idle minutes have passed: the server no longer knows the session
    client.cookies.pop("sessionid")
    sent = client.post(url, typed)
    assert sent.status_code == 302 and sent["Location"].startswith("/accounts/login/")
    assert not Visit.objects.filter(enrolment=fresh).exists()

    client.force_login(cast.expert)  # signing in again keeps the anonymous session's stash
    page = client.get(url)
    content = page.content.decode()
    assert page.context["portal_rescued_form"]["fields"]["notes"] == ["车间现场记录：来料检验未留记录"]
    assert (
        'id="portal-rescued-form"' in content
        and "csrfmiddlewaretoken" not in page.context["portal_rescued_form"]["fields"]
    )
    assert client.get(url).context["portal_rescued_form"] is None  # filled back in once

    assert client.post(url, typed).status_code == 302
    assert Visit.objects.get(enrolment=fresh).notes == "车间现场记录：来料检验未留记录"


def test_the_long_forms_keep_a_draft_in_the_browser(cast, fresh, as_user):
    from assistance.models import Diagnosis

    client = as_user(cast.expert)
    draft_form = "data-submit-once data-draft>"
    for path in ("visits/new/", "diagnosis/"):
        page = client.get(f"/assistance/work/enrolments/{fresh.pk}/{path}").content.decode()
        assert draft_form in page and "js/session.js" in page
    Diagnosis.objects.create(
        enrolment=fresh,
        diagnosed_on=date(2023, 6, 2),
        legal_qualifications_ok=True,
        dishonesty_list_checked=True,
        no_quality_penalty=True,
        diagnosed_by=cast.expert,
    )
    assert draft_form in client.get(f"/assistance/work/enrolments/{fresh.pk}/problems/new/").content.decode()
    assert draft_form not in client.get(_audit_url(fresh)).content.decode()
