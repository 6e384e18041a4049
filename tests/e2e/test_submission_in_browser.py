"""The district submission in a browser (五(一), R10): 滨海新区 submits, the regulator returns it with a comment, the
district sees the comment and resubmits, the regulator approves and the submission is locked — the district's edit
controls are gone."""

import pytest

from campaign.models import Campaign
from enterprises.models import Case, Enrolment
from submissions.models import DistrictSubmission, SubmissionState
from tests.e2e.conftest import SCREENSHOTS, menu_click_url

pytestmark = pytest.mark.e2e
DEMO_PASSWORD = "uplift-demo-2023"
COMMENT = "请补充集中培训签到表，并核对培训人次。"


def _log_in(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def _binhai_has_a_recommended_case(submission):
    cases = Case.objects.filter(
        enrolment__campaign=submission.campaign,
        enrolment__enterprise__district=submission.member_unit,
        state__in=["recommended", "scored", "selected", "not_selected"],
    )
    if cases.exists():
        return
    enrolment = Enrolment.objects.filter(
        campaign=submission.campaign, enterprise__district=submission.member_unit
    ).first()
    Case.objects.create(
        enrolment=enrolment,
        title="来料检验把关降低不良率",
        body="……",
        state="recommended",
        created_by=submission.submitted_by or submission.files.first().uploaded_by,
    )


def test_district_submits_regulator_returns_district_resubmits_regulator_approves_and_it_is_locked(
    demo, live_server, page_factory
):
    current = Campaign.objects.filter(tenant__name="天津市").order_by("-year").first()
    submission = DistrictSubmission.objects.get(campaign=current, member_unit__name="滨海新区")
    _binhai_has_a_recommended_case(submission)
    url = f"{live_server.url}/submissions/{submission.pk}/"

    district = page_factory(viewport={"width": 1280, "height": 900})
    _log_in(district, live_server, "district-binhai")
    menu_click_url(district, "/submissions/mine/")
    district.wait_for_url(url)
    assert "滨海新区" in district.inner_text("h1")
    district.click("#submit-submission")
    district.wait_for_selector("#submission-state .portal-state-submitted")
    assert district.locator("#submit-submission").count() == 0

    regulator = page_factory(viewport={"width": 1280, "height": 900})
    _log_in(regulator, live_server, "regulator")
    regulator.goto(f"{live_server.url}/submissions/")
    regulator.click(f"tr[data-district='滨海新区'] a[href='/submissions/{submission.pk}/']")
    regulator.wait_for_url(url)
    regulator.click("#return-submission")  # without a comment: refused, said at the field
    regulator.wait_for_selector("textarea[name=comment].is-invalid")
    regulator.fill("textarea[name=comment]", COMMENT)
    regulator.click("#return-submission")
    regulator.wait_for_selector("#submission-state .portal-state-returned")

    district.goto(url)
    assert COMMENT in district.inner_text("#return-comment")
    district.click("#submit-submission")
    district.wait_for_selector("#submission-state .portal-state-submitted")

    regulator.goto(url)
    regulator.click("#approve-submission")
    regulator.wait_for_selector("#locked-notice")
    assert regulator.locator("#unlock-submission").count() == 1
    assert regulator.csp_violations == []

    district.goto(url)
    district.wait_for_selector("#locked-notice")
    for control in ("#submit-submission", "#upload-files", "#save-note", "#submission-files form"):
        assert district.locator(control).count() == 0, f"{control} is still offered on a locked submission"
    assert district.csp_violations == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    district.screenshot(path=str(SCREENSHOTS / "submission-locked-district.png"), full_page=True)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.APPROVED
    assert list(submission.events.values_list("kind", flat=True)) == [
        "submitted",
        "returned",
        "submitted",
        "approved",
    ]
