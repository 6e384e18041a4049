"""/api/v1/campaigns/: each tenant's campaigns with the calendar as data; the current phases in Asia/Shanghai."""

import pytest
import time_machine

from campaign.calendars import TIANJIN_2023_DEADLINES, TIANJIN_2023_PHASES
from campaign.services import campaign_create
from tests.campaign.queries import QUERIES
from tests.queries import assert_page_queries

ROLES = ["regulator", "district", "bureau", "cb_manager", "expert", "enterprise", "reviewer"]


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_its_own_campaign_and_never_the_foreign_one(role, api, cast, foreign):
    client = api(cast.users()[role])

    listing = client.get("/api/v1/campaigns/")
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [cast.campaign.pk]
    assert client.get(f"/api/v1/campaigns/{cast.campaign.pk}/").status_code == 200
    assert client.get(f"/api/v1/campaigns/{foreign.campaign.pk}/").status_code == 404


def test_foreign_campaign_is_answered_like_a_missing_one(api, cast, foreign):
    client = api(cast.regulator)

    foreign_answer = client.get(f"/api/v1/campaigns/{foreign.campaign.pk}/")
    missing_answer = client.get("/api/v1/campaigns/999999/")

    assert foreign_answer.status_code == missing_answer.status_code == 404
    assert foreign_answer.json() == missing_answer.json()


def test_detail_shows_the_notice_calendar(api, cast):
    body = api(cast.district).get(f"/api/v1/campaigns/{cast.campaign.pk}/").json()

    assert body["year"] == 2023
    assert body["document_number"] == "津质认联〔2023〕2号"
    assert body["starts_on"] == "2023-05-09"
    assert body["ends_on"] == "2023-12-31"
    phases = {row["kind"]: (row["starts_on"], row["ends_on"]) for row in body["phases"]}
    assert phases["deployment"] == ("2023-05-09", "2023-05-31")
    assert phases["summary"] == ("2023-11-01", "2023-12-31")
    assert all(row["kind_label"] for row in body["phases"])
    deadlines = {row["kind"]: row["due_on"] for row in body["deadlines"]}
    assert deadlines["kickoff"] == "2023-05-31"
    assert deadlines["district_submission"] == "2023-11-30"  # 五(一)
    assert all(row["label"] for row in body["deadlines"])


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2023-05-20 10:00 +08:00", ["deployment", "assistance"]),
        ("2023-08-15 10:00 +08:00", ["assistance", "supervision", "midterm"]),
        # 23:30 UTC on 31 May is already 1 June in Tianjin: deployment is over, supervision has begun.
        ("2023-05-31 23:30 +00:00", ["assistance", "supervision"]),
        ("2024-01-05 10:00 +08:00", []),
    ],
)
def test_current_phases_follow_the_date_in_asia_shanghai(moment, expected, api, cast):
    with time_machine.travel(moment, tick=False):
        body = api(cast.regulator).get("/api/v1/campaigns/").json()

    assert body["results"][0]["current_phases"] == expected


def test_campaign_list_costs_the_baseline_queries_for_one_and_for_many_campaigns(api, cast):
    url = "/api/v1/campaigns/"

    def rows_at_baseline_cost():
        # A fresh client and user each time, so the scope lookup is counted every time.
        return assert_page_queries(api(cast.regulator), url, QUERIES[url]).json()["count"]

    small_rows = rows_at_baseline_cost()
    for year in range(2024, 2030):
        campaign_create(
            tenant=cast.tenant,
            year=year,
            title=f"{year}年提升行动",
            document_number="",
            phases={
                kind: (start.replace(year=year), end.replace(year=year))
                for kind, (start, end) in TIANJIN_2023_PHASES.items()
            },
            deadlines={kind: due.replace(year=year) for kind, due in TIANJIN_2023_DEADLINES.items()},
        )
    large_rows = rows_at_baseline_cost()

    assert (small_rows, large_rows) == (1, 7)


def test_campaigns_are_read_only(api, cast):
    client = api(cast.regulator)

    assert client.post("/api/v1/campaigns/", {"year": 2030}, format="json").status_code == 405
    assert client.patch(f"/api/v1/campaigns/{cast.campaign.pk}/", {"title": "x"}, format="json").status_code == 405
    assert client.delete(f"/api/v1/campaigns/{cast.campaign.pk}/").status_code == 405
