"""The Excel workbooks (issue 11 "Excel"): the 帮扶小微企业名单 has every assisted enterprise (all rows, past the
progress step), its text cells escaped against formula injection, codes and phones as text cells, nothing cut short,
a CJK Extension B name intact, and a summary snapshot, not the rows; the 数据汇总 and the body roll-up carry the
figures of evaluation.selectors.figures."""

from __future__ import annotations

import io
import json

import pytest
from openpyxl import load_workbook

from accounts.models import Organisation, OrganisationKind, User
from assistance.models import Assignment, CertificationBody, Expert
from enterprises.codes import make_credit_code
from enterprises.models import Certificate, Enrolment, Enterprise
from evaluation.selectors.figures import city_figures
from evaluation.services.counts import counts_refresh
from portal.jobs import JobStatus
from reporting.exports.assisted_list import ASSISTED_LIST_COLUMNS
from reporting.kinds import ReportScope
from reporting.services import report_request, report_run

EXT_B_NAME = "天津𡃁记五金制品有限公司"
LONG_NAME = "天津" + "长" * 190 + "有限公司"
MANY = 1203  # past PROGRESS_EVERY (1000): the rows after the last full step are written too


def _run(user, kind, scope):
    job, _ = report_request(user=user, kind_key=kind, report_scope=scope)
    assert report_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == JobStatus.DONE, job.errors
    return job


def _sheet(job):
    with job.file.open("rb") as handle:
        workbook = load_workbook(io.BytesIO(handle.read()))
    return workbook.active


@pytest.fixture
def assisted(cast):
    """MANY plain assisted enterprises, three tricky ones, one not assisted, one assisted by another body."""
    from datetime import date

    tricky = [
        ('=HYPERLINK("http://evil.example","点击")', "+86 22 1234", "@张三"),
        (EXT_B_NAME, "02212345678", "李四"),
        (LONG_NAME, "0086-22-5555", "-王五"),
    ]
    enterprises = [
        Enterprise(
            tenant=cast.tenant,
            name=name,
            credit_code=make_credit_code("120116", 900000 + i),
            district=cast.district_unit,
            district_sort_order=cast.district_unit.sort_order,
            contact_phone=phone,
            contact_name=contact,
        )
        for i, (name, phone, contact) in enumerate(tricky)
    ]
    enterprises += [
        Enterprise(
            tenant=cast.tenant,
            name=f"测试企业{i:05d}",
            credit_code=make_credit_code("120116", i),
            district=cast.other_district_unit,
            district_sort_order=cast.other_district_unit.sort_order,
            contact_phone=f"0{i:010d}",
        )
        for i in range(MANY)
    ]
    Enterprise.objects.bulk_create(enterprises)
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(enterprise=e, campaign=cast.campaign, nominated_by=cast.district) for e in enterprises
    )
    Assignment.objects.bulk_create(
        Assignment(enrolment=e, expert=cast.expert_profile, assigned_by=cast.cb_manager) for e in enrolments
    )
    counts_refresh(enrolments=[e.pk for e in enrolments])  # bulk_create sends no signal
    Certificate.objects.create(
        enterprise=enterprises[1],
        issuing_body="认证中心",
        number="00123QMS",
        issued_on=date(2022, 1, 1),
        expires_on=date(2025, 1, 1),
    )
    # Not assisted: not on the list.
    Enrolment.objects.create(enterprise=cast.enterprise, campaign=cast.campaign, nominated_by=cast.district)
    # Assisted by another body's expert: on the city's list, not on cast.body's.
    other_org = Organisation.objects.create(
        tenant=cast.tenant, kind=OrganisationKind.CERTIFICATION_BODY, name="其他机构"
    )
    other_body = CertificationBody.objects.create(
        tenant=cast.tenant, organisation=other_org, name="其他机构", approval_number="CNCA-R-2099-999"
    )
    other_user = User.objects.create_user(username="other-expert", password="x", display_name="赵六")
    other_expert = Expert.objects.create(user=other_user, body=other_body, home_district=cast.district_unit)
    other = Enrolment.objects.create(
        enterprise=cast.other_enterprise, campaign=cast.campaign, nominated_by=cast.district
    )
    Assignment.objects.create(enrolment=other, expert=other_expert, assigned_by=cast.regulator)
    return enterprises


