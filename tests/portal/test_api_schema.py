"""/api/schema/ generates without warnings; /api/docs/ is Swagger UI from local assets under the page's CSP."""

import re

from django.core.management import call_command
from rest_framework.test import APIClient


def test_schema_generates_and_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    schema = target.read_text()
    for path in ("/api/v1/auth/token/", "/api/v1/campaigns/", "/api/v1/member-units/", "/api/v1/kickoff-meetings/"):
        assert f"{path}:" in schema


def test_schema_is_served_without_signing_in(db):
    response = APIClient().get("/api/schema/")

    assert response.status_code == 200
    assert b"KickoffMeetingOutput" in response.content


def test_docs_page_uses_only_local_assets_and_no_inline_code(db):
    response = APIClient().get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    references = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert references
    for reference in references:
        assert reference.startswith(("/static/", "/api/docs/?")), reference
    # Every <script> loads a file; there is no inline script or style for the CSP to block.
    assert all(body.strip() == "" for body in re.findall(r"<script[^>]*>(.*?)</script>", html, re.S))
    assert "<style" not in html
    assert "style=" not in html
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_docs_initialiser_is_served_as_a_script_file(db):
    response = APIClient().get("/api/docs/?script=")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()
