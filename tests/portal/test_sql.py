"""portal.sql: instances built from a hand-written query equal those the ORM loads, field by field, on SQLite and on
PostgreSQL (dates, date-times, decimals, JSON, files and foreign keys converted as the ORM converts them)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from campaign.models import Campaign, Deadline, KickoffMeeting, Phase
from evaluation.models import FigureCount, FigureSource
from portal.sql import Columns, column
from tests.factories import KickoffMeetingFactory


def _built(model, pk):
    columns = Columns(model, "x")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns.sql} FROM {columns.table} x WHERE x.{column(model, 'pk')} = %s", [pk])
        return columns.build(cursor.fetchone())


def _same(built, loaded):
    assert type(built) is type(loaded)
    assert not built._state.adding and built._state.db == loaded._state.db
    for field in loaded._meta.concrete_fields:
        mine, theirs = getattr(built, field.attname), getattr(loaded, field.attname)
        assert mine == theirs and type(mine) is type(theirs), field.name


def test_built_instances_equal_the_orms_field_by_field(cast):
    meeting = KickoffMeetingFactory(campaign=cast.campaign, recorded_by=cast.district, held_on=date(2023, 5, 20))
    count = FigureCount.objects.create(campaign=cast.campaign, scope="d:1", metric="outcome:revenue", value="12.5")
    source = FigureSource.objects.create(campaign=cast.campaign, key="test:1", counts={"visits": 3, "d:1": [1, 2]})
    for model, pk in [
        (Campaign, cast.campaign.pk),
        (KickoffMeeting, meeting.pk),
        (FigureCount, count.pk),
        (FigureSource, source.pk),
        (Phase, cast.campaign.phases.first().pk),
        (Deadline, cast.campaign.deadlines.first().pk),
    ]:
        _same(_built(model, pk), model.objects.get(pk=pk))
    assert _built(FigureCount, count.pk).value == Decimal("12.5")
    assert _built(FigureSource, source.pk).counts == {"visits": 3, "d:1": [1, 2]}
    assert _built(KickoffMeeting, meeting.pk).held_on == date(2023, 5, 20)


def test_a_reverse_relation_has_no_column():
    with pytest.raises(ValueError):
        column(Campaign, "phases")
