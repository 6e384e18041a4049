"""Experts and working groups (附件一): R6 — exactly one leader, only the body's own managers and experts."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Membership, Role
from assistance.models import GroupRole, WorkingGroup
from assistance.services.groups import (
    MemberSpec,
    expert_create,
    expert_update,
    expert_version,
    working_group_create,
    working_group_update,
)
from enterprises.models import Cluster


def _members(world, *, leaders=("manager",)):
    return [
        MemberSpec(world.cb_manager, GroupRole.MANAGER, "manager" in leaders),
        MemberSpec(world.expert, GroupRole.EXPERT, "expert" in leaders),
    ]


def _create(world, members, name="第二工作组"):
    return working_group_create(
        campaign=world.campaign,
        name=name,
        districts=[world.district_unit],
        members=members,
        acting_user=world.cb_manager,
    )


def test_r6_working_group_with_exactly_one_leader_is_set_up(world):
    group = _create(world, _members(world))
    assert group.members.get(is_leader=True).user == world.cb_manager
    assert list(group.districts.all()) == [world.district_unit]


def test_r6_working_group_without_a_leader_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, _members(world, leaders=()))
    assert "exactly one leader" in " ".join(exc.value.message_dict["members"])
    assert not WorkingGroup.objects.filter(name="第二工作组").exists()


def test_r6_working_group_with_two_leaders_is_refused_and_names_them(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, _members(world, leaders=("manager", "expert")))
    message = " ".join(exc.value.message_dict["members"])
    assert str(world.cb_manager) in message and str(world.expert) in message


def test_r6_member_of_another_body_is_refused_with_a_message(world, foreign):
    members = [*_members(world), MemberSpec(foreign.expert, GroupRole.EXPERT)]
    with pytest.raises(ValidationError) as exc:
        _create(world, members)
    assert str(foreign.expert) in " ".join(exc.value.message_dict["members"])


def test_r6_only_managers_and_experts_of_the_body_not_other_staff(world):
    # A district officer is no member of a certification body's group; a manager cannot join "as an expert".
    with pytest.raises(ValidationError):
        _create(world, [*_members(world), MemberSpec(world.district, GroupRole.MANAGER)])
    with pytest.raises(ValidationError) as exc:
        _create(world, [MemberSpec(world.cb_manager, GroupRole.EXPERT, True)])
    assert "manager" in " ".join(exc.value.message_dict["members"])


def test_working_group_name_is_unique_per_body_and_campaign(world):
    _create(world, _members(world))
    with pytest.raises(ValidationError) as exc:
        _create(world, _members(world))
    assert "name" in exc.value.message_dict


def test_working_group_update_is_refused_when_someone_else_changed_it_meanwhile(world):
    group = world.working_group
    working_group_update(
        group=group,
        name="更名",
        districts=[world.district_unit],
        members=_members(world),
        expected_version=group.version,
        acting_user=world.cb_manager,
    )
    with pytest.raises(ValidationError) as exc:
        working_group_update(
            group=group,
            name="再次更名",
            districts=[world.district_unit],
            members=_members(world, leaders=("expert",)),
            expected_version=group.version,
            acting_user=world.cb_manager,
        )
    assert exc.value.code == "stale"


def test_only_the_bodys_own_manager_changes_its_groups(world, foreign):
    with pytest.raises(PermissionDenied):
        working_group_update(
            group=world.working_group,
            name="x",
            districts=[world.district_unit],
            members=_members(world),
            expected_version=None,
            acting_user=world.regulator,
        )


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
    version = expert_version(world.expert_profile)
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
