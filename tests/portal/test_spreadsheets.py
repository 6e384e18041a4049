"""Reading the table out of a workbook the way a person sees it (portal.spreadsheets)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from portal.spreadsheets import BLANK_RUN_LIMIT, Cell, normalise_header, read_table

HEADERS = {"企业名称": "name", "统一社会信用代码": "code", "营业收入": "revenue", "外贸企业": "trade"}


def _match(text):
    return HEADERS.get(text)


def _read(workbook: Workbook, **kwargs):
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("名单.xlsx", buffer.getvalue())
    return read_table(upload, match_header=_match, required={"name", "code"}, max_rows=kwargs.get("max_rows", 100))


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("营业收入（万元）", "营业收入"),
        ("营业收入(万元)", "营业收入"),
        ("*企业名称", "企业名称"),
        ("企业\n名称", "企业名称"),
        (" 外贸企业 ", "外贸企业"),
        ("联系电话\n（手机）", "联系电话"),
        ("ＡＢＣ【注】", "abc"),
    ],
)
def test_headers_are_compared_as_a_person_reads_them(written, normalised):
    assert normalise_header(written) == normalised


def test_a_two_row_header_is_read_by_its_lower_row_and_merged_columns_from_above():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["企业名称", "基本信息", None, "其他"])
    sheet.append([None, "统一社会信用代码", "营业收入（万元）", "备注栏"])
    sheet.merge_cells("A1:A2")
    sheet.merge_cells("B1:C1")
    sheet.append(["甲公司", "91120116MAF0000125", 12.5, "无"])
    table = _read(workbook)
    assert table.header_line == 2
    assert table.columns == {"code": 1, "revenue": 2, "name": 0}
    assert table.unrecognised == ["备注栏"]
    assert [row.cells["name"].shown() for row in table.rows] == ["甲公司"]


def test_rows_hidden_by_a_filter_are_reported_and_not_taken():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["企业名称", "统一社会信用代码"])
    for index in range(1, 5):
        sheet.append([f"公司{index}", "91120116MAF0000125"])
    sheet.row_dimensions[3].hidden = True
    table = _read(workbook)
    assert table.hidden == [3]
    assert [row.line for row in table.rows] == [2, 4, 5]


def test_a_blank_row_inside_the_data_does_not_end_it():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["企业名称", "统一社会信用代码"])
    sheet.append(["公司1", "x"])
    sheet.append([None, None])
    sheet.append(["公司2", "y"])
    assert [row.line for row in _read(workbook).rows] == [2, 4]


def test_a_long_run_of_blank_rows_ends_the_table_and_says_where():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["企业名称", "统一社会信用代码"])
    sheet.append(["公司1", "x"])
    for line in range(3, 3 + BLANK_RUN_LIMIT + 500):
        sheet.cell(row=line, column=1).number_format = "@"  # formatted, empty: what makes a sheet huge
        sheet.cell(row=line, column=1).value = ""
    table = _read(workbook)
    assert [row.line for row in table.rows] == [2]
    assert table.stopped_at == 2 + BLANK_RUN_LIMIT


def test_footer_lines_are_reported_but_an_enterprise_named_like_a_note_is_not_one():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["企业名称", "统一社会信用代码"])
    sheet.append(["注塑机械有限公司", "x"])
    sheet.append(["合计：1家", None])
    sheet.append(["注：本表一式两份", None])
    table = _read(workbook)
    assert [row.line for row in table.rows] == [2]
    assert table.footers == [3, 4]


def test_numbers_are_shown_as_their_format_shows_them():
    assert Cell(123.4567, "0.00").shown() == "123.46"
    assert Cell(123.455, "0.00").shown() == "123.46"  # half up, as Excel shows it
    assert Cell(1200.0, "General").shown() == "1200"
    assert Cell(1234567.891, "#,##0.00").shown() == "1234567.89"
    assert Cell(12.5, "General").shown() == "12.5"
    assert Cell(9.11201160004e17).is_number


def test_no_sheet_with_the_headers_is_a_clear_error():
    workbook = Workbook()
    workbook.active.append(["名字", "号码"])
    with pytest.raises(ValidationError) as error:
        _read(workbook)
    assert error.value.code == "headers"


def test_the_row_cap_counts_rows_read():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["企业名称", "统一社会信用代码"])
    for index in range(6):
        sheet.append([f"公司{index}", "x"])
    with pytest.raises(ValidationError) as error:
        _read(workbook, max_rows=5)
    assert error.value.code == "too_many_rows"


def test_a_file_that_is_no_workbook_is_a_clear_error():
    with pytest.raises(ValidationError) as error:
        read_table(
            SimpleUploadedFile("名单.xlsx", b"not a workbook"), match_header=_match, required={"name"}, max_rows=5
        )
    assert error.value.code == "unreadable"
