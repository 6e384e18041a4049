"""The running counts behind the figures (evaluation.services.counts): after every kind of write they equal the
figures computed from the rows (``figures_check``), a campaign loaded in bulk is counted on its first read, and a
recount changes nothing that was right."""

from datetime import UTC, date, datetime, time

import pytest

from assistance import models as a
from campaign.models import Campaign, MemberUnit, MemberUnitKind
from enterprises import models as e
from evaluation.models import FigureCount, FigureSource
from evaluation.selectors.figures import (
    COMPUTED_FIGURE_QUERIES,
    city_figures,
    computed_figures,
    district_figures,
    figures_check,
)
from evaluation.services.counts import counts_flush, counts_recount, counts_refresh
from supervision.models import RectificationRequest
from tests.domain import populate_domain, populate_year
from tests.evaluation.test_figures import MIDTERM, _enrol, hand_built
from tests.queries import exact_queries


@pytest.fixture
def data(cast):
    """The hand-built data set, its writes counted (as a commit would)."""
    built = hand_built(cast)
    counts_flush()
    return built


def _visit(data, day):
    return a.Visit.objects.create(
        enrolment=data.enrolment,
        expert=data.expert_profile,
        kind="survey",
        visited_on=day,
        starts_at=time(9),
        ends_at=time(10),
        created_by=data.expert,
    )


def _agree(campaign, today=MIDTERM):
    assert figures_check(campaign, today) == []


def test_counts_equal_the_rows_on_the_hand_built_data(data):
    _agree(data.campaign)
    _agree(data.campaign, date(2023, 12, 31))  # another day: what is overdue moves with it


def test_counts_equal_the_rows_after_a_whole_year_of_writes(cast):
    populate_domain(cast)
    populate_year(cast)
    for campaign in Campaign.objects.filter(tenant=cast.tenant):
        _agree(campaign)


def test_a_reassignment_moves_the_enrolment_to_the_new_body(data):
    enrolment = data.enrolment
    assignment = a.Assignment.objects.filter(enrolment=enrolment).first()
    assignment.ended_at = datetime(2023, 7, 1, 9, tzinfo=UTC)
    assignment.save()
    a.Assignment.objects.create(enrolment=enrolment, expert=data.auditor, assigned_by=data.cb_manager)
    _agree(data.campaign)


def test_deleting_and_moving_rows_updates_the_counts(data):
    visit = a.Visit.objects.filter(enrolment__campaign=data.campaign).first()
    visit.visited_on = date(2023, 9, 4)  # another week
    visit.save()
    _agree(data.campaign)
    visit.delete()
    problem = a.Problem.objects.filter(diagnosis__enrolment__campaign=data.campaign).first()
    problem.status = "open"
    problem.save()
    e.Case.objects.filter(enrolment__campaign=data.campaign, state="draft").first().delete()
    _agree(data.campaign)


def test_an_enterprise_moved_to_another_district_takes_its_figures_along(data):
    before = district_figures(data.campaign, data.other_district_unit, MIDTERM)["enrolments"]
    enterprise = data.enrolment.enterprise
    enterprise.district = data.other_district_unit
    enterprise.save()
    _agree(data.campaign)
    assert district_figures(data.campaign, data.other_district_unit, MIDTERM)["enrolments"] == before + 1


def test_trainings_edited_attended_and_deleted(data):
    training = a.Training.objects.filter(campaign=data.campaign, kind="industry").first()
    training.kind = "centralised"
    training.person_times = 12
    training.save()
    _agree(data.campaign)
    training.enterprises.remove(data.enterprise)
    _agree(data.campaign)
    training.enterprises.clear()
    _agree(data.campaign)
    data.enterprise.trainings.add(training)  # from the other side
    _agree(data.campaign)
    training.delete()
    _agree(data.campaign)


def test_complaints_outcomes_and_rectifications(data):
    complaint = e.Complaint.objects.filter(enterprise__enrolments__campaign=data.campaign).first()
    complaint.state = "closed"
    complaint.outcome = "upheld"
    complaint.save()
    request = RectificationRequest.objects.filter(campaign=data.campaign, state="open").first()
    request.state = "closed"
    request.save()
    e.OutcomeFigures.objects.update_or_create(
        enrolment=data.enrolment,
        defaults={
            "revenue_baseline": 100,
            "revenue_end": 130,
            "pass_rate_baseline": 90,
            "pass_rate_end": 97,
            "updated_by": data.regulator,
        },
    )
    _agree(data.campaign)
    figures = city_figures(data.campaign, MIDTERM)
    assert figures.city["complaints"]["upheld"] == 1
    request.delete()
    _agree(data.campaign)


