"""The rules of supervision (supervision.policy), each with its clause: visit dates inside the campaign and not in
the future, due dates not before the visit, overdue, closing a round, who answers and when."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from accounts.scope import scope_of
from campaign.policy import campaign_ends_on, campaign_starts_on
from supervision.models import RoundState
from supervision.policy import (
    answer_refusal,
    days_overdue,
    due_date_error,
    round_close_refusal,
    visit_date_error,
)
from supervision.services.visits import visit_record


def test_a_visit_date_must_lie_within_the_campaign_and_not_in_the_future(cast):
    starts_on, ends_on = campaign_starts_on(cast.campaign), campaign_ends_on(cast.campaign)
    assert visit_date_error(cast.campaign, starts_on - timedelta(days=1))
    assert visit_date_error(cast.campaign, ends_on + timedelta(days=1))
    assert visit_date_error(cast.campaign, starts_on) is None
    assert visit_date_error(cast.campaign, date(2023, 6, 15), today=date(2023, 6, 14))
    assert visit_date_error(cast.campaign, date(2023, 6, 15), today=date(2023, 6, 15)) is None


def test_a_due_date_cannot_be_before_the_visit():
    assert due_date_error(date(2023, 6, 15), date(2023, 6, 14))
    assert due_date_error(date(2023, 6, 15), date(2023, 6, 15)) is None


def test_overdue_means_not_closed_and_due_before_today():
    today = date(2023, 7, 20)
    assert days_overdue(state="open", due_on=date(2023, 7, 15), today=today) == 5
    assert days_overdue(state="returned", due_on=date(2023, 7, 15), today=today) == 5
    assert days_overdue(state="answered", due_on=date(2023, 7, 15), today=today) == 5
    assert days_overdue(state="closed", due_on=date(2023, 7, 15), today=today) == 0
    assert days_overdue(state="open", due_on=today, today=today) == 0


def test_a_round_closes_only_when_no_request_is_open_and_the_message_names_how_many():
    assert round_close_refusal(0) is None
    assert "3" in round_close_refusal(3)


def test_only_the_party_asked_answers_and_only_when_open_or_returned(cast, body_request):
    assert answer_refusal(scope_of(cast.cb_manager), body_request) is None
    assert answer_refusal(scope_of(cast.district), body_request)
    assert answer_refusal(scope_of(cast.expert), body_request)  # the body's expert is not its manager
    for state in ("answered", "closed"):
        body_request.state = state
        assert answer_refusal(scope_of(cast.cb_manager), body_request)
    body_request.state = "returned"
    assert answer_refusal(scope_of(cast.cb_manager), body_request) is None


def test_no_visit_is_recorded_in_a_closed_round(cast, round_):
    round_.state = RoundState.CLOSED
    round_.save()
    with pytest.raises(ValidationError):
        visit_record(
            round=round_,
            target=cast.body,
            visited_on=date(2023, 6, 20),
            staff=[cast.regulator],
            observations="x",
            acting_user=cast.regulator,
        )


def test_a_visit_needs_exactly_one_target_in_the_database(cast, round_):
    from django.db import IntegrityError, transaction

    from supervision.models import SupervisionVisit

    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionVisit.objects.create(
            round=round_,
            visited_on=date(2023, 6, 20),
            observations="x",
            created_by=cast.regulator,
            body=cast.body,
            enterprise=cast.enterprise,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        SupervisionVisit.objects.create(
            round=round_, visited_on=date(2023, 6, 20), observations="x", created_by=cast.regulator
        )
