"""The mid-term snapshot, meeting and next steps (四(二)): services and pages."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from campaign.models import KickoffMeeting
from enterprises.models import Enrolment
from evaluation.models import MidtermMeeting, MidtermSnapshot, NextStep
from evaluation.selectors.midterm import snapshot_line
from evaluation.services.counts import counts_refresh
from evaluation.services.midterm import (
    meeting_record,
    next_step_add,
    next_step_set_done,
    snapshot_take,
)
from tests.domain import populate_domain

MIDTERM = date(2023, 8, 20)


@pytest.fixture
def data(cast):
    return populate_domain(cast)


def _take(cast, token=None, today=MIDTERM):
    return snapshot_take(campaign=cast.campaign, token=token or uuid.uuid4(), acting_user=cast.regulator, today=today)


def test_snapshot_does_not_move_when_data_changes_later(data):
    snapshot, created = _take(data)
    assert created
    before = snapshot.figures["districts"][0]["funnel"]["assigned"]
    Enrolment.objects.filter(pk=data.enrolment.pk).update(state="operating")
    KickoffMeeting.objects.create(
        campaign=data.campaign,
        member_unit=data.other_district_unit,
        held_on=date(2023, 5, 20),
        place="x",
        attendance=3,
        recorded_by=data.other_district,
    )

    snapshot.refresh_from_db()
    assert snapshot.figures["districts"][0]["funnel"]["assigned"] == before == 1
    assert snapshot.figures["districts"][0]["funnel"]["operating"] == 0
    assert snapshot.figures["districts"][1]["kickoff"]["standing"] == "overdue"
    assert snapshot.as_of == MIDTERM


def test_a_snapshot_cannot_be_saved_again(data):
    snapshot, _ = _take(data)
    snapshot.figures = {}
    with pytest.raises(ValueError):
        snapshot.save()


def test_a_second_snapshot_is_a_new_one(data):
    first, _ = _take(data)
    Enrolment.objects.filter(pk=data.enrolment.pk).update(state="operating")
    counts_refresh(enrolments=[data.enrolment.pk])  # QuerySet.update sends no signal
    second, created = _take(data)

    assert created and second.pk != first.pk
    assert (first.sequence, second.sequence) == (1, 2)
    first.refresh_from_db()
    assert first.figures["districts"][0]["funnel"]["operating"] == 0
    assert second.figures["districts"][0]["funnel"]["operating"] == 1


def test_the_same_token_twice_gives_one_snapshot(data):
    token = uuid.uuid4()
    first, created = _take(data, token)
    again, created_again = _take(data, token)

    assert created and not created_again
    assert again.pk == first.pk
    assert MidtermSnapshot.objects.count() == 1


def test_a_double_posted_snapshot_form_gives_one_snapshot(data, as_user):
    client = as_user(data.regulator)
    token = str(uuid.uuid4())
    url = reverse("evaluation:snapshot-take", args=[data.campaign.pk])
    first = client.post(url, {"token": token})
    second = client.post(url, {"token": token})

    assert MidtermSnapshot.objects.count() == 1
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]


def test_only_the_regulator_takes_a_snapshot(data):
    with pytest.raises(PermissionDenied):
        snapshot_take(campaign=data.campaign, token=uuid.uuid4(), acting_user=data.district, today=MIDTERM)
    with pytest.raises(PermissionDenied):
        snapshot_take(campaign=data.campaign, token=uuid.uuid4(), acting_user=data.cb_manager, today=MIDTERM)


def test_a_district_sees_only_its_own_line(data, as_user):
    snapshot, _ = _take(data)
    line = snapshot_line(snapshot=snapshot, user=data.district)
    assert line.kind == "district" and line.figures is None
    assert line.row["id"] == data.district_unit.pk

    page = as_user(data.district).get(reverse("evaluation:snapshot-detail", args=[snapshot.pk])).content.decode()
    assert data.district_unit.name in page
    assert data.other_district_unit.name not in page
    assert data.body.name not in page


def test_a_body_sees_only_its_own_line(data, as_user):
    snapshot, _ = _take(data)
    line = snapshot_line(snapshot=snapshot, user=data.cb_manager)
    assert line.kind == "body" and line.row["id"] == data.body.pk

    page = as_user(data.cb_manager).get(reverse("evaluation:snapshot-detail", args=[snapshot.pk])).content.decode()
    assert data.body.name in page
    assert data.district_unit.name not in page


def test_the_regulator_sees_every_line_and_the_rule(data, as_user):
    snapshot, _ = _take(data)
    page = as_user(data.regulator).get(reverse("evaluation:snapshot-detail", args=[snapshot.pk])).content.decode()
    assert data.district_unit.name in page and data.other_district_unit.name in page and data.body.name in page
    assert snapshot.figures["lagging_rule"]["districts"] in page


def test_midterm_page_shows_live_figures_and_the_take_button(data, as_user):
    page = as_user(data.regulator).get(reverse("evaluation:midterm") + f"?campaign={data.campaign.pk}")
    assert page.status_code == 200
    assert reverse("evaluation:snapshot-take", args=[data.campaign.pk]) in page.content.decode()


def _meeting(cast):
    return meeting_record(
        campaign=cast.campaign,
        held_on=date(2023, 8, 25),
        place="市市场监管委会议室",
        attendance=40,
        acting_user=cast.regulator,
    )


def test_meeting_is_recorded_once_per_campaign(data):
    _meeting(data)
    with pytest.raises(ValidationError):
        _meeting(data)
    assert MidtermMeeting.objects.count() == 1


def test_meeting_date_in_the_future_is_refused_with_everything_kept(data, as_user):
    client = as_user(data.regulator)
    response = client.post(
        reverse("evaluation:meeting-create", args=[data.campaign.pk]),
        {"held_on": "2999-01-01", "place": "会议室", "attendance": "12", "notes": "保留的备注"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "保留的备注" in body and "会议室" in body
    assert MidtermMeeting.objects.count() == 0


def test_owner_marks_its_next_step_done_and_another_unit_cannot(data):
    meeting = _meeting(data)
    step = next_step_add(
        meeting=meeting,
        what="补齐行业培训",
        owner_kind="member_unit",
        member_unit=data.district_unit,
        due_on=date(2023, 9, 30),
        acting_user=data.regulator,
    )
    with pytest.raises(PermissionDenied):
        next_step_set_done(step=step, done=True, expected_version=step.version, acting_user=data.other_district)
    done = next_step_set_done(step=step, done=True, expected_version=step.version, acting_user=data.district)
    assert done.done and done.done_by == data.district


def test_a_stale_next_step_is_refused(data):
    meeting = _meeting(data)
    step = next_step_add(
        meeting=meeting,
        what="督促进度",
        owner_kind="body",
        body=data.body,
        due_on=date(2023, 9, 30),
        acting_user=data.regulator,
    )
    next_step_set_done(step=step, done=True, expected_version=1, acting_user=data.cb_manager)
    with pytest.raises(ValidationError) as refused:
        next_step_set_done(step=step, done=False, expected_version=1, acting_user=data.regulator)
    assert refused.value.code == "stale"


def test_next_step_without_its_owner_or_due_before_the_meeting_is_refused_at_once(data):
    meeting = _meeting(data)
    with pytest.raises(ValidationError) as refused:
        next_step_add(
            meeting=meeting,
            what="x",
            owner_kind="member_unit",
            due_on=date(2023, 8, 1),
            acting_user=data.regulator,
        )
    assert set(refused.value.error_dict) == {"member_unit", "due_on"}
    assert NextStep.objects.count() == 0


def test_next_steps_show_on_the_owners_list(data, as_user):
    meeting = _meeting(data)
    next_step_add(
        meeting=meeting,
        what="召开区级推进会",
        owner_kind="member_unit",
        member_unit=data.district_unit,
        due_on=date(2023, 9, 30),
        acting_user=data.regulator,
    )
    assert "召开区级推进会" in as_user(data.district).get(reverse("evaluation:next-step-list")).content.decode()
    assert (
        "召开区级推进会" not in as_user(data.other_district).get(reverse("evaluation:next-step-list")).content.decode()
    )
