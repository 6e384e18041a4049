"""Anyone can reset a forgotten password by e-mail (Django's PasswordReset* views, in Chinese); the answer never
reveals whether an account has the address; the new password passes the configured validators."""

import re

from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from tests.cast import PASSWORD

RESET = "/accounts/password-reset/"
NEW_PASSWORD = "Haihe-bridge-2023"


def _link(user) -> str:
    return reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def _set_password(client, link, password):
    page = client.get(link, follow=True)  # Django swaps the token for a session key and redirects
    assert page.context["validlink"]
    return client.post(page.redirect_chain[-1][0], {"new_password1": password, "new_password2": password})


def test_login_page_links_to_the_forgotten_password_page(client, db):
    assert RESET in client.get("/accounts/login/").content.decode()


def test_reset_mail_carries_a_working_link_and_the_new_password_signs_in(client, cast):
    cast.expert.email = "expert@example.cn"
    cast.expert.save()
    response = client.post(RESET, {"email": "Expert@Example.cn"})
    assert response.status_code == 302 and response.url == reverse("accounts:password-reset-done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["expert@example.cn"]
    body = mail.outbox[0].body
    assert cast.expert.username in body
    link = re.search(r"https?://[^/\s]+(/accounts/password-reset/\S+/\S+/)", body).group(1)
    response = _set_password(client, link, NEW_PASSWORD)
    assert response.status_code == 302 and response.url == reverse("accounts:password-reset-complete")
    cast.expert.refresh_from_db()
    assert cast.expert.check_password(NEW_PASSWORD)
    signed_in = client.post("/accounts/login/", {"username": cast.expert.username, "password": NEW_PASSWORD})
    assert signed_in.status_code == 302 and signed_in.url == reverse("home")


def test_reset_answer_is_the_same_for_an_unknown_address(client, cast):
    cast.expert.email = "expert@example.cn"
    cast.expert.save()
    known = client.post(RESET, {"email": "expert@example.cn"})
    unknown = client.post(RESET, {"email": "nobody@example.cn"})
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    assert len(mail.outbox) == 1  # only the real account got mail
    done_known = client.get(known.url).content
    assert client.get(unknown.url).content == done_known


def test_an_account_without_a_password_yet_can_set_one(client, cast):
    cast.expert.email = "new-expert@example.cn"
    cast.expert.set_unusable_password()
    cast.expert.save()
    client.post(RESET, {"email": "new-expert@example.cn"})
    assert len(mail.outbox) == 1


def test_an_inactive_account_gets_no_mail(client, cast):
    User.objects.filter(pk=cast.expert.pk).update(email="gone@example.cn", is_active=False)
    client.post(RESET, {"email": "gone@example.cn"})
    assert mail.outbox == []


def test_a_weak_new_password_is_refused_and_not_stored(client, cast):
    response = _set_password(client, _link(cast.expert), "1")
    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    cast.expert.refresh_from_db()
    assert cast.expert.check_password(PASSWORD)


def test_a_used_link_no_longer_works(client, cast):
    link = _link(cast.expert)
    _set_password(client, link, NEW_PASSWORD)
    page = client.get(link, follow=True)
    assert page.status_code == 200 and not page.context["validlink"]
    assert reverse("accounts:password-reset") in page.content.decode()


def test_reset_pages_speak_chinese(client, db):
    assert "忘记密码" in client.get(RESET).content.decode()
