"""One streaming worksheet (openpyxl ``write_only=True``): rows go to a temporary file as they come, so a workbook of
any length is written without holding its cells (openpyxl keeps only the table of distinct strings in memory).

Every text cell is escaped against formula injection (``portal.excel.escape_cell``); the columns named text columns
(codes, phone numbers, certificate numbers) are written as text cells (number format ``@``) so Excel neither turns
an 18-character credit code into a number in E-notation nor drops a phone number's leading zero. Cells are never
cut short: a value is written whole, whatever its length (Excel itself holds 32,767 characters a cell).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from portal.excel import escape_cell

TEXT_FORMAT = "@"
PROGRESS_EVERY = 1000  # rows between two progress reports


def write_sheet(
    handle: IO[bytes],
    *,
    title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    text_columns: Iterable[int] = (),
    total: int,
    progress,
    caption: str = "",
) -> int:
    """Write one sheet: an optional caption line, the bold header row, then ``rows`` as they come; returns the
    number of data rows. ``text_columns`` are 0-based column indexes written as text cells; ``progress(done,
    total)`` is called every PROGRESS_EVERY rows and at the end."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])  # Excel's own limit on a sheet's name
    for index, header in enumerate(headers, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(10, len(header) * 2 + 4)
    sheet.freeze_panes = "A3" if caption else "A2"
    if caption:
        sheet.append([_text(sheet, caption, bold=True)])
    sheet.append([_text(sheet, header, bold=True) for header in headers])
    text = frozenset(text_columns)
    done = 0
    progress(0, total)
    for row in rows:
        sheet.append([_text(sheet, value) if i in text else escape_cell(value) for i, value in enumerate(row)])
        done += 1
        if done % PROGRESS_EVERY == 0:
            progress(done, max(total, done))
    workbook.save(handle)
    progress(done, max(total, done))
    return done


def _text(sheet, value: Any, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=escape_cell("" if value is None else str(value)))
    cell.number_format = TEXT_FORMAT
    if bold:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=False)
    return cell


def share(value: float | None) -> str:
    """A 0–1 share as a percentage for a table ("—" when there is none)."""
    return "—" if value is None else f"{value * 100:.1f}%"
