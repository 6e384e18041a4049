"""The isolation matrix (DESIGN.md §4): every URL pattern, every role, own object and foreign object.

``test_every_route_has_an_entry`` walks the URL resolver and fails when a route has no entry below, so a new page
or endpoint cannot ship without saying who may see it. For each entry and each role of 天津市 the own object (or the
list) answers with the expected status; the same route with the foreign tenant's object is a 404 for everyone
signed in; a list never shows a foreign row (the foreign tenant's names all carry FOREIGN_MARKER); and the foreign
tenant's users get 404 for 天津市's objects and never see its rows.

Admin routes are generated from the admin registry: ScopedModelAdmin models are readable by the regulator, 404 for
foreign rows, read-only; every other admin (tokens, beat schedules, axes logs) is for platform operators only.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from campaign.models import KickoffMeeting
from portal.admin import ScopedModelAdmin
from tests.cast import FOREIGN_MARKER, build_cast
from tests.security.matrix import (
    ALL,
    HOME_TENANT_MARKER,
    MEMBER_UNITS_RECORD,
    REGULATOR_EDITS,
    ROLES,
    SIGNED_IN,
    Entry,
    kickoff,
)
from tests.security.routes import AREAS

# --- Pages and endpoints -------------------------------------------------------------------------------------------
# Keys are URL names (namespace:name); unnamed routes are keyed by their pattern.
ENTRIES: dict[str, Entry] = {
    "home": Entry(args=lambda o: [], expect=ALL, is_list=True),
    # "Stay signed in" (portal.session): any signed-in user renews their own session; nothing to read.
    "session-keepalive": Entry(args=lambda o: [], expect={r: 204 for r in SIGNED_IN}, is_list=True),
    "accounts:login": Entry(kind="public", args=lambda o: [], expect={"anonymous": 200, **{r: 302 for r in SIGNED_IN}}),
    # Logout is POST-only; GET is refused for everyone.
    "accounts:logout": Entry(
        kind="public", args=lambda o: [], expect={"anonymous": 405, **{r: 405 for r in SIGNED_IN}}
    ),
    # The forgotten-password pages are public and the same for everyone (a made-up link shows "no longer works").
    "accounts:password-reset": Entry(kind="public", args=lambda o: [], expect={r: 200 for r in ROLES}),
    "accounts:password-reset-done": Entry(kind="public", args=lambda o: [], expect={r: 200 for r in ROLES}),
    "accounts:password-reset-confirm": Entry(
        kind="public", args=lambda o: ["MQ", "set-password-0"], expect={r: 200 for r in ROLES}
    ),
    "accounts:password-reset-complete": Entry(kind="public", args=lambda o: [], expect={r: 200 for r in ROLES}),
    # Campaign and its calendar: every member of the tenant reads it; only the regulator edits (403 for the others).
    "campaign:campaign-list": Entry(args=lambda o: [], expect=ALL, is_list=True),
    "campaign:campaign-detail": Entry(obj=lambda c: c.campaign, expect=ALL, is_list=True),
    "campaign:campaign-edit": Entry(obj=lambda c: c.campaign, expect=REGULATOR_EDITS),
    "campaign:campaign-clone": Entry(obj=lambda c: c.campaign, expect=REGULATOR_EDITS),
    "campaign:campaign-reopen": Entry(obj=lambda c: c.campaign, expect=REGULATOR_EDITS),
    "campaign:phase-edit": Entry(obj=lambda c: c.campaign.phases.order_by("pk").first(), expect=REGULATOR_EDITS),
    "campaign:deadline-edit": Entry(obj=lambda c: c.campaign.deadlines.order_by("pk").first(), expect=REGULATOR_EDITS),
    # Member units: the regulator sees all of its tenant's, a member unit itself.
    "campaign:member-unit-list": Entry(args=lambda o: [], expect=ALL, is_list=True),
    # Kickoff meetings (R9): a member unit records its own; the regulator watches.
    "campaign:kickoff-list": Entry(
        args=lambda o: [],
        expect={r: 403 for r in SIGNED_IN} | {"regulator": 200, "district": 200, "bureau": 200},
        is_list=True,
    ),
    # The district has recorded its kickoff already, so "new" takes it to that record.
    "campaign:kickoff-create": Entry(obj=lambda c: c.campaign, expect=MEMBER_UNITS_RECORD | {"district": 302}),
    "campaign:kickoff-detail": Entry(obj=kickoff, expect={"regulator": 200, "district": 200}),
    "campaign:kickoff-edit": Entry(obj=kickoff, expect={"regulator": 403, "district": 200}),
    "campaign:kickoff-minutes": Entry(obj=kickoff, expect={"regulator": 200, "district": 200}),
    # --- API ---
    "api:schema": Entry(kind="public", args=lambda o: [], expect={r: 200 for r in ROLES}),
    "api:docs": Entry(kind="public", args=lambda o: [], expect={r: 200 for r in ROLES}),
    "api:token-login": Entry(kind="public", args=lambda o: [], expect={r: 405 for r in ROLES}),  # POST only
    # Token logout takes only token authentication: a browser session is not signed in there.
    "api:token-logout": Entry(kind="api", args=lambda o: [], expect={r: 401 for r in SIGNED_IN}),
    "api:token-logoutall": Entry(kind="api", args=lambda o: [], expect={r: 401 for r in SIGNED_IN}),
    "api:campaign-list": Entry(kind="api", args=lambda o: [], expect=ALL, is_list=True),
    "api:campaign-detail": Entry(kind="api", obj=lambda c: c.campaign, expect=ALL),
    "api:member-unit-list": Entry(kind="api", args=lambda o: [], expect=ALL, is_list=True),
    "api:member-unit-detail": Entry(
        kind="api",
        obj=lambda c: c.district_unit,
        expect={"regulator": 200, "district": 200, "cb_manager": 200, "expert": 200},
    ),
    "api:kickoff-meeting-list": Entry(kind="api", args=lambda o: [], expect=ALL, is_list=True),
    "api:kickoff-meeting-detail": Entry(kind="api", obj=kickoff, expect={"regulator": 200, "district": 200}),
    "api:kickoff-meeting-minutes": Entry(kind="api", obj=kickoff, expect={"regulator": 200, "district": 200}),
}


# --- Admin, generated from the registry ------------------------------------------------------------------------------
ADMIN_OBJECTS: dict[str, Callable[[Any], Any]] = {
    "accounts.organisation": lambda c: c.district_unit.organisation,
    "accounts.membership": lambda c: c.district.membership,
    "campaign.tenant": lambda c: c.tenant,
    "campaign.campaign": lambda c: c.campaign,
    "campaign.phase": lambda c: c.campaign.phases.order_by("pk").first(),
    "campaign.deadline": lambda c: c.campaign.deadlines.order_by("pk").first(),
    "campaign.memberunit": lambda c: c.district_unit,
    "campaign.kickoffmeeting": kickoff,
    "enterprises.enterprise": lambda c: c.enterprise,
    "assistance.certificationbody": lambda c: c.body,
    "assistance.expert": lambda c: c.expert_profile,
}
for _area in AREAS:
    ADMIN_OBJECTS.update(getattr(_area, "ADMIN_OBJECTS", {}))
ADMIN_LOGIN = "/admin/login/"


def _admin_entries() -> dict[str, Entry]:
    staff_only = {"regulator": 200}
    entries = {
        "admin:index": Entry(args=lambda o: [], expect=staff_only, is_list=True, login_url=ADMIN_LOGIN, others=302),
        "admin:login": Entry(
            kind="public",
            args=lambda o: [],
            expect={"anonymous": 200, "regulator": 302, **{r: 200 for r in SIGNED_IN[1:]}},
        ),
        # Logout is POST-only for the signed in; the anonymous are sent to the login first.
        "admin:logout": Entry(
            kind="public", args=lambda o: [], expect={"regulator": 405}, others=302, anonymous=302, login_url="/admin/"
        ),
        "admin:password_change": Entry(args=lambda o: [], expect=staff_only, login_url=ADMIN_LOGIN, others=302),
        "admin:password_change_done": Entry(args=lambda o: [], expect=staff_only, login_url=ADMIN_LOGIN, others=302),
        "admin:jsi18n": Entry(args=lambda o: [], expect=staff_only, login_url=ADMIN_LOGIN, others=302),
        # Autocomplete without its query parameters is a 403 for staff; it only ever serves registered, scoped admins.
        "admin:autocomplete": Entry(args=lambda o: [], expect={"regulator": 403}, login_url=ADMIN_LOGIN, others=302),
        # The admin's catch-all answers 404 for staff and sends everybody else to the admin login.
        "admin/(?P<url>.*)$": Entry(
            args=lambda o: ["no-such-page/"], expect={"regulator": 404}, login_url=ADMIN_LOGIN, others=302
        ),
        "admin:app_list": Entry(
            args=lambda o: ["campaign"], expect=staff_only, login_url=ADMIN_LOGIN, others=302, is_list=True
        ),
        # /admin/r/<ct>/<id>/ redirects to the object's own page (get_absolute_url); our models have none: 404.
        "admin:view_on_site": Entry(
            obj=lambda c: c.campaign,
            args=_view_on_site_args,
            expect={"regulator": 404},
            login_url=ADMIN_LOGIN,
            others=302,
        ),
    }
    for model, model_admin in admin.site._registry.items():
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        scoped = isinstance(model_admin, ScopedModelAdmin)
        getter = ADMIN_OBJECTS.get(model._meta.label_lower)
        if scoped:
            assert getter is not None, f"{model._meta.label} needs an entry in ADMIN_OBJECTS"
            entries[f"admin:{label}_changelist"] = Entry(
                args=lambda o: [], expect=staff_only, is_list=True, login_url=ADMIN_LOGIN, others=302
            )
            entries[f"admin:{label}_add"] = Entry(
                args=lambda o: [], expect={"regulator": 403}, login_url=ADMIN_LOGIN, others=302
            )
            entries[f"admin:{label}_change"] = Entry(obj=getter, expect=staff_only, login_url=ADMIN_LOGIN, others=302)
            entries[f"admin:{label}_history"] = Entry(obj=getter, expect=staff_only, login_url=ADMIN_LOGIN, others=302)
            entries[f"admin:{label}_delete"] = Entry(
                obj=getter, expect={"regulator": 403}, login_url=ADMIN_LOGIN, others=302
            )
            entries[f"admin:{label}_simple_history"] = Entry(
                obj=getter,
                args=lambda o: [o.pk, o.history.latest("history_date").history_id],
                expect=staff_only,
                login_url=ADMIN_LOGIN,
                others=302,
            )
        else:
            # Not tenant data (accounts, tokens, schedules, login logs): platform operators only.
            operator_only = {"regulator": 403}
            refused = {"expect": operator_only, "foreign": 403, "login_url": ADMIN_LOGIN, "others": 302}
            for action in ("changelist", "add"):
                entries[f"admin:{label}_{action}"] = Entry(args=lambda o: [], **refused)
            for action in ("change", "delete", "history"):
                entries[f"admin:{label}_{action}"] = Entry(obj=lambda c: c.regulator, **refused)
            if model._meta.label_lower == "accounts.user":
                entries["admin:auth_user_password_change"] = Entry(obj=lambda c: c.regulator, **refused)
        # /admin/<app>/<model>/<id>/ only redirects to the change page, which does the checking.
        entries[f"admin/{model._meta.app_label}/{model._meta.model_name}/<path:object_id>/"] = Entry(
            obj=getter or (lambda c: c.regulator),
            expect={r: 302 for r in SIGNED_IN},
            anonymous=302,
            login_url="",
        )
    return entries


def _view_on_site_args(obj):
    from django.contrib.contenttypes.models import ContentType

    return [ContentType.objects.get_for_model(obj).pk, obj.pk]


for _area in AREAS:
    ENTRIES.update(getattr(_area, "ENTRIES", {}))
ENTRIES.update(_admin_entries())


# --- The walk over every URL pattern ---------------------------------------------------------------------------------


def _route_keys(patterns=None, namespace=None, prefix=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = pattern.namespace
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _route_keys(pattern.url_patterns, full_ns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            if pattern.name:
                yield f"{namespace}:{pattern.name}" if namespace else pattern.name
            else:
                yield prefix + str(pattern.pattern)


def _is_format_suffix(key: str) -> bool:
    # DRF's format-suffix twins (\.(?P<format>[a-z0-9]+)) share their entry with the route they double.
    return "(?P<format>" in key or "<drf_format_suffix:format>" in key


def test_every_route_has_an_entry():
    keys = {key for key in _route_keys() if not _is_format_suffix(key)}
    missing = sorted(keys - ENTRIES.keys())
    assert not missing, "routes missing from the isolation matrix: " + ", ".join(missing)


# --- The matrix ------------------------------------------------------------------------------------------------------


def _build_world():
    tianjin = build_cast("天津市", "tj", code_offset=0)
    other = build_cast("示例市", "fx", code_offset=2)
    for cast in (tianjin, other):
        cast.kickoff = KickoffMeeting.objects.create(
            campaign=cast.campaign,
            member_unit=cast.district_unit,
            held_on=date(2023, 5, 20),
            place=f"{cast.tenant.name}会议中心",
            attendance=40,
            recorded_by=cast.district,
        )
        cast.kickoff.minutes.save("minutes.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
        cast.kickoff.minutes_name = "minutes.pdf"
        cast.kickoff.save()
        for area in AREAS:
            if hasattr(area, "populate"):
                area.populate(cast)
    return SimpleNamespace(own=tianjin, foreign=other)


@pytest.fixture(scope="module")
def _module_media(tmp_path_factory):
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture(autouse=True)
def _fast_hashing_and_private_media(settings, _module_media):
    # Overrides the suite-wide fixture of the same name: the world's files live for the whole module.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = _module_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, _module_media):
    """Both tenants with one of every row, built once for the module inside a transaction that is rolled back at
    the end (Django's setUpTestData pattern); each test runs in its own savepoint inside it."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=_module_media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _url(key: str, entry: Entry, obj) -> str:
    args = entry.args(obj)
    if "/" not in key:
        return reverse(key, args=args) + entry.query
    # Unnamed admin routes: build the path from the pattern.
    path = "/" + key
    path = re.sub(r"\(\?P<url>\.\*\)\$$", str(args[0]) if args else "", path)
    path = path.replace("<path:object_id>", str(obj.pk) if obj is not None else "0")
    return path + entry.query


def _check(client, url, expected, entry, label, *, forbidden_text=None):
    response = client.get(url)
    assert response.status_code == expected, f"{label}: GET {url} gave {response.status_code}, expected {expected}"
    if expected == 302 and entry.login_url and label.startswith("anonymous"):
        assert response["Location"].startswith(entry.login_url), f"{label}: redirected to {response['Location']}"
    if response.status_code == 200 and forbidden_text and not getattr(response, "streaming", False):
        body = response.content.decode("utf-8", "replace")
        assert forbidden_text not in body, f"{label}: GET {url} shows a foreign row ({forbidden_text})"
    return response


@pytest.mark.parametrize("key", sorted(ENTRIES))
def test_isolation(key, world, client, db):
    entry = ENTRIES[key]
    own_obj = entry.obj(world.own) if entry.obj else None
    foreign_obj = entry.obj(world.foreign) if entry.obj else None
    users = world.own.users()
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(users[role])
        expected = entry.status_for(role)
        _check(client, _url(key, entry, own_obj), expected, entry, f"{role} own", forbidden_text=FOREIGN_MARKER)
        if foreign_obj is not None and role != "anonymous" and expected != 302:
            # A foreign row is a 404 — unless the route refuses the role outright (405, operator-only) first.
            foreign_expected = expected if expected == 405 else entry.foreign
            _check(client, _url(key, entry, foreign_obj), foreign_expected, entry, f"{role} foreign")
    # The other tenant's users: 天津市's objects are 404, and their lists never show 天津市's rows.
    for role in ("regulator", "district"):
        client.logout()
        client.force_login(world.foreign.users()[role])
        expected = entry.status_for(role)
        if own_obj is not None and expected in (200, 404):
            _check(client, _url(key, entry, own_obj), 404, entry, f"foreign {role} on own object")
        elif own_obj is None:
            _check(
                client, _url(key, entry, None), expected, entry, f"foreign {role}", forbidden_text=HOME_TENANT_MARKER
            )


# --- Foreign ids in filters ------------------------------------------------------------------------------------------
FILTERS = [
    ("campaign:kickoff-list", "campaign", lambda c: c.campaign),
    ("api:kickoff-meeting-list", "campaign", lambda c: c.campaign),
    ("api:kickoff-meeting-list", "member_unit", lambda c: c.district_unit),
    ("api:report-list", "campaign", lambda c: c.campaign),
]


@pytest.mark.parametrize("route, param, pick", FILTERS, ids=[f"{r}?{p}" for r, p, _ in FILTERS])
def test_a_foreign_id_in_a_filter_is_404_and_an_own_one_is_not(route, param, pick, world, client, db):
    for role in ("regulator", "district"):
        client.force_login(world.own.users()[role])
        own = client.get(f"{reverse(route)}?{param}={pick(world.own).pk}")
        assert own.status_code == 200, f"{role}: own {param} gave {own.status_code}"
        foreign = client.get(f"{reverse(route)}?{param}={pick(world.foreign).pk}")
        assert foreign.status_code == 404, f"{role}: foreign {param} gave {foreign.status_code}"
        missing = client.get(f"{reverse(route)}?{param}=987654")
        assert missing.status_code == 404
        assert foreign.content == missing.content, "a foreign id must look exactly like a missing one"
