"""The enterprise lists' order — district by its sort_order, then name — read from Enterprise.district_sort_order, the
copy of the district's sort_order that the list's index holds: the copy follows the district wherever it changes."""

import importlib

from django.apps import apps

from accounts.models import User
from enterprises.codes import make_credit_code
from enterprises.models import Enterprise, RosterImport
from enterprises.selectors.enrolments import enrolment_list
from enterprises.selectors.enterprises import enterprise_list
from enterprises.services.enrolments import enrolment_nominate
from enterprises.services.enterprises import EnterpriseData, enterprise_create, enterprise_update
from tests.enterprises.helpers import roster_upload


def _listed(cast) -> list[str]:
    return [enterprise.name for enterprise in enterprise_list(user=cast.regulator)]


def _api_listed(cast, api, ordering: str = "") -> list[str]:
    query = f"?ordering={ordering}" if ordering else ""
    response = api(cast.regulator).get(f"/api/v1/enterprises/{query}")
    assert response.status_code == 200, response.json()
    return [row["name"] for row in response.json()["results"]]


def _copies_match_their_districts() -> bool:
    return all(e.district_sort_order == e.district.sort_order for e in Enterprise.objects.select_related("district"))


def _reorder_in_the_admin(client, unit, sort_order: int, *, page: str = "change/"):
    """The admin's change form for ``unit`` (the one place a unit's sort_order is edited), as an operator sends it;
    ``page`` "history/<id>/" for the form that reverts it to a version from its history."""
    client.force_login(User.objects.get_or_create(username="operator", is_superuser=True, is_staff=True)[0])
    response = client.post(
        f"/admin/campaign/memberunit/{unit.pk}/{page}",
        {
            "tenant": unit.tenant_id,
            "organisation": unit.organisation_id,
            "name": unit.name,
            "kind": unit.kind,
            "remit": unit.remit,
            "sort_order": sort_order,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    unit.refresh_from_db()
    assert unit.sort_order == sort_order


def _enrolments_listed(cast) -> list[str]:
    return [enrolment.enterprise.name for enrolment in enrolment_list(user=cast.regulator)]


def test_the_lists_follow_a_districts_sort_order_after_the_admin_changes_it(cast, client, api):
    # 滨海新区 (1) comes before 和平区 (2); the cast's enterprises are one in each.
    enrolment_nominate(enterprise=cast.enterprise, campaign=cast.campaign, acting_user=cast.district)
    enrolment_nominate(enterprise=cast.other_enterprise, campaign=cast.campaign, acting_user=cast.other_district)
    first, second = cast.enterprise.name, cast.other_enterprise.name
    assert _listed(cast) == _api_listed(cast, api) == _enrolments_listed(cast) == [first, second]
    _reorder_in_the_admin(client, cast.district_unit, 5)
    assert _listed(cast) == _api_listed(cast, api) == _enrolments_listed(cast) == [second, first]
    assert _copies_match_their_districts()


def test_a_units_sort_order_reverted_from_its_history_page_puts_its_enterprises_back(cast, client):
    first, second = cast.enterprise.name, cast.other_enterprise.name
    as_created = cast.district_unit.history.earliest("history_date")  # sort_order 1
    _reorder_in_the_admin(client, cast.district_unit, 5)
    assert _listed(cast) == [second, first]
    _reorder_in_the_admin(client, cast.district_unit, 1, page=f"history/{as_created.history_id}/")
    assert _listed(cast) == [first, second]
    assert _copies_match_their_districts()


def test_an_enterprise_moved_to_another_district_takes_that_districts_place_in_the_list(cast):
    # Named to sort first (Latin before Chinese) within any district: only its district's place decides where it lists.
    moved = enterprise_create(
        tenant=cast.tenant,
        data=EnterpriseData(
            name="A企业", credit_code=make_credit_code("120116", 7101), district=cast.other_district_unit
        ),
        acting_user=cast.regulator,
    )
    assert moved.district_sort_order == cast.other_district_unit.sort_order
    assert _listed(cast) == [cast.enterprise.name, moved.name, cast.other_enterprise.name]
    enterprise_update(
        enterprise=moved,
        data=EnterpriseData(name="A企业", credit_code=moved.credit_code, district=cast.district_unit),
        expected_version=moved.version,
        acting_user=cast.regulator,
    )
    assert _listed(cast) == [moved.name, cast.enterprise.name, cast.other_enterprise.name]
    assert _copies_match_their_districts()


def test_imported_enterprises_take_their_districts_place_in_the_list(cast, as_user):
    # A new enterprise in 和平区, and the cast's 和韵乐器 moved to 滨海新区 by the roster (the regulator imports any
    # district's), both named to sort first within their district.
    rows = [
        {"name": "A新企业", "credit_code": make_credit_code("120116", 7201), "district": cast.other_district_unit.name},
        {"name": "A和韵乐器", "credit_code": cast.other_enterprise.credit_code, "district": cast.district_unit.name},
    ]
    client = as_user(cast.regulator)
    client.post("/enterprises/roster/", {"file": roster_upload(rows)})
    job = RosterImport.objects.get()
    assert job.error_count == 0, job.rows
    client.post(f"/enterprises/roster/{job.pk}/")
    job.refresh_from_db()
    assert (job.status, job.created, job.updated) == ("done", 1, 1)
    assert _listed(cast) == ["A和韵乐器", cast.enterprise.name, "A新企业"]
    assert _copies_match_their_districts()


def test_the_api_still_sorts_by_district__sort_order_as_clients_asked_before_the_copy(cast, api):
    first, second = cast.enterprise.name, cast.other_enterprise.name
    assert _api_listed(cast, api, "district__sort_order") == [first, second]
    assert _api_listed(cast, api, "-district__sort_order") == [second, first]
    assert _api_listed(cast, api, "-district_sort_order,name") == [second, first]


def test_the_migration_copies_every_enterprises_district_sort_order(cast):
    Enterprise.objects.update(district_sort_order=0)
    migration = importlib.import_module("enterprises.migrations.0016_enterprise_district_sort_order")
    migration.copy_district_sort_order(apps, None)
    assert _copies_match_their_districts()
    assert set(Enterprise.objects.values_list("district_sort_order", flat=True)) == {1, 2}
