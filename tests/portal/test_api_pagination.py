"""The ids-first page (portal.api_pagination, the enterprise list): the same pages, order, count and links as
DRF's page-number pagination, with filters and ?ordering, and the same 404 past the last page."""

import pytest

from enterprises.models import Enterprise
from tests.evaluation.test_figures import _enterprise

URL = "/api/v1/enterprises/"


@pytest.fixture
def many(cast):
    """120 more enterprises in the two districts, names out of insertion order."""
    for n in range(120):
        _enterprise(cast, 1000 + (n * 37) % 120, cast.district_unit if n % 3 else cast.other_district_unit)
    return cast


def _all_pages(client, query=""):
    ids, url, count, pages = [], f"{URL}?{query}", None, 0
    while url:
        body = client.get(url).json()
        count = body["count"] if count is None else count
        assert body["count"] == count
        ids += [row["id"] for row in body["results"]]
        assert len(body["results"]) <= 50
        url, pages = body["next"], pages + 1
    return ids, count, pages


@pytest.mark.parametrize(
    ("query", "order"),
    [
        ("", ("district_sort_order", "name", "pk")),
        ("ordering=-name", ("-name", "pk")),
        ("ordering=district__sort_order,-id", ("district_sort_order", "-pk")),
    ],
)
def test_every_page_in_order_with_the_count(many, api, query, order):
    client = api(many.regulator)
    ids, count, pages = _all_pages(client, query)
    expected = list(Enterprise.objects.filter(tenant=many.tenant).order_by(*order).values_list("pk", flat=True))
    assert ids == expected and count == len(expected) and pages == -(-count // 50)


def test_a_filtered_list_and_a_district_see_only_theirs(many, api):
    district = many.district_unit
    ids, count, _pages = _all_pages(api(many.regulator), f"district={district.pk}")
    expected = list(Enterprise.objects.filter(district=district).order_by("name", "pk").values_list("pk", flat=True))
    assert ids == expected == _all_pages(api(many.district))[0] and count == len(expected)


def test_past_the_last_page_is_a_404_and_the_previous_link_goes_back(many, api):
    client = api(many.regulator)
    assert client.get(f"{URL}?page=99").status_code == 404
    second = client.get(f"{URL}?page=2").json()
    first = client.get(second["previous"]).json()
    assert first["results"] == client.get(URL).json()["results"]
