"""The district submission's states and rules (五(一), R10): submit, late, return, approve, lock, unlock."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from campaign.models import Deadline, DeadlineKind
from submissions.models import DistrictSubmission, SubmissionEvent, SubmissionEventKind, SubmissionState
from submissions.selectors.submissions import district_rollup, submission_late_days_of, submission_standing
from submissions.services import submissions as services
from tests.submissions.conftest import draft_submission, pdf, recommend_case


def _submit(cast, submission):
    return services.submission_submit(
        submission=submission, expected_version=submission.version, acting_user=cast.district
    )


def _due(cast):
    return Deadline.objects.get(campaign=cast.campaign, kind=DeadlineKind.DISTRICT_SUBMISSION)


def test_r10_a_district_without_a_recommended_case_cannot_submit(cast, on_time):
    submission = draft_submission(cast)
    with pytest.raises(ValidationError) as refused:
        _submit(cast, submission)
    assert "推荐" in " ".join(refused.value.messages)
    submission.refresh_from_db()
    assert submission.state == SubmissionState.DRAFT and submission.submitted_at is None


def test_r10_a_submission_without_a_summary_file_is_refused_and_every_missing_thing_is_named(cast, on_time):
    submission = draft_submission(cast, with_file=False)
    with pytest.raises(ValidationError) as refused:
        _submit(cast, submission)
    assert len(refused.value.messages) == 2


def test_r10_the_other_districts_case_does_not_count(cast, on_time):
    recommend_case(cast, enterprise=cast.other_enterprise, user=cast.other_district)
    with pytest.raises(ValidationError):
        _submit(cast, draft_submission(cast))


def test_an_on_time_submission_is_not_late(cast, on_time):
    recommend_case(cast)
    submitted = _submit(cast, draft_submission(cast))
    assert submitted.state == SubmissionState.SUBMITTED
    assert submission_late_days_of(submitted, _due(cast).due_on) == 0
    assert SubmissionEvent.objects.filter(submission=submitted, kind=SubmissionEventKind.SUBMITTED).count() == 1


def test_r10_a_late_submission_is_accepted_and_flagged_with_the_days_late(cast, five_days_late):
    recommend_case(cast)
    submitted = _submit(cast, draft_submission(cast))
    assert submitted.state == SubmissionState.SUBMITTED
    assert submission_standing(cast.campaign)[cast.district_unit.pk]["late_days"] == 5


def test_moving_the_deadline_moves_the_late_flag(cast, five_days_late):
    recommend_case(cast)
    _submit(cast, draft_submission(cast))
    deadline = _due(cast)
    deadline.due_on = deadline.due_on.replace(day=3, month=12)
    deadline.save()
    assert submission_standing(cast.campaign)[cast.district_unit.pk]["late_days"] == 2


def test_the_roll_up_is_frozen_at_submission_and_later_data_does_not_move_it(cast, on_time):
    recommend_case(cast)
    submitted = _submit(cast, draft_submission(cast))
    frozen = submitted.data_rollup
    assert frozen["enrolments"] == 1 and frozen["cases"]["recommended"] == 1
    recommend_case(cast)  # later data: a second case of the same enrolment
    submitted.refresh_from_db()
    assert submitted.data_rollup == frozen
    assert district_rollup(cast.campaign, cast.district_unit)["cases"]["recommended"] == 2


def _submitted(cast):
    recommend_case(cast)
    return _submit(cast, draft_submission(cast))


def test_the_regulator_returns_with_a_comment_and_the_district_resubmits(cast, on_time):
    submitted = _submitted(cast)
    returned = services.submission_return(
        submission=submitted, comment="请补充培训数据", expected_version=submitted.version, acting_user=cast.regulator
    )
    assert returned.state == SubmissionState.RETURNED and returned.return_comment == "请补充培训数据"
    again = _submit(cast, returned)
    assert again.state == SubmissionState.SUBMITTED


def test_returning_needs_a_comment(cast, on_time):
    submitted = _submitted(cast)
    with pytest.raises(ValidationError) as refused:
        services.submission_return(
            submission=submitted, comment="  ", expected_version=submitted.version, acting_user=cast.regulator
        )
    assert "comment" in refused.value.error_dict


def test_a_district_cannot_review_its_own_submission(cast, on_time):
    submitted = _submitted(cast)
    with pytest.raises(PermissionDenied):
        services.submission_approve(submission=submitted, expected_version=submitted.version, acting_user=cast.district)


def test_a_stale_approve_is_refused_asking_to_reload(cast, on_time):
    submitted = _submitted(cast)
    opened_version = submitted.version
    services.submission_return(
        submission=submitted, comment="请补充", expected_version=submitted.version, acting_user=cast.regulator
    )
    _submit(cast, DistrictSubmission.objects.get(pk=submitted.pk))
    with pytest.raises(ValidationError) as refused:
        services.submission_approve(submission=submitted, expected_version=opened_version, acting_user=cast.regulator)
    assert refused.value.code == "stale"
    assert "已被修改，请刷新后再审核" in " ".join(refused.value.messages)
    assert DistrictSubmission.objects.get(pk=submitted.pk).state == SubmissionState.SUBMITTED


def _approved(cast):
    submitted = _submitted(cast)
    return services.submission_approve(
        submission=submitted, expected_version=submitted.version, acting_user=cast.regulator
    )


def test_editing_a_locked_submission_is_refused(cast, on_time):
    approved = _approved(cast)
    assert approved.state == SubmissionState.APPROVED and approved.approved_by == cast.regulator
    with pytest.raises(ValidationError) as refused:
        services.submission_update(
            submission=approved, note="改一下", expected_version=approved.version, acting_user=cast.district
        )
    assert "锁定" in " ".join(refused.value.messages)
    with pytest.raises(ValidationError):
        services.submission_files_add(
            submission=approved, uploads=[pdf()], expected_version=approved.version, acting_user=cast.district
        )
    assert approved.files.count() == 1


def test_unlock_needs_a_reason_and_is_recorded_and_counted(cast, on_time):
    approved = _approved(cast)
    with pytest.raises(ValidationError) as refused:
        services.submission_unlock(
            submission=approved, reason="", expected_version=approved.version, acting_user=cast.regulator
        )
    assert "reason" in refused.value.error_dict
    unlocked = services.submission_unlock(
        submission=approved,
        reason="数据报表有误，需更正",
        expected_version=approved.version,
        acting_user=cast.regulator,
    )
    assert unlocked.state == SubmissionState.RETURNED and unlocked.unlock_count == 1
    event = SubmissionEvent.objects.get(submission=unlocked, kind=SubmissionEventKind.UNLOCKED)
    assert event.comment == "数据报表有误，需更正" and event.actor == cast.regulator
    services.submission_update(
        submission=unlocked, note="已更正", expected_version=unlocked.version, acting_user=cast.district
    )
    assert submission_standing(cast.campaign)[cast.district_unit.pk]["unlock_count"] == 1


def test_a_district_cannot_touch_another_districts_submission(cast, on_time):
    other = draft_submission(cast, unit=cast.other_district_unit)
    with pytest.raises(PermissionDenied):
        services.submission_update(
            submission=other, note="x", expected_version=other.version, acting_user=cast.district
        )


def test_opening_twice_gives_the_same_draft(cast, on_time):
    first = services.submission_open(campaign=cast.campaign, member_unit=cast.district_unit, acting_user=cast.district)
    second = services.submission_open(campaign=cast.campaign, member_unit=cast.district_unit, acting_user=cast.district)
    assert first.pk == second.pk and first.state == SubmissionState.DRAFT
