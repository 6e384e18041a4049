"""Every list endpoint says which fields ``?ordering=`` accepts (explicit ``ordering_fields``); an unknown field is a
400 naming the allowed ones, never ignored in silence; the id breaks ties."""

from django.urls import get_resolver

ENTERPRISES = "/api/v1/enterprises/"


def _list_viewsets():
    found = set()

    def walk(patterns):
        for pattern in patterns:
            if hasattr(pattern, "url_patterns"):
                walk(pattern.url_patterns)
                continue
            cls = getattr(pattern.callback, "cls", None)
            if cls is not None and "list" in (getattr(pattern.callback, "actions", None) or {}).values():
                found.add(cls)

    walk(get_resolver().url_patterns)
    return found


def test_every_list_endpoint_declares_its_ordering_fields():
    missing = [
        f"{cls.__module__}.{cls.__name__}"
        for cls in _list_viewsets()
        if getattr(cls, "queryset", None) is not None and getattr(cls, "ordering_fields", None) is None
    ]
    assert missing == []


def test_a_list_sorts_by_an_allowed_field_and_refuses_an_unknown_one(cast, api):
    client = api(cast.regulator)
    names = [row["name"] for row in client.get(ENTERPRISES, {"ordering": "-name"}).json()["results"]]
    assert names == sorted(names, reverse=True) and len(names) >= 2
    refused = client.get(ENTERPRISES, {"ordering": "contact_phone"})
    assert refused.status_code == 400
    assert "不能按 contact_phone 排序" in refused.json()["ordering"][0]
