"""A foreign or unknown id in any filter of a page or an endpoint is a 404, answered like a missing row."""

import pytest

FILTERS = [
    ("/api/v1/working-groups/", "campaign", lambda c: c.campaign),
    ("/api/v1/experts/", "home_district", lambda c: c.district_unit),
    ("/api/v1/assignments/", "campaign", lambda c: c.campaign),
    ("/api/v1/assignments/", "enrolment", lambda c: c.enrolment),
    ("/api/v1/assignments/", "expert", lambda c: c.expert_profile),
    ("/api/v1/certification-audits/", "enrolment", lambda c: c.enrolment),
]


@pytest.mark.parametrize("url, param, pick", FILTERS, ids=[f"{u}?{p}" for u, p, _ in FILTERS])
def test_a_foreign_id_in_a_filter_is_404_like_a_missing_one(world, foreign, api, url, param, pick):
    from tests.domain import populate_domain

    populate_domain(foreign)
    client = api(world.regulator)
    assert client.get(url, {param: pick(world).pk}).status_code == 200
    foreign_answer = client.get(url, {param: pick(foreign).pk})
    missing = client.get(url, {param: 987654})
    assert foreign_answer.status_code == missing.status_code == 404
    assert foreign_answer.content == missing.content


@pytest.mark.parametrize("url", ["/assistance/experts/", "/assistance/groups/", "/assistance/assignments/"])
def test_a_foreign_campaign_filter_is_404_like_a_missing_one(world, foreign, as_user, url):
    client = as_user(world.cb_manager)
    assert client.get(url, {"campaign": world.campaign.pk}).status_code == 200
    foreign_answer = client.get(url, {"campaign": foreign.campaign.pk})
    missing = client.get(url, {"campaign": 987654})
    assert foreign_answer.status_code == missing.status_code == 404
    assert client.get(url, {"campaign": "abc"}).status_code == 404


WORK_FILTERS = [
    ("/api/v1/visits/", "enrolment", lambda c: c.enrolment),
    ("/api/v1/problems/", "enrolment", lambda c: c.enrolment),
    ("/api/v1/problems/", "diagnosis", lambda c: c.diagnosis),
    ("/api/v1/system-documents/", "enrolment", lambda c: c.enrolment),
    ("/api/v1/internal-audits/", "enrolment", lambda c: c.enrolment),
    ("/api/v1/trainings/", "district", lambda c: c.district_unit),
    ("/api/v1/trainings/", "campaign", lambda c: c.campaign),
    ("/api/v1/trainings/compliance/", "campaign", lambda c: c.campaign),
    ("/assistance/trainings/", "campaign", lambda c: c.campaign),
    ("/assistance/trainings/compliance/", "campaign", lambda c: c.campaign),
]


@pytest.mark.usefixtures("frozen_today")
@pytest.mark.parametrize("url, param, pick", WORK_FILTERS, ids=[f"{u}?{p}" for u, p, _ in WORK_FILTERS])
def test_a_foreign_id_in_a_work_filter_is_a_404_like_a_missing_one(cast, domain, foreign, as_user, url, param, pick):
    from tests.domain import populate_domain

    populate_domain(foreign)
    client = as_user(cast.regulator)
    assert client.get(f"{url}?{param}={pick(cast).pk}").status_code == 200
    foreign_response = client.get(f"{url}?{param}={pick(foreign).pk}")
    missing = client.get(f"{url}?{param}=987654")
    assert foreign_response.status_code == missing.status_code == 404
    assert foreign_response.content == missing.content
