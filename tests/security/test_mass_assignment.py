"""Mass assignment (issue 12): extra fields in a write — tenant, state, status, approved_by, created_by, district,
organisation, naming rows of the foreign tenant — change nothing they should not, on every writable API endpoint.

The endpoints are found by walking the URL resolver (every ``api:*-detail`` route whose viewset updates), so a new
one is covered without being named here. Each role sends, for every row of the cast it can see, PATCH and PUT with
the row's own representation plus the extra fields; whatever the answer (a 2xx that ignores them, a 400, a 403, a
404 or a 409), it is never a 5xx and the protected columns of the row are unchanged afterwards.
"""

from __future__ import annotations

import pytest
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.domain import populate_domain

PROTECTED = ["tenant", "state", "status", "approved_by", "created_by", "district", "organisation", "campaign"]
ROLES = ["regulator", "district", "cb_manager", "expert", "enterprise"]


def detail_routes(patterns=None, namespace: str = "") -> dict[str, type]:
    """``{"api:enterprise-detail": EnterpriseViewSet, ...}`` for every detail route whose viewset can update."""
    found: dict[str, type] = {}
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            found.update(detail_routes(pattern.url_patterns, inner))
        elif isinstance(pattern, URLPattern) and (pattern.name or "").endswith("-detail"):
            view = getattr(pattern.callback, "cls", None)
            actions = getattr(pattern.callback, "actions", {}) or {}
            if view is not None and ({"put", "patch"} & set(actions)) and namespace.startswith("api:"):
                found[f"{namespace}{pattern.name}"] = view
    return found


def _protected(row: models.Model) -> dict:
    fresh = type(row)._base_manager.get(pk=row.pk)
    return {
        field.attname: getattr(fresh, field.attname)
        for field in fresh._meta.concrete_fields
        if field.name in PROTECTED or field.name.endswith("_by")
    }


def _extras(foreign) -> dict:
    return {
        "tenant": foreign.tenant.pk,
        "state": "closed",
        "status": "verified",
        "approved_by": foreign.regulator.pk,
        "created_by": foreign.regulator.pk,
        "district": foreign.district_unit.pk,
        "organisation": foreign.enterprise.organisation_id or foreign.body.organisation_id,
        "campaign": foreign.campaign.pk,
    }


def _rows_of(cast, model) -> list[models.Model]:
    return [value for value in vars(cast).values() if isinstance(value, model)]


def test_the_walk_finds_the_writable_endpoints():
    routes = detail_routes()
    assert "api:enterprise-detail" in routes
    assert len(routes) > 10


def _targets(cast, name: str, view) -> list[tuple[str, models.Model]]:
    """(url, row) for the cast's rows this route writes; the outcome figures are addressed by their enrolment."""
    if getattr(view, "queryset", None) is None:
        if name.endswith("outcome-figures-detail") or "outcome" in name:
            return [(reverse(name, kwargs={"pk": cast.enrolment.pk}), cast.outcome)]
        return []
    return [(reverse(name, kwargs={"pk": row.pk}), row) for row in _rows_of(cast, view.queryset.model)]


@pytest.mark.django_db
def test_extra_fields_in_a_write_change_nothing_they_should_not(cast, foreign, api):
    populate_domain(cast)
    populate_domain(foreign)
    extras = _extras(foreign)
    errors, tried = [], 0
    for role in ROLES:
        errors += _try_role(api(cast.users()[role]), role, cast, extras)
        tried += 1
    assert not errors, "\n".join(errors)


def _try_role(client, role, cast, extras) -> list[str]:
    errors, tried = [], 0
    acting = cast.users()[role].pk
    for name, view in detail_routes().items():
        for url, row in _targets(cast, name, view):
            shown = client.get(url)
            if shown.status_code != 200:
                continue
            before = _protected(row)
            body = {**shown.json(), **extras}
            for method in ("patch", "put"):
                response = getattr(client, method)(url, body, format="json")
                tried += 1
                if response.status_code >= 500:
                    errors.append(f"{role} {method.upper()} {url}: {response.status_code}")
                after = _protected(row)
                changed = {
                    key: (before[key], after[key])
                    for key in before
                    # "updated_by" and the like record who acted: they may become the acting user, nobody else
                    if before[key] != after[key] and not (key.endswith("_by_id") and after[key] == acting)
                }
                if changed:
                    errors.append(f"{role} {method.upper()} {url} → {response.status_code} changed {changed}")
                before = after
    if role == "regulator":
        assert tried, "no writable row was reached"
    return errors


@pytest.mark.django_db
def test_an_id_the_caller_may_not_see_in_any_api_filter_is_refused(cast, foreign, api):
    """Every model-choice filter of every API list (found from the viewsets' filtersets): an id of a row the caller
    may not see — the foreign tenant's, or one outside the caller's scope — is a 400 or 404, never a list."""
    from tests.security.test_visibility_invariants import api_model_filters

    populate_domain(cast)
    populate_domain(foreign)
    errors, tried = [], 0
    for role in ("regulator", "district", "cb_manager", "expert", "enterprise"):
        user = cast.users()[role]
        client = api(user)
        for route, param, choices in api_model_filters():
            if client.get(reverse(route)).status_code != 200:
                continue
            hidden = choices.model._base_manager.exclude(pk__in=choices.all().visible_to(user).values("pk"))
            for pk in hidden.order_by("pk").values_list("pk", flat=True)[:3]:
                response = client.get(reverse(route), {param: pk})
                tried += 1
                if response.status_code not in (400, 404):
                    errors.append(f"{role}: GET {reverse(route)}?{param}={pk} → {response.status_code}")
    assert tried > 20
    assert not errors, "\n".join(errors)
