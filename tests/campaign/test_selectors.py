"""The calendar read side: current campaign and phases from today's date in Asia/Shanghai, the home agenda, R9."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from campaign import selectors, services
from campaign.models import DeadlineKind, PhaseKind
from tests.campaign.queries import QUERIES
from tests.factories import KickoffMeetingFactory
from tests.queries import exact_queries

SHANGHAI = ZoneInfo("Asia/Shanghai")


def test_current_phase_comes_from_the_shanghai_date_not_utc(cast):
    # 2023-05-31 17:00 UTC is 1 June 01:00 in Tianjin: deployment is over, supervision has begun.
    with time_machine.travel(datetime(2023, 5, 31, 17, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        today = selectors.today_local()
        kinds = [p.kind for p in selectors.phases_on(cast.campaign, today)]
    assert today == date(2023, 6, 1)
    assert kinds == [PhaseKind.ASSISTANCE, PhaseKind.SUPERVISION]


def test_phases_overlap_in_august(cast):
    kinds = [p.kind for p in selectors.phases_on(cast.campaign, date(2023, 8, 15))]
    assert kinds == [PhaseKind.ASSISTANCE, PhaseKind.SUPERVISION, PhaseKind.MIDTERM]


def test_current_campaign_is_the_one_running_else_the_latest_begun(cast):
    clone = services.campaign_clone(source=cast.campaign, year=2024, document_number="", acting_user=cast.regulator)
    assert selectors.campaign_current(user=cast.regulator, today=date(2023, 9, 1)) == cast.campaign
    assert selectors.campaign_current(user=cast.regulator, today=date(2024, 6, 1)) == clone
    assert selectors.campaign_current(user=cast.regulator, today=date(2024, 2, 1)) == cast.campaign
    assert selectors.campaign_current(user=cast.regulator, today=date(2022, 2, 1)) == cast.campaign


def test_a_tenants_current_campaign_is_the_users_with_its_calendar(cast, foreign, django_assert_num_queries):
    """The dashboards' lookup (tenant_campaign_current) picks what campaign_current picks, on every kind of day, and
    brings the phases and deadlines along; a campaign without phases is still found; another tenant's never."""
    clone = services.campaign_clone(source=cast.campaign, year=2024, document_number="", acting_user=cast.regulator)
    for day in (date(2023, 9, 1), date(2024, 6, 1), date(2024, 2, 1), date(2022, 2, 1), date(2030, 1, 1)):
        expected = selectors.campaign_current(user=cast.regulator, today=day)
        with django_assert_num_queries(2):
            found = selectors.tenant_campaign_current(tenant_id=cast.tenant.pk, today=day)
        assert found == expected
        with django_assert_num_queries(0):
            assert [p.pk for p in found.phases.all()] == [p.pk for p in expected.phases.all()]
            assert [d.pk for d in found.deadlines.all()] == [d.pk for d in expected.deadlines.all()]
            assert found.tenant.name == cast.tenant.name
    assert selectors.tenant_campaign_current(tenant_id=foreign.tenant.pk, today=date(2023, 9, 1)) == foreign.campaign
    clone.phases.all().delete()
    cast.campaign.phases.all().delete()
    with django_assert_num_queries(2):  # a tenant without phases costs no third query
        newest = selectors.tenant_campaign_current(tenant_id=cast.tenant.pk, today=date(2023, 9, 1))
    assert newest == clone and list(newest.phases.all()) == [] and newest.tenant == cast.tenant
    assert selectors.tenant_campaign_current(tenant_id=0, today=date(2023, 9, 1)) is None  # no campaign at all


def test_current_campaign_is_never_a_foreign_one(cast, foreign):
    assert selectors.campaign_current(user=cast.district, today=date(2023, 9, 1)) == cast.campaign
    assert selectors.campaign_current(user=foreign.district, today=date(2023, 9, 1)) == foreign.campaign


