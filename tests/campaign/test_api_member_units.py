"""/api/v1/member-units/: the regulator sees its districts and bureaus, a member unit only itself."""

import pytest

from tests.campaign.queries import QUERIES
from tests.factories import MemberUnitFactory
from tests.queries import assert_page_queries


def ids(response):
    assert response.status_code == 200
    return sorted(row["id"] for row in response.json()["results"])


def test_regulator_sees_every_member_unit_of_its_tenant_only(api, cast, foreign):
    own = sorted([cast.district_unit.pk, cast.other_district_unit.pk, cast.bureau_unit.pk])

    assert ids(api(cast.regulator).get("/api/v1/member-units/")) == own


@pytest.mark.parametrize(("role", "unit"), [("district", "district_unit"), ("bureau", "bureau_unit")])
def test_member_unit_staff_see_only_their_own_unit(role, unit, api, cast, foreign):
    client = api(cast.users()[role])

    assert ids(client.get("/api/v1/member-units/")) == [getattr(cast, unit).pk]
    assert client.get(f"/api/v1/member-units/{cast.other_district_unit.pk}/").status_code == 404


@pytest.mark.parametrize("role", ["cb_manager", "expert"])
def test_certification_side_sees_the_citys_units_to_pick_from(role, api, cast, foreign):
    assert len(ids(api(cast.users()[role]).get("/api/v1/member-units/"))) == 3


@pytest.mark.parametrize("role", ["enterprise", "reviewer"])
def test_enterprise_and_reviewer_see_no_member_units(role, api, cast):
    assert ids(api(cast.users()[role]).get("/api/v1/member-units/")) == []


@pytest.mark.parametrize("role", ["regulator", "district", "bureau", "cb_manager", "expert", "enterprise", "reviewer"])
def test_foreign_member_unit_is_not_found(role, api, cast, foreign):
    assert api(cast.users()[role]).get(f"/api/v1/member-units/{foreign.district_unit.pk}/").status_code == 404


def test_member_unit_fields(api, cast):
    cast.district_unit.is_demonstration_zone = True
    cast.district_unit.save()

    body = api(cast.regulator).get(f"/api/v1/member-units/{cast.bureau_unit.pk}/").json()
    zone = api(cast.regulator).get(f"/api/v1/member-units/{cast.district_unit.pk}/").json()

    assert body["kind"] == "bureau"
    assert body["remit"] == "foreign_trade"
    assert body["is_demonstration_zone"] is False
    assert zone["is_demonstration_zone"] is True
    assert set(body) >= {"id", "name", "kind", "remit", "is_demonstration_zone", "is_demonstration_point"}


def test_member_unit_list_costs_the_baseline_queries_for_few_and_for_many_units(api, cast):
    url = "/api/v1/member-units/"

    def rows_at_baseline_cost():
        # A fresh client and user each time, so the scope lookup is counted every time.
        return len(ids(assert_page_queries(api(cast.regulator), url, QUERIES[url])))

    small_rows = rows_at_baseline_cost()
    MemberUnitFactory.create_batch(13, tenant=cast.tenant)
    large_rows = rows_at_baseline_cost()

    assert (small_rows, large_rows) == (3, 16)
