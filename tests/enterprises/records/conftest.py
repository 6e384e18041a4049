import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from enterprises.selectors.roster import COLUMNS
from tests.domain import populate_domain

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def domain(cast):
    return populate_domain(cast)


@pytest.fixture
def in_june_2023():
    with time_machine.travel(datetime(2023, 6, 15, 10, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture
def as_user(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


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
