"""Complaints by how they ended in the figures and the body scorecard (五(二)2: 收到企业投诉 — upheld in full or in part)."""

from datetime import date

import pytest

from accounts.models import Organisation, OrganisationKind
from assistance.models import CertificationBody
from enterprises.models import Complaint
from evaluation.selectors.figures import body_figures, city_figures, district_figures
from tests.domain import populate_domain

pytestmark = pytest.mark.django_db

MIDTERM = date(2023, 8, 20)


@pytest.fixture
def complaints(cast):
    """Against the cast's body: from 滨海新区's enterprise one upheld, one partly upheld, one still submitted (and the
    domain's forwarded one); from 和平区's enterprise one not upheld and one closed before outcomes were recorded.
    Against another body of the city: one upheld, from 滨海新区."""
    populate_domain(cast)
    org = Organisation.objects.create(tenant=cast.tenant, kind=OrganisationKind.CERTIFICATION_BODY, name="另一认证中心")
    cast.second_body = CertificationBody.objects.create(
        tenant=cast.tenant, organisation=org, name=org.name, approval_number="X-1"
    )
    for n, (enterprise, body, state, outcome) in enumerate(
        (
            (cast.enterprise, cast.body, "closed", "upheld"),
            (cast.enterprise, cast.body, "closed", "partly_upheld"),
            (cast.enterprise, cast.body, "submitted", ""),
            (cast.other_enterprise, cast.body, "closed", "not_upheld"),
            (cast.other_enterprise, cast.body, "closed", ""),
            (cast.enterprise, cast.second_body, "closed", "upheld"),
        )
    ):
        Complaint.objects.create(
            enterprise=enterprise,
            body=body,
            subject=f"投诉{n}",
            text="……",
            state=state,
            outcome=outcome,
            submitted_by=cast.enterprise_user,
        )
    return cast


def _counts(total, open, upheld=0, partly_upheld=0, not_upheld=0, unrecorded=0):
    return {
        "total": total,
        "open": open,
        "upheld": upheld,
        "partly_upheld": partly_upheld,
        "not_upheld": not_upheld,
        "unrecorded": unrecorded,
    }


def test_city_figures_count_complaints_by_outcome(complaints):
    assert city_figures(complaints.campaign, MIDTERM).city["complaints"] == _counts(
        7, 2, upheld=2, partly_upheld=1, not_upheld=1, unrecorded=1
    )


def test_a_districts_figures_count_its_enterprises_complaints_by_outcome(complaints):
    assert district_figures(complaints.campaign, complaints.district_unit, MIDTERM)["complaints"] == _counts(
        5, 2, upheld=2, partly_upheld=1
    )
    assert district_figures(complaints.campaign, complaints.other_district_unit, MIDTERM)["complaints"] == _counts(
        2, 0, not_upheld=1, unrecorded=1
    )


def test_a_bodys_figures_count_the_complaints_against_it_by_outcome(complaints):
    assert body_figures(complaints.campaign, complaints.body, MIDTERM)["complaints"] == _counts(
        6, 2, upheld=1, partly_upheld=1, not_upheld=1, unrecorded=1
    )
    assert body_figures(complaints.campaign, complaints.second_body, MIDTERM)["complaints"] == _counts(1, 0, upheld=1)


def test_the_scorecard_shows_complaints_by_outcome_and_counts_upheld_ones_as_grounds(complaints, as_user):
    url = f"/evaluation/campaigns/{complaints.campaign.pk}/body-scorecards/{complaints.body.pk}/"
    response = as_user(complaints.regulator).get(url)
    assert response.status_code == 200
    card = response.context["card"]
    assert card.complaints == _counts(6, 2, upheld=1, partly_upheld=1, not_upheld=1, unrecorded=1)
    assert card.complaints_upheld == 2  # upheld + partly upheld: 收到企业投诉 (五(二)2)
    page = response.content.decode()
    for words in ("成立", "部分成立", "不成立", "未记录结论", "企业投诉经核实成立或部分成立：2 起"):
        assert words in page


def test_the_scorecard_api_gives_complaints_by_outcome(complaints, api):
    response = api(complaints.cb_manager).get(f"/api/v1/body-scorecards/?campaign={complaints.campaign.pk}")
    assert response.status_code == 200
    (row,) = response.json()
    assert row["complaints"] == _counts(6, 2, upheld=1, partly_upheld=1, not_upheld=1, unrecorded=1)
    assert row["complaints_upheld"] == 2


def test_the_ranking_counts_only_upheld_complaints_against_a_body():
    """Two bodies alike but for their complaints: one complaint found not upheld does not put a body below another,
    an upheld one (in full or in part) does (五(二)2 收到企业投诉)."""
    from types import SimpleNamespace

    from evaluation.policy import body_rank_key
    from evaluation.selectors.scorecards import BodyScorecard

    def card(name, **complaints):
        figures = {
            "progress_share": 0.5,
            "problems": {"found": 10, "solved": 5},
            "rectifications": {"overdue": 0},
            "complaints": _counts(**{"total": sum(complaints.values()), "open": 0, **complaints}),
        }
        return BodyScorecard(
            body=SimpleNamespace(name=name),
            figures=figures,
            outcomes={},
            no_visit=0,
            audit_missing=0,
            assessment=None,
            as_of=date(2026, 11, 30),
        )

    cleared, clean = card("一号认证", not_upheld=1), card("二号认证")
    assert sorted([clean, cleared], key=body_rank_key) == [cleared, clean]  # the name decides: 一号 before 二号
    partly, upheld = card("一号认证", partly_upheld=1), card("一号认证", upheld=2)
    assert sorted([partly, clean], key=body_rank_key) == [clean, partly]
    assert sorted([upheld, partly], key=body_rank_key) == [partly, upheld]
