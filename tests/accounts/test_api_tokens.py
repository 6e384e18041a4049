"""Token sign-in (DESIGN.md §8): hashed, expiring, revocable knox tokens; django-axes locks after repeated failures."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from knox.models import AuthToken
from rest_framework.test import APIClient

from tests.cast import PASSWORD

TOKEN_URL = "/api/v1/auth/token/"
CAMPAIGNS_URL = "/api/v1/campaigns/"
WRONG_CREDENTIALS = "Unable to sign in with the username and password given."


def sign_in(username, password=PASSWORD, client=None):
    return (client or APIClient()).post(TOKEN_URL, {"username": username, "password": password}, format="json")


def with_token(token):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


def test_sign_in_gives_a_token_that_opens_the_api(cast):
    response = sign_in(cast.district.username)

    assert response.status_code == 200, response.content
    assert set(response.json()) == {"token", "expiry"}
    listing = with_token(response.json()["token"]).get(CAMPAIGNS_URL)
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [cast.campaign.pk]


def test_token_expires_after_the_configured_lifetime(cast):
    response = sign_in(cast.regulator.username)
    token = response.json()["token"]
    expiry = AuthToken.objects.get(user=cast.regulator).expiry
    assert abs(expiry - (timezone.now() + settings.REST_KNOX["TOKEN_TTL"])) < timedelta(minutes=1)

    with time_machine.travel(expiry + timedelta(minutes=1)):
        assert with_token(token).get(CAMPAIGNS_URL).status_code == 401
    assert not AuthToken.objects.filter(user=cast.regulator).exists()  # knox deletes an expired token on sight


def test_token_is_stored_only_as_a_hash(cast):
    token = sign_in(cast.regulator.username).json()["token"]

    row = AuthToken.objects.get(user=cast.regulator)
    stored = [str(getattr(row, field.attname)) for field in AuthToken._meta.concrete_fields]
    assert not any(token in value for value in stored)
    assert row.digest != token


def test_wrong_password_is_refused_with_a_clear_message(cast):
    response = sign_in(cast.regulator.username, "not-the-password")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [gettext(WRONG_CREDENTIALS)]}
    assert not AuthToken.objects.exists()


def test_unknown_user_gets_the_same_answer_as_a_wrong_password(cast):
    response = sign_in("nobody-at-all")

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [gettext(WRONG_CREDENTIALS)]}


def test_inactive_user_gets_no_token(cast):
    cast.expert.is_active = False
    cast.expert.save()

    assert sign_in(cast.expert.username).status_code == 400
    assert not AuthToken.objects.exists()


def test_user_without_membership_gets_no_token(cast):
    cast.reviewer.membership.delete()

    response = sign_in(cast.reviewer.username)

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [gettext(WRONG_CREDENTIALS)]}
    assert not AuthToken.objects.exists()


def test_missing_fields_are_named(cast):
    response = APIClient().post(TOKEN_URL, {"username": cast.regulator.username}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"password"}


def test_account_locks_after_five_failures_even_for_the_right_password(cast):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(4):
        assert sign_in(cast.district.username, "wrong-password").status_code == 400

    fifth = sign_in(cast.district.username, "wrong-password")
    assert fifth.status_code == 429
    assert fifth["Content-Type"].startswith("application/json")  # not axes' HTML lockout page
    assert "30" in fifth.json()["detail"]
    assert int(fifth["Retry-After"]) == 30 * 60

    right_password = sign_in(cast.district.username)
    assert right_password.status_code == 429
    assert "token" not in right_password.json()
    assert not AuthToken.objects.exists()


def test_lockout_ends_after_thirty_minutes(cast):
    for _attempt in range(5):
        sign_in(cast.district.username, "wrong-password")
    assert sign_in(cast.district.username).status_code == 429

    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        assert sign_in(cast.district.username).status_code == 200


def test_success_resets_the_failure_count(cast):
    for _attempt in range(4):
        sign_in(cast.district.username, "wrong-password")
    assert sign_in(cast.district.username).status_code == 200

    for _attempt in range(4):
        assert sign_in(cast.district.username, "wrong-password").status_code == 400


def test_lockout_of_one_account_leaves_others_alone(cast):
    for _attempt in range(5):
        sign_in(cast.district.username, "wrong-password")

    assert sign_in(cast.regulator.username).status_code == 200


def test_logout_revokes_only_the_calling_token(cast):
    first = sign_in(cast.regulator.username).json()["token"]
    second = sign_in(cast.regulator.username).json()["token"]

    assert with_token(first).post("/api/v1/auth/logout/").status_code == 204

    assert with_token(first).get(CAMPAIGNS_URL).status_code == 401
    assert with_token(second).get(CAMPAIGNS_URL).status_code == 200


def test_logoutall_revokes_every_token_of_the_user(cast):
    first = sign_in(cast.regulator.username).json()["token"]
    second = sign_in(cast.regulator.username).json()["token"]
    other_user = sign_in(cast.district.username).json()["token"]

    assert with_token(first).post("/api/v1/auth/logoutall/").status_code == 204

    assert with_token(first).get(CAMPAIGNS_URL).status_code == 401
    assert with_token(second).get(CAMPAIGNS_URL).status_code == 401
    assert with_token(other_user).get(CAMPAIGNS_URL).status_code == 200


def test_a_made_up_token_is_refused(cast):
    assert with_token("0" * 64).get(CAMPAIGNS_URL).status_code == 401


@pytest.mark.parametrize("url", [CAMPAIGNS_URL, "/api/v1/member-units/", "/api/v1/kickoff-meetings/"])
def test_endpoints_need_authentication(url, cast):
    assert APIClient().get(url).status_code == 401


def test_token_limit_per_user_is_enforced_with_a_message(cast, settings):
    from knox.settings import knox_settings

    for _token in range(knox_settings.TOKEN_LIMIT_PER_USER):
        AuthToken.objects.create(user=cast.regulator)

    response = sign_in(cast.regulator.username)

    assert response.status_code == 403
    assert AuthToken.objects.filter(user=cast.regulator).count() == knox_settings.TOKEN_LIMIT_PER_USER