def test_an_enrolment_deleted_leaves_no_count_behind(data):
    enrolment = _enrol(data, 90, data.district_unit, "screened")
    _agree(data.campaign)
    enrolment.delete()
    _agree(data.campaign)
    assert not FigureSource.objects.filter(key=f"enrolment:{enrolment.pk}").exists()


def test_rows_loaded_without_signals_are_counted_on_the_first_read(data):
    """A campaign whose rows were loaded in bulk (bench/national.py, a data migration) has never been counted: its
    first read counts it; until then nothing is marked counted."""
    FigureCount.objects.filter(campaign=data.campaign).delete()
    FigureSource.objects.filter(campaign=data.campaign).delete()
    figures = city_figures(data.campaign, MIDTERM)
    assert figures.as_dict() == computed_figures(data.campaign, MIDTERM).as_dict()
    assert FigureCount.objects.filter(campaign=data.campaign, scope="meta", metric="counted", value=1).exists()


def test_a_recount_changes_nothing_that_was_right(data):
    before = sorted(FigureCount.objects.filter(campaign=data.campaign).values_list("scope", "metric", "value"))
    counts_recount(data.campaign)
    counts_recount(data.campaign)
    after = sorted(FigureCount.objects.filter(campaign=data.campaign).values_list("scope", "metric", "value"))
    assert after == before


def test_a_recount_repairs_a_bulk_update(data):
    e.Enrolment.objects.filter(campaign=data.campaign, state="operating").update(state="reviewed")
    assert figures_check(data.campaign, MIDTERM)  # QuerySet.update sends no signal: the counts are behind
    counts_recount(data.campaign)
    _agree(data.campaign)


def test_a_member_unit_that_is_not_a_district_counts_for_the_city_only(data):
    bureau = MemberUnit.objects.filter(tenant=data.tenant).exclude(kind=MemberUnitKind.DISTRICT).first()
    if bureau is None:
        pytest.skip("the cast has no city bureau")
    _enrol(data, 91, bureau, "operating", data.expert_profile)
    _agree(data.campaign)
    assert not FigureCount.objects.filter(campaign=data.campaign, scope=f"d:{bureau.pk}").exists()


def test_counting_from_the_rows_costs_a_fixed_number_of_queries(data):
    with exact_queries(COMPUTED_FIGURE_QUERIES, "computed_figures"):
        computed_figures(data.campaign, MIDTERM)


def test_a_write_in_a_failed_transaction_leaves_the_counts_as_they_were(data):
    from django.db import transaction

    before = city_figures(data.campaign, MIDTERM).city["visits"]
    with pytest.raises(RuntimeError), transaction.atomic():
        _visit(data, date(2023, 6, 6))
        raise RuntimeError
    assert city_figures(data.campaign, MIDTERM).city["visits"] == before
    _agree(data.campaign)


def test_refreshing_nothing_runs_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0):
        counts_refresh()


def test_the_command_checks_and_recounts(data):
    from io import StringIO

    from django.core.management import CommandError, call_command

    e.Enrolment.objects.filter(campaign=data.campaign, state="operating").update(state="reviewed")
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("recount_figures", "--check", "--campaign", str(data.campaign.pk), stdout=out)
    assert "funnel" in out.getvalue()
    call_command("recount_figures", "--campaign", str(data.campaign.pk), stdout=StringIO())
    call_command("recount_figures", "--check", stdout=StringIO())  # every campaign agrees now


def test_an_expert_moved_to_another_body_takes_visits_and_enrolments_along(data):
    from accounts.models import Organisation, OrganisationKind
    from assistance.models import CertificationBody

    org = Organisation.objects.create(tenant=data.tenant, kind=OrganisationKind.CERTIFICATION_BODY, name="另一认证中心")
    other = CertificationBody.objects.create(
        tenant=data.tenant, organisation=org, name=org.name, approval_number="CNCA-R-2002-999"
    )
    before = city_figures(data.campaign, MIDTERM).body(data.body.pk)["visits"]
    data.expert_profile.body = other
    data.expert_profile.save()
    _agree(data.campaign)
    figures = city_figures(data.campaign, MIDTERM)
    assert figures.body(other.pk)["visits"] == before
    assert figures.body(data.body.pk)["visits"] == 0


