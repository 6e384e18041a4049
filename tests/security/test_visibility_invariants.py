"""What every scoped model promises, for every role, in data where rows have several related rows (issue 7).

A ``visible_to`` whose condition joins through a to-many relation (an expert through their assignments, a training
through its enterprises, a case through its reviews, a working group through its members) would yield a row once per
related row; ``.get()`` then fails with MultipleObjectsReturned — a 500 on a detail page, an endpoint or a filter.
``ScopedQuerySet.for_scope`` filters by ``pk IN`` a subquery so that this cannot happen; these tests prove it for

- every model whose manager is a ``ScopedQuerySet`` (found in the app registry, so a new model joins by itself),
- every role of the cast (tests/cast.py), plus the second district, the foreign tenant and a platform operator:

1. ``visible_to(user)`` never yields the same primary key twice, and every visible row can be fetched by pk;
2. every visible row opens through its API detail endpoint (found from the URL patterns: each ``api:*-detail`` route
   and its viewset's model) and through its HTML detail pages (found from the isolation matrix's entries whose
   object is given by pk), with what the role gets for its own row — never a 404 or a 500;
3. every visible row is accepted by every API filter that takes that model (the filtersets' model-choice filters,
   found from the list routes' viewsets) and by the HTML filters of the isolation matrix.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, time

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import QuerySet
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_filters import ModelChoiceFilter, ModelMultipleChoiceFilter

from accounts.models import Membership, Role, User
from assistance.models import Assignment, Visit, WorkingGroupMember
from enterprises.codes import make_credit_code
from enterprises.models import Case, CaseReview, Cluster, Enrolment, Enterprise, ReviewerProfile
from portal.scoping import ScopedQuerySet
from tests.security.matrix import Entry
from tests.security.test_isolation_matrix import ENTRIES, FILTERS, _build_world

ADMIN_PREFIX = "admin"


def scoped_models() -> list[type]:
    """Every model read through ``visible_to``: its default manager's queryset is a ScopedQuerySet."""
    return sorted(
        (model for model in apps.get_models() if isinstance(model._default_manager.all(), ScopedQuerySet)),
        key=lambda model: model._meta.label,
    )


def _with_many_related_rows(cast) -> None:
    """Rows with several related rows, so that any to-many join in a scope rule would multiply them."""
    tag = cast.tenant.name
    offset = 0 if cast.campaign.document_number.startswith("津") else 50
    # An expert with two assignments in one district (附件一: 1–2 enterprises per expert) …
    neighbour = Enterprise.objects.create(
        tenant=cast.tenant,
        name=f"{tag}滨海精工机械有限公司",
        credit_code=make_credit_code("120116", 9201 + offset),
        district=cast.district_unit,
        district_sort_order=cast.district_unit.sort_order,
        cluster=Cluster.HARDWARE,
        is_foreign_trade=True,
    )
    cast.neighbour_enrolment = Enrolment.objects.create(
        enterprise=neighbour, campaign=cast.campaign, nominated_by=cast.district, state="assigned"
    )
    Assignment.objects.create(
        enrolment=cast.neighbour_enrolment, expert=cast.expert_profile, assigned_by=cast.cb_manager
    )
    # … and an ended assignment of the same expert to the same enterprise before the current one.
    Assignment.objects.create(
        enrolment=cast.enrolment,
        expert=cast.expert_profile,
        assigned_by=cast.cb_manager,
        ended_at=cast.assignment.assigned_at,
        ended_reason="重新指派",
    )
    for enrolment, day in ((cast.neighbour_enrolment, 5), (cast.enrolment, 9)):
        Visit.objects.create(
            enrolment=enrolment,
            expert=cast.expert_profile,
            kind="survey",
            visited_on=date(2023, 6, day),
            starts_at=time(9),
            ends_at=time(11),
            participants="质量负责人",
            created_by=cast.expert,
        )
    # A training with several enterprises, in several districts' eyes.
    cast.training.enterprises.add(neighbour, cast.other_enterprise)
    # A working group with several members and districts.
    WorkingGroupMember.objects.create(group=cast.working_group, user=cast.auditor.user, role="expert")
    cast.working_group.districts.add(cast.district_unit, cast.other_district_unit)
    # A case with several reviews.
    second_reviewer = User.objects.create_user(username=f"{cast.regulator.username}-reviewer-2")
    Membership.objects.create(
        user=second_reviewer, organisation=cast.reviewer.membership.organisation, role=Role.REVIEWER
    )
    ReviewerProfile.objects.create(user=second_reviewer)
    CaseReview.objects.create(case=cast.case, reviewer=second_reviewer, assigned_by=cast.regulator)
    second_case = Case.objects.create(
        enrolment=cast.enrolment,
        title=f"{tag}第二个案例",
        body="……",
        state="submitted",
        created_by=cast.enterprise_user,
    )
    CaseReview.objects.create(case=second_case, reviewer=cast.reviewer, assigned_by=cast.regulator)


