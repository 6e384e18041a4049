"""/api/v1/notification-settings/: the caller's own e-mail choice (GET, PATCH), never anyone else's."""

import yaml
from django.core.management import call_command

from notifications.models import NotificationSettings

URL = "/api/v1/notification-settings/"


def test_a_user_who_never_chose_reads_email_on_and_no_version(cast, api):
    response = api(cast.district).get(URL)
    assert response.status_code == 200
    assert response.json() == {"mute_email": False, "version": None}


def test_muting_email_through_the_api_changes_only_the_callers_own_row(cast, api):
    NotificationSettings.objects.create(user=cast.other_district, mute_email=False)
    client = api(cast.district)
    # an id of someone else in the body is not an input: the row is always the caller's
    response = client.patch(URL, {"mute_email": True, "user": cast.other_district.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["mute_email"] is True
    assert NotificationSettings.objects.get(user=cast.district).mute_email is True
    assert NotificationSettings.objects.get(user=cast.other_district).mute_email is False
    assert client.get(URL).json() == {"mute_email": True, "version": 2}
    assert api(cast.other_district).get(URL).json()["mute_email"] is False


def test_a_stale_version_is_refused_with_409_and_the_choice_is_not_changed(cast, api):
    client = api(cast.district)
    client.patch(URL, {"mute_email": True}, format="json")
    client.patch(URL, {"mute_email": False, "version": 2}, format="json")  # version 3 now
    response = client.patch(URL, {"mute_email": True, "version": 2}, format="json")
    assert response.status_code == 409
    assert NotificationSettings.objects.get(user=cast.district).mute_email is False


def test_a_patch_with_bad_values_is_refused_with_400_naming_every_field(cast, api):
    response = api(cast.district).patch(URL, {"mute_email": "也许", "version": "一"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) >= {"mute_email", "version"}
    assert not NotificationSettings.objects.exists()


def test_a_patch_naming_nothing_changes_nothing(cast, api):
    response = api(cast.district).patch(URL, {}, format="json")
    assert response.status_code == 200
    assert response.json() == {"mute_email": False, "version": None}
    assert not NotificationSettings.objects.exists()


def test_the_anonymous_get_401(db):
    from rest_framework.test import APIClient

    assert APIClient().get(URL).status_code == 401


def test_the_schema_describes_both_operations_in_chinese(tmp_path):
    target = tmp_path / "schema.yml"
    call_command("spectacular", "--file", str(target))
    path = yaml.safe_load(target.read_text())["paths"][URL]
    assert set(path) >= {"get", "patch"}
    assert "通知设置" in path["get"]["summary"] and "通知设置" in path["patch"]["summary"]
    assert path["patch"]["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "NotificationSettingsUpdateInputRequest"
    )
