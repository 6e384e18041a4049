"""The scorecard pages, endpoints and selectors cost a fixed number of queries, whatever the number of bodies,
districts, enterprises, outcome figures and assessments (STYLE.md §10)."""

from datetime import date

import pytest
from django.utils import timezone

from accounts.models import Membership, Organisation, OrganisationKind, Role, User
from assistance import models as a
from campaign.models import MemberUnit
from enterprises import models as e
from enterprises.codes import make_credit_code
from evaluation.models import BodyAssessment, BodyAssessmentResponse, BodyRating
from evaluation.selectors.figures import FIGURE_QUERIES
from evaluation.selectors.scorecards import body_scorecards, district_scorecards
from tests.domain import populate_domain
from tests.queries import assert_page_queries, exact_queries

pytestmark = pytest.mark.django_db

TODAY = date(2023, 12, 10)

# Baselines (small and large N alike).
# The selectors: the figures' FIGURE_QUERIES, the reader's scope, the rows they may read, the calendar, and one
# aggregate per thing the scorecard adds (bodies: outcomes, missing records ×2, assessments; districts: the
# submissions ×3 and the deadlines). The pages and endpoints add the request's own (session, user, menu, campaign);
# their campaign comes with its deadlines, so the figures' kickoff deadline costs them no query.
QUERIES = {
    "body_scorecards": FIGURE_QUERIES + 7,
    "district_scorecards": FIGURE_QUERIES + 7,
    "/evaluation/body-scorecards/": FIGURE_QUERIES + 16,
    "/evaluation/district-scorecards/": FIGURE_QUERIES + 14,
    "body-detail": FIGURE_QUERIES + 15,
    "/api/v1/body-scorecards/": FIGURE_QUERIES + 8,
    "/api/v1/district-scorecards/": FIGURE_QUERIES + 5,
    "/api/v1/body-assessments/": 2,
}


def grow(cast, start: int, count: int) -> None:
    """``count`` more bodies (each with an expert, an assisted enrolment with outcome figures, an answered
    assessment), districts and enrolments."""
    for n in range(start, start + count):
        body_org = Organisation.objects.create(
            tenant=cast.tenant, kind=OrganisationKind.CERTIFICATION_BODY, name=f"认证机构{n}"
        )
        body = a.CertificationBody.objects.create(
            tenant=cast.tenant, organisation=body_org, name=body_org.name, approval_number=f"CNCA-{n}"
        )
        unit_org = Organisation.objects.create(tenant=cast.tenant, kind=OrganisationKind.MEMBER_UNIT, name=f"区{n}")
        district = MemberUnit.objects.create(tenant=cast.tenant, organisation=unit_org, name=f"区{n}", sort_order=n)
        user = User.objects.create_user(username=f"expert-{n}", password="x")
        Membership.objects.create(user=user, organisation=body_org, role=Role.EXPERT)
        expert = a.Expert.objects.create(user=user, body=body, specialties=[], home_district=district)
        ent_org = Organisation.objects.create(tenant=cast.tenant, kind=OrganisationKind.ENTERPRISE, name=f"企业{n}")
        enterprise = e.Enterprise.objects.create(
            tenant=cast.tenant,
            organisation=ent_org,
            name=ent_org.name,
            credit_code=make_credit_code("120116", 30000 + n),
            district=district,
            district_sort_order=district.sort_order,
        )
        enrolment = e.Enrolment.objects.create(
            enterprise=enterprise,
            campaign=cast.campaign,
            nominated_by=cast.regulator,
            state="operating",
            operation_started_on=date(2023, 6, 1),
        )
        a.Assignment.objects.create(enrolment=enrolment, expert=expert, assigned_by=cast.cb_manager)
        e.OutcomeFigures.objects.create(
            enrolment=enrolment, pass_rate_baseline=90, pass_rate_end=95, updated_by=cast.regulator
        )
        assessment = BodyAssessment.objects.create(
            campaign=cast.campaign,
            body=body,
            rating=BodyRating.SATISFACTORY,
            assessed_by=cast.regulator,
            assessed_at=timezone.now(),
        )
        BodyAssessmentResponse.objects.create(assessment=assessment, text="收到", answered_by=cast.regulator)


@pytest.fixture
def data(cast):
    populate_domain(cast)
    BodyAssessment.objects.create(
        campaign=cast.campaign,
        body=cast.body,
        rating=BodyRating.EXCELLENT,
        relief_year=2024,
        assessed_by=cast.regulator,
        assessed_at=timezone.now(),
    )
    return cast


def fresh(user):
    """A copy of ``user`` with no scope cached from an earlier call."""
    return User.objects.get(pk=user.pk)


def measure(cast, client, api):
    """Every measured call once, at the current size."""
    regulator = fresh(cast.regulator)
    with exact_queries(QUERIES["body_scorecards"], "body_scorecards"):
        body_scorecards(user=regulator, campaign=cast.campaign, today=TODAY)
    regulator = fresh(cast.regulator)
    with exact_queries(QUERIES["district_scorecards"], "district_scorecards"):
        district_scorecards(user=regulator, campaign=cast.campaign, today=TODAY)
    client.force_login(cast.regulator)
    for url in ("/evaluation/body-scorecards/", "/evaluation/district-scorecards/"):
        assert_page_queries(client, url, QUERIES[url])
    detail = f"/evaluation/campaigns/{cast.campaign.pk}/body-scorecards/{cast.body.pk}/"
    assert_page_queries(client, detail, QUERIES["body-detail"])
    regulator_api = api(cast.regulator)
    for url in ("/api/v1/body-scorecards/", "/api/v1/district-scorecards/", "/api/v1/body-assessments/"):
        assert_page_queries(regulator_api, url, QUERIES[url])


def test_scorecards_cost_the_same_queries_at_small_and_large_n(data, client, api, time_machine):
    time_machine.move_to(timezone.make_aware(timezone.datetime(2023, 12, 10, 10)), tick=False)
    grow(data, 100, 2)
    measure(data, client, api)
    grow(data, 200, 12)
    measure(data, client, api)
