"""Campaign calendar services: the regulator edits dates with a recorded reason; kickoffs follow R9."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from campaign import services
from campaign.models import Campaign, Deadline, DeadlineKind, KickoffMeeting, Phase, PhaseKind
from campaign.policy import KickoffStanding, kickoff_standing
from campaign.selectors import deadline_for
from portal.services import STALE_CODE

SHANGHAI = ZoneInfo("Asia/Shanghai")


def kickoff_is_late(kickoff, deadline):
    """R9 as campaign.policy decides it: held after the kickoff deadline."""
    return kickoff_standing(held_on=kickoff.held_on, due_on=deadline.due_on) is KickoffStanding.HELD_LATE


def _at(*args):
    return time_machine.travel(datetime(*args, tzinfo=SHANGHAI), tick=False)


def test_phase_reschedule_records_who_when_and_why(cast):
    phase = cast.campaign.phases.get(kind=PhaseKind.MIDTERM)
    services.phase_reschedule(
        phase=phase,
        starts_on=date(2023, 8, 7),
        ends_on=date(2023, 9, 8),
        reason="中期推动会改期",
        expected_version=phase.version,
        acting_user=cast.regulator,
    )
    latest = Phase.history.filter(id=phase.pk).latest("history_date")
    assert (latest.starts_on, latest.ends_on) == (date(2023, 8, 7), date(2023, 9, 8))
    assert latest.history_user == cast.regulator
    assert latest.history_change_reason == "中期推动会改期"


def test_phase_reschedule_needs_a_reason(cast):
    phase = cast.campaign.phases.get(kind=PhaseKind.MIDTERM)
    with pytest.raises(ValidationError) as error:
        services.phase_reschedule(
            phase=phase,
            starts_on=date(2023, 8, 7),
            ends_on=date(2023, 9, 8),
            reason=" ",
            expected_version=None,
            acting_user=cast.regulator,
        )
    assert "reason" in error.value.message_dict


def test_phase_cannot_end_before_it_starts_or_leave_its_year(cast):
    phase = cast.campaign.phases.get(kind=PhaseKind.MIDTERM)
    with pytest.raises(ValidationError) as error:
        services.phase_reschedule(
            phase=phase,
            starts_on=date(2023, 9, 1),
            ends_on=date(2023, 8, 1),
            reason="调整",
            expected_version=None,
            acting_user=cast.regulator,
        )
    assert "ends_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.phase_reschedule(
            phase=phase,
            starts_on=date(2023, 9, 1),
            ends_on=date(2024, 1, 5),
            reason="调整",
            expected_version=None,
            acting_user=cast.regulator,
        )
    assert "ends_on" in error.value.message_dict


def test_second_editor_of_the_same_phase_is_told_not_overwritten(cast):
    phase = cast.campaign.phases.get(kind=PhaseKind.MIDTERM)
    seen_version = phase.version
    services.phase_reschedule(
        phase=phase,
        starts_on=date(2023, 8, 2),
        ends_on=date(2023, 8, 30),
        reason="第一人",
        expected_version=seen_version,
        acting_user=cast.regulator,
    )
    with pytest.raises(ValidationError) as error:
        services.phase_reschedule(
            phase=phase,
            starts_on=date(2023, 8, 9),
            ends_on=date(2023, 8, 29),
            reason="第二人",
            expected_version=seen_version,
            acting_user=cast.regulator,
        )
    assert error.value.code == STALE_CODE
    phase.refresh_from_db()
    assert phase.starts_on == date(2023, 8, 2)


def test_deadline_extension_keeps_the_reason_in_history(cast):
    deadline = cast.campaign.deadlines.get(kind=DeadlineKind.DISTRICT_SUBMISSION)
    services.deadline_move(
        deadline=deadline,
        due_on=date(2023, 12, 8),
        reason="各区数据汇总延期一周",
        expected_version=deadline.version,
        acting_user=cast.regulator,
    )
    deadline.refresh_from_db()
    assert deadline.due_on == date(2023, 12, 8)
    history = list(Deadline.history.filter(id=deadline.pk).order_by("history_date"))
    assert [h.due_on for h in history] == [date(2023, 11, 30), date(2023, 12, 8)]
    assert history[-1].history_change_reason == "各区数据汇总延期一周"


@pytest.mark.parametrize(
    ("due_on", "bound"),
    [(date(2023, 5, 8), "2023年5月9日"), (date(2023, 1, 2), "2023年5月9日")],
)
def test_a_deadline_cannot_be_moved_before_the_campaign_starts_or_after_it_ends(cast, due_on, bound):
    deadline = cast.campaign.deadlines.get(kind=DeadlineKind.KICKOFF)
    with pytest.raises(ValidationError) as error:
        services.deadline_move(
            deadline=deadline,
            due_on=due_on,
            reason="提前召开",
            expected_version=deadline.version,
            acting_user=cast.regulator,
        )
    assert bound in error.value.message_dict["due_on"][0]
    deadline.refresh_from_db()
    assert (deadline.due_on, deadline.version) == (date(2023, 5, 31), 1)


@pytest.mark.parametrize("role", ["district", "cb_manager", "expert", "enterprise", "reviewer"])
def test_only_the_regulator_edits_the_calendar(cast, role):
    deadline = cast.campaign.deadlines.get(kind=DeadlineKind.DISTRICT_SUBMISSION)
    with pytest.raises(PermissionDenied):
        services.deadline_move(
            deadline=deadline,
            due_on=date(2023, 12, 8),
            reason="延期",
            expected_version=None,
            acting_user=cast.users()[role],
        )


def test_a_foreign_regulator_cannot_edit_another_tenants_calendar(cast, foreign):
    deadline = cast.campaign.deadlines.get(kind=DeadlineKind.DISTRICT_SUBMISSION)
    with pytest.raises(PermissionDenied):
        services.deadline_move(
            deadline=deadline,
            due_on=date(2023, 12, 8),
            reason="延期",
            expected_version=None,
            acting_user=foreign.regulator,
        )


def test_clone_into_a_new_year_shifts_every_date(cast):
    clone = services.campaign_clone(
        source=cast.campaign, year=2026, document_number="津质认联〔2026〕2号", acting_user=cast.regulator
    )
    assert clone.title.startswith("2026年")
    assert clone.cloned_from == cast.campaign
    phases = {p.kind: (p.starts_on, p.ends_on) for p in clone.phases.all()}
    assert phases[PhaseKind.DEPLOYMENT] == (date(2026, 5, 9), date(2026, 5, 31))
    assert phases[PhaseKind.SUMMARY] == (date(2026, 11, 1), date(2026, 12, 31))
    assert deadline_for(clone, DeadlineKind.DISTRICT_SUBMISSION).due_on == date(2026, 11, 30)
    assert clone.deadlines.count() == cast.campaign.deadlines.count()


def test_clone_refuses_a_year_that_exists_or_is_not_later(cast):
    services.campaign_clone(source=cast.campaign, year=2024, document_number="", acting_user=cast.regulator)
    with pytest.raises(ValidationError) as error:
        services.campaign_clone(source=cast.campaign, year=2024, document_number="", acting_user=cast.regulator)
    assert "year" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.campaign_clone(source=cast.campaign, year=2022, document_number="", acting_user=cast.regulator)
    assert Campaign.objects.filter(tenant=cast.tenant).count() == 2


def test_clone_moves_29_february_to_28(cast):
    deadline = cast.campaign.deadlines.get(kind=DeadlineKind.FINAL_REPORT)
    Deadline.objects.filter(pk=deadline.pk).update(due_on=date(2023, 12, 31))
    source = services.campaign_clone(source=cast.campaign, year=2024, document_number="", acting_user=cast.regulator)
    Deadline.objects.filter(campaign=source, kind=DeadlineKind.FINAL_REPORT).update(due_on=date(2024, 2, 29))
    clone = services.campaign_clone(source=source, year=2025, document_number="", acting_user=cast.regulator)
    assert clone.deadlines.get(kind=DeadlineKind.FINAL_REPORT).due_on == date(2025, 2, 28)


# --- R9: kickoff meetings -------------------------------------------------------------------------------------------


def _record(cast, held_on, **extra):
    return services.kickoff_record(
        campaign=cast.campaign,
        member_unit=cast.district_unit,
        held_on=held_on,
        place="滨海新区政务服务中心",
        attendance=60,
        acting_user=cast.district,
        **extra,
    )


def test_r9_member_unit_records_its_own_kickoff(cast):
    with _at(2023, 5, 20, 9):
        kickoff = _record(cast, date(2023, 5, 18))
    assert kickoff.recorded_by == cast.district
    assert not kickoff_is_late(kickoff, deadline_for(cast.campaign, DeadlineKind.KICKOFF))


def test_r9_late_kickoff_is_recorded_and_flagged_late_not_refused(cast):
    with _at(2023, 6, 20, 9):
        kickoff = _record(cast, date(2023, 6, 12))
    assert KickoffMeeting.objects.filter(pk=kickoff.pk).exists()
    assert kickoff_is_late(kickoff, deadline_for(cast.campaign, DeadlineKind.KICKOFF))


def test_r9_kickoff_stops_being_late_when_the_deadline_is_extended(cast):
    with _at(2023, 6, 20, 9):
        kickoff = _record(cast, date(2023, 6, 12))
    deadline = cast.campaign.deadlines.get(kind=DeadlineKind.KICKOFF)
    services.deadline_move(
        deadline=deadline,
        due_on=date(2023, 6, 15),
        reason="疫情延期",
        expected_version=None,
        acting_user=cast.regulator,
    )
    assert not kickoff_is_late(kickoff, Deadline.objects.get(pk=deadline.pk))


def test_r9_kickoff_before_the_campaign_is_refused_at_the_date_field(cast):
    with _at(2023, 6, 20, 9), pytest.raises(ValidationError) as error:
        _record(cast, date(2023, 4, 30))
    assert "held_on" in error.value.message_dict
    assert "2023年5月9日" in error.value.message_dict["held_on"][0]


def test_r9_kickoff_in_the_future_is_refused(cast):
    with _at(2023, 5, 20, 9), pytest.raises(ValidationError) as error:
        _record(cast, date(2023, 5, 21))
    assert "held_on" in error.value.message_dict


def test_r9_future_is_judged_in_shanghai_time(cast):
    # 2023-05-20 17:00 UTC is already 21 May in Tianjin: a kickoff held that morning is not in the future.
    with time_machine.travel(datetime(2023, 5, 20, 17, 0, tzinfo=ZoneInfo("UTC")), tick=False):
        _record(cast, date(2023, 5, 21))


def test_r9_second_kickoff_for_the_same_unit_is_refused_with_a_message(cast):
    with _at(2023, 5, 20, 9):
        _record(cast, date(2023, 5, 18))
        with pytest.raises(ValidationError) as error:
            _record(cast, date(2023, 5, 19))
    assert error.value.code == "duplicate"
    assert KickoffMeeting.objects.count() == 1


@pytest.mark.parametrize("role", ["regulator", "other_district", "bureau", "cb_manager", "expert", "enterprise"])
def test_r9_nobody_records_a_kickoff_for_another_unit(cast, role):
    actor = getattr(cast, role) if role == "other_district" else cast.users()[role]
    with _at(2023, 5, 20, 9), pytest.raises(PermissionDenied):
        services.kickoff_record(
            campaign=cast.campaign,
            member_unit=cast.district_unit,
            held_on=date(2023, 5, 18),
            place="某地",
            attendance=10,
            acting_user=actor,
        )


def test_r9_kickoff_cannot_be_recorded_into_a_foreign_campaign(cast, foreign):
    with _at(2023, 5, 20, 9), pytest.raises(PermissionDenied):
        services.kickoff_record(
            campaign=foreign.campaign,
            member_unit=cast.district_unit,
            held_on=date(2023, 5, 18),
            place="某地",
            attendance=10,
            acting_user=cast.district,
        )


def test_kickoff_update_with_a_stale_version_is_refused(cast):
    with _at(2023, 5, 20, 9):
        kickoff = _record(cast, date(2023, 5, 18))
        services.kickoff_update(
            kickoff=kickoff,
            held_on=date(2023, 5, 18),
            place="新地点",
            attendance=70,
            expected_version=1,
            acting_user=cast.district,
        )
        with pytest.raises(ValidationError) as error:
            services.kickoff_update(
                kickoff=kickoff,
                held_on=date(2023, 5, 18),
                place="另一地点",
                attendance=80,
                expected_version=1,
                acting_user=cast.district,
            )
    assert error.value.code == STALE_CODE
    kickoff.refresh_from_db()
    assert kickoff.place == "新地点"
