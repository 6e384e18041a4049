"""What a signed-in user is, in one small value: tenant, role and the organisation behind it.

Computed once per request (cached on the user object) from the user's membership; every ``visible_to`` reads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection


@dataclass(frozen=True)
class Scope:
    user_id: int
    role: str | None
    tenant_id: int | None
    organisation_id: int | None
    member_unit_id: int | None = None
    member_unit_is_district: bool = False
    member_unit_remit: str = ""
    certification_body_id: int | None = None
    expert_id: int | None = None
    enterprise_id: int | None = None
    is_operator: bool = False


_CACHE_ATTR = "_portal_scope"


def scope_of(user) -> Scope | None:
    """The user's scope, or None for anonymous, inactive or membership-less users (who see nothing)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    if hasattr(user, _CACHE_ATTR):
        return getattr(user, _CACHE_ATTR)
    scope = _compute(user)
    setattr(user, _CACHE_ATTR, scope)
    return scope


_SCOPE_SQL: str | None = None


def _scope_sql() -> str:
    """The scope's one query, written once per process from the models' table and column names.

    Hand-written SQL because every request pays it: the ORM took about 1.8 ms to build it (five subqueries) against
    0.7 ms to run it. The organisation's member unit, body and enterprise are scalar subqueries, not joins:
    PostgreSQL spent about 2.7 ms planning the six-table join (the join order search) and plans these in 0.3 ms;
    each runs on a unique index. One membership per user (a one-to-one), so no ORDER BY.
    """
    global _SCOPE_SQL
    if _SCOPE_SQL is None:
        from accounts.models import Membership, Organisation

        # Through the organisation's relations, not imports: accounts is a leaf app (tests/test_import_graph.py).
        member_unit, body, enterprise, tenant = (
            Organisation._meta.get_field(name).related_model
            for name in ("member_unit", "certification_body", "enterprise", "tenant")
        )

        def table(model) -> str:
            return connection.ops.quote_name(model._meta.db_table)

        def column(model, field: str) -> str:
            return connection.ops.quote_name(model._meta.get_field(field).column)

        def behind(model, field: str) -> str:
            return (
                f"(SELECT {column(model, field)} FROM {table(model)} "
                f"WHERE {column(model, 'organisation')} = m.{column(Membership, 'organisation')} LIMIT 1)"
            )

        _SCOPE_SQL = (
            f"SELECT m.{column(Membership, 'role')}, o.{column(Organisation, 'id')}, o.{column(Organisation, 'tenant')}, "
            f"{behind(member_unit, 'id')}, {behind(member_unit, 'kind')}, {behind(member_unit, 'remit')}, "
            f"{behind(body, 'id')}, {behind(enterprise, 'id')} "
            f"FROM {table(Membership)} m "
            f"JOIN {table(Organisation)} o ON o.{column(Organisation, 'id')} = m.{column(Membership, 'organisation')} "
            f"JOIN {table(tenant)} t ON t.{column(tenant, 'id')} = o.{column(Organisation, 'tenant')} "
            f"WHERE m.{column(Membership, 'user')} = %s AND t.{column(tenant, 'is_active')} LIMIT 1"
        )
    return _SCOPE_SQL


def _member_unit_model() -> Any:
    from accounts.models import Organisation

    return Organisation._meta.get_field("member_unit").related_model


PREPARED_NAME = "portal_scope"


def _scope_row(user_id: int) -> tuple | None:
    """The scope query's row for ``user_id``, or None.

    On PostgreSQL the query is a prepared statement of the connection: planning it took 0.35 of its 0.5 ms, on every
    request. It is prepared once per database connection, on the raw connection (so it is not one of a request's
    queries), and the request runs ``EXECUTE``. Not with ``DISABLE_SERVER_SIDE_CURSORS``, Django's setting for a
    transaction-pooling PgBouncer, where the next statement may run on another server connection."""
    sql = _scope_sql()
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql" or connection.settings_dict.get("DISABLE_SERVER_SIDE_CURSORS"):
            cursor.execute(sql, [user_id])
            return cursor.fetchone()
        raw = connection.connection  # after the cursor: Django's health check may have reconnected
        if getattr(connection, "_portal_scope_prepared_on", None) is not raw:
            with raw.cursor() as prepare:
                prepare.execute("SELECT 1 FROM pg_prepared_statements WHERE name = %s", [PREPARED_NAME])
                if prepare.fetchone() is None:
                    prepare.execute(f"PREPARE {PREPARED_NAME}(bigint) AS {sql.replace('%s', '$1')}")
            connection._portal_scope_prepared_on = raw  # type: ignore[attr-defined]
        cursor.execute(f"EXECUTE {PREPARED_NAME}(%s)", [user_id])
        return cursor.fetchone()


def _compute(user) -> Scope | None:
    from accounts.models import Role

    if user.is_superuser:
        # Platform operators run the deployment; they belong to no tenant and see every tenant.
        return Scope(user_id=user.pk, role=None, tenant_id=None, organisation_id=None, is_operator=True)
    row = _scope_row(user.pk)
    if row is None:
        return None
    keys = ("role", "organisation_id", "tenant_id", "member_unit_id", "member_unit_kind", "member_unit_remit")
    membership = dict(zip((*keys, "certification_body_id", "enterprise_id"), row, strict=True))
    fields = {
        "user_id": user.pk,
        "role": membership["role"],
        "tenant_id": membership["tenant_id"],
        "organisation_id": membership["organisation_id"],
    }
    role = membership["role"]
    if role == Role.MEMBER_UNIT:
        if membership["member_unit_id"] is None:
            return None
        fields.update(
            member_unit_id=membership["member_unit_id"],
            # The member unit's own rule, on an unsaved instance with the kind read (accounts imports no domain app).
            member_unit_is_district=_member_unit_model()(kind=membership["member_unit_kind"]).is_district,
            member_unit_remit=membership["member_unit_remit"] or "",
        )
    elif role in (Role.CB_MANAGER, Role.EXPERT):
        body_id = membership["certification_body_id"]
        if body_id is None:
            return None
        fields["certification_body_id"] = body_id
        if role == Role.EXPERT:
            expert = getattr(user, "expert_profile", None)
            if expert is None or expert.body_id != body_id:
                return None
            fields["expert_id"] = expert.pk
    elif role == Role.ENTERPRISE:
        if membership["enterprise_id"] is None:
            return None
        fields["enterprise_id"] = membership["enterprise_id"]
    return Scope(**fields)
