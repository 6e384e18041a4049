"""R9 kickoff meetings in the browser: a member unit records its own; date and file errors come back on the form
with the input kept and nothing stored; a late kickoff is recorded and flagged; minutes download only in scope."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape
from django.utils.translation import gettext as _

from campaign.models import KickoffMeeting
from campaign.services import kickoff_record
from tests.campaign.conftest import PDF_BYTES

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(year, month, day):
    return time_machine.travel(datetime(year, month, day, 10, tzinfo=SHANGHAI), tick=False)


def pdf(name="纪要.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def create_url(cast):
    return f"/campaign/campaigns/{cast.campaign.pk}/kickoff/new/"


def form_data(**overrides):
    data = {"held_on": "2023-05-20", "place": "滨海新区政务服务中心", "attendance": "85"}
    data.update(overrides)
    return data


def media_files(settings):
    """Files stored as records; a file kept for the next submit of a refused form (pending/, portal.uploads) is
    not one (issue 9: a chosen file survives a failed submit)."""
    root = settings.MEDIA_ROOT
    return (
        [p for p in root.rglob("*") if p.is_file() and "pending" not in p.relative_to(root).parts]
        if root.exists()
        else []
    )


def test_district_records_its_kickoff_with_minutes(as_user, cast, settings):
    client = as_user(cast.district)
    with at(2023, 5, 25):
        assert client.get(create_url(cast)).status_code == 200
        response = client.post(create_url(cast), form_data(minutes=pdf()))
    kickoff = KickoffMeeting.objects.get(campaign=cast.campaign, member_unit=cast.district_unit)
    assert response.status_code == 302
    assert response.url == f"/campaign/kickoffs/{kickoff.pk}/"
    assert (kickoff.held_on, kickoff.attendance, kickoff.minutes_name) == (date(2023, 5, 20), 85, "纪要.pdf")
    assert kickoff.recorded_by == cast.district
    assert len(media_files(settings)) == 1


def test_late_kickoff_is_recorded_and_flagged_late(as_user, cast):
    client = as_user(cast.district)
    with at(2023, 6, 15):
        response = client.post(create_url(cast), form_data(held_on="2023-06-10"), follow=True)
    kickoff = KickoffMeeting.objects.get(member_unit=cast.district_unit)
    assert kickoff.held_on == date(2023, 6, 10)
    assert response.context["is_late"] is True
    assert escape(_("Held late")) in response.content.decode()
    assert "2023年5月31日" in response.content.decode()


@pytest.mark.parametrize(
    "held_on",
    ["2023-04-30", "2023-07-01"],
    ids=["before-the-campaign", "in-the-future"],
)
def test_kickoff_date_before_the_campaign_or_in_the_future_is_refused_at_the_field(as_user, cast, held_on, settings):
    client = as_user(cast.district)
    with at(2023, 6, 15):
        response = client.post(create_url(cast), form_data(held_on=held_on, minutes=pdf()))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["held_on"]
    content = response.content.decode()
    assert escape(form.errors["held_on"][0]) in content
    assert f'value="{held_on}"' in content
    assert 'value="滨海新区政务服务中心"' in content
    assert 'value="85"' in content
    assert not KickoffMeeting.objects.exists()
    assert media_files(settings) == []
    assert form.fields["minutes"].widget.kept  # the chosen minutes wait for the corrected date


def test_a_second_submission_gives_a_clear_message_and_no_second_row(as_user, cast):
    client = as_user(cast.district)
    with at(2023, 5, 25):
        first = client.post(create_url(cast), form_data())
        second = client.post(create_url(cast), form_data(place="另一个地点"))
    assert first.status_code == 302
    assert second.status_code == 200
    errors = second.context["form"].non_field_errors()
    assert [e.code for e in errors.as_data()] == ["duplicate"]
    assert escape(errors[0]) in second.content.decode()
    assert KickoffMeeting.objects.count() == 1
    assert KickoffMeeting.objects.get().place == "滨海新区政务服务中心"


def test_opening_the_form_again_after_recording_leads_to_the_record(as_user, cast):
    client = as_user(cast.district)
    with at(2023, 5, 25):
        client.post(create_url(cast), form_data())
        response = client.get(create_url(cast))
    assert response.status_code == 302
    assert response.url == f"/campaign/kickoffs/{KickoffMeeting.objects.get().pk}/"


def test_a_text_file_named_pdf_is_refused_and_nothing_is_stored(as_user, cast, settings):
    client = as_user(cast.district)
    with at(2023, 5, 25):
        response = client.post(create_url(cast), form_data(minutes=pdf("纪要.pdf", b"just some text, not a PDF\n")))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["minutes"]] == ["bad_type"]
    assert escape(response.context["form"].errors["minutes"][0]) in response.content.decode()
    assert not KickoffMeeting.objects.exists()
    assert media_files(settings) == []


def test_an_oversized_upload_is_refused_and_nothing_is_stored(as_user, cast, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 1024
    client = as_user(cast.district)
    with at(2023, 5, 25):
        response = client.post(create_url(cast), form_data(minutes=pdf(content=PDF_BYTES + b"0" * 2048)))
    assert response.status_code == 200
    assert [e.code for e in response.context["form"].errors.as_data()["minutes"]] == ["too_large"]
    assert not KickoffMeeting.objects.exists()
    assert media_files(settings) == []


def test_only_a_member_unit_records_a_kickoff(as_user, cast, foreign):
    assert as_user(cast.regulator).get(create_url(cast)).status_code == 403
    assert as_user(cast.expert).post(create_url(cast), form_data()).status_code == 403
    assert as_user(foreign.district).get(create_url(cast)).status_code == 404
    assert not KickoffMeeting.objects.exists()


def _recorded(cast, unit_user, unit, held_on=date(2023, 5, 20), minutes=True):
    with at(2023, 6, 1):
        return kickoff_record(
            campaign=cast.campaign,
            member_unit=unit,
            held_on=held_on,
            place="区会议中心",
            attendance=60,
            minutes=pdf() if minutes else None,
            minutes_name="纪要.pdf" if minutes else "",
            acting_user=unit_user,
        )


def test_district_edits_its_kickoff_and_a_stale_version_is_refused(as_user, cast):
    kickoff = _recorded(cast, cast.district, cast.district_unit)
    client = as_user(cast.district)
    url = f"/campaign/kickoffs/{kickoff.pk}/edit/"
    with at(2023, 6, 15):
        assert client.get(url).status_code == 200
        saved = client.post(url, form_data(attendance="90", version=kickoff.version))
        stale = client.post(url, form_data(attendance="95", version=kickoff.version))
    assert saved.status_code == 302
    assert stale.status_code == 200
    assert [e.code for e in stale.context["form"].non_field_errors().as_data()] == ["stale"]
    kickoff.refresh_from_db()
    assert kickoff.attendance == 90


def test_regulator_sees_a_kickoff_but_may_not_edit_it(as_user, cast):
    kickoff = _recorded(cast, cast.district, cast.district_unit)
    client = as_user(cast.regulator)
    assert client.get(f"/campaign/kickoffs/{kickoff.pk}/").status_code == 200
    assert client.get(f"/campaign/kickoffs/{kickoff.pk}/edit/").status_code == 403


def test_another_district_gets_404_for_the_kickoff_its_edit_and_its_minutes(as_user, cast, foreign):
    kickoff = _recorded(cast, cast.district, cast.district_unit)
    for user in (cast.other_district, foreign.regulator):
        client = as_user(user)
        for suffix in ("", "edit/", "minutes/"):
            assert client.get(f"/campaign/kickoffs/{kickoff.pk}/{suffix}").status_code == 404


def test_minutes_download_is_an_attachment_with_nosniff(as_user, cast):
    kickoff = _recorded(cast, cast.district, cast.district_unit)
    for user in (cast.district, cast.regulator):
        response = as_user(user).get(f"/campaign/kickoffs/{kickoff.pk}/minutes/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        # Reading the stream to its end closes the file (Django's test client wraps it); closing again would fire
        # request_finished a second time and drop the test's database connection on PostgreSQL.
        assert b"".join(response.streaming_content) == PDF_BYTES


def test_kickoff_list_with_a_foreign_or_malformed_campaign_filter_is_404(as_user, cast, foreign):
    client = as_user(cast.regulator)
    assert client.get(f"/campaign/kickoffs/?campaign={cast.campaign.pk}").status_code == 200
    assert client.get(f"/campaign/kickoffs/?campaign={foreign.campaign.pk}").status_code == 404
    assert client.get("/campaign/kickoffs/?campaign=abc").status_code == 404


def test_kickoff_list_shows_the_regulator_every_state(as_user, cast):
    _recorded(cast, cast.district, cast.district_unit, minutes=False)
    _recorded(cast, cast.other_district, cast.other_district_unit, held_on=date(2023, 6, 1), minutes=False)
    with at(2023, 6, 15):
        response = as_user(cast.regulator).get("/campaign/kickoffs/")
    content = response.content.decode()
    for state in ("held", "held_late", "overdue"):
        assert f"portal-state-{state}" in content
    assert response.context["missing"] == 1 and response.context["late"] == 1


def test_kickoff_list_shows_a_district_only_its_own_row(as_user, cast):
    _recorded(cast, cast.other_district, cast.other_district_unit, minutes=False)
    response = as_user(cast.district).get("/campaign/kickoffs/")
    assert [row.member_unit for row in response.context["rows"]] == [cast.district_unit]
    assert cast.other_district_unit.name not in response.content.decode()


def test_kickoff_list_is_not_for_certification_bodies_or_enterprises(as_user, cast):
    for user in (cast.cb_manager, cast.expert, cast.enterprise_user, cast.reviewer):
        assert as_user(user).get("/campaign/kickoffs/").status_code == 403


def test_kickoff_form_shows_a_refused_file_no_attendance_and_an_early_date_at_once(as_user, cast, settings):
    client = as_user(cast.district)
    with at(2023, 6, 15):
        response = client.post(
            create_url(cast),
            form_data(held_on="2023-04-30", attendance="0", minutes=pdf(content=b"MZ\x90\x00 not minutes")),
        )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"held_on", "attendance", "minutes"}
    assert not KickoffMeeting.objects.exists()
    assert media_files(settings) == []
