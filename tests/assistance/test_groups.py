"""Working groups (附件一): R6 — exactly one leader, only the body's own managers and experts — through the service,
the form and the API."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from assistance.models import (
    GroupRole,
    WorkingGroup,
)
from assistance.services.groups import MemberSpec, working_group_create, working_group_update


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


def test_group_form_without_a_leader_shows_r6_and_keeps_the_input(world, as_user):
    client = as_user(world.cb_manager)
    data = {
        "name": "第三工作组",
        "campaign": world.campaign.pk,
        "districts": [world.district_unit.pk],
        f"member_{world.cb_manager.pk}": "manager",
        f"member_{world.expert.pk}": "expert",
        "leader": "",
    }
    response = client.post("/assistance/groups/new/", data)
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()  # R6, in the page's language
    assert not WorkingGroup.objects.filter(name="第三工作组").exists()
    assert 'value="第三工作组"' in response.content.decode()
    data["leader"] = world.expert.pk
    response = client.post("/assistance/groups/new/", data)
    assert response.status_code == 302
    group = WorkingGroup.objects.get(name="第三工作组")
    assert group.members.get(is_leader=True).user == world.expert


def test_group_edit_by_a_second_manager_after_a_change_is_told(world, as_user):
    client = as_user(world.cb_manager)
    url = f"/assistance/groups/{world.working_group.pk}/edit/"
    data = {
        "name": "改名",
        "districts": [world.district_unit.pk],
        f"member_{world.cb_manager.pk}": "manager",
        f"member_{world.expert.pk}": "expert",  # R6 (issue 9): a group keeps at least one assistance expert
        "leader": world.cb_manager.pk,
        "version": world.working_group.version,
    }
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "name": "又改名"})
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].non_field_errors().as_data()] == ["stale"]


def test_r6_api_two_leaders_are_a_400(world, api):
    response = api(world.cb_manager).post(
        "/api/v1/working-groups/",
        {
            "campaign": world.campaign.pk,
            "name": "第二工作组",
            "districts": [world.district_unit.pk],
            "members": [
                {"user": world.cb_manager.pk, "role": "manager", "is_leader": True},
                {"user": world.expert.pk, "role": "expert", "is_leader": True},
            ],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "members" in response.json()
    assert not WorkingGroup.objects.filter(name="第二工作组").exists()


def test_api_working_group_member_of_another_body_is_answered_like_a_missing_user(world, foreign, api):
    response = api(world.cb_manager).post(
        "/api/v1/working-groups/",
        {
            "campaign": world.campaign.pk,
            "name": "第二工作组",
            "districts": [world.district_unit.pk],
            "members": [{"user": foreign.expert.pk, "role": "expert", "is_leader": True}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "members" in response.json()


# --- R6 (issue 9): at least one assistance expert; the leader is one of the members ----------------------------------


def test_r6_working_group_without_an_assistance_expert_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        _create(world, [MemberSpec(world.cb_manager, GroupRole.MANAGER, True)])
    assert "at least one assistance expert" in " ".join(exc.value.message_dict["members"])
    assert not WorkingGroup.objects.filter(name="第二工作组").exists()


def test_r6_a_leader_marked_not_a_member_is_refused_not_made_a_manager(world):
    members = [MemberSpec(world.cb_manager, GroupRole.MANAGER), MemberSpec(world.expert, "", True)]
    with pytest.raises(ValidationError) as exc:
        _create(world, members)
    assert "not a member" in " ".join(exc.value.message_dict["members"])
    assert not WorkingGroup.objects.filter(name="第二工作组").exists()


def test_r6_group_form_with_the_leader_not_ticked_as_a_member_shows_why_and_stores_nothing(world, as_user):
    data = {
        "name": "第四工作组",
        "campaign": world.campaign.pk,
        "districts": [world.district_unit.pk],
        f"member_{world.cb_manager.pk}": "manager",
        f"member_{world.expert.pk}": "",
        "leader": world.expert.pk,
    }
    response = as_user(world.cb_manager).post("/assistance/groups/new/", data)
    assert response.status_code == 200
    assert str(world.expert) in " ".join(response.context["form"].non_field_errors())
    assert not WorkingGroup.objects.filter(name="第四工作组").exists()
