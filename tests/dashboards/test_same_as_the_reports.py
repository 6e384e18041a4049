"""One computation behind the dashboards and the reports (issue 12: "the figures equal those of the API and of the
district's report"): what a district's dashboard serves equals what its 总结评估报告, its 中期评估报告's live
figures and its 数据汇总 are made from, for the same day."""

import json

import pytest
from django.core.serializers.json import DjangoJSONEncoder

from campaign.selectors import today_local
from reporting.kinds import ReportScope, kind
from tests.domain import populate_domain

DISTRICT = "/api/v1/dashboards/district/{}/"
CITY = "/api/v1/dashboards/city/"
SHARED = ("enrolments", "assisted", "funnel", "visits", "trainings", "training_totals", "problems", "cases",
          "complaints", "rectifications")  # fmt: skip


def _plain(data):
    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))


@pytest.fixture
def world(cast):
    populate_domain(cast)
    return cast


def test_a_districts_dashboard_and_its_final_report_show_the_same_figures(world, api):
    dashboard = api(world.district).get(DISTRICT.format(world.district_unit.pk)).json()["figures"]
    report = _plain(
        kind("final").gather(ReportScope(campaign=world.campaign, district=world.district_unit), today_local())
    )["main"]
    assert dashboard["enrolments"] >= 1
    for key in SHARED:
        assert dashboard[key] == report[key], key


def test_the_city_dashboard_and_the_city_reports_show_the_same_lines(world, api):
    city = api(world.regulator).get(CITY).json()
    final = _plain(kind("final").gather(ReportScope(campaign=world.campaign), today_local()))
    assert [row["id"] for row in city["districts"]] == [row["id"] for row in final["districts"]]
    for served, printed in zip(city["districts"], final["districts"], strict=True):
        for key in SHARED:
            assert served[key] == printed[key], (served["name"], key)
    for key in SHARED:
        assert city["figures"][key] == final["main"][key], key