@pytest.mark.django_db
def test_the_assisted_list_has_every_row_escaped_as_text_and_whole(cast, assisted):
    job = _run(cast.regulator, "assisted_list", ReportScope(campaign=cast.campaign))
    sheet = _sheet(job)
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[1]] == [column.header for column in ASSISTED_LIST_COLUMNS]
    data = rows[2:]
    assert len(data) == MANY + 3 + 1  # every assisted enterprise, the other body's too
    assert [row[0].value for row in data] == list(range(1, len(data) + 1))
    by_name = {row[1].value: row for row in data}
    # Formula injection: the name and the contact are escaped, never formulas.
    hostile = by_name["'" + '=HYPERLINK("http://evil.example","点击")']
    assert hostile[1].data_type == "s"
    assert hostile[9].value == "'@张三" and hostile[10].value == "'+86 22 1234"
    assert by_name[LONG_NAME][9].value == "'-王五"
    # Codes and phones as text cells; the leading zero kept.
    ext_b = by_name[EXT_B_NAME]
    assert ext_b[2].number_format == "@" and ext_b[2].data_type == "s" and len(ext_b[2].value) == 18
    assert ext_b[10].value == "02212345678" and ext_b[10].number_format == "@"
    assert (ext_b[7].value, ext_b[8].value) == ("是", "00123QMS") and ext_b[8].number_format == "@"
    assert ext_b[3].value == f"天津市{cast.district_unit.name}"
    assert ext_b[6].value == str(cast.expert) and "至今" in ext_b[5].value
    # Never truncated.
    assert LONG_NAME in by_name and len(LONG_NAME) == 196
    # The snapshot is a summary, not the rows.
    assert job.snapshot["rows"] == len(data) and job.snapshot["certified"] == 1
    assert len(json.dumps(job.snapshot, ensure_ascii=False)) < 1000
    assert job.progress == job.total == len(data)


@pytest.mark.django_db
def test_a_body_gets_the_list_of_its_own_experts_enterprises(cast, assisted):
    job = _run(cast.cb_manager, "assisted_list", ReportScope(campaign=cast.campaign, body=cast.body))
    names = [row[1] for row in _sheet(job).iter_rows(min_row=3, values_only=True)]
    assert len(names) == MANY + 3 and cast.other_enterprise.name not in names
    assert "（" + cast.body.name + "）" in _sheet(job)["A1"].value


@pytest.mark.django_db
def test_the_city_data_rollup_has_a_row_per_district_and_the_totals(cast, assisted):
    from django.utils import timezone

    job = _run(cast.regulator, "district_summary", ReportScope(campaign=cast.campaign))
    rows = list(_sheet(job).iter_rows(min_row=2, values_only=True))
    header, body, total = rows[0], rows[1:-1], rows[-1]
    figures = city_figures(cast.campaign, timezone.localdate())
    assert [row[0] for row in body] == [row["name"] for row in figures.districts]
    assert total[0] == "合计" and total[header.index("参加企业")] == figures.city["enrolments"]
    assert total[header.index("已帮扶企业")] == figures.city["assisted"] == MANY + 4
    own = next(row for row in body if row[0] == cast.district_unit.name)
    assert own[header.index("参加企业")] == figures.district(cast.district_unit.pk)["enrolments"]


@pytest.mark.django_db
def test_the_body_rollup_has_a_row_per_body(cast, assisted):
    job = _run(cast.regulator, "body_rollup", ReportScope(campaign=cast.campaign))
    rows = list(_sheet(job).iter_rows(min_row=2, values_only=True))
    header = rows[0]
    by_body = {row[0]: row for row in rows[1:]}
    assert set(by_body) == {cast.body.name, "其他机构"}
    assert by_body[cast.body.name][header.index("已帮扶企业")] == MANY + 3
