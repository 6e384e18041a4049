"""Nothing typed is lost to the idle limit (portal.session): the warning's keepalive, and a form sent after the
session ended filled back in after signing in again — never saved behind the user's back, never for another page."""

from enterprises.models import Enterprise
from portal.session import MAX_RESCUED_CHARACTERS, RESCUE_KEY


def _expire(client):
    client.session.flush()
    client.cookies.pop("sessionid", None)


def test_keepalive_renews_a_signed_in_session_and_sends_the_anonymous_to_the_login(cast, client):
    assert client.get("/session/keepalive/").status_code == 302
    client.force_login(cast.expert)
    response = client.get("/session/keepalive/")
    assert response.status_code == 204
    assert "sessionid" in response.cookies  # saved again: the idle clock starts over


def test_pages_of_a_signed_in_user_carry_the_idle_limit_for_the_warning(cast, client, settings):
    client.force_login(cast.district)
    page = client.get("/").content.decode()
    assert f'data-idle-seconds="{settings.SESSION_COOKIE_AGE}"' in page
    assert 'id="portal-idle-warning"' in page


def test_a_form_sent_after_the_session_ended_is_kept_for_its_own_page_only_and_not_saved(cast, client):
    client.force_login(cast.district)
    _expire(client)
    form = {"name": "天津市迟到企业有限公司", "credit_code": "x", "district": cast.district_unit.pk}
    response = client.post("/enterprises/new/", form)
    assert response.status_code == 302
    assert client.session[RESCUE_KEY]["fields"]["name"] == ["天津市迟到企业有限公司"]
    assert not Enterprise.objects.filter(name="天津市迟到企业有限公司").exists()
    client.force_login(cast.district)
    assert client.get("/").context["portal_rescued_form"] is None  # another page: left alone
    assert client.get("/enterprises/new/").context["portal_rescued_form"]["fields"]["name"] == [
        "天津市迟到企业有限公司"
    ]


def test_an_oversized_anonymous_post_is_not_kept(cast, client):
    client.post("/enterprises/new/", {"name": "x" * (MAX_RESCUED_CHARACTERS + 1)})
    assert RESCUE_KEY not in client.session
