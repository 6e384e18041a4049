"""/api/v1/kickoff-meetings/: 四(一), R9 — each member unit records its own kickoff; the regulator follows them."""

from datetime import date, timedelta

import factory
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.translation import gettext

from campaign.models import KickoffMeeting
from tests.campaign.conftest import PDF_BYTES, files_under, pdf, record_kickoff
from tests.campaign.queries import QUERIES
from tests.factories import KickoffMeetingFactory
from tests.queries import assert_page_queries

URL = "/api/v1/kickoff-meetings/"


def detail(kickoff):
    return f"{URL}{kickoff.pk}/"


def body(cast, **changes):
    return {"campaign": cast.campaign.pk, "held_on": "2023-05-20", "place": "区政府报告厅", "attendance": 60, **changes}


def ids(response):
    assert response.status_code == 200, response.content
    return sorted(row["id"] for row in response.json()["results"])


# --- Reading ------------------------------------------------------------------------------------------------------


def test_each_role_sees_only_the_kickoffs_it_may_see(api, cast, foreign, kickoff, foreign_kickoff):
    bureau_kickoff = record_kickoff(cast, user=cast.bureau, member_unit=cast.bureau_unit)
    expected = {
        "regulator": sorted([kickoff.pk, bureau_kickoff.pk]),
        "district": [kickoff.pk],
        "bureau": [bureau_kickoff.pk],
        "cb_manager": [],
        "expert": [],
        "enterprise": [],
        "reviewer": [],
    }
    for role, user in cast.users().items():
        assert ids(api(user).get(URL)) == expected[role], role
    assert ids(api(foreign.regulator).get(URL)) == [foreign_kickoff.pk]


@pytest.mark.parametrize("role", ["regulator", "district", "bureau", "cb_manager", "expert", "enterprise", "reviewer"])
def test_foreign_kickoff_in_the_url_is_not_found(role, api, cast, foreign_kickoff):
    client = api(cast.users()[role])

    assert client.get(detail(foreign_kickoff)).status_code == 404
    assert client.get(f"{detail(foreign_kickoff)}minutes/").status_code == 404


def test_foreign_kickoff_is_answered_like_a_missing_one(api, cast, foreign_kickoff):
    client = api(cast.regulator)

    assert client.get(detail(foreign_kickoff)).json() == client.get(f"{URL}999999/").json()


def test_district_cannot_see_another_districts_kickoff(api, cast, kickoff):
    assert api(cast.other_district).get(detail(kickoff)).status_code == 404
    assert api(cast.regulator).get(detail(kickoff)).status_code == 200


def test_output_flags_a_late_kickoff(api, cast, kickoff):
    # R9: held after the kickoff deadline (31 May 2023) is recorded and flagged late, never refused.
    late = record_kickoff(cast, user=cast.bureau, member_unit=cast.bureau_unit, held_on=date(2023, 6, 15))
    client = api(cast.regulator)

    in_time = client.get(detail(kickoff)).json()
    assert in_time["is_late"] is False
    assert in_time["member_unit"] == cast.district_unit.pk
    assert in_time["minutes_url"] is None
    assert in_time["version"] == 1
    assert client.get(detail(late)).json()["is_late"] is True


# --- Filters ------------------------------------------------------------------------------------------------------


def test_filters_by_campaign_and_member_unit(api, cast, kickoff):
    bureau_kickoff = record_kickoff(cast, user=cast.bureau, member_unit=cast.bureau_unit)
    client = api(cast.regulator)

    assert ids(client.get(URL, {"campaign": cast.campaign.pk})) == sorted([kickoff.pk, bureau_kickoff.pk])
    assert ids(client.get(URL, {"member_unit": cast.bureau_unit.pk})) == [bureau_kickoff.pk]


@pytest.mark.parametrize("role", ["regulator", "district"])
def test_foreign_id_in_a_filter_is_not_found(role, api, cast, foreign, kickoff):
    client = api(cast.users()[role])

    assert client.get(URL, {"campaign": foreign.campaign.pk}).status_code == 404
    assert client.get(URL, {"member_unit": foreign.district_unit.pk}).status_code == 404


def test_unknown_or_malformed_id_in_a_filter_is_not_found(api, cast, kickoff):
    client = api(cast.regulator)
    foreign_like = client.get(URL, {"campaign": 999999})

    assert foreign_like.status_code == 404
    assert client.get(URL, {"member_unit": "abc"}).status_code == 404
    assert foreign_like.json() == client.get(f"{URL}999999/").json()


def test_district_filtering_by_another_district_is_not_found(api, cast, kickoff):
    assert api(cast.district).get(URL, {"member_unit": cast.other_district_unit.pk}).status_code == 404


