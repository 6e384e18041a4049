"""Reading a table out of a workbook the way a person sees it (.xlsx with openpyxl, .xls with xlrd).

Districts fill in forms made in WPS, Excel and online sheets: a title row and a 填报单位 line above the header, a
two-row header, a 序号 column, 合计 / 填表人 / 注 lines below, an instructions sheet first, rows hidden by a filter,
a file whose stated size is out of date. ``read_table`` finds the sheet and the header row that hold the table,
matches each header to a column key through the caller's ``match_header`` (after ``normalise_header``), and returns
every data row with its cells as typed — numbers stay numbers, with the format Excel shows them in, so the caller
decides what a number in a code column means. Nothing is dropped in silence: unrecognised columns, ignored
columns, hidden rows, footer lines and where reading stopped are all in the result, for the preview to name.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from xml.etree import ElementTree

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# How far down a sheet the header row may be (title rows, 填报单位 lines above it).
HEADER_SEARCH_ROWS = 15
# A run of this many blank rows ends the table: a sheet with 780,000 formatted blank rows is not read to its end.
BLANK_RUN_LIMIT = 200
# Columns that number the rows for the reader and carry no data (序号).
INDEX_HEADERS = {"序号", "编号", "序", "no", "no.", "#"}
# Lines below a table that are not rows of it (合计：3家, 填表人：…, 注：…).
# "注塑…有限公司" is an enterprise, "注：" a note: a word that also starts names counts only with its colon or number.
FOOTER = re.compile(
    r"^(合计|总计|小计|(填表人|填报人|审核人|制表人|制表|负责人|联系人|注|备注|说明|填表说明)\s*[:：.、\d])"
)

_BRACKETED = re.compile(r"[(\[【〔].*?[)\]】〕]")


def normalise_header(text: object) -> str:
    """A header as compared: NFKC (full-width brackets and letters to ASCII), every space and line break out, a
    leading or trailing ``*`` (required mark) out, and a bracketed part (a unit: (万元), (人), (手机)) out."""
    value = unicodedata.normalize("NFKC", str(text if text is not None else ""))
    value = "".join(ch for ch in value if not ch.isspace() and unicodedata.category(ch) != "Cf")
    value = value.strip("*＊")
    value = _BRACKETED.sub("", value)
    return value.strip("*:：").lower()


@dataclass(frozen=True)
class Cell:
    """One cell as typed: ``value`` is a str, int, float, bool, date/datetime or None; ``number_format`` is Excel's
    format code ("General", "0.00", "@" for text …)."""

    value: Any
    number_format: str = "General"

    @property
    def is_number(self) -> bool:
        return isinstance(self.value, int | float) and not isinstance(self.value, bool)

    @property
    def is_blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())

    def shown(self) -> str:
        """The text a person sees in the cell: a number rounded as its format shows it (123.4567 in a 0.00 cell is
        "123.46"), a whole float without ".0", a date as 2023-05-09, text stripped."""
        value = self.value
        if value is None:
            return ""
        if isinstance(value, bool):
            return "是" if value else "否"
        if isinstance(value, datetime):
            return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(" ")
        if isinstance(value, date):
            return value.isoformat()
        if self.is_number:
            decimals = _format_decimals(self.number_format)
            if decimals is not None:
                return str(Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))
            if isinstance(value, float) and value.is_integer():
                return str(int(value))
            return repr(value)
        return str(value).strip()


def _format_decimals(number_format: str) -> int | None:
    """How many decimals a fixed number format shows ("0.00" → 2, "#,##0" → 0); None for General and others."""
    code = (number_format or "").split(";")[0]
    if not re.fullmatch(r"[#,0]*0(\.0+)?", code):
        return None
    return len(code.split(".")[1]) if "." in code else 0


@dataclass
class TableRow:
    line: int  # the row number as the spreadsheet shows it
    cells: dict[str, Cell]


@dataclass
class Table:
    sheet: str
    header_line: int
    columns: dict[str, int]  # key → 0-based column index
    headers: dict[str, str]  # key → the header as written in the file
    unrecognised: list[str] = field(default_factory=list)  # headers written in the file that match no column
    ignored: list[str] = field(default_factory=list)  # columns read past on purpose (序号)
    rows: list[TableRow] = field(default_factory=list)
    hidden: list[int] = field(default_factory=list)  # rows hidden in the file (by a filter): not taken
    footers: list[int] = field(default_factory=list)  # 合计 / 填表人 / 注 lines: not taken
    stopped_at: int | None = None  # reading stopped here after a long run of blank rows


# --- the two file formats ------------------------------------------------------------------------------------------


@dataclass
class _Sheet:
    name: str
    rows: Callable[[], Iterator[tuple[int, list[Cell]]]]  # (line, cells) from line 1, blank rows included
    hidden: Callable[[int], set[int]]  # the hidden rows up to a line


def _xlsx_sheets(upload) -> tuple[list[_Sheet], Callable[[], None]]:
    from openpyxl import load_workbook

    workbook = load_workbook(upload, read_only=True, data_only=True)
    sheets = []
    ordered = [workbook.active, *[ws for ws in workbook.worksheets if ws is not workbook.active]]
    for sheet in ordered:
        if sheet is None or not hasattr(sheet, "iter_rows"):
            continue  # a chart sheet

        def rows(sheet=sheet):
            # The file's own <dimension> may be stale (an online sheet's export says A1): read what is there.
            sheet.reset_dimensions()
            for line, row in enumerate(sheet.iter_rows(), start=1):
                yield line, [Cell(getattr(c, "value", None), getattr(c, "number_format", "General")) for c in row]

        def hidden(up_to: int, sheet=sheet) -> set[int]:
            return _xlsx_hidden_rows(sheet, up_to)

        sheets.append(_Sheet(sheet.title, rows, hidden))
    return sheets, workbook.close


def _xlsx_hidden_rows(sheet, up_to: int) -> set[int]:
    """Rows up to line ``up_to`` marked hidden in the sheet's XML (by a filter, or hidden by hand): read-only mode
    does not parse them. Stops at ``up_to``, so a sheet of formatted blank rows is not scanned to its end."""
    hidden: set[int] = set()
    line = 0
    with sheet._get_source() as source:  # openpyxl's read-only sheet keeps its XML part open for streaming
        for _event, element in ElementTree.iterparse(source):
            if element.tag.rsplit("}", 1)[-1] == "row":
                line = int(float(element.get("r", line + 1)))
                if line > up_to:
                    break
                if element.get("hidden") in ("1", "true"):
                    hidden.add(line)
                element.clear()
    return hidden


def _xls_sheets(upload) -> tuple[list[_Sheet], Callable[[], None]]:
    import xlrd

    upload.seek(0)
    book = xlrd.open_workbook(file_contents=upload.read(), formatting_info=True, on_demand=True)

    def cell(sheet, r, c) -> Cell:
        kind = sheet.cell_type(r, c)
        value = sheet.cell_value(r, c)
        fmt = "General"
        xf = book.xf_list[sheet.cell_xf_index(r, c)]
        if xf.format_key in book.format_map:
            fmt = book.format_map[xf.format_key].format_str
        if kind in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
            return Cell(None)
        if kind == xlrd.XL_CELL_DATE:
            return Cell(xlrd.xldate.xldate_as_datetime(value, book.datemode), fmt)
        if kind == xlrd.XL_CELL_BOOLEAN:
            return Cell(bool(value), fmt)
        return Cell(value, fmt)

    sheets = []
    for index in range(book.nsheets):
        sheet = book.sheet_by_index(index)

        def rows(sheet=sheet):
            for r in range(sheet.nrows):
                yield r + 1, [cell(sheet, r, c) for c in range(sheet.ncols)]

        def hidden(up_to, sheet=sheet):
            return {r + 1 for r, info in sheet.rowinfo_map.items() if info.hidden and r + 1 <= up_to}

        sheets.append(_Sheet(sheet.name, rows, hidden))
    return sheets, book.release_resources


def _open(upload) -> tuple[list[_Sheet], Callable[[], None]]:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"\xd0\xcf\x11\xe0"):  # OLE2: Excel 97-2003
            return _xls_sheets(upload)
        return _xlsx_sheets(upload)
    except Exception:  # openpyxl and xlrd raise many kinds for a damaged or foreign file
        name = os.path.basename(str(getattr(upload, "name", "")))
        raise ValidationError(
            _("“%(name)s” cannot be read as an Excel workbook (.xlsx or .xls).") % {"name": name},
            code="unreadable",
        ) from None


# --- finding and reading the table ---------------------------------------------------------------------------------


def _match_row(cells: list[Cell], match_header: Callable[[str], str | None]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = match_header(normalise_header(cell.shown())) if not cell.is_blank else None
        if key is not None and key not in found:
            found[key] = index
    return found


def _with_upper_row(found: dict[str, int], cells: list[Cell], upper: list[Cell], match_header) -> dict[str, int]:
    """A two-row header: the lower row names most columns; a column merged over both rows has its text above (the
    lower cell is empty)."""
    combined = dict(found)
    for index, cell in enumerate(upper):
        lower_blank = index >= len(cells) or cells[index].is_blank
        if lower_blank and not cell.is_blank:
            key = match_header(normalise_header(cell.shown()))
            if key is not None and key not in combined:
                combined[key] = index
    return combined


def _is_footer(cells: list[Cell]) -> bool:
    first = next((cell.shown() for cell in cells if not cell.is_blank), "")
    return FOOTER.match(unicodedata.normalize("NFKC", first)) is not None


def read_table(
    upload,
    *,
    match_header: Callable[[str], str | None],
    required: set[str],
    max_rows: int,
) -> Table:
    """The table in ``upload``: the first sheet (the active one first) whose first HEADER_SEARCH_ROWS rows hold a row
    with every ``required`` key, that row as the header (with the row above it when the header is two rows high and
    a column's text is only in the upper row), and every data row below it until a long run of blank rows.

    ``match_header(normalised_header)`` returns the column key or None. Raises ValidationError (in Chinese) when the
    file cannot be read, no sheet has the required headers, the table is empty or has more than ``max_rows`` rows."""
    sheets, close = _open(upload)
    try:
        best_missing: set[str] | None = None
        for sheet in sheets:
            table = _read_sheet(sheet, match_header=match_header, required=required, max_rows=max_rows)
            if isinstance(table, Table):
                return table
            if best_missing is None or len(table) < len(best_missing):
                best_missing = table
    finally:
        close()
        upload.seek(0)
    missing = sorted(best_missing or required)
    raise ValidationError(
        _("No sheet of the file has the table's headers within its first %(rows)d rows; missing: %(headers)s.")
        % {"rows": HEADER_SEARCH_ROWS, "headers": "、".join(missing)},
        code="headers",
        params={"missing": missing},  # the keys, for a caller that names its columns in the user's words
    )


def _read_sheet(sheet: _Sheet, *, match_header, required: set[str], max_rows: int) -> Table | set[str]:
    """The table of one sheet, or the required keys it lacks."""
    rows = sheet.rows()
    top: list[tuple[int, list[Cell]]] = []
    header_at = None
    columns: dict[str, int] = {}
    for line, cells in rows:
        top.append((line, cells))
        found = _with_upper_row(
            _match_row(cells, match_header), cells, top[-2][1] if len(top) > 1 else [], match_header
        )
        if required <= found.keys():
            header_at, columns = len(top) - 1, found
            break
        if len(top) >= HEADER_SEARCH_ROWS:
            break
    if header_at is None:
        seen = set().union(*[_match_row(cells, match_header).keys() for _line, cells in top]) if top else set()
        return required - seen
    header_line, header_cells = top[header_at]
    upper = top[header_at - 1][1] if header_at > 0 else []
    headers = {
        key: (
            header_cells[index] if index < len(header_cells) and not header_cells[index].is_blank else upper[index]
        ).shown()
        for key, index in columns.items()
    }
    taken = set(columns.values())
    unrecognised: list[str] = []
    ignored: list[str] = []
    for index, cell in enumerate(header_cells):
        if index in taken or cell.is_blank:
            continue
        (ignored if normalise_header(cell.shown()) in INDEX_HEADERS else unrecognised).append(cell.shown())
    table = Table(sheet.name, header_line, columns, headers, unrecognised, ignored)
    blank_run = 0
    for line, cells in rows:
        if all(cell.is_blank for cell in cells):
            blank_run += 1
            if blank_run >= BLANK_RUN_LIMIT:
                table.stopped_at = line
                break
            continue
        blank_run = 0
        if _is_footer(cells):
            table.footers.append(line)
            continue
        table.rows.append(
            TableRow(line, {key: cells[index] if index < len(cells) else Cell(None) for key, index in columns.items()})
        )
        if len(table.rows) > max_rows:
            raise ValidationError(
                _("The table may have at most %(max)d rows; split the file.") % {"max": max_rows},
                code="too_many_rows",
            )
    if table.rows:
        hidden = sheet.hidden(table.rows[-1].line)
        table.hidden = [row.line for row in table.rows if row.line in hidden]
        table.rows = [row for row in table.rows if row.line not in hidden]
    if not table.rows:
        raise ValidationError(
            _("The sheet “%(sheet)s” has no rows below its headers.") % {"sheet": sheet.name}, code="empty"
        )
    return table