def test_a_member_unit_that_becomes_a_district(data):
    bureau = MemberUnit.objects.filter(tenant=data.tenant).exclude(kind=MemberUnitKind.DISTRICT).first()
    if bureau is None:
        pytest.skip("the cast has no city bureau")
    _enrol(data, 92, bureau, "operating", data.expert_profile)
    bureau.kind = MemberUnitKind.DISTRICT
    bureau.save()
    _agree(data.campaign)


def test_the_nightly_task_recounts_this_year_and_the_last(data):
    from evaluation.tasks import figures_recount

    e.Enrolment.objects.filter(campaign=data.campaign, state="operating").update(state="reviewed")
    data.campaign.year = date.today().year
    data.campaign.save()
    assert figures_recount() >= 1
    _agree(data.campaign)


def test_a_write_is_counted_once_its_transaction_commits(data, django_capture_on_commit_callbacks):
    """Another connection reads the counts: the write's refresh runs when it commits (not only when the writer
    reads), and the dashboards' cache version moves after it."""
    from dashboards.cache import version

    before = FigureCount.objects.get(campaign=data.campaign, scope="c", metric="visits").value
    cache_version = version()
    with django_capture_on_commit_callbacks(execute=True):
        _visit(data, date(2023, 6, 7))
    assert FigureCount.objects.get(campaign=data.campaign, scope="c", metric="visits").value == before + 1
    assert version() != cache_version


def test_a_count_that_comes_down_to_zero_is_removed(data):
    visit = _visit(data, date(2024, 1, 3))  # a week of its own
    counts_flush()
    assert FigureCount.objects.filter(campaign=data.campaign, metric="visits_week:2024-W01").exists()
    visit.delete()
    counts_flush()
    assert not FigureCount.objects.filter(campaign=data.campaign, metric="visits_week:2024-W01").exists()
    _agree(data.campaign)


class _Deadlock(Exception):
    pgcode = "40P01"  # what psycopg2's DeadlockDetected carries


def _failing_first(monkeypatch, cause: Exception, times: int = 1) -> list[int]:
    """``_refresh`` raises an OperationalError caused by ``cause`` on its first ``times`` calls, as Django raises
    PostgreSQL's; the calls are counted."""
    from django.db import OperationalError

    from evaluation.services import counts

    real, calls = counts._refresh, []

    def refresh(*args):
        calls.append(1)
        if len(calls) <= times:
            raise OperationalError("deadlock detected") from cause
        return real(*args)

    monkeypatch.setattr(counts, "_refresh", refresh)
    return calls


def test_a_refresh_chosen_as_a_deadlocks_victim_is_tried_again(transactional_db, data, monkeypatch):
    visit = _visit(data, date(2023, 6, 7))  # committed: no test transaction here; its refresh ran after the commit
    calls = _failing_first(monkeypatch, _Deadlock())
    a.Visit.objects.filter(pk=visit.pk).update(visited_on=date(2023, 6, 8))  # no signal: refreshed by hand below
    counts_refresh(enrolments=[visit.enrolment_id])
    assert len(calls) == 2
    _agree(data.campaign)


def test_a_refresh_that_keeps_failing_or_fails_otherwise_says_so(transactional_db, data, monkeypatch):
    from django.db import OperationalError

    from evaluation.services.counts import REFRESH_ATTEMPTS

    calls = _failing_first(monkeypatch, _Deadlock(), times=REFRESH_ATTEMPTS)
    with pytest.raises(OperationalError):
        counts_refresh(enrolments=[data.enrolment.pk])
    assert len(calls) == REFRESH_ATTEMPTS

    calls = _failing_first(monkeypatch, ValueError("disk full"))  # not a deadlock: not tried again
    with pytest.raises(OperationalError):
        counts_refresh(enrolments=[data.enrolment.pk])
    assert len(calls) == 1


def test_a_refresh_inside_the_callers_transaction_is_not_tried_again(data, monkeypatch):
    from django.db import OperationalError

    calls = _failing_first(monkeypatch, _Deadlock())  # the test's own transaction is the caller's
    with pytest.raises(OperationalError):
        counts_refresh(enrolments=[data.enrolment.pk])
    assert len(calls) == 1