@pytest.fixture(scope="module")
def _module_media(tmp_path_factory):
    return tmp_path_factory.mktemp("invariant-media")


@pytest.fixture(autouse=True)
def _fast_hashing_and_private_media(settings, _module_media):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = _module_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, _module_media):
    """The isolation matrix's two tenants, with many related rows added; built once, rolled back at the end."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=_module_media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = _build_world()
            for cast in (world.own, world.foreign):
                _with_many_related_rows(cast)
            operator = User.objects.create_superuser(username="operator", password=None)
            world.users = {
                **world.own.users(),
                "other_district": world.own.other_district,
                "foreign_regulator": world.foreign.regulator,
                "foreign_district": world.foreign.district,
                "operator": operator,
            }
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


ROLES = (
    "regulator",
    "district",
    "other_district",
    "bureau",
    "cb_manager",
    "expert",
    "enterprise",
    "reviewer",
    "foreign_regulator",
    "foreign_district",
    "operator",
)


def _fresh(user):
    """The user as a request would load it: no scope cached from an earlier call."""
    return User.objects.get(pk=user.pk)


# --- 1. visible_to itself ------------------------------------------------------------------------------------------


def test_every_scoped_model_is_found():
    labels = {model._meta.label for model in scoped_models()}
    # A sample of each app, so that a broken discovery cannot pass by finding nothing.
    assert {"accounts.User", "campaign.KickoffMeeting", "enterprises.Enrolment", "assistance.Expert"} <= labels


@pytest.mark.parametrize("role", ROLES)
def test_visible_to_never_yields_a_row_twice_and_every_row_can_be_fetched(role, world, db):
    user = _fresh(world.users[role])
    for model in scoped_models():
        visible = model.objects.visible_to(user)
        pks = list(visible.values_list("pk", flat=True))
        twice = sorted(pk for pk, times in Counter(pks).items() if times > 1)
        assert not twice, f"{role}: {model._meta.label}.visible_to yields pk {twice} more than once"
        assert len(list(visible)) == len(pks)
        for pk in pks:
            assert visible.get(pk=pk).pk == pk


# --- 2. detail endpoints and pages ---------------------------------------------------------------------------------


def _api_patterns(patterns=None, namespace=None):
    """(url name, viewset class) of every API route, from the URL resolver."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace or namespace
            yield from _api_patterns(pattern.url_patterns, ns)
        elif isinstance(pattern, URLPattern) and namespace == "api" and pattern.name:
            viewset = getattr(pattern.callback, "cls", None)
            if viewset is not None and getattr(viewset, "queryset", None) is not None:
                yield f"api:{pattern.name}", viewset


def api_detail_routes() -> dict[str, type]:
    """``api:<basename>-detail`` → its viewset (whose ``queryset`` may narrow the model's rows on purpose)."""
    return {name: viewset for name, viewset in _api_patterns() if name.endswith("-detail")}


