"""The records API (scoped like the pages) and the query count of every list page and endpoint at small and large N."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enterprises.codes import make_credit_code
from enterprises.models import Certificate, Enrolment, Enterprise
from tests.domain import PDF


@pytest.fixture
def api(client):
    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


def test_api_creates_an_enterprise_and_refuses_a_bad_code_at_its_field(cast, api):
    client = api(cast.district)
    body = {"name": "API企业", "credit_code": make_credit_code("120116", 6001), "district": cast.district_unit.pk}
    created = client.post("/api/v1/enterprises/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["version"] == 1
    bad = client.post("/api/v1/enterprises/", body | {"credit_code": "123"}, content_type="application/json")
    assert bad.status_code == 400 and "credit_code" in bad.json()


def test_api_update_with_a_stale_version_is_a_409_and_the_enterprise_updates_only_its_contact(cast, api):
    url = f"/api/v1/enterprises/{cast.enterprise.pk}/"
    contact = {"contact_name": "张三", "contact_phone": "13812345678", "version": 1}
    assert api(cast.enterprise_user).put(url, contact, content_type="application/json").status_code == 200
    assert api(cast.enterprise_user).put(url, contact, content_type="application/json").status_code == 409
    assert api(cast.bureau).put(url, contact | {"version": 2}, content_type="application/json").status_code == 403


def test_api_nominates_once_and_moves_the_enrolment_through_the_lifecycle(cast, api, in_june_2023):
    client = api(cast.district)
    body = {"enterprise": cast.enterprise.pk, "campaign": cast.campaign.pk}
    created = client.post("/api/v1/enrolments/", body, content_type="application/json")
    assert created.status_code == 201
    assert client.post("/api/v1/enrolments/", body, content_type="application/json").status_code == 400
    pk = created.json()["id"]
    screening = {
        "enrolment": pk,
        "normal_operation": True,
        "resources_committed": True,
        "willing": True,
        "on_abnormal_operations_list": False,
        "checked_on": "2023-05-20",
    }
    recorded = client.post("/api/v1/screenings/", screening, content_type="application/json")
    assert recorded.status_code == 201 and recorded.json()["passed"] is True
    evidence = client.post(
        f"/api/v1/screenings/{recorded.json()['id']}/evidence/", {"file": SimpleUploadedFile("报告.pdf", PDF)}
    )
    assert evidence.status_code == 201 and evidence.json()["evidence"][0]["original_name"] == "报告.pdf"
    renamed = client.post(
        f"/api/v1/screenings/{recorded.json()['id']}/evidence/", {"file": SimpleUploadedFile("报告.pdf", b"hello")}
    )
    assert renamed.status_code == 400
    refused = client.post(
        f"/api/v1/enrolments/{pk}/transition/", {"to": "rejected", "reason": "x"}, content_type="application/json"
    )
    assert refused.status_code == 400
    moved = client.post(
        f"/api/v1/enrolments/{pk}/transition/", {"to": "screened", "reason": "通过"}, content_type="application/json"
    )
    assert moved.status_code == 200 and moved.json()["state"] == "screened"
    assert moved.json()["transitions"][0]["reason"] == "通过"
    forbidden = api(cast.bureau).post(
        f"/api/v1/enrolments/{pk}/transition/", {"to": "withdrawn", "reason": "停产"}, content_type="application/json"
    )
    assert forbidden.status_code == 403


def test_api_foreign_ids_in_bodies_and_filters_are_404_or_refused_like_missing_ones(domain, foreign, api):
    client = api(domain.regulator)
    for param, own, other in [
        ("district", domain.district_unit, foreign.district_unit),
        ("campaign", domain.campaign, foreign.campaign),
    ]:
        assert client.get(f"/api/v1/enrolments/?{param}={own.pk}").status_code == 200
        assert client.get(f"/api/v1/enrolments/?{param}={other.pk}").status_code == 404
    assert client.get(f"/api/v1/certificates/?enterprise={foreign.enterprise.pk}").status_code == 404
    body = {"enterprise": foreign.enterprise.pk, "campaign": domain.campaign.pk}
    response = client.post("/api/v1/enrolments/", body, content_type="application/json")
    missing = client.post("/api/v1/enrolments/", body | {"enterprise": 987654}, content_type="application/json")
    assert response.status_code == 400 and response.json()["enterprise"] == [
        m.replace("987654", str(foreign.enterprise.pk)) for m in missing.json()["enterprise"]
    ]


def test_api_enrolment_list_filters_by_state_cluster_and_audit_due(domain, api):
    client = api(domain.regulator)

    def ids(query):
        body = client.get(f"/api/v1/enrolments/?{query}").json()
        return [row["id"] for row in (body["results"] if isinstance(body, dict) else body)]

    assert ids("state=nominated") == [domain.other_enrolment.pk]
    assert ids("cluster=hardware") == [domain.enrolment.pk]
    assert ids("audit_due=true") == [domain.enrolment.pk]
    assert ids(f"district={domain.other_district_unit.pk}") == [domain.other_enrolment.pk]


# --- query counts ------------------------------------------------------------------------------------------------------

LISTS = [
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
        from enterprises.models import Screening

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


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_and_endpoints_cost_the_same_queries_at_2_and_30_rows(domain, api, in_june_2023, url):
    for user in (domain.district, domain.regulator):
        client = api(user)
        _add(domain, 2, start=len(Enterprise.objects.all()) * 100)
        small = _count(client, url)
        _add(domain, 28, start=len(Enterprise.objects.all()) * 100)
        large = _count(client, url)
        assert small == large, f"{url}: {small} queries at small N, {large} at large N"


def test_enterprise_and_enrolment_pages_cost_a_fixed_number_of_queries(domain, api, in_june_2023):
    client = api(domain.regulator)
    urls = [f"/enterprises/{domain.enterprise.pk}/", f"/enterprises/enrolments/{domain.enrolment.pk}/"]
    first = [_count(client, url) for url in urls]
    _add(domain, 10, start=5000)
    assert [_count(client, url) for url in urls] == first
