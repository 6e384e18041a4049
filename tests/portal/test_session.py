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


def test_a_form_body_over_the_limit_is_a_chinese_413_that_sends_the_user_back_to_the_text(cast, client, settings):
    client.force_login(cast.district)
    text = "很长的说明" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 10)  # 3 bytes a character: over the limit
    response = client.post("/enterprises/new/", {"name": "天津市超长企业有限公司", "address": text})
    assert response.status_code == 413
    assert "您填写的内容仍在" in response.content.decode()
    assert not Enterprise.objects.filter(name="天津市超长企业有限公司").exists()
    page = client.get("/enterprises/new/").content.decode()
    assert f'data-max-form-bytes="{settings.DATA_UPLOAD_MAX_MEMORY_SIZE}"' in page  # session.js stops it in the page


def test_every_text_field_of_every_form_has_a_maxlength():
    """A browser cannot send more than the field takes (Django renders max_length as maxlength), so no form body
    reaches the upload limit by accident."""
    import ast
    from pathlib import Path

    from django.conf import settings as django_settings

    root = Path(django_settings.BASE_DIR)
    unlimited = []
    for source in [*root.glob("*/forms/*.py"), *root.glob("*/forms.py")]:
        if ".venv" in source.parts:
            continue
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            keywords = {keyword.arg: keyword.value for keyword in node.keywords}
            widget = ast.unparse(keywords["widget"]) if "widget" in keywords else ""
            # Hidden inputs carry what the page wrote; a password is no text to type at length.
            if (
                name == "CharField"
                and "max_length" not in keywords
                and not any(w in widget for w in ("Hidden", "Password"))
            ):
                if "**kwargs" not in ast.unparse(node):  # text_field passes its caller's max_length on
                    unlimited.append(f"{source.relative_to(root)}:{node.lineno}")
            if name == "text_field" and "max_length" not in keywords:
                unlimited.append(f"{source.relative_to(root)}:{node.lineno}")
    assert unlimited == []
