"""gunicorn.conf.py: one worker per core by default; gunicorn started in the project's folder reads it, and its
workers freeze what they hold once the application is loaded (so a full collection no longer walks Django's
~170,000 long-lived objects)."""

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _answer(url: str, deadline: float) -> str:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return response.read().decode()
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_a_worker_started_in_the_project_folder_has_frozen_its_objects():
    port = _free_port()
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "tests.portal.freeze_count_app:application",
            f"--bind=127.0.0.1:{port}",
            "--workers=1",
            "--log-level=warning",
        ],
        cwd=ROOT,
    )
    try:
        frozen = int(_answer(f"http://127.0.0.1:{port}/", time.monotonic() + 30))
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert frozen > 1000  # the interpreter's and gunicorn's objects at least; 0 without the hook


def test_one_worker_per_core_unless_web_concurrency_says_otherwise(monkeypatch):
    import os
    import runpy

    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == os.cpu_count()
    monkeypatch.setenv("WEB_CONCURRENCY", "7")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] == 7
