"""A finished campaign takes no writes (DESIGN.md §5: phases gate actions): once its last phase has ended, nothing is
written into it — nominations, screenings, transitions, roster imports, kickoffs, trainings, work records, outputs —
unless the regulator reopens it, with a reason, until a given day (campaign.policy.campaign_write_refusal)."""

from datetime import date, time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assistance.models import Training, Visit
from assistance.services.trainings import training_record
from assistance.services.visits import visit_log
from campaign.models import Campaign, KickoffMeeting
from campaign.policy import campaign_write_refusal
from campaign.services import campaign_reopen, kickoff_record
from enterprises.models import Enrolment, EnrolmentState, EnrolmentTransition, OutcomeFigures
from enterprises.services.enrolments import enrolment_advance, enrolment_nominate
from enterprises.services.outcomes import outcome_save
from tests.domain import populate_domain

AFTER_2023 = date(2024, 3, 1)


@pytest.fixture
def finished(cast):
    """The cast's 2023 campaign as it really is on the real today: ended, not reopened."""
    Campaign.objects.filter(pk=cast.campaign.pk).update(reopened_until=None, reopened_reason="")
    cast.campaign.refresh_from_db()
    return cast.campaign


def test_a_campaign_takes_writes_until_its_last_phase_ends_and_not_after(finished):
    assert campaign_write_refusal(finished, date(2023, 12, 31)) is None
    assert campaign_write_refusal(finished, date(2024, 1, 1))


def test_a_reopened_campaign_takes_writes_until_the_day_it_was_reopened_to(finished):
    finished.reopened_until = date(2024, 3, 31)
    assert campaign_write_refusal(finished, date(2024, 3, 31)) is None
    assert campaign_write_refusal(finished, date(2024, 4, 1))


def test_nothing_is_nominated_into_a_finished_campaign(cast, finished):
    with pytest.raises(ValidationError) as error:
        enrolment_nominate(enterprise=cast.enterprise, campaign=finished, acting_user=cast.district)
    assert error.value.code == "campaign_finished"
    assert not Enrolment.objects.filter(campaign=finished).exists()


def test_no_transition_is_made_in_a_finished_campaign(cast):
    domain = populate_domain(cast)
    Campaign.objects.filter(pk=cast.campaign.pk).update(reopened_until=None)
    with pytest.raises(ValidationError):
        enrolment_advance(
            enrolment=domain.other_enrolment, to="withdrawn", acting_user=cast.other_district, reason="退出"
        )
    assert Enrolment.objects.get(pk=domain.other_enrolment.pk).state == EnrolmentState.NOMINATED
    assert not EnrolmentTransition.objects.filter(enrolment=domain.other_enrolment).exists()


def test_no_visit_figure_or_training_is_recorded_in_a_finished_campaign(cast):
    domain = populate_domain(cast)
    Campaign.objects.filter(pk=cast.campaign.pk).update(reopened_until=None)
    visits, trainings = Visit.objects.count(), Training.objects.count()
    enrolment = Enrolment.objects.get(pk=domain.enrolment.pk)
    with pytest.raises(ValidationError):
        visit_log(
            enrolment=enrolment,
            kind="survey",
            visited_on=date(2023, 8, 10),
            starts_at=time(9),
            ends_at=time(11),
            acting_user=cast.expert,
        )
    with pytest.raises(ValidationError):
        outcome_save(
            enrolment=enrolment,
            figures={"revenue_end": Decimal("99999")},
            expected_version=domain.outcome.version,
            acting_user=cast.enterprise_user,
        )
    with pytest.raises(ValidationError):
        training_record(
            campaign=Campaign.objects.get(pk=cast.campaign.pk),
            kind="centralised",
            district=cast.district_unit,
            topic="质量管理体系基础",
            held_on=date(2023, 7, 1),
            person_times=30,
            acting_user=cast.district,
        )
    assert (Visit.objects.count(), Training.objects.count()) == (visits, trainings)
    assert OutcomeFigures.objects.get(enrolment=enrolment).revenue_end is None


def test_no_kickoff_is_recorded_in_a_finished_campaign(cast, finished):
    with pytest.raises(ValidationError):
        kickoff_record(
            campaign=finished,
            member_unit=cast.district_unit,
            held_on=date(2023, 5, 20),
            place="区政府会议室",
            attendance=40,
            acting_user=cast.district,
        )
    assert not KickoffMeeting.objects.filter(campaign=finished).exists()


def test_the_regulator_reopens_a_finished_campaign_with_a_reason_kept_in_its_history(cast, finished):
    until = date(2999, 1, 31)
    campaign = campaign_reopen(
        campaign=finished, until=until, reason="补录滨海新区退出记录", expected_version=finished.version,
        acting_user=cast.regulator,
    )  # fmt: skip
    stored = Campaign.objects.get(pk=finished.pk)
    assert (stored.reopened_until, stored.reopened_reason) == (until, "补录滨海新区退出记录")
    latest = campaign.history.first()
    assert (latest.history_user, latest.history_change_reason) == (cast.regulator, "补录滨海新区退出记录")
    enrolment_nominate(enterprise=cast.enterprise, campaign=stored, acting_user=cast.district)
    assert Enrolment.objects.filter(campaign=finished).count() == 1


def test_reopening_needs_a_reason_and_a_day_after_the_campaign(cast, finished):
    with pytest.raises(ValidationError) as error:
        campaign_reopen(
            campaign=finished, until=date(2023, 12, 1), reason="", expected_version=finished.version,
            acting_user=cast.regulator,
        )  # fmt: skip
    assert "reason" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        campaign_reopen(
            campaign=finished, until=date(2023, 12, 1), reason="补录", expected_version=finished.version,
            acting_user=cast.regulator,
        )  # fmt: skip
    assert "until" in error.value.message_dict
    assert Campaign.objects.get(pk=finished.pk).reopened_until is None


@pytest.mark.parametrize("role", ["district", "cb_manager", "expert", "enterprise_user"])
def test_only_the_regulator_reopens_a_campaign(cast, finished, role):
    with pytest.raises(PermissionDenied):
        campaign_reopen(
            campaign=finished, until=date(2999, 1, 31), reason="补录", expected_version=finished.version,
            acting_user=getattr(cast, role),
        )  # fmt: skip
    assert Campaign.objects.get(pk=finished.pk).reopened_until is None


def test_the_regulator_reopens_the_campaign_from_its_page(cast, finished, as_user):
    client = as_user(cast.regulator)
    detail = client.get(f"/campaign/campaigns/{finished.pk}/").content.decode()
    assert f"/campaign/campaigns/{finished.pk}/reopen/" in detail
    response = client.post(
        f"/campaign/campaigns/{finished.pk}/reopen/",
        {"until": "2999-01-31", "reason": "补录滨海新区退出记录", "version": finished.version},
    )
    assert response.status_code == 302
    assert Campaign.objects.get(pk=finished.pk).reopened_until == date(2999, 1, 31)
