"""Assistance experts (附件一): added by the body's manager with user, membership and profile; R3 specialties and R4
home district checked; a stale edit refused — through the service, the form and the API."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Membership, Role
from assistance.models import Expert
from assistance.services.experts import expert_create, expert_update
from enterprises.models import Cluster


def test_manager_adds_an_expert_with_user_membership_and_profile(world):
    expert = expert_create(
        username="zhang-san",
        display_name="张三",
        specialties=[Cluster.HARDWARE, Cluster.BICYCLES],
        home_district=world.district_unit,
        acting_user=world.cb_manager,
    )
    assert expert.body == world.body
    assert not expert.user.has_usable_password()
    membership = Membership.objects.get(user=expert.user)
    assert (membership.organisation, membership.role) == (world.body.organisation, Role.EXPERT)


def test_expert_user_name_taken_is_a_field_message_and_no_second_user(world):
    with pytest.raises(ValidationError) as exc:
        expert_create(
            username=world.expert.username.upper(),
            display_name="重复",
            specialties=[Cluster.HARDWARE],
            home_district=world.district_unit,
            acting_user=world.cb_manager,
        )
    assert "username" in exc.value.message_dict


def test_expert_needs_a_known_specialty_and_a_district_of_the_city(world, foreign):
    with pytest.raises(ValidationError) as exc:
        expert_create(
            username="li-si",
            display_name="李四",
            specialties=[],
            home_district=world.district_unit,
            acting_user=world.cb_manager,
        )
    assert "specialties" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        expert_update(
            expert=world.expert_profile,
            display_name="x",
            specialties=[Cluster.HARDWARE],
            home_district=world.bureau_unit,
            expected_version=None,
            acting_user=world.cb_manager,
        )
    assert "home_district" in exc.value.message_dict


def test_expert_edit_is_refused_when_someone_else_changed_it_meanwhile(world):
    expert_update(
        expert=world.expert_profile,
        display_name="王五",
        specialties=[Cluster.HARDWARE],
        home_district=world.district_unit,
        expected_version=None,
        acting_user=world.cb_manager,
    )
    version = Expert.objects.get(pk=world.expert_profile.pk).version  # the version the second editor read
    expert_update(
        expert=world.expert_profile,
        display_name="王五",
        specialties=[Cluster.CARPETS],
        home_district=world.district_unit,
        expected_version=version,
        acting_user=world.cb_manager,
    )
    with pytest.raises(ValidationError) as exc:
        expert_update(
            expert=world.expert_profile,
            display_name="王五",
            specialties=[Cluster.BICYCLES],
            home_district=world.district_unit,
            expected_version=version,
            acting_user=world.cb_manager,
        )
    assert exc.value.code == "stale"


def test_manager_adds_an_expert_through_the_form(world, as_user):
    response = as_user(world.cb_manager).post(
        "/assistance/experts/new/",
        {
            "username": "new-expert",
            "display_name": "新专家",
            "specialties": [Cluster.BICYCLES],
            "home_district": world.district_unit.pk,
        },
    )
    assert response.status_code == 302
    assert world.body.experts.filter(user__username="new-expert").exists()


def test_a_foreign_district_in_the_expert_form_is_refused_like_a_missing_one(world, foreign, as_user):
    response = as_user(world.cb_manager).post(
        "/assistance/experts/new/",
        {
            "username": "x-expert",
            "display_name": "x",
            "specialties": [Cluster.BICYCLES],
            "home_district": foreign.district_unit.pk,
        },
    )
    assert response.status_code == 200
    assert "home_district" in response.context["form"].errors


def test_api_expert_create_and_stale_update_is_a_409(world, api):
    client = api(world.cb_manager)
    created = client.post(
        "/api/v1/experts/",
        {
            "username": "api-expert",
            "display_name": "接口专家",
            "specialties": ["hardware"],
            "home_district": world.district_unit.pk,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    expert = created.json()
    update = {
        "display_name": "接口专家",
        "specialties": ["carpets"],
        "home_district": world.district_unit.pk,
        "version": expert["version"],
    }
    first = client.put(f"/api/v1/experts/{expert['id']}/", update, format="json")
    assert first.status_code == 200, first.json()
    assert client.put(f"/api/v1/experts/{expert['id']}/", update, format="json").status_code == 409