def test_kickoff_list_costs_the_baseline_queries_for_one_and_for_many_kickoffs(api, cast, kickoff):
    def rows_at_baseline_cost():
        # A fresh client and user each time, so the scope lookup is counted every time.
        return len(ids(assert_page_queries(api(cast.regulator), URL, QUERIES[URL])))

    small_rows = rows_at_baseline_cost()
    KickoffMeetingFactory.create_batch(
        12,
        campaign=cast.campaign,
        recorded_by=cast.regulator,
        held_on=factory.Sequence(lambda n: date(2023, 5, 10) + timedelta(days=n * 3)),  # some of them late
    )
    large_rows = rows_at_baseline_cost()

    assert (small_rows, large_rows) == (1, 13)


# --- Recording ----------------------------------------------------------------------------------------------------


def test_district_records_its_own_kickoff(api, cast):
    response = api(cast.district).post(URL, body(cast), format="json")

    assert response.status_code == 201, response.content
    kickoff = KickoffMeeting.objects.get()
    assert (kickoff.member_unit, kickoff.recorded_by, kickoff.attendance) == (cast.district_unit, cast.district, 60)
    assert response.json()["id"] == kickoff.pk
    assert response.json()["is_late"] is False


def test_member_unit_comes_from_the_callers_scope_never_from_the_body(api, cast):
    response = api(cast.district).post(URL, body(cast, member_unit=cast.other_district_unit.pk), format="json")

    assert response.status_code == 201
    assert KickoffMeeting.objects.get().member_unit == cast.district_unit


def test_late_kickoff_is_recorded_and_flagged(api, cast):
    response = api(cast.district).post(URL, body(cast, held_on="2023-06-20"), format="json")

    assert response.status_code == 201
    assert response.json()["is_late"] is True


