"""Writing .xlsx files for users: every text cell escaped against formula injection (OWASP "CSV injection").

Used by every export and every generated workbook (rosters, roll-ups), so no cell that a user typed can run as a
formula when a colleague opens the file.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def escape_cell(value: Any) -> Any:
    """A text cell that a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def append_header(sheet: Worksheet, headers: Sequence[str]) -> None:
    """The header row in bold, each column wide enough for its (Chinese) header."""
    sheet.append([escape_cell(header) for header in headers])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(10, len(str(cell.value)) * 2 + 2)


def append_rows(sheet: Worksheet, rows: Iterable[Sequence[Any]]) -> None:
    for row in rows:
        sheet.append([escape_cell(value) for value in row])


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_xlsx(title: str, headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet named ``title`` (cut to Excel's 31 characters) with a bold header row and ``rows``; the file's
    bytes."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    append_header(sheet, headers)
    append_rows(sheet, rows)
    return workbook_bytes(workbook)
