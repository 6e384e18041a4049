"""ScopedQuerySet filters by the scope's condition directly when it can repeat no row, and by pk IN a subquery when a
lookup walks through a to-many relation (issue 7: an expert seen through two assignments came back twice)."""

from django.db.models import Exists, OuterRef, Q

from assistance.models import Assignment, Expert, Training, WorkingGroup
from enterprises.models import Enrolment, Enterprise
from portal.scoping import joins_to_many


def test_forward_foreign_keys_and_subqueries_repeat_no_row():
    assert not joins_to_many(Enterprise, Q(tenant_id=1))
    assert not joins_to_many(Enterprise, Q(district__tenant_id=1))
    assert not joins_to_many(Assignment, Q(enrolment__in=Enrolment.objects.all()))
    assert not joins_to_many(Enrolment, Q(Exists(Assignment.objects.filter(enrolment=OuterRef("pk")))))
    assert not joins_to_many(Enterprise, Q(pk=1) | Q(tenant_id=2))


def test_reverse_foreign_keys_and_many_to_many_can_repeat_rows():
    assert joins_to_many(Expert, Q(assignments__enrolment__in=Enrolment.objects.all()))
    assert joins_to_many(WorkingGroup, Q(members__user_id=1))
    assert joins_to_many(Training, Q(enterprises__id=1))
    assert joins_to_many(Enterprise, Q(tenant_id=1) & (Q(pk=1) | Q(enrolments__campaign_id=2)))


def test_the_subquery_is_used_exactly_where_a_row_could_repeat(cast):
    district_sql = str(Expert.objects.for_scope(_scope(cast.district)).query)
    regulator_sql = str(Enterprise.objects.for_scope(_scope(cast.regulator)).query)
    assert "IN (SELECT" in district_sql.upper()
    assert "IN (SELECT" not in regulator_sql.upper()


def _scope(user):
    from accounts.scope import scope_of

    return scope_of(user)
