"""The submission pages: the district's own (submit, missing list, locked), the regulator's list and review."""

from submissions.models import DistrictSubmission, SubmissionState
from submissions.services import submissions as services
from tests.queries import assert_page_queries
from tests.submissions.conftest import draft_submission, more_districts, pdf, recommend_case


def test_the_district_opens_its_submission_and_sees_what_is_missing(cast, as_user, on_time):
    client = as_user(cast.district)
    response = client.get("/submissions/mine/")
    submission = DistrictSubmission.objects.get(member_unit=cast.district_unit, campaign=cast.campaign)
    assert response.status_code == 302 and response.url == f"/submissions/{submission.pk}/"
    page = client.get(response.url).content.decode()
    assert 'id="submission-missing"' in page
    response = client.post(f"/submissions/{submission.pk}/submit/", {"version": submission.version})
    assert response.status_code == 400
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT


def test_the_district_uploads_writes_a_note_and_submits(cast, as_user, on_time):
    recommend_case(cast)
    client = as_user(cast.district)
    submission = DistrictSubmission.objects.get(pk=client.get("/submissions/mine/").url.split("/")[-2])
    response = client.post(f"/submissions/{submission.pk}/files/", {"version": 1, "files": [pdf()]})
    assert response.status_code == 302
    response = client.post(f"/submissions/{submission.pk}/note/", {"version": 2, "note": "全区工作总结见附件"})
    assert response.status_code == 302
    response = client.post(f"/submissions/{submission.pk}/submit/", {"version": 3})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.SUBMITTED and submission.note == "全区工作总结见附件"
    page = client.get(f"/submissions/{submission.pk}/").content.decode()
    assert 'id="submit-submission"' not in page and 'id="upload-files"' not in page


def test_a_wrong_file_is_refused_with_the_note_kept_and_nothing_stored(cast, as_user, on_time):
    submission = draft_submission(cast, with_file=False)
    client = as_user(cast.district)
    bad = pdf("病毒.exe")
    bad.file.write(b"MZ")
    response = client.post(f"/submissions/{submission.pk}/files/", {"version": 1, "files": [bad]})
    assert response.status_code == 400
    assert submission.files.count() == 0


def test_a_stale_approve_on_the_page_asks_to_reload(cast, as_user, on_time):
    recommend_case(cast)
    submission = draft_submission(cast)
    client = as_user(cast.district)
    client.post(f"/submissions/{submission.pk}/submit/", {"version": submission.version})
    client = as_user(cast.regulator)
    response = client.post(f"/submissions/{submission.pk}/approve/", {"version": submission.version})
    assert response.status_code == 400
    assert "已被修改，请刷新后再审核" in response.content.decode()


def test_the_regulator_list_shows_every_district_and_the_late_ones(cast, as_user, five_days_late):
    recommend_case(cast)
    submission = draft_submission(cast)
    as_user(cast.district).post(f"/submissions/{submission.pk}/submit/", {"version": submission.version})
    page = as_user(cast.regulator).get("/submissions/").content.decode()
    assert cast.district_unit.name in page and cast.other_district_unit.name in page
    assert "portal-late" in page
    # 和平区 has not submitted: the regulator can send it a 催办 from the list
    assert f"/notifications/urges/new/?member_unit={cast.other_district_unit.pk}" in page


def test_the_list_page_costs_a_fixed_number_of_queries(cast, as_user, on_time):
    client = as_user(cast.regulator)
    client.get("/submissions/")
    first = assert_page_queries(client, "/submissions/", QUERIES["list"])
    draft_submission(cast)
    draft_submission(cast, unit=cast.other_district_unit)
    more_districts(cast, 6)
    assert_page_queries(client, "/submissions/", QUERIES["list"])
    assert first.status_code == 200


def test_the_detail_page_costs_a_fixed_number_of_queries(cast, as_user, on_time):
    submission = draft_submission(cast)
    client = as_user(cast.district)
    url = f"/submissions/{submission.pk}/"
    client.get(url)
    assert_page_queries(client, url, QUERIES["detail"])
    recommend_case(cast)
    recommend_case(cast)
    services.submission_files_add(
        submission=submission, uploads=[pdf(), pdf("数据报表.pdf")], acting_user=cast.district
    )
    assert_page_queries(client, url, QUERIES["detail"])


QUERIES = {"list": 14, "detail": 15, "api-list": 5}


def test_the_district_home_shows_its_submission_state_and_the_days_left(cast, as_user, on_time):
    page = as_user(cast.district).get("/").content.decode()
    assert 'id="home-submission"' in page and 'id="home-submission-countdown"' in page
    assert "还剩 10 天" in page


