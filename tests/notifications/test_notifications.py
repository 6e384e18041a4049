"""Notifications and reminders (issue 10): once per thing and date, relative to the calendar, e-mail mutable, the list
not; 催办 recorded and shown to its receiver."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from assistance.models import Assignment, Visit
from campaign.models import Deadline, DeadlineKind, KickoffMeeting
from enterprises.models import Certificate
from notifications.models import Notification, NotificationKind, NotificationSettings, Urge
from notifications.services.notifications import (
    notification_emails_send,
    notification_settings_update,
    notify,
    reminders_send,
)
from notifications.services.urges import urge_send
from tests.domain import populate_domain
from tests.queries import assert_page_queries

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def domain(cast):
    populate_domain(cast)
    return cast


def _kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_notify_twice_with_the_same_key_notifies_and_emails_once(cast, django_capture_on_commit_callbacks):
    cast.district.email = "binhai@example.cn"
    cast.district.save()
    with django_capture_on_commit_callbacks(execute=True):
        first = notify(recipients=[cast.district], kind=NotificationKind.OTHER, title="一", key="thing:1:2023-06-01")
    with django_capture_on_commit_callbacks(execute=True):
        second = notify(recipients=[cast.district], kind=NotificationKind.OTHER, title="一", key="thing:1:2023-06-01")
    assert (first, second) == (1, 0)
    assert Notification.objects.filter(recipient=cast.district).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["binhai@example.cn"] and "一" in mail.outbox[0].subject


def test_a_user_who_muted_email_still_gets_the_notification_in_the_portal(cast, django_capture_on_commit_callbacks):
    cast.district.email = "binhai@example.cn"
    cast.district.save()
    notification_settings_update(user=cast.district, mute_email=True, expected_version=None)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[cast.district], kind=NotificationKind.OTHER, title="静音", key="muted:1")
    assert Notification.objects.get(recipient=cast.district, key="muted:1").email_wanted is False
    assert mail.outbox == []


def test_muting_email_also_stops_what_was_still_waiting_to_be_sent(cast):
    cast.district.email = "binhai@example.cn"
    cast.district.save()
    notify(recipients=[cast.district], kind=NotificationKind.OTHER, title="等待", key="waiting:1")  # no commit hook run
    notification_settings_update(user=cast.district, mute_email=True, expected_version=None)
    assert notification_emails_send() == 0
    assert mail.outbox == []


def test_a_failed_email_is_released_and_sent_by_the_next_run(cast, monkeypatch):
    cast.district.email = "binhai@example.cn"
    cast.district.save()
    notify(recipients=[cast.district], kind=NotificationKind.OTHER, title="重试", key="retry:1")
    from django.core.mail.backends.locmem import EmailBackend

    original = EmailBackend.send_messages

    def refuse(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    assert notification_emails_send() == 0
    assert Notification.objects.get(key="retry:1").emailed_at is None
    monkeypatch.setattr(EmailBackend, "send_messages", original)
    assert notification_emails_send() == 1
    assert notification_emails_send() == 0
    assert len(mail.outbox) == 1


def test_notify_refuses_an_unknown_kind(cast):
    with pytest.raises(ValueError):
        notify(recipients=[cast.district], kind="gossip", title="x")


# --- reminders relative to the calendar --------------------------------------------------------------------------


def test_kickoff_reminder_is_sent_once_for_the_same_deadline_and_stage(cast):
    today = date(2023, 5, 26)  # 5 days before the 31 May kickoff deadline
    assert reminders_send(today=today) > 0
    assert reminders_send(today=today) == 0
    assert reminders_send(today=today + timedelta(days=1)) == 0  # still the same deadline and stage
    assert NotificationKind.KICKOFF_MISSING in _kinds(cast.district)
    assert Notification.objects.filter(recipient=cast.district, kind=NotificationKind.KICKOFF_MISSING).count() == 1


def test_moving_a_deadline_moves_its_reminders(cast):
    deadline = Deadline.objects.get(campaign=cast.campaign, kind=DeadlineKind.KICKOFF)
    assert (
        reminders_send(today=date(2023, 5, 20)) == 0
        or not Notification.objects.filter(recipient=cast.district, kind=NotificationKind.KICKOFF_MISSING).exists()
    )  # 11 days before 31 May: nothing due yet for the kickoff
    Deadline.objects.filter(pk=deadline.pk).update(due_on=date(2023, 5, 24))  # brought forward
    reminders_send(today=date(2023, 5, 20))
    kickoff_keys = list(
        Notification.objects.filter(recipient=cast.district, kind=NotificationKind.KICKOFF_MISSING).values_list(
            "key", flat=True
        )
    )
    assert len(kickoff_keys) == 1 and "2023-05-24" in kickoff_keys[0]
    Deadline.objects.filter(pk=deadline.pk).update(due_on=date(2023, 5, 26))  # moved again: a new reminder
    reminders_send(today=date(2023, 5, 21))
    assert Notification.objects.filter(recipient=cast.district, kind=NotificationKind.KICKOFF_MISSING).count() == 2


def test_a_unit_that_held_its_kickoff_is_not_reminded(cast):
    KickoffMeeting.objects.create(
        campaign=cast.campaign,
        member_unit=cast.district_unit,
        held_on=date(2023, 5, 20),
        place="滨海新区会议中心",
        attendance=80,
        recorded_by=cast.district,
    )
    reminders_send(today=date(2023, 6, 2))
    assert NotificationKind.KICKOFF_MISSING not in _kinds(cast.district)
    assert NotificationKind.KICKOFF_MISSING in _kinds(cast.other_district)


def test_no_visit_for_30_days_reminds_the_expert_and_the_body_once_per_quiet_spell(domain):
    cast = domain
    Visit.objects.filter(enrolment=cast.enrolment).delete()
    Assignment.objects.filter(pk=cast.assignment.pk).update(
        assigned_at=datetime.combine(date(2023, 6, 1), time(10), tzinfo=SHANGHAI)
    )
    assert not _kinds(cast.expert)
    reminders_send(today=date(2023, 6, 30))  # 29 days: not yet
    assert NotificationKind.NO_VISIT not in _kinds(cast.expert)
    reminders_send(today=date(2023, 7, 1))
    reminders_send(today=date(2023, 7, 2))
    assert _kinds(cast.expert).count(NotificationKind.NO_VISIT) == 1
    assert _kinds(cast.cb_manager).count(NotificationKind.NO_VISIT) == 1
    Visit.objects.create(
        enrolment=cast.enrolment,
        expert=cast.expert_profile,
        kind="guidance",
        visited_on=date(2023, 7, 3),
        starts_at=time(9),
        ends_at=time(11),
        created_by=cast.expert,
    )
    reminders_send(today=date(2023, 7, 20))
    assert _kinds(cast.expert).count(NotificationKind.NO_VISIT) == 1  # visited: the quiet spell is over
    reminders_send(today=date(2023, 8, 2))
    assert _kinds(cast.expert).count(NotificationKind.NO_VISIT) == 2  # a new spell since 3 July


def test_r12_audit_due_within_30_days_reminds_the_enterprise_and_its_district_once(domain):
    cast = domain
    Certificate.objects.filter(pk=cast.certificate.pk).update(next_audit_on=date(2023, 9, 15))
    reminders_send(today=date(2023, 8, 10))  # 36 days before
    assert NotificationKind.AUDIT_DUE not in _kinds(cast.enterprise_user)
    reminders_send(today=date(2023, 8, 20))
    reminders_send(today=date(2023, 8, 21))
    assert _kinds(cast.enterprise_user).count(NotificationKind.AUDIT_DUE) == 1
    assert _kinds(cast.district).count(NotificationKind.AUDIT_DUE) == 1
    assert NotificationKind.AUDIT_DUE not in _kinds(cast.other_district)


def test_nothing_is_reminded_outside_a_running_campaign(cast):
    assert reminders_send(today=date(2024, 3, 1)) == 0


# --- the pages ---------------------------------------------------------------------------------------------------


def test_a_user_sees_only_their_own_notifications(cast, as_user, api):
    notify(recipients=[cast.district], kind=NotificationKind.OTHER, title="给滨海的", key="own:1")
    other = Notification.objects.get(recipient=cast.district, key="own:1")
    page = as_user(cast.regulator).get(reverse("notifications:notification-list"))
    assert "给滨海的" not in page.content.decode()
    assert api(cast.regulator).get(f"/api/v1/notifications/{other.pk}/").status_code == 404
    assert api(cast.district).get(f"/api/v1/notifications/{other.pk}/").status_code == 200


def test_opening_a_notification_marks_it_read_and_goes_only_inside_the_portal(cast, as_user):
    notify(recipients=[cast.district], kind=NotificationKind.OTHER, title="内部", url="/campaign/kickoffs/", key="a")
    notify(recipients=[cast.district], kind=NotificationKind.OTHER, title="外部", url="//evil.example/x", key="b")
    client = as_user(cast.district)
    inside = Notification.objects.get(recipient=cast.district, key="a")
    outside = Notification.objects.get(recipient=cast.district, key="b")
    assert (
        client.post(reverse("notifications:notification-open", args=[inside.pk]))["Location"] == "/campaign/kickoffs/"
    )
    assert client.post(reverse("notifications:notification-open", args=[outside.pk]))["Location"] == reverse(
        "notifications:notification-list"
    )
    assert Notification.objects.filter(recipient=cast.district, read_at=None).count() == 0


def test_the_unread_badge_counts_unread_only(cast, as_user):
    notify(recipients=[cast.district], kind=NotificationKind.OTHER, title="一", key="u1")
    notify(recipients=[cast.district], kind=NotificationKind.OTHER, title="二", key="u2")
    Notification.objects.filter(key="u1").update(read_at=datetime(2023, 6, 1, tzinfo=SHANGHAI))
    badge = as_user(cast.district).get(reverse("notifications:unread-badge")).content.decode()
    assert ">1<" in badge


def test_the_notification_list_costs_the_same_queries_at_any_length(cast, as_user):
    client = as_user(cast.district)
    url = reverse("notifications:notification-list")
    notify(recipients=[cast.district], kind=NotificationKind.OTHER, title="首条", key="n:0")
    client.get(url)  # warm the session and the scope
    small = assert_page_queries(client, url, 11)
    for n in range(1, 60):
        notify(
            recipients=[cast.district],
            kind=NotificationKind.OTHER,
            title=f"第{n}条",
            key=f"n:{n}",
            actor=cast.regulator,
        )
    large = assert_page_queries(client, url, 11)
    assert "首条" in small.content.decode() and "第59条" in large.content.decode()


def test_muting_email_from_the_settings_page_is_stored(cast, as_user):
    client = as_user(cast.district)
    response = client.post(reverse("notifications:notification-settings"), {"mute_email": "on", "version": ""})
    assert response.status_code == 302
    assert NotificationSettings.objects.get(user=cast.district).mute_email is True


# --- 催办 --------------------------------------------------------------------------------------------------------


def test_an_urge_is_recorded_shown_on_the_receivers_home_and_notifies_its_staff(cast, as_user):
    urge = urge_send(
        acting_user=cast.regulator,
        campaign=cast.campaign,
        member_unit=cast.district_unit,
        note="请本周内完成中期自查并报送。",
        context="中期评估：落后区",
    )
    assert Urge.objects.get(pk=urge.pk).sent_by == cast.regulator
    home = as_user(cast.district).get(reverse("home")).content.decode()
    assert "请本周内完成中期自查并报送。" in home
    assert NotificationKind.URGE in _kinds(cast.district)
    assert NotificationKind.URGE not in _kinds(cast.other_district)
    other_home = as_user(cast.other_district).get(reverse("home")).content.decode()
    assert "请本周内完成中期自查并报送。" not in other_home


def test_an_urge_to_a_body_reaches_its_managers(cast):
    urge_send(acting_user=cast.regulator, campaign=cast.campaign, body=cast.body, note="请补录培训记录。")
    assert NotificationKind.URGE in _kinds(cast.cb_manager)


def test_only_the_regulator_may_urge(cast, as_user):
    with pytest.raises(PermissionDenied):
        urge_send(acting_user=cast.district, campaign=cast.campaign, member_unit=cast.other_district_unit, note="x")
    assert as_user(cast.district).get(reverse("notifications:urge-create")).status_code == 403


def test_an_urge_with_two_receivers_and_no_note_lists_both_mistakes(cast):
    with pytest.raises(ValidationError) as error:
        urge_send(
            acting_user=cast.regulator, campaign=cast.campaign, member_unit=cast.district_unit, body=cast.body, note=" "
        )
    assert set(error.value.message_dict) == {"receiver", "note"}
    assert not Urge.objects.exists()


def test_the_urge_form_keeps_the_note_when_it_is_refused(cast, as_user):
    response = as_user(cast.regulator).post(
        reverse("notifications:urge-create"),
        {"member_unit": cast.district_unit.pk, "body": cast.body.pk, "note": "请加快进度，月底前完成诊断。"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请加快进度，月底前完成诊断。" in page
    assert "只能选一个" in page
    assert not Urge.objects.exists()


def test_an_urge_to_a_foreign_member_unit_is_refused_by_the_api(cast, foreign, api):
    response = api(cast.regulator).post(
        "/api/v1/urges/",
        {"campaign": cast.campaign.pk, "member_unit": foreign.district_unit.pk, "note": "越界"},
        format="json",
    )
    assert response.status_code == 400
    assert not Urge.objects.exists()


def test_the_urge_form_prefills_the_lagging_unit_from_the_page_that_showed_the_lag(cast, as_user):
    page = as_user(cast.regulator).get(
        reverse("notifications:urge-create") + f"?member_unit={cast.district_unit.pk}&about=中期评估"
    )
    html = page.content.decode()
    assert f'<option value="{cast.district_unit.pk}" selected' in html
    assert "中期评估" in html


def test_the_regulator_can_urge_from_the_pages_that_show_a_lag_and_no_one_else_sees_the_button(cast, as_user):
    urge_url = reverse("notifications:urge-create")
    for page in (reverse("campaign:kickoff-list"), reverse("assistance:training-compliance")):
        regulator_page = as_user(cast.regulator).get(page).content.decode()
        assert f"{urge_url}?member_unit={cast.district_unit.pk}" in regulator_page, page
        assert urge_url not in as_user(cast.district).get(page).content.decode(), page


def test_the_regulator_can_urge_from_the_scorecards(cast, as_user):
    urge_url = reverse("notifications:urge-create")
    bodies = as_user(cast.regulator).get(reverse("evaluation:body-scorecard-list")).content.decode()
    districts = as_user(cast.regulator).get(reverse("evaluation:district-scorecard-list")).content.decode()
    assert f"{urge_url}?body={cast.body.pk}" in bodies
    assert f"{urge_url}?member_unit={cast.district_unit.pk}" in districts
    own_line = as_user(cast.district).get(reverse("evaluation:district-scorecard-list")).content.decode()
    assert urge_url not in own_line


def _session_expiry(client):
    from django.contrib.sessions.models import Session

    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value).expire_date


def test_the_badge_poll_does_not_renew_the_session_but_a_page_does(cast, as_user):
    """The idle limit (30 minutes) must come to a page left open: the badge's poll every minute reads the session
    without renewing it, and sets no new cookie; opening a page renews it."""
    import time_machine

    client = as_user(cast.district)
    client.get(reverse("notifications:notification-list"))
    before = _session_expiry(client)
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        polled = client.get(reverse("notifications:unread-badge"), HTTP_HX_REQUEST="true")
        assert polled.status_code == 200 and "unread-badge" in polled.content.decode()
        assert settings.SESSION_COOKIE_NAME not in polled.cookies
        assert _session_expiry(client) == before
        client.get(reverse("notifications:notification-list"))
        assert _session_expiry(client) > before


def test_once_the_session_has_ended_the_badge_poll_stops_instead_of_showing_the_login_page(cast, client):
    response = client.get(reverse("notifications:unread-badge"), HTTP_HX_REQUEST="true")
    assert response.status_code == 286  # htmx: stop polling
    assert response.content == b""
