"""What every PDF document shares: the cover data gathered from the campaign, the page furniture (page numbers,
signature and seal block, the statement of the data's date) and rendering a template into the PDF.

A snapshot (a kind's ``gather`` result) is plain JSON: ``cover`` (see ``cover``) plus the kind's own keys. ``write``
renders from the snapshot alone, in Simplified Chinese whatever language the worker runs in.
"""

from __future__ import annotations

import logging
import re
import tempfile
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from reporting.documents._pdf import FONT_STACK, HEADING_FONT_STACK, layout, merge_pdfs, render_pdf, write_pdf
from reporting.kinds import Progress, ReportScope

logger = logging.getLogger(__name__)

NUMERALS = "一二三四五六七八九十"


def scope_name(scope: ReportScope) -> str:
    """The scope's own name for the cover: the district, the body, the round or the enterprise ("" for the city)."""
    if scope.district is not None:
        return scope.district.name
    if scope.body is not None:
        return scope.body.name
    if scope.round is not None:
        return scope.round.title
    if scope.enrolment is not None:
        return scope.enrolment.enterprise.name
    return ""


def cover(scope: ReportScope, today: date, *, as_of: date | None = None) -> dict[str, Any]:
    """The cover and closing data: {"campaign_title", "document_number", "year", "regulator" (落款单位), "scope"
    (its kind), "scope_name", "as_of" (ISO date the figures are of), "made_on" (ISO date)}."""
    campaign = scope.campaign
    return {
        "campaign_id": campaign.pk,
        "campaign_title": campaign.title,
        "document_number": campaign.document_number,
        "year": campaign.year,
        "regulator": campaign.tenant.regulator_name,
        "scope": scope.name,
        "scope_name": scope_name(scope),
        "as_of": (as_of or today).isoformat(),
        "made_on": today.isoformat(),
    }


def title_lines(title: str, width: int = 18) -> list[str]:
    """The campaign's title in at most two lines for the cover, broken before "小微企业" when that balances the
    lines, else in the middle (a Chinese title may break between any two characters)."""
    if len(title) <= width:
        return [title]
    at = title.find("小微企业")
    if not (len(title) * 0.3 <= at <= len(title) * 0.7):
        at = (len(title) + 1) // 2
    return [title[:at], title[at:]]


def chinese_date(iso: str | None) -> str:
    """ "2023年8月31日" for "2023-08-31" (the form a signed document carries); "" for None."""
    if not iso:
        return ""
    day = date.fromisoformat(iso[:10])
    return _("%(year)s-%(month)s-%(day)s") % {"year": day.year, "month": day.month, "day": day.day}


def section_number(n: int) -> str:
    """一, 二, … 十, 十一, … 九十九 for the n-th (1-based) section heading; digits from 100 on."""
    if n < 1 or n > 99:
        return str(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return NUMERALS[ones - 1]
    head = "" if tens == 1 else NUMERALS[tens - 1]
    return head + "十" + (NUMERALS[ones - 1] if ones else "")


def percent(share: float | None) -> str:
    """A share 0–1 as "45.6%"; "—" for None."""
    return "—" if share is None else f"{share * 100:.1f}%"


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def page_footer_css(total: int | None = None, *, with_total: bool = True) -> str:
    """The CSS ``content`` value of the page footer: "第 " counter(page) " 页 共 " counter(pages) " 页"; with
    ``total`` the number of pages of the whole document is printed as it is (a document made of parts), without
    ``with_total`` only "第 N 页" (an appendix part, whose document total is not known while it is laid out)."""
    if with_total:
        text = _("Page %(page)s of %(pages)s") % {"page": "\x00page\x00", "pages": "\x00pages\x00"}
    else:
        text = _("Page %(page)s") % {"page": "\x00page\x00"}
    css = []
    for index, part in enumerate(re.split(r"\x00(pages?)\x00", text)):
        if index % 2:
            css.append(_css_string(str(total)) if part == "pages" and total is not None else f"counter({part})")
        elif part:
            css.append(_css_string(part))
    return " ".join(css)


def write_document(
    template: str, snapshot: dict[str, Any], handle: IO[bytes], progress: Progress, **context: Any
) -> int:
    """Render ``template`` (extending ``reporting/documents/base.html``) with the snapshot and ``context`` into a PDF
    in ``handle``; progress 1/4 (HTML), 2/4 (laid out), 4/4 (written). Returns the number of pages."""
    html = render_html(template, snapshot, **context)
    progress(1, 4)
    return render_pdf(html, handle, progress, done=1, total=4)


def write_with_appendix(
    template: str,
    appendix_template: str,
    snapshot: dict[str, Any],
    rows: Iterable[Any],
    handle: IO[bytes],
    progress: Progress,
    *,
    chunk: int,
    total_rows: int,
    **context: Any,
) -> int:
    """A document with a long appendix table, at any length in bounded memory: WeasyPrint keeps every laid-out page
    of a document until it is written (some MB a page) and lays a long table out in more than linear time, so the
    appendix is laid out ``chunk`` rows at a time, each part written to a temporary PDF and dropped, and the parts
    joined (pypdf). The body (``template``) is laid out first to know where the appendix starts, and again once the
    total is known so its footers read "第 N 页 共 M 页" and its contents give the appendix's page; the appendix's
    pages go on counting ("第 N 页"). ``appendix_template`` gets ``rows`` (the part's rows), ``first`` (the first
    part: it carries the heading), ``first_page`` and ``appendix_page``. Progress: the parts, then the body.
    Returns the number of pages."""
    steps = 2 + max(1, -(-total_rows // chunk))
    body_pages = len(layout(render_html(template, snapshot, **context)).pages)
    progress(1, steps)
    with tempfile.TemporaryDirectory(prefix="report-") as folder:
        parts: list[Path] = []
        page = body_pages + 1
        for index, part_rows in enumerate(_chunks(rows, chunk)):
            html = render_html(
                appendix_template,
                snapshot,
                rows=part_rows,
                first=index == 0,
                first_page=page,
                appendix_page=body_pages + 1,
                **context,
            )
            document = layout(html)
            parts.append(Path(folder) / f"part-{index:05d}.pdf")
            write_pdf(document, parts[-1])
            page += len(document.pages)
            del document, html
            progress(min(2 + index, steps - 1), steps)
        total = page - 1
        body = render_html(
            template,
            snapshot,
            total_pages=total,
            appendix_page=body_pages + 1 if parts else None,
            page_footer_override=page_footer_css(total),
            **context,
        )
        document = layout(body)
        if len(document.pages) != body_pages:  # the contents' page number is laid out wide in the first pass
            logger.warning("report body laid out in %s pages, then %s", body_pages, len(document.pages))
        main = Path(folder) / "body.pdf"
        write_pdf(document, main)
        del document
        merge_pdfs([main, *parts], handle)
    progress(steps, steps)
    return total


def _chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def render_html(template: str, snapshot: dict[str, Any], **context: Any) -> str:
    """The document's HTML, in Simplified Chinese."""
    with translation.override("zh-hans"):
        cover_data = snapshot.get("cover", {})
        return render_to_string(
            template,
            {
                "snapshot": snapshot,
                "cover": cover_data,
                "as_of_text": chinese_date(cover_data.get("as_of")),
                "made_on_text": chinese_date(cover_data.get("made_on")),
                "title_lines": title_lines(cover_data.get("campaign_title", "")),
                "font_stack": FONT_STACK,
                "heading_font_stack": HEADING_FONT_STACK,
                "page_footer": page_footer_css(),
                "page_footer_part": page_footer_css(with_total=False),
                **context,
            },
        )
