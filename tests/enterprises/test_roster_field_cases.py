"""The roster import with files shaped like those districts really send (tests/data/field-cases, copied from
../shared/field-cases; its README says what each is). Each test asserts what is stored, not only the message."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from enterprises.models import Enrolment, Enterprise, RosterImport

FIELD_CASES = Path(__file__).resolve().parents[1] / "data" / "field-cases"


@pytest.fixture
def district(cast, client):
    client.force_login(cast.district)
    return client


def _upload(client, name: str):
    """Upload a field case; returns the stored import (the preview's data)."""
    response = client.post(
        "/enterprises/roster/", {"file": SimpleUploadedFile(name, (FIELD_CASES / name).read_bytes())}
    )
    assert response.status_code in (200, 302), response.status_code
    return response


def _job():
    return RosterImport.objects.get()


def _confirm(client, job):
    response = client.post(f"/enterprises/roster/{job.pk}/")
    assert response.status_code == 302
    job.refresh_from_db()
    return job


def _codes_stored():
    """The codes the import stored (the cast's own enterprises have demo codes of another series)."""
    return set(Enterprise.objects.filter(credit_code__regex=r"^.{8}MA[FG]").values_list("credit_code", flat=True))


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("C00_control_template_clean.xlsx", {"91120116MAF0000125", "91120116MAF0000200", "91120116MAF000039W"}),
        ("C01a_title_row_and_xuhao.xlsx", {"91120116MAF000119G", "91120116MAF000127B", "91120116MAF0001356"}),
        ("C02_footer_notes_rows.xlsx", {"91120116MAF0003113", "91120116MAF00032XT", "91120116MAF000338T"}),
        ("C08a_roster_excel97_2003.xls", {"91120116MAF00091XU", "91120116MAF000928U", "91120116MAF000936N"}),
        ("C09a_tencent_docs_dimension_A1.xlsx", {"91120116MAF001015M", "91120116MAF001023G", "91120116MAF001031B"}),
        ("C14_instructions_sheet_first.xlsx", {"91120116MAF00171XP", "91120116MAF001728P"}),
        ("C15b_roster_xlsx_customxml_first.xlsx", {"91120116MAF0018166", "91120116MAF0018241"}),
        ("C17_roster_written_by_xlsxwriter.xlsx", {"91120116MAF001912F", "91120116MAF001920A"}),
    ],
)
def test_real_shaped_rosters_import_every_row_and_only_the_rows(cast, district, name, codes):
    _upload(district, name)
    job = _job()
    assert job.error_count == 0, job.rows
    assert job.reading["rows_read"] == len(codes) == job.total
    assert job.reading["unrecognised"] == []
    _confirm(district, job)
    assert _codes_stored() == codes
    assert Enrolment.objects.filter(campaign=cast.campaign, enterprise__credit_code__in=codes).count() == len(codes)
    enterprise = Enterprise.objects.get(credit_code=sorted(codes)[0])
    assert enterprise.district == cast.district_unit
    assert enterprise.employees == 35 and enterprise.annual_revenue == Decimal("1200.00")
    assert enterprise.contact_phone == "+8613800000000"


def test_the_title_rows_and_the_xuhao_column_are_named_in_the_preview(district):
    _upload(district, "C01a_title_row_and_xuhao.xlsx")
    reading = _job().reading
    assert reading["header_line"] == 3 and reading["ignored"] == ["序号"]
    page = district.get(f"/enterprises/roster/{_job().pk}/").content.decode()
    assert "序号" in page


def test_footer_lines_are_not_enterprises_and_are_named(district):
    _upload(district, "C02_footer_notes_rows.xlsx")
    assert _job().reading["footers"] == [6, 7, 8]
    assert _job().total == 3


def test_codes_typed_into_number_cells_are_never_turned_back_into_codes(district):
    _upload(district, "C03_code_stored_as_number.xlsx")
    job = _job()
    assert job.error_count == 4  # every row, including the ones whose rounded number would pass the check
    for row in job.rows:
        assert "clean" not in row or "credit_code" not in row["clean"]
        assert any("15" in error for error in row["errors"])
    _confirm(district, job)
    assert not _codes_stored()


def test_codes_with_full_width_and_invisible_characters_are_read_as_typed(district):
    _upload(district, "C04_code_fullwidth_nbsp_zero_width.xlsx")
    job = _job()
    assert job.error_count == 0, job.rows
    _confirm(district, job)
    assert _codes_stored() == {
        "91120116MAF000514P",
        "91120116MAF000522J",
        "91120116MAF000530D",
        "91120116MAF000549A",
        "91120116MAF0005575",
    }


