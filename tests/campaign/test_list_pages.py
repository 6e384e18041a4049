"""Member units and the query count of every list page, which must not grow with the rows (STYLE.md §10)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from campaign.models import Campaign
from campaign.services import campaign_clone

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


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def _add_campaigns(cast, years):
    for year in years:
        campaign_clone(source=cast.campaign, year=year, document_number="", acting_user=cast.regulator)


@pytest.mark.parametrize("url", LIST_PAGES)
def test_list_pages_cost_the_same_queries_at_2_and_20_rows(as_user, cast, add_units, url):
    client = as_user(cast.regulator)
    with time_machine.travel(datetime(2023, 6, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        add_units(2)
        _add_campaigns(cast, [2030, 2031])
        small = _count(client, url)
        add_units(18, start=200)
        _add_campaigns(cast, range(2032, 2050))
        large = _count(client, url)
    assert Campaign.objects.count() == 21
    assert small == large, f"{url}: {small} queries at 2 rows, {large} at 20"


def test_kickoff_detail_costs_a_fixed_number_of_queries(as_user, cast, add_units):
    unit = add_units(1)[0]
    kickoff = unit.kickoff_meetings.get()
    client = as_user(cast.regulator)
    first = _count(client, f"/campaign/kickoffs/{kickoff.pk}/")
    add_units(10, start=300)
    assert _count(client, f"/campaign/kickoffs/{kickoff.pk}/") == first
