"""Assistance experts (附件一): added by the body's manager with user, membership and profile; R3 specialties and R4
home district checked; a stale edit refused — through the service, the form and the API."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import Membership, Role, User
from assistance.models import Expert
from assistance.services.experts import expert_create, expert_update
from enterprises.models import Cluster

SITE = "https://portal.example"  # the address the invitation's link starts with


def test_manager_adds_an_expert_with_user_membership_and_profile(world):
    expert = expert_create(
        username="zhang-san",
        display_name="张三",
        email="zhangsan@example.com",
        site_url=SITE,
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
            email="dup@example.com",
            site_url=SITE,
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
            email="lisi@example.com",
            site_url=SITE,
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
            "email": "new@example.com",
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
            "email": "x@example.com",
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
            "email": "api@example.com",
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


# --- Expert accounts (issue 9): no manager-chosen password, valid user names, an invitation, no tenant revealed ------


def _new(world, **overrides):
    data = {
        "username": "wang-wu",
        "display_name": "王五",
        "email": "wangwu@example.com",
        "specialties": [Cluster.HARDWARE],
        "home_district": world.district_unit,
        "site_url": SITE,
        "acting_user": world.cb_manager,
    }
    return expert_create(**{**data, **overrides})


def test_an_expert_user_name_with_spaces_or_slashes_is_refused_and_no_user_is_created(world):
    for bad in ("a b/<x>", "a b", "x/y"):
        with pytest.raises(ValidationError) as exc:
            _new(world, username=bad)
        assert "letters, digits" in exc.value.message_dict["username"][0]
        assert not User.objects.filter(username=bad).exists()


def test_expert_form_errors_arrive_all_at_once(world):
    with pytest.raises(ValidationError) as exc:
        _new(world, username="a b", email="not-an-address", specialties=[])
    assert {"username", "email", "specialties"} <= set(exc.value.message_dict)


def test_a_user_name_taken_in_another_tenant_gets_the_same_answer_as_one_taken_here(world, foreign):
    answers = []
    for taken in (world.expert.username, foreign.expert.username):
        with pytest.raises(ValidationError) as exc:
            _new(world, username=taken)
        answers.append(exc.value.message_dict["username"][0].replace(taken, "NAME"))
    assert answers[0] == answers[1]
    assert foreign.tenant.name not in answers[1]


def test_the_manager_form_has_no_password_field(world, as_user):
    form = as_user(world.cb_manager).get("/assistance/experts/new/").context["form"]
    assert "password" not in form.fields and "email" in form.fields


def test_a_new_expert_is_invited_by_email_once_created_and_sets_a_password_that_the_validators_check(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        expert = _new(world)
    assert not expert.user.has_usable_password()
    assert [message.to for message in mailoutbox] == [["wangwu@example.com"]]
    link = next(line for line in mailoutbox[0].body.splitlines() if line.startswith(SITE))
    path = link.removeprefix(SITE)
    form_page = client.get(path, follow=True)  # Django moves the token into the session, then shows the form
    assert form_page.status_code == 200 and form_page.context["validlink"]
    set_url = form_page.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "1", "new_password2": "1"})
    assert weak.status_code == 200 and weak.context["form"].errors
    expert.user.refresh_from_db()
    assert not expert.user.has_usable_password()
    strong = "Tianjin-quality-2023!"
    done = client.post(set_url, {"new_password1": strong, "new_password2": strong})
    assert done.status_code == 302
    expert.user.refresh_from_db()
    assert expert.user.check_password(strong)
    assert client.get(path, follow=True).context["validlink"] is False  # the link works once


def test_no_invitation_is_sent_when_the_expert_is_not_created(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        _new(world, username=world.expert.username)
    assert mailoutbox == []
