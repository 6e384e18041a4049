"""The dashboards' data (evaluation.selectors.dashboards): the figures are the figures selector's own, a district's
are computed for that district only, and each dashboard costs a fixed number of queries at 50 and at 400 rows."""

from evaluation.selectors.dashboards import (
    BODY_DASHBOARD_QUERIES,
    CITY_DASHBOARD_QUERIES,
    DISTRICT_DASHBOARD_QUERIES,
    body_dashboard,
    city_dashboard,
    district_dashboard,
)
from evaluation.selectors.figures import city_figures
from tests.evaluation.test_figures import MIDTERM, _enrol, data  # noqa: F401  (the hand-built data set)
from tests.queries import exact_queries


def test_district_dashboard_figures_equal_the_district_line_of_the_city_figures(data):  # noqa: F811
    city = city_figures(data.campaign, MIDTERM)
    board = district_dashboard(data.campaign, data.district_unit.pk, MIDTERM)
    line = city.district(data.district_unit.pk)
    for key, value in line.items():
        assert board["figures"][key] == value, key
    assert board["scope"] == {"kind": "district", "id": data.district_unit.pk, "name": data.district_unit.name}
    assert board["compliance"]["trainings"]["compliant"] is True
    assert board["compliance"]["kickoff"]["standing"] == "held"
    assert sum(week["visits"] for week in board["activity"]["visits"]) == line["visits"]
    assert sum(week["count"] for week in board["activity"]["trainings"]) == line["training_totals"]["count"]
    assert board["timeline"]["today"] == "2023-08-20"
    assert board["next_due"]["due_on"] >= "2023-08-20"


def test_other_district_lags_against_the_city_median_on_its_own_dashboard(data):  # noqa: F811
    city = city_figures(data.campaign, MIDTERM)
    board = district_dashboard(data.campaign, data.other_district_unit.pk, MIDTERM)
    assert board["figures"]["lagging"] == city.district(data.other_district_unit.pk)["lagging"]
    assert "below_median" in board["figures"]["lagging"]


def test_body_dashboard_figures_equal_the_body_line_of_the_city_figures(data):  # noqa: F811
    city = city_figures(data.campaign, MIDTERM)
    board = body_dashboard(data.campaign, data.body, MIDTERM)
    for key, value in city.body(data.body.pk).items():
        assert board["figures"][key] == value, key


def test_city_dashboard_carries_every_district_and_the_laggards(data):  # noqa: F811
    city = city_figures(data.campaign, MIDTERM)
    board = city_dashboard(data.campaign, MIDTERM)
    assert board["figures"] == city.city
    assert board["districts"] == city.districts
    assert board["lagging_districts"] == city.lagging_districts
    assert board["outcomes"]["metrics"]["revenue"].keys() == {"reported", "before", "after", "change"}


def test_a_district_of_another_tenant_has_no_dashboard(data, foreign):  # noqa: F811
    assert district_dashboard(data.campaign, foreign.district_unit.pk, MIDTERM) == {}
    assert district_dashboard(data.campaign, data.bureau_unit.pk, MIDTERM) == {}  # a bureau is no district
    assert district_dashboard(data.campaign, 0, MIDTERM) == {}
    assert body_dashboard(data.campaign, foreign.body, MIDTERM) == {}


def test_dashboards_cost_the_same_queries_at_50_and_at_400_enrolments(data):  # noqa: F811
    for n in range(100, 146):
        _enrol(data, n, data.district_unit, "operating", data.expert_profile)

    def measure(label):
        with exact_queries(DISTRICT_DASHBOARD_QUERIES, f"district dashboard {label}"):
            district_dashboard(data.campaign, data.district_unit.pk, MIDTERM)
        with exact_queries(CITY_DASHBOARD_QUERIES, f"city dashboard {label}"):
            city_dashboard(data.campaign, MIDTERM)
        with exact_queries(BODY_DASHBOARD_QUERIES, f"body dashboard {label}"):
            body_dashboard(data.campaign, data.body, MIDTERM)

    measure("at 50")
    for n in range(200, 550):
        _enrol(data, n, data.other_district_unit if n % 2 else data.district_unit, "assigned", data.auditor)
    measure("at 400")


def test_a_district_screen_reads_its_own_kickoff_and_summary_submission(data):  # noqa: F811
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from campaign.models import KickoffMeeting
    from submissions.models import DistrictSubmission, SubmissionState

    submitted_at = datetime(2023, 8, 18, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    DistrictSubmission.objects.create(
        campaign=data.campaign,
        member_unit=data.district_unit,
        state=SubmissionState.SUBMITTED,
        submitted_at=submitted_at,
    )
    held = KickoffMeeting.objects.get(campaign=data.campaign, member_unit=data.district_unit).held_on

    own = district_dashboard(data.campaign, data.district_unit.pk, MIDTERM)["compliance"]
    assert own["kickoff"]["held_on"] == held.isoformat()
    assert own["submission"]["state"] == "submitted"
    assert datetime.fromisoformat(own["submission"]["submitted_at"]) == submitted_at

    # The other district has neither: its own row, not the first district's.
    other = district_dashboard(data.campaign, data.other_district_unit.pk, MIDTERM)["compliance"]
    assert other["submission"] is None
    assert other["kickoff"]["held_on"] is None
    assert other["kickoff"]["standing"] != "held"
