"""The scope (accounts.scope): one query per request, the same values for every role whichever way it is run, and on
PostgreSQL a statement prepared once per connection (planning was most of its cost on every request)."""

import pytest
from django.db import connection

from accounts import scope as scope_module
from accounts.models import User
from accounts.scope import scope_of
from campaign.models import Tenant
from tests.queries import exact_queries


def _fresh(user):
    return User.objects.get(pk=user.pk)  # no scope cached on the instance


def _scope(user):
    user = _fresh(user)
    with exact_queries(1, f"scope of {user.username}"):
        return scope_of(user)


def test_every_role_gets_its_organisation_behind_it_in_one_query(cast):
    regulator = _scope(cast.regulator)
    assert (regulator.role, regulator.tenant_id, regulator.member_unit_id) == (
        "regulator",
        cast.campaign.tenant_id,
        None,
    )
    district = _scope(cast.district)
    assert district.member_unit_id == cast.district_unit.pk and district.member_unit_is_district
    bureau = _scope(cast.bureau)
    assert bureau.member_unit_id == cast.bureau_unit.pk and not bureau.member_unit_is_district
    assert bureau.member_unit_remit == cast.bureau_unit.remit
    manager = _scope(cast.cb_manager)
    assert manager.certification_body_id == cast.body.pk and manager.expert_id is None
    fresh_expert = _fresh(cast.expert)
    with exact_queries(2, "an expert's scope also reads the expert profile"):
        expert = scope_of(fresh_expert)
    assert (expert.certification_body_id, expert.expert_id) == (cast.body.pk, cast.expert_profile.pk)
    enterprise = _scope(cast.enterprise_user)
    assert enterprise.enterprise_id == cast.enterprise.pk
    reviewer = _scope(cast.reviewer)
    assert reviewer.role == "reviewer" and reviewer.organisation_id is not None


def test_a_user_of_an_inactive_tenant_or_without_membership_has_no_scope(cast):
    Tenant.objects.filter(pk=cast.campaign.tenant_id).update(is_active=False)
    assert scope_of(_fresh(cast.district)) is None
    loner = User.objects.create_user(username="loner", password="x" * 12)
    assert scope_of(loner) is None


def _prepared() -> int:
    with connection.connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name = %s", [scope_module.PREPARED_NAME])
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_scope_is_prepared_once_per_connection_and_again_after_a_reconnect(cast):
    first = scope_of(_fresh(cast.district))
    assert _prepared() == 1
    again = _fresh(cast.district)
    with exact_queries(1, "the scope by EXECUTE") as context:
        assert scope_of(again) == first
    assert context.captured_queries[0]["sql"].startswith(f"EXECUTE {scope_module.PREPARED_NAME}(")
    connection.close()  # a new connection has no prepared statement: the scope prepares its own again
    assert scope_of(_fresh(cast.district)) == first
    assert _prepared() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")
def test_with_transaction_pooling_the_scope_is_not_prepared(cast):
    """DISABLE_SERVER_SIDE_CURSORS is Django's setting for a transaction-pooling PgBouncer, where a statement
    prepared on one server connection is not there for the next one."""
    connection.settings_dict["DISABLE_SERVER_SIDE_CURSORS"] = True
    try:
        connection._portal_scope_prepared_on = None
        with connection.connection.cursor() as cursor:
            cursor.execute("DEALLOCATE ALL")
        assert scope_of(_fresh(cast.district)).member_unit_id == cast.district_unit.pk
        with connection.connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone()[0] == 0
    finally:
        connection.settings_dict.pop("DISABLE_SERVER_SIDE_CURSORS", None)