def test_district_home_shows_the_kickoff_due_then_overdue(cast):
    before = selectors.home_agenda(user=cast.district, today=date(2023, 5, 20))
    kickoff_task = before.tasks[0]
    assert kickoff_task.title == DeadlineKind.KICKOFF.label
    assert (kickoff_task.state, kickoff_task.due_on, kickoff_task.days_left) == ("open", date(2023, 5, 31), 11)
    after = selectors.home_agenda(user=cast.district, today=date(2023, 6, 2))
    assert after.tasks[0].state == "overdue"


def test_district_home_marks_the_kickoff_done_once_recorded(cast):
    with time_machine.travel(datetime(2023, 5, 20, 9, tzinfo=SHANGHAI), tick=False):
        services.kickoff_record(
            campaign=cast.campaign,
            member_unit=cast.district_unit,
            held_on=date(2023, 5, 18),
            place="区政府",
            attendance=30,
            acting_user=cast.district,
        )
    agenda = selectors.home_agenda(user=cast.district, today=date(2023, 6, 2))
    kickoff_task = next(t for t in agenda.tasks if t.title == DeadlineKind.KICKOFF.label)
    assert kickoff_task.state == "done"


def test_r9_regulator_home_lists_member_units_without_a_kickoff(cast):
    with time_machine.travel(datetime(2023, 6, 10, 9, tzinfo=SHANGHAI), tick=False):
        services.kickoff_record(
            campaign=cast.campaign,
            member_unit=cast.district_unit,
            held_on=date(2023, 6, 5),
            place="区政府",
            attendance=30,
            acting_user=cast.district,
        )
    agenda = selectors.home_agenda(user=cast.regulator, today=date(2023, 6, 10))
    missing = {row.member_unit for row in agenda.kickoffs_missing}
    assert missing == {cast.other_district_unit, cast.bureau_unit}
    assert all(row.is_overdue for row in agenda.kickoffs_missing)
    assert [row.member_unit for row in agenda.kickoffs_late] == [cast.district_unit]
    assert agenda.tasks[0].state == "overdue"


def test_r9_missing_kickoffs_are_not_overdue_during_deployment(cast):
    agenda = selectors.home_agenda(user=cast.regulator, today=date(2023, 5, 15))
    assert agenda.kickoffs_missing and not any(row.is_overdue for row in agenda.kickoffs_missing)


@pytest.mark.parametrize(
    "role, kind",
    [
        ("regulator", DeadlineKind.FINAL_REPORT),
        ("district", DeadlineKind.DISTRICT_SUBMISSION),
        ("cb_manager", DeadlineKind.ASSISTANCE_COMPLETE),
        ("expert", DeadlineKind.ENTERPRISE_SUMMARY),
        ("enterprise", DeadlineKind.ENTERPRISE_SUMMARY),
        ("reviewer", DeadlineKind.CASE_SELECTION),
    ],
)
def test_each_role_sees_its_own_deadlines(cast, role, kind):
    agenda = selectors.home_agenda(user=cast.users()[role], today=date(2023, 10, 1))
    assert kind.label in [t.title for t in agenda.tasks]


def test_enterprise_does_not_see_the_regulators_deadlines(cast):
    agenda = selectors.home_agenda(user=cast.enterprise_user, today=date(2023, 10, 1))
    assert DeadlineKind.FINAL_REPORT.label not in [t.title for t in agenda.tasks]
    assert agenda.kickoffs == []


def _assert_baseline_queries(user, role):
    user = type(user).objects.get(pk=user.pk)  # a fresh user, so the scope lookup is counted each time
    label = f"home_agenda[{role}]"
    with exact_queries(QUERIES[label], label):
        selectors.home_agenda(user=user, today=date(2023, 6, 1))


@pytest.mark.parametrize("role", ["regulator", "district", "expert"])
def test_home_agenda_costs_the_baseline_queries_at_any_size(cast, role):
    user = cast.users()[role]
    KickoffMeetingFactory.create_batch(2, campaign=cast.campaign, recorded_by=cast.regulator)
    _assert_baseline_queries(user, role)
    KickoffMeetingFactory.create_batch(40, campaign=cast.campaign, recorded_by=cast.regulator)
    _assert_baseline_queries(user, role)
