from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from supervision.services.rectifications import request_create
from supervision.services.rounds import round_create
from supervision.services.visits import visit_record

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
VISITED_ON = date(2023, 6, 15)
DUE_ON = date(2023, 7, 15)


def pdf(name="整改照片.pdf"):
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture
def round_(cast):
    return round_create(
        campaign=cast.campaign, title="六月现场督导", starts_on=date(2023, 6, 1), acting_user=cast.regulator
    )


@pytest.fixture
def visit(cast, round_):
    return visit_record(
        round=round_,
        target=cast.district_unit,
        visited_on=VISITED_ON,
        staff=[cast.regulator],
        observations="查看了区级推进台账",
        findings="培训记录不全",
        internal_notes="区里配合一般",
        acting_user=cast.regulator,
    )


@pytest.fixture
def body_request(cast, visit):
    return request_create(visit=visit, party=cast.body, asked="补充帮扶台账", due_on=DUE_ON, acting_user=cast.regulator)


@pytest.fixture
def district_request(cast, visit):
    return request_create(
        visit=visit, party=cast.district_unit, asked="补齐培训记录", due_on=DUE_ON, acting_user=cast.regulator
    )