def test_typos_in_codes_are_refused_per_row_and_clean_ones_pass(district):
    _upload(district, "C05_code_typos_lowercase_ioszv.xlsx")
    job = _job()
    failing = {row["line"] for row in job.rows if row["errors"]}
    assert failing == {5, 6, 7, 8}  # O for 0, I for 1, a wrong check character, two swapped characters


def test_every_category_gb_32100_allows_is_accepted(district):
    _upload(district, "C06_code_prefixes_1_5_9_N_Y_and_check0.xlsx")
    job = _job()
    assert job.error_count == 0, [row["errors"] for row in job.rows if row["errors"]]
    _confirm(district, job)
    assert "39120116MAG0060023" in _codes_stored() and "62120116MAG0070056" in _codes_stored()


def test_old_registration_numbers_and_organisation_codes_are_named(district):
    _upload(district, "C07_old_15digit_regno_and_orgcode.xlsx")
    job = _job()
    errors = [" ".join(row["errors"]) for row in job.rows]
    assert "注册号" in errors[0] and "组织机构代码" in errors[1] and "注册号" in errors[2]


def test_an_xls_renamed_to_xlsx_is_told_what_it_is(district):
    response = _upload(district, "C08b_xls_renamed_to.xlsx")
    assert not RosterImport.objects.exists()
    assert "97-2003" in " ".join(response.context["form"].errors["file"])


def test_header_variants_are_recognised_and_the_foreign_trade_flag_is_kept(district, cast):
    _upload(district, "C10a_header_variants_fullwidth_brackets.xlsx")
    job = _job()
    assert job.reading["unrecognised"] == []
    assert len(job.reading["columns"]) == 14
    _confirm(district, job)
    stored = Enterprise.objects.get(credit_code="91120116MAF001218A")
    assert stored.is_foreign_trade and stored.contact_name == "张示例" and stored.contact_phone == "+8613800000002"
    assert stored.employees == 35 and stored.annual_revenue == Decimal("1200.00")


def test_phones_keep_their_extensions_and_refusals_say_why(district):
    _upload(district, "C12_phone_formats_cn.xlsx")
    job = _job()
    by_line = {row["line"]: row for row in job.rows}
    assert by_line[2]["clean"]["contact_phone"] == "+862227181234;ext=8001"
    assert by_line[3]["clean"]["contact_phone"] == "+862227181234;ext=8001"
    assert by_line[4]["clean"]["contact_phone"] == "+862227181234;ext=8001"
    assert any("022" in error for error in by_line[5]["errors"])  # no area code: the hint
    assert by_line[6]["errors"] and by_line[7]["errors"]  # two numbers in one cell
    assert any("400" in error for error in by_line[8]["errors"])
    assert not by_line[9]["errors"] and not by_line[10]["errors"] and not by_line[11]["errors"]


def test_an_unrecognised_column_is_named_in_the_preview(district, cast):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["企业名称", "统一社会信用代码", "所在区", "主要产品"])
    workbook.active.append(["天津示例企业", "91120116MAF0000125", cast.district_unit.name, "螺丝"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    district.post("/enterprises/roster/", {"file": SimpleUploadedFile("名单.xlsx", buffer.getvalue())})
    job = _job()
    assert job.reading["unrecognised"] == ["主要产品"]
    assert "主要产品" in district.get(f"/enterprises/roster/{job.pk}/").content.decode()


def test_numbers_as_people_write_them(district, cast):
    import io

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["企业名称", "统一社会信用代码", "所在区", "从业人数", "营业收入(万元)"])
    sheet.append(["甲", "91120116MAF0000125", cast.district_unit.name, "35人", "1,200.50万元"])
    sheet.append(["乙", "91120116MAF0000200", cast.district_unit.name, 40, 123.4567])
    sheet["E3"].number_format = "0.00"
    sheet.append(["丙", "91120116MAF000039W", cast.district_unit.name, "约40", "很多"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    district.post("/enterprises/roster/", {"file": SimpleUploadedFile("名单.xlsx", buffer.getvalue())})
    by_line = {row["line"]: row for row in _job().rows}
    assert by_line[2]["clean"]["employees"] == 35 and by_line[2]["clean"]["annual_revenue"] == "1200.50"
    assert by_line[3]["clean"]["annual_revenue"] == "123.46"  # as the cell shows it
    assert len(by_line[4]["errors"]) == 2 and "约40" in " ".join(by_line[4]["errors"])