def test_kickoff_with_minutes_is_stored_and_downloadable(api, cast):
    client = api(cast.district)

    response = client.post(URL, {**body(cast), "minutes": pdf("启动会纪要.pdf")}, format="multipart")

    assert response.status_code == 201, response.content
    assert response.json()["minutes_name"] == "启动会纪要.pdf"
    download = client.get(response.json()["minutes_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    assert "attachment" in download["Content-Disposition"]
    assert api(cast.regulator).get(response.json()["minutes_url"]).status_code == 200
    assert api(cast.other_district).get(response.json()["minutes_url"]).status_code == 404


def test_minutes_of_a_kickoff_without_a_file_are_not_found(api, cast, kickoff):
    assert api(cast.district).get(f"{detail(kickoff)}minutes/").status_code == 404


def test_kickoff_date_in_the_future_is_refused_at_held_on(api, cast):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = api(cast.district).post(URL, body(cast, held_on=tomorrow.isoformat()), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "held_on": [gettext("The kickoff date cannot be in the future; record it once it is held.")]
    }
    assert not KickoffMeeting.objects.exists()


def test_kickoff_before_the_campaign_is_refused_at_held_on(api, cast):
    response = api(cast.district).post(URL, body(cast, held_on="2023-05-08"), format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["held_on"]
    assert "2023" in response.json()["held_on"][0]
    assert not KickoffMeeting.objects.exists()


def test_second_kickoff_for_the_same_campaign_is_refused(api, cast):
    client = api(cast.district)
    assert client.post(URL, body(cast), format="json").status_code == 201

    again = client.post(URL, body(cast, place="另一个地点"), format="json")

    assert again.status_code == 400
    assert "non_field_errors" in again.json()
    assert KickoffMeeting.objects.count() == 1


def test_malformed_body_names_each_field(api, cast):
    response = api(cast.district).post(URL, {"held_on": "not-a-date", "attendance": 0}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"campaign", "held_on", "place", "attendance"}


def test_foreign_campaign_in_the_body_is_answered_like_a_missing_one(api, cast, foreign):
    client = api(cast.district)

    foreign_answer = client.post(URL, body(cast, campaign=foreign.campaign.pk), format="json")
    missing_answer = client.post(URL, body(cast, campaign=999999), format="json")

    assert foreign_answer.status_code == missing_answer.status_code == 400
    assert foreign_answer.json()["campaign"][0].replace(str(foreign.campaign.pk), "?") == missing_answer.json()[
        "campaign"
    ][0].replace("999999", "?")
    assert not KickoffMeeting.objects.exists()


@pytest.mark.parametrize("role", ["regulator", "cb_manager", "expert", "enterprise", "reviewer"])
def test_only_member_unit_staff_record_kickoffs(role, api, cast):
    response = api(cast.users()[role]).post(URL, body(cast), format="json")

    assert response.status_code == 403
    assert not KickoffMeeting.objects.exists()


def test_upload_of_the_wrong_type_is_refused_and_nothing_is_written(api, cast):
    # A Windows executable named .pdf and declared as a PDF: the bytes decide.
    disguised = SimpleUploadedFile("minutes.pdf", b"MZ\x90\x00" + b"\x00" * 200, content_type="application/pdf")

    response = api(cast.district).post(URL, {**body(cast), "minutes": disguised}, format="multipart")

    assert response.status_code == 400
    assert list(response.json()) == ["minutes"]
    assert not KickoffMeeting.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


def test_text_file_is_refused(api, cast):
    notes = SimpleUploadedFile("minutes.txt", b"just some notes", content_type="text/plain")

    response = api(cast.district).post(URL, {**body(cast), "minutes": notes}, format="multipart")

    assert response.status_code == 400
    assert list(response.json()) == ["minutes"]
    assert files_under(settings.MEDIA_ROOT) == []


def test_oversized_upload_is_refused_and_nothing_is_written(api, cast, settings):
    settings.PORTAL_MAX_UPLOAD_BYTES = 2048

    response = api(cast.district).post(URL, {**body(cast), "minutes": pdf(size=4096)}, format="multipart")

    assert response.status_code == 400
    assert list(response.json()) == ["minutes"]
    assert not KickoffMeeting.objects.exists()
    assert files_under(settings.MEDIA_ROOT) == []


# --- Changing -------------------------------------------------------------------------------------------------------


def test_district_changes_its_kickoff_with_the_version_it_read(api, cast, kickoff):
    response = api(cast.district).patch(detail(kickoff), {"attendance": 95, "version": 1}, format="json")

    assert response.status_code == 200, response.content
    assert (response.json()["attendance"], response.json()["version"]) == (95, 2)
    kickoff.refresh_from_db()
    assert (kickoff.attendance, kickoff.place, kickoff.version) == (95, "滨海新区政务服务中心", 2)


def test_put_replaces_every_field(api, cast, kickoff):
    response = api(cast.district).put(
        detail(kickoff), {"held_on": "2023-05-25", "place": "新地点", "attendance": 70, "version": 1}, format="json"
    )

    assert response.status_code == 200, response.content
    kickoff.refresh_from_db()
    assert (kickoff.held_on, kickoff.place, kickoff.attendance) == (date(2023, 5, 25), "新地点", 70)


def test_stale_version_is_refused_and_nothing_changes(api, cast, kickoff):
    client = api(cast.district)
    assert client.patch(detail(kickoff), {"attendance": 90, "version": 1}, format="json").status_code == 200

    stale = client.patch(detail(kickoff), {"attendance": 10, "version": 1}, format="json")

    assert stale.status_code == 409
    assert stale.json()["detail"]
    kickoff.refresh_from_db()
    assert (kickoff.attendance, kickoff.version) == (90, 2)


def test_change_without_a_version_is_refused(api, cast, kickoff):
    response = api(cast.district).patch(detail(kickoff), {"attendance": 90}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["version"]


def test_change_to_a_future_date_is_refused_at_held_on(api, cast, kickoff):
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = api(cast.district).patch(detail(kickoff), {"held_on": tomorrow.isoformat(), "version": 1}, format="json")

    assert response.status_code == 400
    assert list(response.json()) == ["held_on"]


def test_regulator_may_see_but_not_change_a_kickoff(api, cast, kickoff):
    client = api(cast.regulator)

    assert client.get(detail(kickoff)).status_code == 200
    assert client.patch(detail(kickoff), {"attendance": 1, "version": 1}, format="json").status_code == 403
    kickoff.refresh_from_db()
    assert kickoff.attendance == 80


def test_district_changing_another_districts_kickoff_is_not_found(api, cast, kickoff):
    response = api(cast.other_district).patch(detail(kickoff), {"attendance": 1, "version": 1}, format="json")

    assert response.status_code == 404


def test_foreign_regulator_changing_a_kickoff_is_not_found(api, cast, foreign, kickoff):
    assert (
        api(foreign.regulator).patch(detail(kickoff), {"attendance": 1, "version": 1}, format="json").status_code == 404
    )


def test_kickoffs_cannot_be_deleted(api, cast, kickoff):
    assert api(cast.district).delete(detail(kickoff)).status_code == 405
    assert KickoffMeeting.objects.filter(pk=kickoff.pk).exists()


def test_replacing_the_minutes_by_patch(api, cast, kickoff):
    client = api(cast.district)

    response = client.patch(detail(kickoff), {"minutes": pdf("新纪要.pdf"), "version": 1}, format="multipart")

    assert response.status_code == 200, response.content
    assert response.json()["minutes_name"] == "新纪要.pdf"
    assert client.get(response.json()["minutes_url"]).status_code == 200
