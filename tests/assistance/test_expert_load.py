"""R2's load (附件一: 建议每位帮扶专家负责帮扶1-2个小微企业) is every active assignment of the expert in the campaign,
whoever looks: a district or a city bureau that sees the expert through one of its own enterprises sees the same
count as the regulator (issue 9)."""

import pytest

from tests.assistance.conftest import new_enrolment

pytestmark = pytest.mark.usefixtures("frozen_today")


@pytest.fixture
def loaded(world):
    """world.expert assists world.enrolment (滨海新区) and one enterprise of 和平区: a load of 2."""
    other = new_enrolment(world)
    other.enterprise.district = world.other_district_unit
    other.enterprise.save(update_fields=["district"])
    # The city commerce bureau sees the foreign-trade enterprise of 滨海新区 only.
    type(world.enterprise).objects.filter(pk=world.enterprise.pk).update(is_foreign_trade=True)
    return world


def _api_load(api, user, expert):
    rows = api(user).get("/api/v1/experts/").json()["results"]
    return {row["id"]: row["load"] for row in rows}.get(expert.pk)


@pytest.mark.parametrize("who", ["regulator", "district", "other_district", "bureau", "cb_manager"])
def test_r2_the_expert_load_is_every_active_assignment_whoever_looks_through_the_api(loaded, api, who):
    assert _api_load(api, getattr(loaded, who), loaded.expert_profile) == 2


@pytest.mark.parametrize("who", ["regulator", "district", "other_district", "bureau", "cb_manager"])
def test_r2_the_expert_load_is_every_active_assignment_whoever_looks_on_the_page(loaded, as_user, who):
    response = as_user(getattr(loaded, who)).get("/assistance/experts/")
    assert response.status_code == 200
    experts = {expert.pk: expert.load for expert in response.context["experts"]}
    assert experts[loaded.expert_profile.pk] == 2


def test_r2_the_suggestions_count_the_expert_load_in_every_district(loaded, screened):
    from assistance.selectors.assignments import expert_suggestions

    fits = {fit.expert.pk: fit for fit in expert_suggestions(enrolment=screened, user=loaded.cb_manager)}
    assert fits[loaded.expert_profile.pk].load == 2
    assert [breach.rule for breach in fits[loaded.expert_profile.pk].breaches].count("R2") == 1
