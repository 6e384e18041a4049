"""Issue 7's defect: a district filtering assignments by an expert who assists two of its enrolments got a 500.

The expert's scope for a member unit joins through the expert's assignments, so the expert came back once per
assignment and the filter's ``queryset.get(pk=…)`` raised MultipleObjectsReturned. ``ScopedQuerySet.for_scope`` now
filters by ``pk IN`` a subquery, so a scoped queryset cannot yield a row twice.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from assistance.models import Assignment, Expert
from enterprises.codes import make_credit_code
from enterprises.models import Cluster, Enrolment, Enterprise
from tests.domain import populate_domain

pytestmark = pytest.mark.django_db


def _second_enrolment_for_the_same_expert(cast) -> Assignment:
    """附件一: an expert assists 1–2 enterprises; here a second one in the same district (滨海新区)."""
    neighbour = Enterprise.objects.create(
        tenant=cast.tenant,
        name="滨海精工机械有限公司",
        credit_code=make_credit_code("120116", 9101),
        district=cast.district_unit,
        district_sort_order=cast.district_unit.sort_order,
        cluster=Cluster.HARDWARE,
    )
    enrolment = Enrolment.objects.create(
        enterprise=neighbour, campaign=cast.campaign, nominated_by=cast.district, state="assigned"
    )
    return Assignment.objects.create(enrolment=enrolment, expert=cast.expert_profile, assigned_by=cast.cb_manager)


def test_district_filters_assignments_by_an_expert_who_assists_two_of_its_enterprises(cast):
    populate_domain(cast)
    second = _second_enrolment_for_the_same_expert(cast)

    # The expert is visible to the district once, not once per assignment.
    visible = list(Expert.objects.visible_to(cast.district).values_list("pk", flat=True))
    assert visible.count(cast.expert_profile.pk) == 1

    client = APIClient()
    client.force_authenticate(user=cast.district)
    response = client.get(reverse("api:assignment-list"), {"expert": cast.expert_profile.pk})

    assert response.status_code == 200
    rows = response.json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert sorted(row["id"] for row in rows) == sorted([cast.assignment.pk, second.pk])
