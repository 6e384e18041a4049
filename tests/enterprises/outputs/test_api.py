"""The outputs API: scoped like the pages, service errors as 400 with field messages, stale writes as 409."""

from enterprises.models import Case, CaseState, Complaint
from tests.domain import populate_domain
from tests.enterprises.outputs.conftest import pdf


def test_outcome_figures_round_trip_with_the_change(domain, api):
    client = api(domain.enterprise_user)
    url = f"/api/v1/outcomes/{domain.enrolment.pk}/"
    body = client.get(url).json()
    assert body["version"] == 1 and body["figures"]["revenue_baseline"] == "800.00"
    response = client.patch(url, {"version": 1, "revenue_end": "920"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["changes"]["revenue"] == "+15%"
    stale = client.patch(url, {"version": 1, "revenue_end": "930"}, format="json")
    assert stale.status_code == 409
    bad = client.patch(url, {"version": 2, "pass_rate_end": "101"}, format="json")
    assert bad.status_code == 400 and "pass_rate_end" in bad.json()


def test_the_district_reads_the_figures_but_may_not_change_them(domain, api):
    client = api(domain.district)
    url = f"/api/v1/outcomes/{domain.enrolment.pk}/"
    assert client.get(url).status_code == 200
    assert client.patch(url, {"version": 1, "revenue_end": "1"}, format="json").status_code == 403


def test_a_foreign_enrolment_is_404(domain, foreign, api):
    foreign_enrolment = populate_domain(foreign).enrolment
    assert api(domain.enterprise_user).get(f"/api/v1/outcomes/{foreign_enrolment.pk}/").status_code == 404


def test_summary_upload_through_the_api_replaces_the_file(domain, api):
    client = api(domain.enterprise_user)
    response = client.post("/api/v1/summaries/", {"enrolment": domain.enrolment.pk, "file": pdf("v2.pdf")})
    assert response.status_code == 201, response.json()
    assert response.json()["original_name"] == "v2.pdf" and response.json()["version"] == 2
    download = client.get(response.json()["download_url"])
    assert download.status_code == 200 and download["Content-Disposition"].startswith("attachment")


def test_r10_third_case_is_refused_through_the_api(domain, api):
    response = api(domain.enterprise_user).post(
        "/api/v1/cases/", {"enrolment": domain.enrolment.pk, "title": "第三个", "body": "正文"}, format="json"
    )
    assert response.status_code == 400 and "non_field_errors" in response.json()


def test_r11_through_the_api_names_the_phrase(domain, api):
    domain.draft_case.delete()
    response = api(domain.enterprise_user).post(
        "/api/v1/cases/", {"enrolment": domain.enrolment.pk, "title": "免费认证来了", "body": "正文"}, format="json"
    )
    assert response.status_code == 400 and "免费认证" in response.json()["title"][0]


def test_the_case_flow_through_the_api(domain, api, make_reviewer):
    case = domain.draft_case
    assert api(domain.enterprise_user).post(f"/api/v1/cases/{case.pk}/submit/").status_code == 200
    assert api(domain.other_district).post(f"/api/v1/cases/{case.pk}/recommend/").status_code == 404
    assert api(domain.district).post(f"/api/v1/cases/{case.pk}/recommend/").status_code == 200
    reviewer = make_reviewer("乙")
    insider = make_reviewer("丙", body=domain.body)
    regulator = api(domain.regulator)
    refused = regulator.post("/api/v1/case-reviews/", {"case": case.pk, "reviewer": insider.pk}, format="json")
    assert refused.status_code == 400 and domain.body.name in refused.json()["reviewer"][0]
    assigned = regulator.post("/api/v1/case-reviews/", {"case": case.pk, "reviewer": reviewer.pk}, format="json")
    assert assigned.status_code == 201
    review_id = assigned.json()["id"]
    scored = api(reviewer).post(f"/api/v1/case-reviews/{review_id}/score/", {"score": 80}, format="json")
    assert scored.status_code == 200
    assert Case.objects.get(pk=case.pk).state == CaseState.SCORED
    decided = regulator.post(f"/api/v1/cases/{case.pk}/decide/", {"selected": False}, format="json")
    assert decided.status_code == 200 and decided.json()["state"] == "not_selected"


def test_a_draft_is_edited_with_its_version_and_others_cannot_see_it(domain, api):
    client = api(domain.enterprise_user)
    url = f"/api/v1/cases/{domain.draft_case.pk}/"
    assert client.patch(url, {"title": "新标题", "version": 1}, format="json").status_code == 200
    assert client.patch(url, {"title": "再改", "version": 1}, format="json").status_code == 409
    assert api(domain.district).get(url).status_code == 404
    attach = client.post(url + "attachments/", {"file": pdf("图表.pdf")})
    assert attach.status_code == 201


def test_complaints_through_the_api(domain, api, foreign):
    client = api(domain.enterprise_user)
    created = client.post(
        "/api/v1/complaints/",
        {"body": domain.body.pk, "subject": "诊断敷衍", "text": "专家只待了十分钟就离开。"},
        format="json",
    )
    assert created.status_code == 201
    pk = created.json()["id"]
    assert api(domain.cb_manager).get(f"/api/v1/complaints/{pk}/").status_code == 404
    foreign_body = client.post(
        "/api/v1/complaints/",
        {"body": foreign.body.pk, "subject": "x", "text": "十个字以上的描述内容。"},
        format="json",
    )
    assert foreign_body.status_code == 400
    assert api(domain.regulator).post(f"/api/v1/complaints/{pk}/forward/").status_code == 200
    manager = api(domain.cb_manager)
    assert manager.post(f"/api/v1/complaints/{pk}/respond/", {"response": "已整改"}, format="json").status_code == 200
    closed = api(domain.regulator).post(f"/api/v1/complaints/{pk}/close/", {"note": "已核实"}, format="json")
    assert closed.status_code == 200 and Complaint.objects.get(pk=pk).state == "closed"


def test_a_foreign_id_in_a_filter_is_404(domain, foreign, api):
    client = api(domain.regulator)
    assert client.get(f"/api/v1/cases/?campaign={domain.campaign.pk}").status_code == 200
    assert client.get(f"/api/v1/cases/?campaign={foreign.campaign.pk}").status_code == 404
    assert client.get(f"/api/v1/complaints/?body={foreign.body.pk}").status_code == 404
