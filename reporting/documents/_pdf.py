"""HTML → PDF with WeasyPrint, fetching nothing but the project's own static files (issue 11: SSRF, CVE-2026-55073).

``render_pdf(html, handle, progress)`` lays the document out and writes it into the binary ``handle``. Every
resource the HTML or CSS asks for goes through ``StaticOnlyFetcher``: a ``data:`` URI, or a ``file:`` URL whose real
path (symlinks resolved) lies inside ``static/`` of this project. Everything else — ``file:///etc/passwd``,
``http://127.0.0.1:6379``, ``https://…``, ``ftp:`` — is refused with ``RefusedResource`` (logged as a warning; the
document renders without it). Redirects never happen: no network scheme is ever opened.

Fonts: the documents name "Noto Serif CJK SC" (body, 宋体-like) and "Noto Sans CJK SC" (headings, 黑体-like) with
``lang="zh-CN"`` so no glyph takes a Japanese form, then ``FALLBACK_FONT`` for a character the SC fonts lack (CJK
Extension B in a few enterprise names, e.g. 𡃁 U+210C1).
"""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import IO
from urllib.parse import unquote, urlsplit

from django.conf import settings
from pypdf import PdfWriter
from weasyprint import HTML, Document
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reporting.kinds import Progress

logger = logging.getLogger(__name__)

SERIF_FONT = "Noto Serif CJK SC"
SANS_FONT = "Noto Sans CJK SC"
# Covers CJK Extension B (fc-list ':charset=210c1'); named after the SC fonts, so it only draws what they lack.
FALLBACK_FONT = "Noto Sans CJK HK"
FONT_STACK = f'"{SERIF_FONT}", "{FALLBACK_FONT}", serif'
HEADING_FONT_STACK = f'"{SANS_FONT}", "{FALLBACK_FONT}", sans-serif'


def static_root() -> Path:
    """The one folder rendering may read from: the project's ``static/``."""
    return (Path(settings.BASE_DIR) / "static").resolve()


class RefusedResource(ValueError):
    """A document asked for a resource outside the project's static files (WeasyPrint logs it and renders on)."""


class StaticOnlyFetcher(URLFetcher):
    """WeasyPrint's URL fetcher, restricted: ``data:`` URIs and the project's static files, nothing else."""

    def __init__(self) -> None:
        super().__init__(timeout=5, allowed_protocols=("data",), allow_redirects=False)

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file":
            parts = urlsplit(url)
            if parts.netloc not in ("", "localhost"):
                raise self._refuse(url)
            path = Path(unquote(parts.path)).resolve()
            root = static_root()
            if path.is_relative_to(root) and path.is_file():
                content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": content_type})
        raise self._refuse(url)

    @staticmethod
    def _refuse(url: str) -> RefusedResource:
        logger.warning("report rendering refused to fetch %s", url[:200])
        return RefusedResource(f"refused: {url[:200]}")


def base_url() -> str:
    """Relative URLs in the documents (``reporting/documents.css``) resolve inside ``static/``."""
    return static_root().as_uri() + "/"


def layout(html: str) -> Document:
    """WeasyPrint's layout of ``html`` (the costly step), fetching through ``StaticOnlyFetcher``."""
    return HTML(string=html, base_url=base_url(), url_fetcher=StaticOnlyFetcher()).render()


def write_pdf(document: Document, target: IO[bytes] | str | Path) -> None:
    """Write a laid-out document (fonts subset and embedded)."""
    document.write_pdf(target=target)


def merge_pdfs(paths: list[Path], handle: IO[bytes]) -> None:
    """Concatenate the PDFs at ``paths`` into ``handle`` (pypdf), in order."""
    writer = PdfWriter()
    for path in paths:
        writer.append(str(path))
    writer.write(handle)
    writer.close()


def render_pdf(html: str, handle: IO[bytes], progress: Progress, *, done: int = 1, total: int = 3) -> int:
    """Lay out ``html`` and write the PDF into ``handle``; calls ``progress(done + 1, total)`` after the layout and
    ``progress(total, total)`` once written. Returns the number of pages."""
    document = layout(html)
    progress(min(done + 1, total), total)
    write_pdf(document, handle)
    progress(total, total)
    return len(document.pages)
