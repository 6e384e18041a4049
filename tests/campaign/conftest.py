"""Fixtures and helpers of the campaign tests: signed-in clients, member units with kickoffs, PDF uploads."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from campaign.services import kickoff_record
from tests.factories import KickoffMeetingFactory


@pytest.fixture
def add_units(cast):
    """``add_units(n)``: n more districts of 天津市, each with a kickoff meeting for the 2023 campaign."""

    def add(n, start=100):
        kickoffs = KickoffMeetingFactory.create_batch(n, campaign=cast.campaign, recorded_by=cast.regulator)
        return [kickoff.member_unit for kickoff in kickoffs]

    return add


# The smallest file `filetype` recognises as a PDF by its bytes.
PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name="minutes.pdf", size=None):
    content = PDF_BYTES if size is None else PDF_BYTES + b"0" * (size - len(PDF_BYTES))
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def record_kickoff(cast, *, user=None, member_unit=None, held_on=date(2023, 5, 20)):
    return kickoff_record(
        campaign=cast.campaign,
        member_unit=member_unit or cast.district_unit,
        held_on=held_on,
        place="滨海新区政务服务中心",
        attendance=80,
        acting_user=user or cast.district,
    )


@pytest.fixture
def kickoff(cast):
    """滨海新区's kickoff for the 2023 campaign, in time."""
    return record_kickoff(cast)


@pytest.fixture
def foreign_kickoff(foreign):
    return record_kickoff(foreign)


def files_under(root):
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []
