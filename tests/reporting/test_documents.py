"""The PDF documents and the enterprise's .docx draft (reporting/documents; issue 11), rendered from the demo
through the two calls the job machinery makes (``kind.gather(scope, today)``, ``kind.write(snapshot, handle,
progress)``): the text extracted with pdftotext carries the figures of ``evaluation.selectors.figures``, every
embedded font is the SC CJK font or the named fallback, a CJK Extension B name comes back, a campaign with no data
says so. The demo is seeded once for the module and rolled back after it."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from datetime import date, datetime
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from campaign.models import Campaign, MemberUnit, Tenant
from enterprises.models import Case, CaseState, Enrolment, Enterprise, OutcomeFigures
from evaluation.models import MidtermSnapshot
from evaluation.selectors.figures import city_figures
from reporting.documents._pdf import FALLBACK_FONT, SANS_FONT, SERIF_FONT
from reporting.kinds import ReportScope, kind, kinds
from supervision.models import RectificationRequest, SupervisionRound, SupervisionVisit

TODAY = datetime(2026, 11, 26, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
RARE = "\U000210c1"  # 𡃁, CJK Extension B

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext, pdffonts) missing")


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    media = tmp_path_factory.mktemp("documents-media")
    with (
        time_machine.travel(TODAY, tick=True),
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            call_command("seed_demo", stdout=StringIO())
            yield Tenant.objects.get(name="天津市")
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _render(key: str, scope: ReportScope, tmp_path: Path, today: date | None = None) -> tuple[dict, Path, list]:
    """gather + write, as the job does (the snapshot through JSON, as stored); returns the snapshot, the file and the progress calls."""
    report = kind(key)
    snapshot = report.gather(scope, today or TODAY.date())
    snapshot = json.loads(json.dumps(snapshot))  # stored on the job as JSON: written from what comes back
    calls: list[tuple[int, int]] = []
    path = tmp_path / f"{key}.{report.extension}"
    with path.open("wb") as handle:
        report.write(snapshot, handle, lambda done, total: calls.append((done, total)))
    return snapshot, path, calls


def _text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _flat(text: str) -> str:
    """The text without line breaks and spaces (a table cell or a sentence may wrap anywhere in Chinese)."""
    return re.sub(r"\s+", "", text)


def _fonts(path: Path) -> list[str]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split()[0].split("+", 1)[-1] for line in out.splitlines()[2:] if line.strip()]


ALLOWED_FONTS = {name.replace(" ", "-") for name in (SERIF_FONT, SANS_FONT, FALLBACK_FONT)}


def _assert_cjk_sc_fonts(path: Path) -> None:
    fonts = _fonts(path)
    assert fonts
    for font in fonts:
        assert any(font.startswith(allowed) for allowed in ALLOWED_FONTS), font


def _current(demo) -> Campaign:
    return Campaign.objects.filter(tenant=demo).order_by("-year").first()


def test_every_document_kind_is_registered_for_its_scopes(demo, db):
    registered = kinds()
    for key, scopes, extension in (
        ("supervision", ("round",), "pdf"),
        ("midterm", ("city", "district"), "pdf"),
        ("final", ("city", "district"), "pdf"),
        ("cases", ("city",), "pdf"),
        ("enterprise_summary", ("enterprise",), "docx"),
    ):
        assert registered[key].scopes == scopes
        assert registered[key].extension == extension


def test_the_supervision_report_shows_the_round_its_visits_requests_and_progress(demo, db, tmp_path):
    campaign = _current(demo)
    round_ = SupervisionRound.objects.filter(campaign=campaign, visits__isnull=False).distinct().first()
    snapshot, path, calls = _render("supervision", ReportScope(campaign=campaign, round=round_), tmp_path)
    text = _flat(_text(path))
    assert "督导报告" in text and campaign.title in text
    assert campaign.document_number in text
    assert "第1页共" not in text  # the cover carries no page number
    assert re.search(r"第2页共\d+页", text)
    visits = SupervisionVisit.objects.filter(round=round_)
    assert f"共开展督导{visits.count()}次" in text
    for visit in visits:
        assert _flat(visit.party.name) in text
        assert not visit.internal_notes or _flat(visit.internal_notes) not in text  # the regulator's own notes
    requests = RectificationRequest.objects.filter(visit__round=round_)
    assert f"共提出整改要求{requests.count()}项" in text
    on = min(round_.ends_on or TODAY.date(), TODAY.date())
    figures = city_figures(campaign, on)
    assert snapshot["figures"]["city"]["enrolments"] == figures.city["enrolments"]
    assert f"共有参与企业{figures.city['enrolments']}家" in text
    assert f"专家现场帮扶{figures.city['visits']}次" in text
    for row in figures.districts:
        assert row["name"] in text
    assert "（盖章）" in text and "本文件数据截至" in text
    assert calls[-1] == (4, 4) and [done for done, _total in calls] == sorted(done for done, _total in calls)
    _assert_cjk_sc_fonts(path)


def test_the_midterm_report_prints_the_frozen_snapshot_not_todays_figures(demo, db, tmp_path):
    campaign = _current(demo)
    frozen = MidtermSnapshot.objects.filter(campaign=campaign).order_by("-sequence").first()
    assert frozen is not None
    _snapshot, path, _calls = _render("midterm", ReportScope(campaign=campaign), tmp_path)
    text = _flat(_text(path))
    city = frozen.figures["city"]
    assert "中期评估报告" in text
    assert f"共有参与企业{city['enrolments']}家" in text
    assert f"专家现场帮扶{city['visits']}次" in text
    for row in frozen.figures["districts"]:
        assert row["name"] in text
    for row in frozen.figures["bodies"]:
        assert _flat(row["name"]) in text
    assert "中期推动会于" in text  # the meeting and its next steps
    assert not re.search(r"R\d", text)  # no rule numbers in the Chinese text
    _assert_cjk_sc_fonts(path)


def test_a_districts_midterm_report_holds_its_own_line_alone(demo, db, tmp_path):
    campaign = _current(demo)
    frozen = MidtermSnapshot.objects.filter(campaign=campaign).order_by("-sequence").first()
    own, other = (MemberUnit.objects.get(pk=row["id"]) for row in frozen.figures["districts"][:2])
    snapshot, path, _calls = _render("midterm", ReportScope(campaign=campaign, district=own), tmp_path)
    assert [row["id"] for row in snapshot["figures"]["districts"]] == [own.pk]
    assert snapshot["figures"]["bodies"] == []
    text = _flat(_text(path))
    assert own.name in text and other.name not in text


def test_the_final_report_has_the_outcomes_cases_ranking_and_every_enterprise(demo, db, tmp_path):
    campaign = Campaign.objects.get(tenant=demo, year=2023)  # the demo's finished campaign
    snapshot, path, _calls = _render("final", ReportScope(campaign=campaign), tmp_path)
    text = _flat(_text(path))
    figures = city_figures(campaign, TODAY.date())
    assert "总结评估报告" in text
    assert snapshot["main"] == figures.city
    assert f"共有参与企业{figures.city['enrolments']}家" in text
    selected = Case.objects.filter(enrolment__campaign=campaign, state=CaseState.SELECTED).count()
    assert figures.city["cases"]["selected"] == selected > 0
    assert f"{selected}篇实践案例入选" in text
    assert f"{snapshot['certified']}家企业取得认证证书" in text
    assert "认证机构评价及排名" in text and snapshot["bodies"] and snapshot["bodies"][0]["rank"] == 1
    for body in snapshot["bodies"]:
        assert _flat(body["name"]) in text
    # The outcomes: the number of enterprises with both revenue figures and their total.
    both = OutcomeFigures.objects.filter(
        enrolment__campaign=campaign, revenue_baseline__isnull=False, revenue_end__isnull=False
    )
    assert snapshot["outcomes"]["revenue"]["n"] == both.count()
    total = sum(o.revenue_end for o in both)
    assert f"{float(total):,.2f}" in text
    # The appendix: every enterprise of the campaign, by name and credit code.
    enrolments = Enrolment.objects.filter(campaign=campaign).select_related("enterprise")
    assert len(snapshot["appendix"]["rows"]) == enrolments.count()
    for enrolment in enrolments:
        assert enrolment.enterprise.credit_code in text
    assert not re.search(r"R\d", text)
    _assert_cjk_sc_fonts(path)


def test_a_districts_final_report_is_its_own(demo, db, tmp_path):
    campaign = Campaign.objects.get(tenant=demo, year=2023)
    district = MemberUnit.objects.filter(tenant=demo, enterprises__enrolments__campaign=campaign).distinct().first()
    snapshot, path, _calls = _render("final", ReportScope(campaign=campaign, district=district), tmp_path)
    row = city_figures(campaign, TODAY.date()).district(district.pk)
    assert snapshot["main"] == row and snapshot["bodies"] == []
    assert [p["name"] for p in snapshot["district_points"]] == [district.name]
    names = {r[0] for r in snapshot["appendix"]["rows"]}
    assert names == set(
        Enrolment.objects.filter(campaign=campaign, enterprise__district=district).values_list(
            "enterprise__name", flat=True
        )
    )
    text = _flat(_text(path))
    assert f"共有参与企业{row['enrolments']}家" in text
    assert "认证机构评价及排名见全市总结评估报告" in text


def test_the_cases_collection_holds_every_selected_case(demo, db, tmp_path):
    campaign = Campaign.objects.get(tenant=demo, year=2023)
    _snapshot, path, _calls = _render("cases", ReportScope(campaign=campaign), tmp_path)
    text = _flat(_text(path))
    assert "小微企业质量管理优良实践案例" in text
    selected = Case.objects.filter(enrolment__campaign=campaign, state=CaseState.SELECTED)
    assert selected.exists()
    for case in selected:
        assert _flat(case.title) in text
    for case in Case.objects.filter(enrolment__campaign=campaign).exclude(state=CaseState.SELECTED):
        assert _flat(case.title) not in text or selected.filter(title=case.title).exists()
    _assert_cjk_sc_fonts(path)


def test_an_extension_b_name_is_drawn_with_a_real_glyph(demo, db, tmp_path):
    campaign = Campaign.objects.get(tenant=demo, year=2023)
    enterprise = Enterprise.objects.filter(enrolments__campaign=campaign).first()
    Enterprise.objects.filter(pk=enterprise.pk).update(name=f"天津{RARE}记五金有限公司")
    _snapshot, path, _calls = _render("final", ReportScope(campaign=campaign), tmp_path)
    assert f"天津{RARE}记五金有限公司" in _flat(_text(path))
    _assert_cjk_sc_fonts(path)
    # The font that draws it has the glyph: the embedded fonts are among those fontconfig says cover U+210C1.
    covering = subprocess.run(
        ["fc-list", ":charset=210c1", "family"], capture_output=True, text=True, check=True
    ).stdout
    families = {name.strip().replace(" ", "-") for line in covering.splitlines() for name in line.split(",")}
    assert families & {name.replace(" ", "-") for name in (SERIF_FONT, SANS_FONT, FALLBACK_FONT)}
    assert any(font.startswith(tuple(families)) for font in _fonts(path))


def test_the_same_snapshot_renders_the_same_charts_and_text(demo, db, tmp_path):
    campaign = _current(demo)
    report = kind("midterm")
    snapshot = report.gather(ReportScope(campaign=campaign), TODAY.date())
    first, second = io.BytesIO(), io.BytesIO()
    report.write(snapshot, first, lambda *_: None)
    report.write(snapshot, second, lambda *_: None)
    (tmp_path / "a.pdf").write_bytes(first.getvalue())
    (tmp_path / "b.pdf").write_bytes(second.getvalue())
    assert _text(tmp_path / "a.pdf") == _text(tmp_path / "b.pdf")


def test_the_enterprise_summary_draft_opens_in_word_with_its_own_figures(demo, db, tmp_path):
    campaign = Campaign.objects.get(tenant=demo, year=2023)
    enrolment = (
        Enrolment.objects.filter(campaign=campaign, outcome__revenue_end__isnull=False, visits__isnull=False)
        .select_related("enterprise", "enterprise__district", "outcome")
        .first()
    )
    snapshot, path, calls = _render("enterprise_summary", ReportScope(campaign=campaign, enrolment=enrolment), tmp_path)
    document = docx.Document(str(path))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    assert enrolment.enterprise.name in paragraphs
    assert "企业实施情况及成效总结" in paragraphs
    assert enrolment.enterprise.credit_code in cells and enrolment.enterprise.district.name in cells
    assert f"现场帮扶{enrolment.visits.count()}次" in paragraphs
    assert str(enrolment.outcome.revenue_end) in cells and str(enrolment.outcome.revenue_baseline) in cells
    assert "（由企业填写。）" in paragraphs
    assert calls[-1] == (3, 3)


def test_a_campaign_with_no_data_gives_reports_that_say_so(demo, db, tmp_path):
    from accounts.models import User

    empty = Campaign.objects.create(tenant=demo, year=2031, title="2031年天津市小微企业质量管理体系认证提升行动")
    regulator = User.objects.filter(membership__role="regulator", membership__organisation__tenant=demo).first()
    round_ = SupervisionRound.objects.create(
        campaign=empty, title="空督导", starts_on=date(2031, 6, 1), created_by=regulator
    )
    for key, scope in (
        ("supervision", ReportScope(campaign=empty, round=round_)),
        ("midterm", ReportScope(campaign=empty)),
        ("final", ReportScope(campaign=empty)),
        ("cases", ReportScope(campaign=empty)),
    ):
        _snapshot, path, _calls = _render(key, scope, tmp_path, today=date(2031, 7, 1))
        text = _flat(_text(path))
        assert "暂无数据" in text, key
        assert empty.title in text, key


def test_a_long_appendix_is_laid_out_in_parts_and_numbered_as_one_document(demo, db, tmp_path, monkeypatch):
    import reporting.documents.final as final

    monkeypatch.setattr(final, "APPENDIX_CHUNK", 20)  # the demo's enterprises in several parts
    campaign = Campaign.objects.get(tenant=demo, year=2023)
    snapshot, path, calls = _render("final", ReportScope(campaign=campaign), tmp_path)
    rows = snapshot["appendix"]["rows"]
    assert len(rows) > 40
    pages = int(
        re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout)[1]
    )
    per_page = [
        _flat(
            subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(path), "-"], capture_output=True, text=True
            ).stdout
        )
        for n in range(1, pages + 1)
    ]
    numbers = []
    for n, text in enumerate(per_page[1:], start=2):
        found = re.search(rf"第{n}页(共(\d+)页)?", text)
        assert found, (n, text[-40:])
        numbers.append(found[2])
    body = [total for total in numbers if total]
    assert body and set(body) == {str(pages)}  # the body's pages: 第 N 页 共 M 页, M the whole document's
    assert numbers[len(body) :] == [None] * (pages - 1 - len(body))  # the appendix counts on
    text = "".join(per_page)
    assert text.count("附表：参与企业一览") == 2  # the contents and the heading, once
    for row in rows:
        assert row[1] in text
    assert calls[-1][0] == calls[-1][1]
    _assert_cjk_sc_fonts(path)
