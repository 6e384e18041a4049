"""The campaign's figures (evaluation.selectors.figures): right on a hand-built data set, and a fixed number of
queries whatever the size of the campaign."""

from datetime import date, time

import pytest

from accounts.models import Organisation, OrganisationKind
from assistance import models as a
from campaign.models import KickoffMeeting
from enterprises import models as e
from enterprises.codes import make_credit_code
from evaluation.selectors.figures import (
    FIGURE_QUERIES,
    LAG_BELOW_MEDIAN,
    LAG_KICKOFF_MISSING,
    LAG_R8_MISSING,
    body_figures,
    city_figures,
    district_figures,
    lagging,
)
from supervision.models import RectificationRequest, SupervisionRound, SupervisionVisit
from tests.domain import populate_domain
from tests.queries import exact_queries

MIDTERM = date(2023, 8, 20)


def _enterprise(cast, n, district):
    org = Organisation.objects.create(tenant=cast.tenant, kind=OrganisationKind.ENTERPRISE, name=f"企业{n}")
    return e.Enterprise.objects.create(
        tenant=cast.tenant,
        organisation=org,
        name=org.name,
        credit_code=make_credit_code("120116", 20000 + n),
        district=district,
        district_sort_order=district.sort_order,
    )


def _enrol(cast, n, district, state, expert=None):
    enrolment = e.Enrolment.objects.create(
        enterprise=_enterprise(cast, n, district), campaign=cast.campaign, nominated_by=cast.regulator, state=state
    )
    if expert is not None:
        a.Assignment.objects.create(enrolment=enrolment, expert=expert, assigned_by=cast.cb_manager)
    return enrolment


@pytest.fixture
def data(cast):
    return hand_built(cast)


def hand_built(cast):
    """滨海新区: the cast's enrolment (assigned, 1 visit, 1 problem open, a submitted and a draft case, a centralised
    training of 45 person-times, a forwarded complaint) plus one operating and one closed enrolment assisted by the
    body, one withdrawn; 和平区: the cast's nominated enrolment, one rejected. Kickoff: 滨海新区 held on time."""
    populate_domain(cast)
    operating = _enrol(cast, 1, cast.district_unit, "operating", cast.expert_profile)
    _enrol(cast, 2, cast.district_unit, "closed", cast.auditor)
    _enrol(cast, 3, cast.district_unit, "withdrawn")
    _enrol(cast, 4, cast.other_district_unit, "rejected")
    a.Visit.objects.create(
        enrolment=operating,
        expert=cast.expert_profile,
        kind="survey",
        visited_on=date(2023, 6, 5),
        starts_at=time(9),
        ends_at=time(10),
        created_by=cast.expert,
    )
    diagnosis = a.Diagnosis.objects.create(
        enrolment=operating,
        diagnosed_on=date(2023, 6, 5),
        legal_qualifications_ok=True,
        dishonesty_list_checked=True,
        no_quality_penalty=True,
        overall_state="一般",
        starting_point="检验",
        diagnosed_by=cast.expert,
    )
    a.Problem.objects.create(diagnosis=diagnosis, category="检验", description="x", status="solved")
    a.Problem.objects.create(diagnosis=diagnosis, category="检验", description="y", status="verified")
    industry = a.Training.objects.create(
        campaign=cast.campaign,
        kind="industry",
        organiser=cast.district_unit.organisation,
        district=cast.district_unit,
        held_on=date(2023, 7, 1),
        topic="行业培训",
        person_times=30,
        created_by=cast.district,
    )
    industry.enterprises.add(cast.enterprise, operating.enterprise)
    supervision_round = SupervisionRound.objects.create(
        campaign=cast.campaign, title="六月督导", starts_on=date(2023, 6, 1), created_by=cast.regulator
    )
    visit = SupervisionVisit.objects.create(
        round=supervision_round,
        member_unit=cast.district_unit,
        visited_on=date(2023, 6, 10),
        observations="x",
        findings="y",
        created_by=cast.regulator,
    )
    for party, due_on, state in (
        ({"member_unit": cast.district_unit}, date(2023, 9, 1), "open"),
        ({"enterprise": operating.enterprise}, date(2023, 7, 1), "open"),  # overdue on 20 August
        ({"body": cast.body}, date(2023, 7, 1), "closed"),
    ):
        RectificationRequest.objects.create(
            visit=visit,
            campaign=cast.campaign,
            asked="整改",
            due_on=due_on,
            state=state,
            created_by=cast.regulator,
            **party,
        )
    KickoffMeeting.objects.create(
        campaign=cast.campaign,
        member_unit=cast.district_unit,
        held_on=date(2023, 5, 10),
        place="会议室",
        attendance=50,
        recorded_by=cast.district,
    )
    return cast


