"""The Excel roster: template, preview with every row's errors, all-or-nothing import, the Celery path, upload
attacks, and export with formula-injection escaping."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.html import escape
from openpyxl import load_workbook

from enterprises.codes import make_credit_code
from enterprises.models import Enrolment, Enterprise, RosterImport, RosterImportStatus
from enterprises.selectors import roster as roster_selectors
from enterprises.services import roster
from enterprises.tasks import roster_import_run as roster_task
from portal.excel import escape_cell
from tests.enterprises.helpers import roster_upload

CODES = [make_credit_code("120116", 8000 + i) for i in range(400)]


def _row(cast, i, **changes):
    row = {
        "name": f"天津市导入企业{i}有限公司",
        "credit_code": CODES[i],
        "district": cast.district_unit.name,
        "cluster": "五金制品",
        "size_class": "微型",
        "employees": 12,
        "annual_revenue": 350.5,
        "contact_name": "李四",
        "contact_phone": "13812345678",
        "is_foreign_trade": "是",
        "is_specialised": "否",
    }
    row.update(changes)
    return row


def _upload(client, rows, **kwargs):
    return client.post("/enterprises/roster/", {"file": roster_upload(rows, **kwargs)})


def test_the_template_has_the_chinese_headers(cast, as_user):
    response = as_user(cast.district).get("/enterprises/roster/template/")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == [
        "企业名称", "统一社会信用代码", "所在区", "详细地址", "产业集群", "企业规模", "从业人数",
        "营业收入(万元)", "指定专人", "联系电话", "外贸企业", "专精特新", "三同", "曾参加往期行动",
    ]  # fmt: skip


def test_preview_lists_every_rows_errors_before_anything_is_saved(domain, as_user):
    cast = domain
    rows = [
        _row(cast, 0),
        _row(cast, 1, credit_code="91120116MA0080011X"),  # bad check character
        _row(cast, 2, credit_code=CODES[0]),  # the same code as row 2
        _row(cast, 3, credit_code=cast.enterprise.credit_code),  # already enrolled in this campaign
        _row(cast, 4, district="火星区"),
        _row(cast, 5, district=cast.other_district_unit.name),  # outside the uploader's district
        _row(cast, 6, contact_phone="12345", cluster="钢铁", size_class="大型"),
    ]
    before = Enterprise.objects.count()
    response = _upload(as_user(cast.district), rows)
    job = RosterImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/enterprises/roster/{job.pk}/"
    errors = {row["line"]: row["errors"] for row in job.rows}
    assert errors[2] == []
    assert len(errors[3]) == 1 and len(errors[4]) == 1 and len(errors[5]) == 1
    assert "2" in errors[4][0]
    assert len(errors[6]) == 1 and len(errors[7]) == 1
    assert len(errors[8]) == 3  # phone, cluster and size all at once
    assert job.error_count == 6 and Enterprise.objects.count() == before
    page = as_user(cast.district).get(f"/enterprises/roster/{job.pk}/")
    assert page.context["can_confirm"] is False
    for messages in errors.values():
        for message in messages:
            assert escape(message) in page.content.decode()
    refused = as_user(cast.district).post(f"/enterprises/roster/{job.pk}/")
    assert refused.status_code == 302 and Enterprise.objects.count() == before


def test_confirm_imports_and_nominates_every_row_and_updates_known_enterprises(domain, as_user):
    cast = domain
    rows = [
        _row(cast, 0),
        _row(cast, 1),
        _row(
            cast,
            2,
            name="新名字",
            credit_code=cast.other_enterprise.credit_code,
            district=cast.other_district_unit.name,
        ),
    ]
    client = as_user(cast.regulator)
    Enrolment.objects.filter(enterprise=cast.other_enterprise).delete()
    _upload(client, rows)
    job = RosterImport.objects.get()
    assert job.error_count == 0
    client.post(f"/enterprises/roster/{job.pk}/")
    job.refresh_from_db()
    assert (job.status, job.created, job.updated, job.progress) == ("done", 2, 1, 3)
    imported = Enterprise.objects.get(credit_code=CODES[0])
    assert (imported.cluster, imported.size_class, imported.contact_phone, imported.is_foreign_trade) == (
        "hardware", "micro", "+8613812345678", True,
    )  # fmt: skip
    assert Enrolment.objects.filter(campaign=cast.campaign, enterprise__credit_code__in=CODES[:2]).count() == 2
    cast.other_enterprise.refresh_from_db()
    assert cast.other_enterprise.name == "新名字"
    again = client.post(f"/enterprises/roster/{job.pk}/")  # a second confirm imports nothing twice
    assert again.status_code == 302 and Enterprise.objects.filter(credit_code__in=CODES[:2]).count() == 2


def test_confirm_is_all_or_nothing_one_row_gone_bad_saves_nothing(cast, as_user):
    client = as_user(cast.district)
    _upload(client, [_row(cast, 0), _row(cast, 1)])
    job = RosterImport.objects.get()
    # Between preview and confirm another district user enrols the second enterprise.
    other = Enterprise.objects.create(
        tenant=cast.tenant,
        name="抢先",
        credit_code=CODES[1],
        district=cast.district_unit,
        district_sort_order=cast.district_unit.sort_order,
    )
    Enrolment.objects.create(enterprise=other, campaign=cast.campaign, nominated_by=cast.district)
    client.post(f"/enterprises/roster/{job.pk}/")
    job.refresh_from_db()
    assert job.status == RosterImportStatus.PREVIEWED and job.error_count == 1
    assert not Enterprise.objects.filter(credit_code=CODES[0]).exists()


def test_a_write_failing_midway_rolls_every_row_back(cast, monkeypatch):
    rows = [{"line": i + 2, **_row(cast, i)} for i in range(3)]
    rows = [{k: str(v) for k, v in row.items()} | {"line": row["line"]} for row in rows]
    checked = roster_selectors.check_rows(rows=rows, user=cast.district, campaign=cast.campaign)
    job = RosterImport.objects.create(
        tenant=cast.tenant, campaign=cast.campaign, district=cast.district_unit, total=3, created_by=cast.district
    )
    saves = []
    real_save = Enrolment.save

    def failing_save(self, *args, **kwargs):
        saves.append(self)
        if len(saves) == 3:  # the third row's nomination fails after two enterprises and two enrolments are written
            raise RuntimeError("disk full")
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(Enrolment, "save", failing_save)
    with pytest.raises(RuntimeError):
        roster._write(job=job, checked=checked, user=cast.district)
    assert not Enterprise.objects.filter(credit_code__in=CODES[:3]).exists()


def test_a_large_roster_goes_to_the_celery_task_which_claims_the_job_once(cast, as_user, monkeypatch):
    queued = []
    monkeypatch.setattr(roster_task, "delay_on_commit", lambda job_id: queued.append(job_id))
    client = as_user(cast.district)
    _upload(client, [_row(cast, i) for i in range(roster.SYNC_LIMIT + 1)])
    job = RosterImport.objects.get()
    client.post(f"/enterprises/roster/{job.pk}/")
    job.refresh_from_db()
    assert queued == [job.pk] and job.status == RosterImportStatus.QUEUED
    page = client.get(f"/enterprises/roster/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    assert roster_task(job.pk) is True  # the task function, as a worker would call it
    assert roster_task(job.pk) is False  # a second delivery finds nothing to claim
    job.refresh_from_db()
    assert (job.status, job.progress, job.created) == ("done", roster.SYNC_LIMIT + 1, roster.SYNC_LIMIT + 1)
    assert Enrolment.objects.filter(campaign=cast.campaign).count() == roster.SYNC_LIMIT + 1
    progress = client.get(f"/enterprises/roster/{job.pk}/progress/", HTTP_HX_REQUEST="true")
    assert progress["HX-Refresh"] == "true" and "hx-trigger" not in progress.content.decode()


def test_an_import_whose_worker_died_is_requeued_and_then_completes_once(cast, as_user, monkeypatch):
    # The worker died after claiming the job: the row says "running" and nothing was written (one transaction).
    queued = []
    monkeypatch.setattr(roster_task, "delay_on_commit", lambda job_id: queued.append(job_id))
    client = as_user(cast.district)
    _upload(client, [_row(cast, i) for i in range(roster.SYNC_LIMIT + 1)])
    job = RosterImport.objects.get()
    client.post(f"/enterprises/roster/{job.pk}/")
    started = timezone.now() - roster.STALLED_AFTER - timedelta(minutes=1)
    RosterImport.objects.filter(pk=job.pk).update(status=RosterImportStatus.RUNNING, started_at=started)
    assert roster_task(job.pk) is False  # a redelivered message alone cannot claim a running job

    assert roster.roster_imports_requeue_stalled() == [job.pk]
    assert queued == [job.pk, job.pk]
    assert roster_task(job.pk) is True
    job.refresh_from_db()
    assert job.status == RosterImportStatus.DONE
    assert Enrolment.objects.filter(campaign=cast.campaign).count() == roster.SYNC_LIMIT + 1


def test_an_import_still_running_in_time_is_not_requeued(cast):
    job = RosterImport.objects.create(
        tenant=cast.tenant,
        campaign=cast.campaign,
        original_name="名单.xlsx",
        created_by=cast.district,
        status=RosterImportStatus.RUNNING,
        started_at=timezone.now() - timedelta(minutes=5),
    )
    assert roster.roster_imports_requeue_stalled() == []
    job.refresh_from_db()
    assert job.status == RosterImportStatus.RUNNING


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * (150 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, content",
    [
        ("名单.xlsx", "企业名称,统一社会信用代码\n".encode()),  # a text file renamed
        ("名单.xlsx", b"%PDF-1.4\n%%EOF\n"),  # a PDF renamed
        ("名单.xlsx", None),  # a zip bomb
        ("../../../etc/名单.xlsx", "oversized"),  # path traversal and too large
    ],
    ids=["renamed-text", "renamed-pdf", "zip-bomb", "traversal-oversized"],
)
def test_upload_attacks_are_refused_and_leave_nothing_behind(cast, as_user, settings, name, content):
    if content is None:
        content = _bomb()
    elif content == "oversized":
        settings.PORTAL_MAX_UPLOAD_BYTES = 2048
        from tests.enterprises.helpers import roster_bytes

        content = roster_bytes([_row(cast, i) for i in range(50)])
    response = as_user(cast.district).post("/enterprises/roster/", {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert not RosterImport.objects.exists()
    media = settings.MEDIA_ROOT
    assert not list(media.rglob("*.xlsx")) if media.exists() else True


def test_a_traversal_name_on_a_good_roster_is_kept_only_as_data(cast, as_user, settings):
    as_user(cast.district).post(
        "/enterprises/roster/", {"file": roster_upload([_row(cast, 0)], name="..\\..\\evil/名单.xlsx")}
    )
    job = RosterImport.objects.get()
    assert job.original_name == "名单.xlsx"
    assert job.file.name.startswith("roster-imports/") and ".." not in job.file.name


def test_a_workbook_without_the_template_headers_is_refused(cast, as_user):
    response = _upload(as_user(cast.district), [{"A": 1}], headers=["甲", "乙"])
    assert "file" in response.context["form"].errors and not RosterImport.objects.exists()


# --- export ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_escape_cell_prefixes_an_apostrophe_to_what_a_spreadsheet_would_run(dangerous):
    assert escape_cell(dangerous) == "'" + dangerous
    assert escape_cell("天津=安全") == "天津=安全" and escape_cell(5) == 5


def test_exports_escape_formula_injection_in_every_cell(domain, as_user):
    cast = domain
    Enterprise.objects.filter(pk=cast.enterprise.pk).update(name="=cmd|' /C calc'!A0", address="@SUM(1)")
    client = as_user(cast.district)
    for url in ("/enterprises/export/", "/enterprises/enrolments/export/"):
        response = client.get(url)
        assert response["Content-Disposition"].startswith("attachment")
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        values = [cell.value for row in sheet.iter_rows() for cell in row]
        assert "'=cmd|' /C calc'!A0" in values and "'@SUM(1)" in values
        assert all(not (isinstance(v, str) and v.startswith("=")) for v in values)


def test_export_follows_the_filters_and_the_scope(domain, foreign, as_user):
    cast = domain
    response = as_user(cast.regulator).get(f"/enterprises/enrolments/export/?district={cast.other_district_unit.pk}")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert names == [cast.other_enterprise.name]


def test_a_large_roster_file_is_read_by_the_background_job_not_the_web_request(cast, as_user, monkeypatch):
    from enterprises.tasks import roster_import_read as read_task

    queued = []
    monkeypatch.setattr(read_task, "delay_on_commit", lambda job_id: queued.append(job_id))
    monkeypatch.setattr(roster, "READ_IN_REQUEST_BYTES", 1)  # every file counts as large here
    monkeypatch.setattr(roster, "read_roster", None)  # the request must not read the file
    client = as_user(cast.district)
    response = _upload(client, [_row(cast, 0), _row(cast, 1, credit_code="91120116MA0080011X")])
    job = RosterImport.objects.get()
    assert response.status_code == 302 and queued == [job.pk]
    assert (job.status, job.total, job.rows) == (RosterImportStatus.READING, 0, [])
    page = client.get(f"/enterprises/roster/{job.pk}/").content.decode()
    assert 'hx-trigger="every 1s"' in page and "正在读取文件" in page
    monkeypatch.undo()

    assert read_task(job.pk) is True  # the task function, as a worker would call it
    assert read_task(job.pk) is False  # a second delivery finds the file read already
    job.refresh_from_db()
    assert (job.status, job.total, job.error_count) == (RosterImportStatus.PREVIEWED, 2, 1)
    assert not Enterprise.objects.filter(credit_code=CODES[0]).exists()  # nothing imported before confirmation


def test_a_large_roster_file_that_cannot_be_read_fails_with_the_reason(cast, as_user, monkeypatch):
    from enterprises.tasks import roster_import_read as read_task

    monkeypatch.setattr(read_task, "delay_on_commit", lambda job_id: None)
    monkeypatch.setattr(roster, "READ_IN_REQUEST_BYTES", 1)
    client = as_user(cast.district)
    _upload(client, [{"A": 1}], headers=["甲", "乙"])
    job = RosterImport.objects.get()
    assert read_task(job.pk) is True
    job.refresh_from_db()
    assert job.status == RosterImportStatus.FAILED and job.errors


def test_a_large_roster_still_unread_after_the_stall_limit_is_sent_to_the_reader_again(cast, as_user, monkeypatch):
    from enterprises.tasks import roster_import_read as read_task

    sent = []
    monkeypatch.setattr(read_task, "delay_on_commit", lambda job_id: sent.append(job_id))
    monkeypatch.setattr(roster, "READ_IN_REQUEST_BYTES", 1)
    _upload(as_user(cast.district), [_row(cast, 0)])
    job = RosterImport.objects.get()
    assert roster.roster_imports_requeue_stalled() == []  # just uploaded: the reader has it
    later = timezone.now() + roster.STALLED_AFTER + timedelta(minutes=1)
    assert roster.roster_imports_requeue_stalled(now=later) == [job.pk]
    assert sent == [job.pk, job.pk]
