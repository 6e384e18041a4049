"""Signing in and out, the lockout after repeated failures, and the 12-hour session limit."""

import time

from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import gettext as _

from accounts.middleware import SESSION_KEY
from tests.cast import PASSWORD

LOGIN = "/accounts/login/"


def test_login_page_renders_for_anonymous_users(client, db):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert 'lang="zh-Hans"' in response.content.decode()
    assert 'name="username"' in response.content.decode()


def test_login_with_the_right_password_lands_on_home(client, cast):
    response = client.post(LOGIN, {"username": cast.regulator.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_login_goes_to_next_when_given(client, cast):
    response = client.post(
        LOGIN, {"username": cast.district.username, "password": PASSWORD, "next": "/campaign/kickoffs/"}
    )
    assert response.url == "/campaign/kickoffs/"


def test_wrong_password_shows_a_clear_error_and_keeps_the_username(client, cast):
    response = client.post(LOGIN, {"username": cast.regulator.username, "password": "not-the-password"})
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors
    assert escape(errors[0]) in response.content.decode()
    assert f'value="{cast.regulator.username}"' in response.content.decode()


def test_account_is_locked_after_five_failures_even_for_the_right_password(client, cast, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _attempt in range(5):
        client.post(LOGIN, {"username": cast.district.username, "password": "wrong-password"})
    response = client.post(LOGIN, {"username": cast.district.username, "password": PASSWORD})
    assert response.status_code == 429
    assert "accounts/locked_out.html" in [t.name for t in response.templates]
    content = response.content.decode()
    assert escape(_("Account locked")) in content
    assert "30" in content  # minutes until it unlocks
    assert "_auth_user_id" not in client.session


def test_session_older_than_twelve_hours_goes_to_login_with_next_then_back(client, cast):
    client.force_login(cast.regulator)
    session = client.session
    session[SESSION_KEY] = int(time.time()) - 13 * 3600
    session.save()

    response = client.get("/campaign/campaigns/")
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/campaign/campaigns/"

    login_page = client.get(response.url)
    assert escape(_("Your session has expired. Please sign in again.")) in login_page.content.decode()
    assert 'name="next" value="/campaign/campaigns/"' in login_page.content.decode()

    back = client.post(
        LOGIN, {"username": cast.regulator.username, "password": PASSWORD, "next": "/campaign/campaigns/"}
    )
    assert back.url == "/campaign/campaigns/"
    assert client.get(back.url).status_code == 200


def test_anonymous_user_is_sent_to_login_for_the_home_page(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == f"{LOGIN}?next=/"


def test_logout_is_a_post_and_ends_the_session(client, cast):
    client.force_login(cast.regulator)
    assert client.get("/accounts/logout/").status_code == 405
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert response.url == LOGIN
    assert "_auth_user_id" not in client.session
    assert client.get("/").status_code == 302


def test_pages_carry_no_inline_script_or_style(client, cast):
    client.force_login(cast.regulator)
    for url in ("/", "/campaign/campaigns/", "/campaign/kickoffs/", "/campaign/member-units/"):
        content = client.get(url).content.decode()
        assert "<style" not in content
        assert "style=" not in content
        assert " onclick=" not in content
        for chunk in content.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), chunk[:80]