def test_district_figures_count_the_hand_built_data(data):
    row = district_figures(data.campaign, data.district_unit, MIDTERM)

    assert row["funnel"]["assigned"] == 1
    assert row["funnel"]["operating"] == 1
    assert row["funnel"]["closed"] == 1
    assert row["funnel"]["withdrawn"] == 1
    assert row["enrolments"] == 4
    assert row["assisted"] == 3
    assert row["progress_share"] == 0.5  # operating + closed of 4 not rejected
    assert row["visits"] == 2
    assert row["visits_per_assisted"] == 0.67
    assert row["trainings"]["centralised"] == {"count": 1, "enterprises": 1, "person_times": 45}
    assert row["trainings"]["industry"] == {"count": 1, "enterprises": 2, "person_times": 30}
    assert row["training_totals"] == {"count": 2, "enterprises": 2, "person_times": 75}
    assert row["problems"] == {"found": 3, "solved": 2, "open": 1}
    assert row["cases"] == {"written": 2, "submitted": 1, "recommended": 0, "selected": 0}
    assert row["complaints"] == {
        "total": 1, "open": 1, "upheld": 0, "partly_upheld": 0, "not_upheld": 0, "unrecorded": 0
    }  # fmt: skip
    assert row["rectifications"] == {"total": 2, "open": 2, "overdue": 1, "closed": 0}
    assert row["rectifications_open"] == 2
    assert row["kickoff"] == {"held_on": "2023-05-10", "standing": "held"}
    assert row["r8"]["compliant"] is True
    assert row["lagging"] == []


def test_other_district_lags_on_median_kickoff_and_r8(data):
    figures = city_figures(data.campaign, MIDTERM)
    other = figures.district(data.other_district_unit.pk)

    assert other["funnel"]["nominated"] == 1
    assert other["funnel"]["rejected"] == 1
    assert other["enrolments"] == 2
    assert other["progress_share"] == 0.0  # the rejected one is not in the base
    assert other["kickoff"]["standing"] == "overdue"
    assert other["r8"]["missing"] == ["centralised", "industry"]
    assert other["lagging"] == [LAG_BELOW_MEDIAN, LAG_KICKOFF_MISSING, LAG_R8_MISSING]
    assert [row["id"] for row in figures.lagging_districts] == [data.other_district_unit.pk]
    assert figures.lagging_rule["districts"]


def test_body_figures_count_its_enterprises_visits_and_trainings(data):
    row = body_figures(data.campaign, data.body, MIDTERM)

    assert row["enrolments"] == 3  # assigned, operating, closed
    assert row["assisted"] == 3
    assert row["progress_share"] == round(1 / 3, 4)  # closed is reviewed or beyond
    assert row["visits"] == 2
    assert row["trainings"]["centralised"]["count"] == 1
    assert row["trainings"]["industry"]["count"] == 0  # organised by the district
    assert row["complaints"] == {
        "total": 1, "open": 1, "upheld": 0, "partly_upheld": 0, "not_upheld": 0, "unrecorded": 0
    }  # fmt: skip
    assert row["problems"]["found"] == 3
    assert row["rectifications"] == {"total": 1, "open": 0, "overdue": 0, "closed": 1}


def test_city_totals_add_up_the_districts(data):
    figures = city_figures(data.campaign, MIDTERM)

    assert figures.city["enrolments"] == 6
    assert figures.city["funnel"]["rejected"] == 1
    assert figures.city["visits"] == 2
    assert figures.city["training_totals"]["person_times"] == 75
    assert figures.city["rectifications"]["total"] == 3
    assert figures.kickoffs[2]["standing"] == "overdue"  # the city bureau has none either
    assert figures.as_dict()["districts"][0]["name"] == data.district_unit.name


def test_figures_of_a_foreign_campaign_never_count_this_tenant(data, foreign):
    figures = city_figures(foreign.campaign, MIDTERM)

    assert figures.city["enrolments"] == 0
    assert {row["id"] for row in figures.districts} == {foreign.district_unit.pk, foreign.other_district_unit.pk}
    assert district_figures(foreign.campaign, data.district_unit, MIDTERM) == {}


def test_lagging_rule_median_of_shares():
    rows = [
        {"id": 1, "name": "a", "progress_share": 0.2, "lagging": []},
        {"id": 2, "name": "b", "progress_share": 0.5, "lagging": []},
        {"id": 3, "name": "c", "progress_share": 0.9, "lagging": []},
        {"id": 4, "name": "d", "progress_share": None, "lagging": []},  # a body with no enterprises: not rated
    ]
    assert lagging(rows) == [{"id": 1, "name": "a", "reasons": [LAG_BELOW_MEDIAN]}]


def test_figures_cost_the_same_queries_at_50_and_at_400_enrolments(data):
    for n in range(100, 146):
        _enrol(data, n, data.district_unit, "operating", data.expert_profile)
    with exact_queries(FIGURE_QUERIES, "city_figures at 50"):
        city_figures(data.campaign, MIDTERM)
    for n in range(200, 550):
        _enrol(data, n, data.other_district_unit if n % 2 else data.district_unit, "assigned", data.auditor)
    with exact_queries(FIGURE_QUERIES, "city_figures at 400"):
        figures = city_figures(data.campaign, MIDTERM)
    assert figures.city["enrolments"] == 6 + 46 + 350
