"""What the supervision detail pages cost in queries (STYLE.md §10): a round with 1 and with 12 visits, a visit with
1 and with 12 requests and files, a request with 1 and with 12 answers and their evidence — the same exact number."""

from datetime import date, timedelta

from django.core.files.base import ContentFile

from supervision.models import (
    RectificationAnswer,
    RectificationEvidence,
    RectificationRequest,
    SupervisionRound,
    SupervisionVisit,
    SupervisionVisitFile,
)
from tests.domain import PDF
from tests.queries import assert_page_queries

QUERIES = {
    ("round", "regulator"): 13,
    ("visit", "regulator"): 15,
    ("request", "regulator"): 11,
    ("request", "cb_manager"): 11,
}


def _visit(cast, round_, party, n: int) -> SupervisionVisit:
    visit = SupervisionVisit.objects.create(
        round=round_,
        visited_on=date(2023, 6, 10) + timedelta(days=n % 20),
        observations=f"现场查看{n}",
        findings=f"发现问题{n}",
        created_by=cast.regulator,
        **party,
    )
    visit.staff.set([cast.regulator])
    return visit


def _request(cast, visit, party, n: int, state: str = "open") -> RectificationRequest:
    return RectificationRequest.objects.create(
        visit=visit,
        campaign=cast.campaign,
        asked=f"整改要求{n}",
        due_on=date(2023, 7, 1) + timedelta(days=n),
        state=state,
        created_by=cast.regulator,
        **party,
    )


def _visit_with_requests(cast, round_, n: int) -> SupervisionVisit:
    """A visit to the district asking it and the enterprise, with a file."""
    visit = _visit(cast, round_, {"member_unit": cast.district_unit}, n)
    SupervisionVisitFile.objects.create(
        visit=visit,
        file=ContentFile(PDF, name="photo.pdf"),
        original_name=f"现场照片{n}.pdf",
        uploaded_by=cast.regulator,
    )
    _request(cast, visit, {"member_unit": cast.district_unit}, n)
    _request(cast, visit, {"enterprise": cast.enterprise}, n, state="closed" if n % 2 else "open")
    return visit


def _answer(cast, request, n: int) -> None:
    answer = RectificationAnswer.objects.create(request=request, text=f"第{n}次答复", answered_by=cast.cb_manager)
    RectificationEvidence.objects.create(
        answer=answer, file=ContentFile(PDF, name="evidence.pdf"), original_name=f"证明{n}.pdf"
    )


def _round(cast) -> SupervisionRound:
    return SupervisionRound.objects.create(
        campaign=cast.campaign, title="六月现场督导", starts_on=date(2023, 6, 1), created_by=cast.regulator
    )


def _check(client, user, url, expected):
    client.force_login(user)
    client.get(url)  # the session and the scope, as on every later request
    return assert_page_queries(client, url, expected)


def test_the_round_page_costs_the_same_queries_with_one_and_with_twelve_visits(cast, client):
    round_ = _round(cast)
    _visit_with_requests(cast, round_, 0)
    url = f"/supervision/rounds/{round_.pk}/"
    _check(client, cast.regulator, url, QUERIES[("round", "regulator")])
    for n in range(1, 12):
        _visit_with_requests(cast, round_, n)
    page = _check(client, cast.regulator, url, QUERIES[("round", "regulator")]).content.decode()
    assert page.count("/supervision/visits/") >= 12


def test_the_visit_page_costs_the_same_queries_with_one_and_with_twelve_requests_and_files(cast, client):
    round_ = _round(cast)
    visit = _visit_with_requests(cast, round_, 0)
    url = f"/supervision/visits/{visit.pk}/"
    _check(client, cast.regulator, url, QUERIES[("visit", "regulator")])
    for n in range(1, 12):
        _request(cast, visit, {"member_unit": cast.district_unit}, n)
        _request(cast, visit, {"body": cast.body}, n)
        SupervisionVisitFile.objects.create(
            visit=visit,
            file=ContentFile(PDF, name="photo.pdf"),
            original_name=f"照片{n}.pdf",
            uploaded_by=cast.regulator,
        )
    page = _check(client, cast.regulator, url, QUERIES[("visit", "regulator")]).content.decode()
    assert "整改要求11" in page and "照片11.pdf" in page


def test_the_rectification_page_costs_the_same_queries_with_one_and_with_twelve_answers(cast, client):
    round_ = _round(cast)
    visit = _visit(cast, round_, {"body": cast.body}, 0)
    request = _request(cast, visit, {"body": cast.body}, 0, state="answered")
    _answer(cast, request, 0)
    url = f"/supervision/rectifications/{request.pk}/"
    users = {"regulator": cast.regulator, "cb_manager": cast.cb_manager}
    for role, user in users.items():
        _check(client, user, url, QUERIES[("request", role)])
    for n in range(1, 12):
        _answer(cast, request, n)
    for role, user in users.items():
        page = _check(client, user, url, QUERIES[("request", role)]).content.decode()
        assert "第11次答复" in page and "证明11.pdf" in page
