"""The quick start (DEBUG, `make run`) shows the portal's own Chinese 404 page unless Django's debug page is asked for
(PORTAL_DEBUG_PAGES=true), and `make run` serves on PORT (8000 unless set)."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import override_settings
from honcho.environ import expand_processes, parse_procfile

BASE_DIR = Path(__file__).resolve().parents[2]
TECHNICAL_404 = "Using the URLconf defined in"


def _middleware_with(env: dict[str, str]) -> str:
    code = "from portal import settings; print('\\n'.join(settings.MIDDLEWARE))"
    clean = {k: v for k, v in os.environ.items() if k not in ("DJANGO_DEBUG", "PORTAL_DEBUG_PAGES")}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=clean | env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@override_settings(DEBUG=True)
def test_an_unknown_address_shows_the_portals_chinese_404_in_development(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    content = response.content.decode()
    assert "页面不存在" in content and TECHNICAL_404 not in content


@override_settings(DEBUG=True)
def test_a_missing_row_shows_the_portals_chinese_404_in_development(as_user, cast):
    response = as_user(cast.regulator).get("/enterprises/999999/")
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


@override_settings(DEBUG=True)
def test_a_missing_slash_is_still_added_in_development(client, db):
    response = client.get("/accounts/login")
    assert response.status_code == 301 and response.url == "/accounts/login/"


def test_the_development_settings_use_the_portals_404_unless_debug_pages_are_asked_for():
    assert "portal.middleware.PortalNotFoundMiddleware" in _middleware_with({})
    assert "portal.middleware.PortalNotFoundMiddleware" not in _middleware_with({"PORTAL_DEBUG_PAGES": "true"})


def test_make_run_serves_on_port_8000_unless_port_is_set():
    makefile = (BASE_DIR / "Makefile").read_text()
    assert "PORT ?= 8000" in makefile and "PORT=$(PORT) $(VENV)/bin/honcho" in makefile
    processes = parse_procfile((BASE_DIR / "Procfile.dev").read_text()).processes
    web = next(p for p in expand_processes(processes, env={"PORT": "8123"}) if p.name.startswith("web"))
    assert web.env["PORT"] == "8123" and "127.0.0.1:$PORT" in web.cmd
