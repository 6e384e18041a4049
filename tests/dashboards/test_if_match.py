"""If-Match on the domain API's updates (portal.api.IfMatchMixin, as NetBox does): a retrieve carries the row's ETag,
an update with If-Match naming it goes through (the header stands for the body's version), a stale one is a 412 and
changes nothing; without If-Match the body's version is the check, as before (If-Match is optional: no 428). Extra
fields in a body (tenant, member unit, state, approved_by …) change nothing."""

from campaign.models import KickoffMeeting
from submissions.models import DistrictSubmission
from tests.campaign.conftest import record_kickoff

KICKOFF = "/api/v1/kickoff-meetings/{}/"
SUBMISSION = "/api/v1/district-submissions/{}/"


def test_a_retrieve_carries_the_rows_etag(cast, api):
    kickoff = record_kickoff(cast)
    response = api(cast.district).get(KICKOFF.format(kickoff.pk))
    assert response.status_code == 200
    assert response["ETag"] == f'"{kickoff.pk}.1"'


def test_an_update_with_the_current_etag_goes_through_and_answers_the_new_one(cast, api):
    kickoff = record_kickoff(cast)
    client = api(cast.district)
    etag = client.get(KICKOFF.format(kickoff.pk))["ETag"]
    response = client.patch(KICKOFF.format(kickoff.pk), {"attendance": 95}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200, response.content
    assert response["ETag"] == f'"{kickoff.pk}.2"'
    kickoff.refresh_from_db()
    assert (kickoff.attendance, kickoff.version) == (95, 2)


def test_a_stale_etag_is_a_412_and_nothing_changes(cast, api):
    kickoff = record_kickoff(cast)
    client = api(cast.district)
    stale = client.get(KICKOFF.format(kickoff.pk))["ETag"]
    assert client.patch(KICKOFF.format(kickoff.pk), {"attendance": 90, "version": 1}, format="json").status_code == 200
    response = client.patch(KICKOFF.format(kickoff.pk), {"attendance": 10}, format="json", HTTP_IF_MATCH=stale)
    assert response.status_code == 412
    assert "ETag" in response.json()["detail"] or "If-Match" in response.json()["detail"]
    kickoff.refresh_from_db()
    assert (kickoff.attendance, kickoff.version) == (90, 2)


def test_without_if_match_the_body_version_is_the_check_as_before(cast, api):
    kickoff = record_kickoff(cast)
    client = api(cast.district)
    assert client.patch(KICKOFF.format(kickoff.pk), {"attendance": 90}, format="json").status_code == 400
    assert client.patch(KICKOFF.format(kickoff.pk), {"attendance": 90, "version": 1}, format="json").status_code == 200
    assert client.patch(KICKOFF.format(kickoff.pk), {"attendance": 5, "version": 1}, format="json").status_code == 409
    assert (
        client.patch(KICKOFF.format(kickoff.pk), {"attendance": 7}, format="json", HTTP_IF_MATCH="*").status_code == 200
    )


def test_if_match_on_a_foreign_row_is_still_a_404(cast, api, foreign):
    foreign_kickoff = record_kickoff(foreign)
    response = api(cast.district).patch(
        KICKOFF.format(foreign_kickoff.pk), {"attendance": 1}, format="json", HTTP_IF_MATCH=f'"{foreign_kickoff.pk}.1"'
    )
    assert response.status_code == 404


def test_extra_fields_in_an_update_change_nothing(cast, api):
    kickoff = record_kickoff(cast)
    response = api(cast.district).patch(
        KICKOFF.format(kickoff.pk),
        {
            "attendance": 60,
            "version": 1,
            "member_unit": cast.other_district_unit.pk,
            "campaign": 999,
            "tenant": 999,
            "recorded_by": cast.regulator.pk,
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    kickoff = KickoffMeeting.objects.get(pk=kickoff.pk)
    assert (kickoff.member_unit_id, kickoff.campaign_id, kickoff.recorded_by_id) == (
        cast.district_unit.pk,
        cast.campaign.pk,
        cast.district.pk,
    )
    submission = DistrictSubmission.objects.create(campaign=cast.campaign, member_unit=cast.district_unit)
    response = api(cast.district).patch(
        SUBMISSION.format(submission.pk),
        {"note": "补充说明", "version": 1, "state": "approved", "approved_by": cast.regulator.pk, "unlock_count": 9},
        format="json",
        HTTP_IF_MATCH=f'"{submission.pk}.1"',
    )
    assert response.status_code == 200, response.content
    submission.refresh_from_db()
    assert (submission.note, submission.state, submission.approved_by_id, submission.unlock_count) == (
        "补充说明",
        "draft",
        None,
        0,
    )
