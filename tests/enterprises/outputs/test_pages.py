"""The outputs pages: the enterprise's progress and home, forms that keep input and show errors at the field, the
case flow through the pages, and list pages whose query count does not grow with the rows."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Membership, Organisation, OrganisationKind, Role, User
from enterprises.codes import make_credit_code
from enterprises.models import Case, CaseState, Complaint, Enrolment, Enterprise
from tests.enterprises.outputs.conftest import pdf

MID_JUNE = datetime(2023, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def june():
    with time_machine.travel(MID_JUNE, tick=False):
        yield


def test_the_enterprise_home_shows_its_progress_checklist(domain, as_user, june):
    response = as_user(domain.enterprise_user).get("/")
    assert response.status_code == 200
    progress = response.context["enterprise_progress"]
    keys = {step.key: step for step in progress.steps}
    assert len(progress.steps) == 12
    assert keys["screening"].done and keys["expert"].done and keys["diagnosis"].done and keys["plan"].done
    assert not keys["operation"].done and keys["operation"].due_on == date(2023, 10, 31)
    assert keys["outcome"].due_on == date(2023, 11, 30)
    # The first open step is "next"; the page links to the full progress page.
    assert [s.state for s in progress.steps].count("next") == 1
    assert "/enterprises/progress/" in response.content.decode()


def test_the_district_sees_the_same_checklist_without_the_enterprises_drafts(domain, as_user, june):
    response = as_user(domain.district).get(f"/enterprises/enrolments/{domain.enrolment.pk}/progress/")
    assert response.status_code == 200
    assert domain.draft_case.title not in response.content.decode()
    assert domain.case.title in response.content.decode()
    assert response.context["can_edit_outcome"] is False


def test_steps_past_their_date_are_overdue(domain, as_user):
    with time_machine.travel(datetime(2023, 12, 5, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        progress = as_user(domain.enterprise_user).get("/enterprises/progress/").context["progress"]
    states = {step.key: step.state for step in progress.steps}
    assert states["internal_audit"] == "done"
    assert states["outcome"] == "overdue"


def test_an_out_of_range_figure_is_shown_at_its_field_and_the_input_is_kept(domain, as_user):
    client = as_user(domain.enterprise_user)
    url = f"/enterprises/enrolments/{domain.enrolment.pk}/outcome/"
    response = client.post(url, {"version": domain.outcome.version, "pass_rate_end": "120", "revenue_end": "931.5"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "pass_rate_end" in form.errors
    content = response.content.decode()
    assert 'value="931.5"' in content and 'value="120"' in content


def test_outcome_figures_saved_through_the_page_show_the_change(domain, as_user):
    client = as_user(domain.expert)
    url = f"/enterprises/enrolments/{domain.enrolment.pk}/outcome/"
    response = client.post(url, {"version": 1, "pass_rate_baseline": "92", "pass_rate_end": "95.2"}, follow=True)
    rows = {row.metric.key: row for row in response.context["rows"]}
    assert rows["pass_rate"].trend == "better"
    assert rows["pass_rate"].change.startswith("+3.2")


def test_a_stale_outcome_form_is_refused_with_the_input_kept(domain, as_user):
    client = as_user(domain.enterprise_user)
    url = f"/enterprises/enrolments/{domain.enrolment.pk}/outcome/"
    client.post(url, {"version": 1, "revenue_end": "900"})
    response = client.post(url, {"version": 1, "revenue_end": "905"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert 'value="905"' in response.content.decode()


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


def test_the_third_case_is_refused_on_the_page_with_the_input_kept(domain, as_user):
    response = as_user(domain.enterprise_user).post(
        "/enterprises/cases/new/", {"title": "第三个案例", "body": "正文内容"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "第三个案例" in response.content.decode()
    assert Case.objects.filter(enrolment=domain.enrolment).count() == 2


def test_free_certification_is_shown_at_the_body_field(domain, as_user):
    domain.draft_case.delete()
    response = as_user(domain.enterprise_user).post(
        "/enterprises/cases/new/", {"title": "体系建设", "body": "欢迎参加“免费 认证”"}
    )
    assert "body" in response.context["form"].errors
    assert "免费 认证" in response.context["form"].errors["body"][0]


def test_the_case_flow_through_the_pages(domain, as_user, make_reviewer):
    client = as_user(domain.enterprise_user)
    client.post(f"/enterprises/cases/{domain.draft_case.pk}/submit/")
    as_user(domain.district).post(f"/enterprises/cases/{domain.draft_case.pk}/recommend/")
    reviewer = make_reviewer("评审甲")
    regulator = as_user(domain.regulator)
    regulator.post(f"/enterprises/cases/{domain.draft_case.pk}/reviewers/", {"reviewer": reviewer.pk})
    as_user(reviewer).post(f"/enterprises/cases/{domain.draft_case.pk}/score/", {"score": 91, "comment": "好"})
    case = Case.objects.get(pk=domain.draft_case.pk)
    assert case.state == CaseState.SCORED
    as_user(domain.regulator).post(f"/enterprises/cases/{case.pk}/decide/", {"decision": "selected"})
    case.refresh_from_db()
    assert case.state == CaseState.SELECTED


def test_r13_assigning_an_insider_shows_why_on_the_case_page(domain, as_user, make_reviewer):
    as_user(domain.district).post(f"/enterprises/cases/{domain.case.pk}/recommend/")
    insider = make_reviewer("内部人", body=domain.body)
    response = as_user(domain.regulator).post(
        f"/enterprises/cases/{domain.case.pk}/reviewers/", {"reviewer": insider.pk}
    )
    assert response.status_code == 400
    assert domain.body.name in response.content.decode()


def test_a_foreign_reviewer_id_in_the_form_is_not_a_choice(domain, foreign, as_user):
    as_user(domain.district).post(f"/enterprises/cases/{domain.case.pk}/recommend/")
    response = as_user(domain.regulator).post(
        f"/enterprises/cases/{domain.case.pk}/reviewers/", {"reviewer": foreign.reviewer.pk}
    )
    assert response.status_code == 400 and "reviewer" in response.context["assign_form"].errors


def test_the_district_case_list_shows_its_recommendation_count(domain, as_user, june):
    response = as_user(domain.district).get("/enterprises/cases/")
    assert response.context["recommendation"].warn
    assert domain.draft_case.title not in response.content.decode()


def test_the_complaint_form_offers_only_the_bodies_of_its_city(domain, foreign, as_user):
    response = as_user(domain.enterprise_user).get("/enterprises/complaints/new/")
    choices = list(response.context["form"].fields["body"].queryset)
    assert domain.body in choices and foreign.body not in choices
    response = as_user(domain.enterprise_user).post(
        "/enterprises/complaints/new/", {"body": foreign.body.pk, "subject": "x", "text": "十个字以上的描述内容。"}
    )
    assert "body" in response.context["form"].errors


# --- query counts ---------------------------------------------------------------------------------------------


def _more_enterprises(cast, n, start):
    """n more enrolled enterprises of 滨海新区, each with a submitted case and a complaint."""
    for i in range(start, start + n):
        org = Organisation.objects.create(tenant=cast.tenant, kind=OrganisationKind.ENTERPRISE, name=f"测试企业{i}")
        enterprise = Enterprise.objects.create(
            tenant=cast.tenant,
            organisation=org,
            name=org.name,
            credit_code=make_credit_code("120116", 20000 + i),
            district=cast.district_unit,
        )
        enrolment = Enrolment.objects.create(enterprise=enterprise, campaign=cast.campaign, nominated_by=cast.district)
        user = User.objects.create_user(username=f"ent-{i}")
        Membership.objects.create(user=user, organisation=org, role=Role.ENTERPRISE)
        Case.objects.create(enrolment=enrolment, title=f"案例{i}", body="…", state="submitted", created_by=user)
        Complaint.objects.create(
            enterprise=enterprise, body=cast.body, subject=f"投诉{i}", text="…", submitted_by=user, state="forwarded"
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "url, role",
    [
        ("/enterprises/cases/", "regulator"),
        ("/enterprises/cases/", "district"),
        ("/enterprises/complaints/", "regulator"),
        ("/enterprises/complaints/", "cb_manager"),
        ("/api/v1/cases/", "regulator"),
        ("/api/v1/complaints/", "regulator"),
        ("/api/v1/summaries/", "regulator"),
        ("/api/v1/case-reviews/", "regulator"),
        ("/api/v1/case-attachments/", "regulator"),
        ("/enterprises/progress/", "enterprise"),
        ("/", "enterprise"),
    ],
)
def test_list_pages_cost_the_same_queries_at_small_and_large_n(domain, as_user, june, url, role):
    client = as_user(domain.users()[role])
    _more_enterprises(domain, 2, 0)
    small = _count(client, url)
    _more_enterprises(domain, 20, 100)
    large = _count(client, url)
    assert small == large, f"{url}: {small} queries at small N, {large} at large N"
