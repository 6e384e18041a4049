"""What several enterprises test modules build: a moment in the assistance phase, screening input, upload files."""

import io
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from enterprises.policy import screening_failures
from enterprises.selectors.roster import COLUMNS
from enterprises.services.screening import ScreeningData
from tests.domain import PDF

SHANGHAI = ZoneInfo("Asia/Shanghai")
MID_JUNE = datetime(2023, 6, 15, 10, tzinfo=SHANGHAI)  # 2023's assistance phase (四(二))
CHECKED = date(2023, 5, 20)


def screening_data(**changes) -> ScreeningData:
    """A screening that passes R1, with ``changes``."""
    values = dict(
        normal_operation=True,
        resources_committed=True,
        willing=True,
        on_abnormal_operations_list=False,
        dishonesty_listed_on=None,
        quality_penalty_on=None,
        checked_on=CHECKED,
    )
    values.update(changes)
    return ScreeningData(**values)


def failure_codes(**changes) -> list[str]:
    return [code for code, _message in screening_failures(screening_data(**changes))]


def pdf(name="总结.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def roster_bytes(rows: list[dict], headers=None) -> bytes:
    """An .xlsx roster with the template's headers and ``rows`` as {header or key: value}."""
    workbook = Workbook()
    sheet = workbook.active
    columns = headers or [header for _key, header in COLUMNS]
    sheet.append(columns)
    keys = dict(COLUMNS)
    for row in rows:
        values = {keys.get(k, k): v for k, v in row.items()}
        sheet.append([values.get(header, "") for header in columns])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def roster_upload(rows, name="名单.xlsx", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name,
        roster_bytes(rows, **kwargs),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
