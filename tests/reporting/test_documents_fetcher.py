"""Rendering fetches nothing but the project's own static files (issue 11; CVE-2026-55073, SSRF): the URL fetcher
refuses file:///etc/passwd, a path that climbs out of static/, http(s) to any host (the Redis port included) and so
never follows a redirect; data: URIs and static/ files are read."""

from __future__ import annotations

import io
import socket
import subprocess
import threading
from pathlib import Path

import pytest

from reporting.documents._pdf import RefusedResource, StaticOnlyFetcher, render_pdf, static_root


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "file://localhost/etc/passwd",
        "file://evil.example/etc/passwd",
        "http://127.0.0.1:6379/",
        "https://example.com/logo.png",
        "ftp://127.0.0.1/x",
        "gopher://127.0.0.1:6379/_INFO",
        "redis://127.0.0.1:6379/0",
        "/etc/passwd",
    ],
)
def test_the_fetcher_refuses_everything_outside_static(url):
    with pytest.raises(RefusedResource):
        StaticOnlyFetcher().fetch(url)


def test_the_fetcher_refuses_a_path_that_climbs_out_of_static():
    climbing = static_root().as_uri() + "/../pyproject.toml"
    assert (static_root().parent / "pyproject.toml").exists()
    with pytest.raises(RefusedResource):
        StaticOnlyFetcher().fetch(climbing)
    with pytest.raises(RefusedResource):
        StaticOnlyFetcher().fetch(static_root().as_uri() + "/%2e%2e/pyproject.toml")


def test_the_fetcher_refuses_a_symlink_out_of_static(tmp_path, settings):
    static = tmp_path / "static"
    static.mkdir()
    (static / "passwd.css").symlink_to("/etc/passwd")
    settings.BASE_DIR = tmp_path
    with pytest.raises(RefusedResource):
        StaticOnlyFetcher().fetch((static / "passwd.css").as_uri())


def test_the_fetcher_reads_static_files_and_data_uris():
    response = StaticOnlyFetcher().fetch(static_root().as_uri() + "/reporting/documents.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"
    assert StaticOnlyFetcher().fetch("data:text/plain;base64,5rWL6K+V").read() == "测试".encode()


class _Listener:
    """A TCP server on a free local port that counts the connections it gets (and answers a redirect)."""

    def __init__(self):
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.socket.listen(5)
        self.socket.settimeout(0.2)
        self.port = self.socket.getsockname()[1]
        self.connections = 0
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.socket.accept()
            except OSError:
                continue
            self.connections += 1
            conn.sendall(b"HTTP/1.0 302 Found\r\nLocation: file:///etc/passwd\r\n\r\n")
            conn.close()

    def close(self):
        self.running = False
        self.thread.join()
        self.socket.close()


def test_a_document_asking_for_the_network_or_local_files_renders_without_them(tmp_path):
    listener = _Listener()
    try:
        base = f"http://127.0.0.1:{listener.port}"
        html = f"""<html lang="zh-CN"><head>
            <link rel="stylesheet" href="{base}/style.css">
            <style>@import url("{base}/more.css"); body {{ background: url("file:///etc/passwd"); }}</style>
            </head><body><p>正文</p>
            <img src="{base}/redirect.png"><img src="file:///etc/passwd"><img src="../../pyproject.toml">
            <object data="file:///etc/hostname"></object><iframe src="{base}/x"></iframe>
            <img src="data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/>">
            </body></html>"""
        handle = io.BytesIO()
        pages = render_pdf(html, handle, lambda *_: None)
    finally:
        listener.close()
    assert pages == 1
    assert listener.connections == 0
    path = tmp_path / "out.pdf"
    path.write_bytes(handle.getvalue())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "正文" in text
    assert "root:" not in text and "root:" not in handle.getvalue().decode("latin-1")
    assert Path("/etc/passwd").read_text().split(":")[0] not in text.split()