def test_the_district_home_shows_the_return_comment(cast, as_user, on_time):
    submission = draft_submission(cast)
    DistrictSubmission.objects.filter(pk=submission.pk).update(state="returned", return_comment="请补充培训数据")
    page = as_user(cast.district).get("/").content.decode()
    assert "请补充培训数据" in page


def test_the_regulator_home_counts_submitted_approved_and_missing(cast, as_user, on_time):
    draft_submission(cast)
    DistrictSubmission.objects.update(state="approved")
    page = as_user(cast.regulator).get("/").content.decode()
    assert 'id="home-submissions"' in page
    assert "1 个已报送，1 个已通过，1 个未报送" in page


def test_the_menu_leads_the_district_and_the_regulator_to_the_submissions_but_not_the_bureau(cast, as_user):
    assert "/submissions/mine/" in as_user(cast.district).get("/").content.decode()
    assert 'href="/submissions/"' in as_user(cast.regulator).get("/").content.decode()
    assert "/submissions/mine/" not in as_user(cast.bureau).get("/").content.decode()


def test_uploading_to_a_submission_approved_meanwhile_says_it_is_locked(cast, as_user, on_time):
    submission = draft_submission(cast)
    DistrictSubmission.objects.filter(pk=submission.pk).update(state="approved")
    response = as_user(cast.district).post(f"/submissions/{submission.pk}/files/", {"version": 1, "files": [pdf()]})
    assert response.status_code == 400
    assert "锁定" in response.content.decode()
    assert submission.files.count() == 1


def test_the_api_list_costs_a_fixed_number_of_queries(cast, api, on_time):
    from tests.queries import exact_queries

    client = api(cast.regulator)
    draft_submission(cast)
    client.get("/api/v1/district-submissions/")
    with exact_queries(QUERIES["api-list"], "api list"):
        assert client.get("/api/v1/district-submissions/").status_code == 200
    more_districts(cast, 6)
    with exact_queries(QUERIES["api-list"], "api list"):
        response = client.get("/api/v1/district-submissions/")
    rows = response.data["results"] if isinstance(response.data, dict) else response.data
    assert len(rows) == 7


def test_a_note_sent_to_a_submission_approved_meanwhile_is_refused_and_the_typed_note_is_kept_on_the_page(
    cast, as_user, on_time
):
    submission = draft_submission(cast)
    client = as_user(cast.district)
    client.get(f"/submissions/{submission.pk}/")
    # the regulator approves while the district is still typing
    DistrictSubmission.objects.filter(pk=submission.pk).update(state="approved")
    typed = "补充说明：第三季度的培训数据见附件二"
    response = client.post(f"/submissions/{submission.pk}/note/", {"version": submission.version, "note": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert "该报送已审核通过并锁定，不能修改。" in page
    assert "data-kept-text" in page and typed in page
    submission.refresh_from_db()
    assert submission.note == ""


def test_the_regulator_unlocks_an_approved_submission_with_a_reason_and_the_page_counts_the_unlocks(
    cast, as_user, on_time
):
    submission = draft_submission(cast)
    DistrictSubmission.objects.filter(pk=submission.pk).update(state="approved")
    client = as_user(cast.regulator)
    url = f"/submissions/{submission.pk}/"
    page = client.get(url).content.decode()
    assert 'id="unlock-submission"' in page and "已解锁 0 次" in page
    response = client.post(f"{url}unlock/", {"version": submission.version, "reason": "培训人次统计有误，需更正"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.state == SubmissionState.RETURNED and submission.unlock_count == 1
    assert submission.return_comment == "培训人次统计有误，需更正"
    page = client.get(url).content.decode()
    assert "已解锁 1 次" in page and 'id="unlock-submission"' not in page
    assert "已解锁 1 次" in as_user(cast.district).get(url).content.decode()


def test_unlocking_without_a_reason_a_submission_changed_meanwhile_is_refused_with_every_error_at_once(
    cast, as_user, on_time
):
    submission = draft_submission(cast)
    DistrictSubmission.objects.filter(pk=submission.pk).update(state="approved", version=2)
    response = as_user(cast.regulator).post(f"/submissions/{submission.pk}/unlock/", {"version": 1, "reason": " "})
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写解锁已通过报送的理由。" in page
    assert "已被修改，请刷新后再审核。" in page
    submission.refresh_from_db()
    assert submission.state == SubmissionState.APPROVED and submission.unlock_count == 0
