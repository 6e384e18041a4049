"""The home page's deadlines carry what the records say: done, still to do, or only that the date has passed."""

from datetime import date

from campaign import selectors
from campaign.models import DeadlineKind
from enterprises.models import Case, CaseReview, CaseState
from tests.domain import populate_domain


def _task(agenda, kind):
    return next((t for t in agenda.tasks if t.title == DeadlineKind(kind).label), None)


def test_a_reviewer_sees_how_many_cases_wait_for_their_score(cast):
    populate_domain(cast)
    task = _task(selectors.home_agenda(user=cast.reviewer, today=date(2023, 12, 1)), DeadlineKind.CASE_SELECTION)
    assert task.state == "open" and "1" in task.detail and task.url
    CaseReview.objects.filter(reviewer=cast.reviewer).update(score=88)
    task = _task(selectors.home_agenda(user=cast.reviewer, today=date(2023, 12, 1)), DeadlineKind.CASE_SELECTION)
    assert task.state == "done"


def test_r10_the_districts_recommendation_task_is_done_once_it_recommends_a_case(cast):
    populate_domain(cast)
    task = _task(selectors.home_agenda(user=cast.district, today=date(2023, 11, 20)), DeadlineKind.CASE_RECOMMENDATION)
    assert task.state == "open"
    Case.objects.filter(pk=cast.case.pk).update(state=CaseState.RECOMMENDED)
    task = _task(selectors.home_agenda(user=cast.district, today=date(2023, 11, 20)), DeadlineKind.CASE_RECOMMENDATION)
    assert task.state == "done"


def test_r10_an_unmet_recommendation_is_overdue_after_the_deadline(cast):
    populate_domain(cast)
    task = _task(selectors.home_agenda(user=cast.district, today=date(2023, 12, 5)), DeadlineKind.CASE_RECOMMENDATION)
    assert task.state == "overdue"


def test_a_city_bureau_gets_no_district_only_duties(cast):
    agenda = selectors.home_agenda(user=cast.bureau, today=date(2023, 11, 20))
    titles = [t.title for t in agenda.tasks]
    assert DeadlineKind.CASE_RECOMMENDATION.label not in titles
    assert DeadlineKind.DISTRICT_SUBMISSION.label not in titles


def test_a_passed_deadline_nothing_tracks_is_closed_not_overdue(cast):
    # The bureau's assistance deadline: the portal records nothing that says it was missed.
    task = _task(selectors.home_agenda(user=cast.bureau, today=date(2023, 11, 10)), DeadlineKind.ASSISTANCE_COMPLETE)
    assert task.state == "closed"


def test_the_district_is_told_how_many_enterprises_are_behind_on_r7(cast):
    populate_domain(cast)  # one enrolment "assigned", one "nominated": both before "reviewed"
    task = _task(selectors.home_agenda(user=cast.district, today=date(2023, 11, 10)), DeadlineKind.ASSISTANCE_COMPLETE)
    assert task.state == "overdue" and "1" in task.detail
