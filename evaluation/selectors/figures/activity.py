"""Visits and trainings per ISO week: the assistance over time, for the dashboards' activity chart."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.db.models.functions import ExtractIsoYear, ExtractWeek

from assistance.models import CertificationBody, Training, Visit
from campaign.models import Campaign

from .restrictions import training_where, where

# The queries one ``activity_by_week`` call runs, whatever the number of rows.
ACTIVITY_QUERIES = 2


def activity_by_week(campaign: Campaign, *, district_id: int | None = None, body_id: int | None = None) -> dict:
    """Visits and trainings per ISO week (附件二(三): the assistance over time), for the city, one district (visits
    to its enterprises, trainings held in it) or one body (its experts' visits, its trainings).

    {"visits": [{"week": "2023-W23", "visits": int}], "trainings": [{"week", "count", "person_times"}]}, weeks in
    order, only weeks with something. ``ACTIVITY_QUERIES`` queries.
    """
    bodies = []
    if body_id is not None:
        bodies = list(CertificationBody.objects.filter(pk=body_id).values("organisation_id"))
    visits = (
        Visit.objects.filter(enrolment__campaign=campaign, **where(district_id, body_id, "enrolment__enterprise__"))
        .annotate(iso_year=ExtractIsoYear("visited_on"), iso_week=ExtractWeek("visited_on"))
        .order_by()
        .values_list("iso_year", "iso_week")
        .annotate(n=Count("pk"))
    )
    trainings = (
        Training.objects.filter(campaign=campaign, **training_where(district_id, body_id, bodies))
        .annotate(iso_year=ExtractIsoYear("held_on"), iso_week=ExtractWeek("held_on"))
        .order_by()
        .values_list("iso_year", "iso_week")
        .annotate(n=Count("pk"), people=Sum("person_times"))
    )
    return {
        "visits": [{"week": f"{y}-W{w:02d}", "visits": n} for y, w, n in sorted(visits)],
        "trainings": [
            {"week": f"{y}-W{w:02d}", "count": n, "person_times": people or 0} for y, w, n, people in sorted(trainings)
        ],
    }
