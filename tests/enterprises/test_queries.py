"""What every enterprises list page, endpoint and detail page costs in queries, at a small and at a large number of
rows (STYLE.md §10): the exact numbers are the baseline below, asserted by tests/queries.py, which prints the SQL when
a count is off. The numbers are for reads and are the same on SQLite and PostgreSQL.
"""

from datetime import date

import pytest

from accounts.models import Membership, Organisation, OrganisationKind, Role, User
from enterprises.codes import make_credit_code
from enterprises.models import Case, Certificate, Complaint, Enrolment, Enterprise, Screening
from tests.queries import assert_page_queries

# (url, role) → queries. The detail pages' URLs name the domain's own enterprise and enrolment.
QUERIES = {
    # enterprises, enrolments, roster (rows: enrolled certified enterprises with a screening)
    ("/enterprises/", "district"): 11,
    ("/enterprises/", "regulator"): 11,
    ("/enterprises/enrolments/", "district"): 14,
    ("/enterprises/enrolments/", "regulator"): 14,
    ("/enterprises/enrolments/?overdue=on&certified=yes", "district"): 14,
    ("/enterprises/enrolments/?overdue=on&certified=yes", "regulator"): 14,
    ("/enterprises/export/", "district"): 7,
    ("/enterprises/export/", "regulator"): 7,
    ("/enterprises/enrolments/export/", "district"): 10,
    ("/enterprises/enrolments/export/", "regulator"): 10,
    ("/enterprises/roster/", "district"): 12,
    ("/enterprises/roster/", "regulator"): 12,
    # One more than its neighbours: the page's ids from the index first (portal.api_pagination).
    ("/api/v1/enterprises/", "district"): 9,
    ("/api/v1/enterprises/", "regulator"): 9,
    ("/api/v1/certificates/", "district"): 8,
    ("/api/v1/certificates/", "regulator"): 8,
    ("/api/v1/enrolments/", "district"): 8,
    ("/api/v1/enrolments/", "regulator"): 8,
    ("/api/v1/screenings/", "district"): 9,
    ("/api/v1/screenings/", "regulator"): 9,
    ("/", "district"): 21,  # issue 10: + 催办, rectifications, next steps, submission, scorecard
    ("/", "regulator"): 21,  # issue 10: + overdue rectifications, next steps, submissions, scorecards
    ("enterprise-detail", "regulator"): 20,
    ("enrolment-detail", "regulator"): 12,
    # cases, complaints, summaries, progress (rows: enterprises each with a submitted case and a forwarded complaint)
    ("/enterprises/cases/", "regulator"): 12,
    ("/enterprises/cases/", "district"): 13,
    ("/enterprises/complaints/", "regulator"): 11,
    ("/enterprises/complaints/", "cb_manager"): 11,
    ("/api/v1/cases/", "regulator"): 9,
    ("/api/v1/complaints/", "regulator"): 8,
    ("/api/v1/summaries/", "regulator"): 8,
    ("/api/v1/case-reviews/", "regulator"): 9,  # + the criterion scores of the reviews on the page (one query)
    ("/api/v1/case-attachments/", "regulator"): 8,
    # + 6 for R7's chain (issue 9: assignment, diagnosis, build, first audit and review, certificate), at any N
    ("/enterprises/progress/", "enterprise"): 29,
    ("/", "enterprise"): 36,  # + the rectifications to answer (issue 10)
}

RECORD_LISTS = [
    "/enterprises/",
    "/enterprises/enrolments/",
    "/enterprises/enrolments/?overdue=on&certified=yes",
    "/enterprises/export/",
    "/enterprises/enrolments/export/",
    "/enterprises/roster/",
    "/api/v1/enterprises/",
    "/api/v1/certificates/",
    "/api/v1/enrolments/",
    "/api/v1/screenings/",
    "/",
]


