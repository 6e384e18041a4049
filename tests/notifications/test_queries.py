"""What the 催办 list page costs in queries (STYLE.md §10), for the regulator who sends them and the member unit and
the body that receive them: the same exact number with 1 and with 30 of them (more than a page)."""

from notifications.models import Urge
from tests.queries import assert_page_queries

URL = "/notifications/urges/"
QUERIES = {"regulator": 10, "district": 10, "cb_manager": 10}


def _urge(cast, n: int, **receiver) -> Urge:
    return Urge.objects.create(
        tenant=cast.tenant, campaign=cast.campaign, note=f"请加快进度{n}", sent_by=cast.regulator, **receiver
    )


def test_the_urge_list_page_costs_the_same_queries_with_one_and_with_thirty_urges(cast, client):
    users = {"regulator": cast.regulator, "district": cast.district, "cb_manager": cast.cb_manager}
    _urge(cast, 0, member_unit=cast.district_unit)
    _urge(cast, 0, body=cast.body)
    for role, user in users.items():
        client.force_login(user)
        client.get(URL)  # the session and the scope, as on every later request
        assert_page_queries(client, URL, QUERIES[role])
    for n in range(1, 30):
        _urge(cast, n, member_unit=cast.district_unit)
        _urge(cast, n, body=cast.body)
        _urge(cast, n, member_unit=cast.other_district_unit)
    for role, user in users.items():
        client.force_login(user)
        client.get(URL)
        page = assert_page_queries(client, URL, QUERIES[role]).content.decode()
        assert "请加快进度29" in page
