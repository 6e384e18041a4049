"""Member units, and the exact query count of every list page at 2 and at 20 rows (tests/campaign/queries.py)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from campaign.models import Campaign
from campaign.services import campaign_clone
from tests.campaign.queries import QUERIES
from tests.queries import assert_page_queries

LIST_PAGES = ["/", "/campaign/campaigns/", "/campaign/member-units/", "/campaign/kickoffs/"]


def test_regulator_sees_all_member_units_with_flags_and_kickoff_status(as_user, cast, foreign, add_units):
    add_units(3)
    response = as_user(cast.regulator).get("/campaign/member-units/")
    content = response.content.decode()
    assert len(response.context["rows"]) == 6
    assert "示范区" in content
    assert "portal-state-held" in content
    assert foreign.district_unit.name not in content


def test_member_unit_sees_only_itself_in_the_member_unit_list(as_user, cast):
    response = as_user(cast.district).get("/campaign/member-units/")
    assert [row.member_unit for row in response.context["rows"]] == [cast.district_unit]


def test_certification_body_sees_member_units_without_kickoff_status(as_user, cast):
    response = as_user(cast.cb_manager).get("/campaign/member-units/")
    assert response.status_code == 200
    assert response.context["show_kickoffs"] is False
    assert "portal-state-" not in response.content.decode()


def _add_campaigns(cast, years):
    for year in years:
        campaign_clone(source=cast.campaign, year=year, document_number="", acting_user=cast.regulator)


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_cost_the_baseline_queries_at_2_and_20_rows(as_user, cast, add_units, url):
    client = as_user(cast.regulator)
    with time_machine.travel(datetime(2023, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        add_units(2)
        _add_campaigns(cast, [2030, 2031])
        assert_page_queries(client, url, QUERIES[url])
        add_units(18, start=200)
        _add_campaigns(cast, range(2032, 2050))
        assert_page_queries(client, url, QUERIES[url])
    assert Campaign.objects.count() == 21


def test_kickoff_detail_costs_the_baseline_queries(as_user, cast, add_units):
    unit = add_units(1)[0]
    kickoff = unit.kickoff_meetings.get()
    client = as_user(cast.regulator)
    assert_page_queries(client, f"/campaign/kickoffs/{kickoff.pk}/", QUERIES["/campaign/kickoffs/<pk>/"])
    add_units(10, start=300)
    assert_page_queries(client, f"/campaign/kickoffs/{kickoff.pk}/", QUERIES["/campaign/kickoffs/<pk>/"])
