"""The mid-term pages and endpoints cost a fixed number of queries, at 50 and at several hundred enrolments
(STYLE.md §10; tests/queries.py)."""

import uuid
from datetime import date

import pytest

from evaluation.selectors.figures import FIGURE_QUERIES
from evaluation.services.midterm import meeting_record, next_step_add, snapshot_take
from tests.domain import populate_domain
from tests.evaluation.test_figures import _enrol
from tests.queries import assert_page_queries

# Signed-in page or endpoint → its exact number of queries (the same at any size).
QUERIES = {
    ("regulator", "midterm"): 13 + FIGURE_QUERIES,  # the live figures among them
    ("regulator", "snapshot"): 9,
    ("district", "snapshot"): 9,
    ("regulator", "meeting"): 10,
    ("district", "next-steps"): 11,
    ("regulator", "api-snapshots"): 8,
    ("regulator", "api-snapshot"): 7,
    ("regulator", "api-next-steps"): 8,
}


@pytest.fixture
def world(cast):
    populate_domain(cast)
    cast.snapshot, _ = snapshot_take(campaign=cast.campaign, token=uuid.uuid4(), acting_user=cast.regulator)
    cast.meeting = meeting_record(
        campaign=cast.campaign, held_on=date(2023, 8, 25), place="会议室", attendance=30, acting_user=cast.regulator
    )
    return cast


def _add(cast, start, count):
    """``count`` more enrolments in both districts and next steps for 滨海新区, and one more snapshot."""
    for n in range(start, start + count):
        _enrol(cast, n, cast.district_unit if n % 2 else cast.other_district_unit, "assigned", cast.expert_profile)
        next_step_add(
            meeting=cast.meeting,
            what=f"事项{n}",
            owner_kind="member_unit",
            member_unit=cast.district_unit,
            due_on=date(2023, 9, 30),
            acting_user=cast.regulator,
        )
    snapshot_take(campaign=cast.campaign, token=uuid.uuid4(), acting_user=cast.regulator)


def _urls(cast):
    return {
        "midterm": f"/evaluation/midterm/?campaign={cast.campaign.pk}",
        "snapshot": f"/evaluation/snapshots/{cast.snapshot.pk}/",
        "meeting": f"/evaluation/meetings/{cast.meeting.pk}/",
        "next-steps": "/evaluation/next-steps/",
        "api-snapshots": "/api/v1/midterm-snapshots/",
        "api-snapshot": f"/api/v1/midterm-snapshots/{cast.snapshot.pk}/",
        "api-next-steps": "/api/v1/next-steps/",
    }


def test_midterm_pages_cost_the_same_queries_at_50_and_at_300_enrolments(world, client):
    users = {"regulator": world.regulator, "district": world.district}
    urls = _urls(world)
    for more in (50, 250):  # 50 enrolments and steps, then 300
        _add(world, 1000 + more, more)
        for (role, name), expected in QUERIES.items():
            client.force_login(users[role])
            assert_page_queries(client, urls[name], expected)