def _add(cast, n, start):
    for i in range(start, start + n):
        enterprise = Enterprise.objects.create(
            tenant=cast.tenant,
            name=f"天津市批量企业{i}",
            credit_code=make_credit_code("120116", 20000 + i),
            district=cast.district_unit,
            district_sort_order=cast.district_unit.sort_order,
            cluster="hardware",
        )
        Certificate.objects.create(
            enterprise=enterprise,
            issuing_body="某认证中心",
            number=f"Q{i}",
            issued_on=date(2021, 1, 1),
            expires_on=date(2024, 1, 1),
            next_audit_on=date(2023, 9, 1),
        )
        enrolment = Enrolment.objects.create(enterprise=enterprise, campaign=cast.campaign, nominated_by=cast.district)
        Screening.objects.create(
            enrolment=enrolment,
            normal_operation=True,
            resources_committed=True,
            willing=True,
            on_abnormal_operations_list=False,
            checked_on=date(2023, 5, 20),
            checked_by=cast.district,
            passed=True,
        )


def _more_enterprises(cast, n, start):
    """n more enrolled enterprises of 滨海新区, each with a submitted case and a complaint."""
    for i in range(start, start + n):
        org = Organisation.objects.create(tenant=cast.tenant, kind=OrganisationKind.ENTERPRISE, name=f"测试企业{i}")
        enterprise = Enterprise.objects.create(
            tenant=cast.tenant,
            organisation=org,
            name=org.name,
            credit_code=make_credit_code("120116", 20000 + i),
            district=cast.district_unit,
            district_sort_order=cast.district_unit.sort_order,
        )
        enrolment = Enrolment.objects.create(enterprise=enterprise, campaign=cast.campaign, nominated_by=cast.district)
        user = User.objects.create_user(username=f"ent-{i}")
        Membership.objects.create(user=user, organisation=org, role=Role.ENTERPRISE)
        Case.objects.create(enrolment=enrolment, title=f"案例{i}", body="…", state="submitted", created_by=user)
        Complaint.objects.create(
            enterprise=enterprise, body=cast.body, subject=f"投诉{i}", text="…", submitted_by=user, state="forwarded"
        )


@pytest.mark.parametrize("url", RECORD_LISTS)
def test_list_pages_and_endpoints_cost_the_same_queries_at_2_and_30_rows(domain, session_api, in_june_2023, url):
    for role, user in (("district", domain.district), ("regulator", domain.regulator)):
        client = session_api(user)
        _add(domain, 2, start=len(Enterprise.objects.all()) * 100)
        assert_page_queries(client, url, QUERIES[(url, role)])  # small N
        _add(domain, 28, start=len(Enterprise.objects.all()) * 100)
        assert_page_queries(client, url, QUERIES[(url, role)])  # large N


def test_enterprise_and_enrolment_pages_cost_a_fixed_number_of_queries(domain, session_api, in_june_2023):
    client = session_api(domain.regulator)
    pages = {
        "enterprise-detail": f"/enterprises/{domain.enterprise.pk}/",
        "enrolment-detail": f"/enterprises/enrolments/{domain.enrolment.pk}/",
    }
    for name, url in pages.items():
        assert_page_queries(client, url, QUERIES[(name, "regulator")])
    _add(domain, 10, start=5000)
    for name, url in pages.items():
        assert_page_queries(client, url, QUERIES[(name, "regulator")])


@pytest.mark.parametrize(
    "url, role",
    [
        ("/enterprises/cases/", "regulator"),
        ("/enterprises/cases/", "district"),
        ("/enterprises/complaints/", "regulator"),
        ("/enterprises/complaints/", "cb_manager"),
        ("/api/v1/cases/", "regulator"),
        ("/api/v1/complaints/", "regulator"),
        ("/api/v1/summaries/", "regulator"),
        ("/api/v1/case-reviews/", "regulator"),
        ("/api/v1/case-attachments/", "regulator"),
        ("/enterprises/progress/", "enterprise"),
        ("/", "enterprise"),
    ],
)
def test_list_pages_cost_the_same_queries_at_small_and_large_n(domain, as_user, june, url, role):
    client = as_user(domain.users()[role])
    _more_enterprises(domain, 2, 0)
    assert_page_queries(client, url, QUERIES[(url, role)])  # small N
    _more_enterprises(domain, 20, 100)
    assert_page_queries(client, url, QUERIES[(url, role)])  # large N