def html_detail_routes() -> dict[str, Entry]:
    """The HTML detail pages (``<app>:<noun>-detail``) of the isolation matrix, whose object is given by pk."""
    return {
        key: entry
        for key, entry in ENTRIES.items()
        if entry.obj is not None and key.endswith("-detail") and not key.startswith(("api:", ADMIN_PREFIX))
    }


def _api_client(user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(user=_fresh(user))
    return client


def test_the_api_detail_routes_are_found():
    routes = api_detail_routes()
    assert "api:assignment-detail" in routes and "api:kickoff-meeting-detail" in routes
    assert len(routes) >= 20


@pytest.mark.parametrize("role", ROLES)
def test_every_visible_row_opens_through_its_api_detail_endpoint(role, world, db):
    client = _api_client(world.users[role])
    user = _fresh(world.users[role])
    for name, viewset in sorted(api_detail_routes().items()):
        # The rows the endpoint serves: its own queryset, through the door (as ScopedViewSetMixin reads it).
        pks = list(viewset.queryset.all().visible_to(user).values_list("pk", flat=True))
        assert len(pks) == len(set(pks)), f"{role}: {name}'s queryset yields a row twice"
        for pk in pks:
            response = client.get(reverse(name, args=[pk]))
            assert response.status_code not in (404, 500), f"{role}: GET {name}({pk}) gave {response.status_code}"


@pytest.mark.parametrize("role", ROLES)
def test_every_visible_row_opens_through_its_detail_pages(role, world, client, db):
    user = _fresh(world.users[role])
    client.force_login(user)
    matrix_role = role if role in world.own.users() else None
    for key, entry in sorted(html_detail_routes().items()):
        own = entry.obj(world.own)
        if own is None or entry.args(own) != [own.pk]:
            continue
        # What the role gets for its own tenant's row; the others (second district, foreign, operator) must at
        # least not get a 404 for a row they see.
        expected = entry.status_for(matrix_role) if matrix_role else None
        if expected == 404:
            continue
        for pk in type(own).objects.visible_to(user).values_list("pk", flat=True):
            response = client.get(reverse(key, args=[pk]) + entry.query)
            got = response.status_code
            assert got not in (404, 500), f"{role}: GET {key}({pk}) gave {got}"
            if expected is not None:
                assert got == expected, f"{role}: GET {key}({pk}) gave {got}, its own row gives {expected}"


# --- 3. filters ----------------------------------------------------------------------------------------------------


def api_model_filters() -> list[tuple[str, str, QuerySet]]:
    """(list route, query parameter, choices) for every model-choice filter of every API list route."""
    found = []
    for name, viewset in _api_patterns():
        filterset = getattr(viewset, "filterset_class", None)
        if not name.endswith("-list") or filterset is None:
            continue
        for param, filter_ in filterset.base_filters.items():
            if isinstance(filter_, ModelChoiceFilter | ModelMultipleChoiceFilter):
                found.append((name, param, filter_.queryset))
    return sorted(found, key=lambda item: item[:2])


def test_the_api_filters_are_found():
    assert ("api:assignment-list", "expert") in {(route, param) for route, param, _ in api_model_filters()}


@pytest.mark.parametrize("role", ROLES)
def test_every_visible_row_is_accepted_by_every_filter_that_takes_it(role, world, client, db):
    user = _fresh(world.users[role])
    api = _api_client(user)
    client.force_login(user)
    filters = [(route, param, choices, api) for route, param, choices in api_model_filters()]
    filters += [
        (route, param, type(pick(world.own)).objects.all(), client)
        for route, param, pick in FILTERS
        if "api:" not in route
    ]
    for route, param, choices, http in filters:
        unfiltered = http.get(reverse(route)).status_code
        if unfiltered != 200:
            continue  # the role may not list these at all (403): no filter to try
        # The filter's choices are its queryset through the door (ScopedFilterSet).
        for pk in choices.all().visible_to(user).values_list("pk", flat=True):
            response = http.get(reverse(route), {param: pk})
            assert response.status_code == 200, f"{role}: GET {route}?{param}={pk} gave {response.status_code}"
