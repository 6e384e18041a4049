"""Each role lands on its own home page: the current campaign, its phase, what to do next and by when (real data)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils.html import escape
from django.utils.translation import gettext as _

from campaign.models import Campaign, DeadlineKind, KickoffMeeting, PhaseKind

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day):
    return time_machine.travel(datetime(year, month, day, 10, tzinfo=SHANGHAI), tick=False)


def _home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def _hold_kickoff(cast, unit, held_on):
    return KickoffMeeting.objects.create(
        campaign=cast.campaign,
        member_unit=unit,
        held_on=held_on,
        place="区政府会议室",
        attendance=40,
        recorded_by=cast.regulator,
    )


def test_district_home_shows_the_open_kickoff_task_in_may(client, cast):
    with at(2023, 5, 15):
        response = _home(client, cast.district)
    agenda = response.context["agenda"]
    kickoff = agenda.tasks[0]
    assert kickoff.title == DeadlineKind.KICKOFF.label
    assert (kickoff.state, kickoff.due_on, kickoff.days_left) == ("open", date(2023, 5, 31), 16)
    content = response.content.decode()
    assert cast.campaign.title in content
    assert cast.campaign.document_number in content
    assert "2023年5月31日" in content
    assert f"/campaign/campaigns/{cast.campaign.pk}/kickoff/new/" in content
    assert [p.kind for p in agenda.current_phases] == [PhaseKind.DEPLOYMENT, PhaseKind.ASSISTANCE]


def test_district_home_flags_the_kickoff_overdue_after_the_deadline(client, cast):
    with at(2023, 6, 15):
        response = _home(client, cast.district)
    kickoff = response.context["agenda"].tasks[0]
    assert kickoff.state == "overdue"
    assert "portal-task-overdue" in response.content.decode()
    assert "portal-state-overdue" in response.content.decode()


def test_district_home_shows_its_kickoff_done_once_recorded(client, cast):
    _hold_kickoff(cast, cast.district_unit, date(2023, 5, 20))
    with at(2023, 6, 15):
        response = _home(client, cast.district)
    assert response.context["agenda"].tasks[-1].state == "done"
    assert response.context["own_kickoff"].kickoff is not None
    assert "2023年5月20日" in response.content.decode()


def test_regulator_home_lists_member_units_without_kickoff_as_overdue_and_late_ones(client, cast):
    _hold_kickoff(cast, cast.district_unit, date(2023, 5, 20))
    _hold_kickoff(cast, cast.other_district_unit, date(2023, 6, 5))  # after 31 May: late
    with at(2023, 6, 15):
        response = _home(client, cast.regulator)
    agenda = response.context["agenda"]
    assert [row.member_unit for row in agenda.kickoffs_missing] == [cast.bureau_unit]
    assert [row.member_unit for row in agenda.kickoffs_late] == [cast.other_district_unit]
    assert agenda.kickoffs_missing[0].is_overdue
    content = response.content.decode()
    assert cast.bureau_unit.name in content
    assert escape(_("Held late")) in content
    assert "portal-state-overdue" in content
    assert [p.kind for p in agenda.current_phases] == [PhaseKind.ASSISTANCE, PhaseKind.SUPERVISION]


def test_regulator_home_shows_the_phase_calendar_with_past_current_and_upcoming(client, cast):
    with at(2023, 8, 10):
        response = _home(client, cast.regulator)
    states = {row.phase.kind: row.state for row in response.context["agenda"].calendar}
    assert states[PhaseKind.DEPLOYMENT] == "past"
    assert states[PhaseKind.MIDTERM] == "current"
    assert states[PhaseKind.SUMMARY] == "upcoming"
    content = response.content.decode()
    for state in ("past", "current", "upcoming"):
        assert f"portal-state-{state}" in content


@pytest.mark.parametrize("role", ["bureau", "cb_manager", "expert", "enterprise", "reviewer"])
def test_every_other_role_gets_a_home_page_with_its_tasks(client, cast, role):
    with at(2023, 11, 10):
        response = _home(client, cast.users()[role])
    assert cast.campaign.title in response.content.decode()
    assert response.context["agenda"].campaign == cast.campaign


def test_expert_sees_the_enterprise_summary_deadline_in_november(client, cast):
    with at(2023, 11, 10):
        response = _home(client, cast.expert)
    titles = [task.title for task in response.context["agenda"].tasks]
    assert DeadlineKind.ENTERPRISE_SUMMARY.label in titles
    assert DeadlineKind.KICKOFF.label not in titles


def test_home_says_so_when_there_is_no_campaign(client, cast):
    KickoffMeeting.objects.all().delete()
    Campaign.objects.all().delete()
    response = _home(client, cast.regulator)
    assert response.context["campaign"] is None
    assert (
        escape(
            _(
                "There is no campaign yet. Once the regulator sets up a campaign, its calendar and your tasks appear here."
            )
        )
        in response.content.decode()
    )


def test_navigation_shows_the_role_and_organisation(client, cast):
    response = _home(client, cast.district)
    content = response.content.decode()
    assert cast.district_unit.organisation.name in content
    assert "/campaign/kickoffs/" in content
    assert "/campaign/member-units/" not in content  # the regulator's menu entry
