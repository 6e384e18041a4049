"""Issue 8's browser test: district-binhai uploads a roster shaped like a WPS form (a title row, a 填报单位 line,
a 序号 column, * marks and units in the headers, 合计 / 填表人 / 注 lines below), sees how many rows were read and which
columns were recognised, confirms, and finds the enterprises with every field it entered."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook

from enterprises.codes import make_credit_code
from enterprises.models import Enrolment, Enterprise
from tests.e2e.conftest import SCREENSHOTS, menu_click_url
from tests.e2e.test_enterprise_in_browser import in_the_summary_phase, log_in  # noqa: F401 (a module fixture)

pytestmark = pytest.mark.e2e
CODES = [make_credit_code("120116", 990_001 + i) for i in range(2)]


def _wps_shaped_roster() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet.append(["滨海新区小微企业质量管理体系认证提升行动帮扶企业名单"])
    sheet.merge_cells("A1:L1")
    sheet.append(
        ["填报单位（盖章）：滨海新区市场监督管理局", None, None, None, None, None, None, "填报日期：2026年5月9日"]
    )
    sheet.append(["序号", "*企业名称", "*统一社会信用代码", "*所在区", "详细地址", "产业集群", "企业规模",
                  "从业人数（人）", "营业收入（万元）", "指定专人姓名", "联系电话\n（座机请加区号）", "是否外贸企业"])  # fmt: skip
    sheet.append([1, "天津示例浏览器甲五金有限公司", CODES[0], "滨海新区", "示例路1号", "五金制品", "小型",
                  "35人", "1,280.50", "王示例", "022-27181234转8001", "是"])  # fmt: skip
    sheet.append([2, "天津示例浏览器乙乐器有限公司", CODES[1], "滨海新区", "示例路2号", "乐器", "微型",
                  12, 96.456, "李示例", "13800000000", "否"])  # fmt: skip
    sheet["I5"].number_format = "0.00"
    sheet.append([])
    sheet.append(["合计：2家"])
    sheet.append(["填表人：王示例", None, None, "审核人：李示例"])
    sheet.append(["注：统一社会信用代码请填写18位。"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_district_imports_a_wps_shaped_roster_and_finds_every_field(demo, live_server, page_factory, tmp_path):
    roster = tmp_path / "滨海新区帮扶企业名单.xlsx"
    roster.write_bytes(_wps_shaped_roster())
    page = page_factory(viewport={"width": 1366, "height": 900})
    log_in(page, live_server, "district-binhai")

    menu_click_url(page, reverse("enterprises:enterprise-list"))
    page.click(f"a[href='{reverse('enterprises:roster-upload')}']")
    page.set_input_files("input[type=file]", str(roster))
    page.click("form[enctype] button[type=submit]")
    page.wait_for_selector("#roster-reading")
    reading = page.inner_text("#roster-reading")
    assert "2" in reading and "Sheet1" in reading and "3" in reading  # 2 rows, from Sheet1, headers in row 3
    for header in ("*企业名称", "营业收入（万元）", "指定专人姓名", "是否外贸企业"):
        assert header in reading
    assert "序号" in reading  # named as ignored, not silently dropped
    assert page.locator("#roster-unrecognised").count() == 0
    page.screenshot(path=str(SCREENSHOTS / "roster-preview.png"), full_page=True)

    page.click("form[data-submit-once] button[type=submit]")
    page.wait_for_selector(".alert-success")

    first = Enterprise.objects.get(credit_code=CODES[0])
    assert first.name == "天津示例浏览器甲五金有限公司" and first.district.name == "滨海新区"
    assert first.employees == 35 and first.annual_revenue == Decimal("1280.50")
    assert first.contact_name == "王示例" and first.contact_phone == "+862227181234;ext=8001"
    assert first.is_foreign_trade and first.cluster == "hardware" and first.size_class == "small"
    second = Enterprise.objects.get(credit_code=CODES[1])
    assert second.annual_revenue == Decimal("96.46") and second.size_class == "micro" and not second.is_foreign_trade
    assert Enrolment.objects.filter(enterprise__credit_code__in=CODES).count() == 2

    page.goto(f"{live_server.url}{reverse('enterprises:enterprise-detail', args=[first.pk])}")
    shown = page.inner_text("main")
    assert "022 2718 1234 转 8001" in shown and "1280.50" in shown
