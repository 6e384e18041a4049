"""The documented system (附件二(三)) with its revisions."""

import pytest
from django.core.exceptions import ValidationError

from assistance.models import (
    SystemDocument,
)
from assistance.services.documents import system_document_add
from tests.assistance.conftest import pdf

pytestmark = pytest.mark.usefixtures("frozen_today")  # "today" is in the 2023 assistance phase


def test_a_document_revision_is_kept_and_the_same_revision_twice_is_refused(cast, fresh):
    system_document_add(
        enrolment=fresh, level="manual", title="质量手册", revision="A/0", upload=pdf(), acting_user=cast.expert
    )
    system_document_add(
        enrolment=fresh, level="manual", title="质量手册", revision="A/1", upload=pdf(), acting_user=cast.expert
    )
    with pytest.raises(ValidationError) as error:
        system_document_add(
            enrolment=fresh, level="manual", title="质量手册", revision="A/1", upload=pdf(), acting_user=cast.expert
        )
    assert "revision" in error.value.message_dict
    assert SystemDocument.objects.filter(enrolment=fresh).count() == 2
