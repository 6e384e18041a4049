"""Isolation-matrix entries of case selection on a rubric (五(一)): the rubric (read by every role of the tenant, set
by the regulator), the regulator's ranking, reversing a selection, and the published list of excellent cases (read by
every role of the tenant). The rows hang off tests/domain.py's campaign and case (populated by a_domain first)."""

from enterprises.models import CaseListPublication, Rubric, RubricCriterion
from tests.security.matrix import ALL, SIGNED_IN, Entry

POST_ONLY = {r: 405 for r in SIGNED_IN}
API_POST_ONLY = {"kind": "api", "expect": POST_ONLY}
REGULATOR_ONLY = {r: 403 for r in SIGNED_IN} | {"regulator": 200}


def populate(cast):
    tag = cast.tenant.name
    cast.rubric = Rubric.objects.create(campaign=cast.campaign, created_by=cast.regulator)
    for order, (name, weight) in enumerate([(f"{tag}可复制推广性", 60), (f"{tag}成效可量化", 40)], start=1):
        RubricCriterion.objects.create(rubric=cast.rubric, name=name, weight=weight, max_score=10, order=order)
    cast.case_publication = CaseListPublication.objects.create(
        campaign=cast.campaign,
        number=1,
        published_by=cast.regulator,
        entries=[
            {
                "case": cast.case.pk,
                "title": cast.case.title,
                "enterprise": cast.enterprise.name,
                "district": cast.district_unit.name,
                "body": cast.case.body,
                "mean": 88.0,
            }
        ],
    )


def no_args(_obj):
    return []


def rubric(cast):
    return cast.rubric


def publication(cast):
    return cast.case_publication


ENTRIES = {
    "enterprises:rubric-list": Entry(args=no_args, expect=ALL, is_list=True),
    "enterprises:rubric-create": Entry(args=no_args, expect=POST_ONLY),
    "enterprises:rubric-detail": Entry(obj=rubric, expect=ALL),
    "enterprises:rubric-edit": Entry(obj=rubric, expect=REGULATOR_ONLY),
    "enterprises:rubric-open": Entry(obj=rubric, expect=POST_ONLY),
    "enterprises:rubric-close": Entry(obj=rubric, expect=POST_ONLY),
    "enterprises:rubric-ranking": Entry(obj=rubric, expect=REGULATOR_ONLY),
    "enterprises:rubric-publish": Entry(obj=rubric, expect=POST_ONLY),
    # cast.case is seen by every role of the tenant (the reviewer reviews it); only the regulator reverses.
    "enterprises:case-reverse-selection": Entry(obj=lambda c: c.case, expect=REGULATOR_ONLY),
    "enterprises:published-case-list": Entry(args=no_args, expect=ALL, is_list=True),
    "enterprises:published-case-detail": Entry(obj=publication, expect=ALL),
    "api:rubric-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:rubric-detail": Entry(kind="api", obj=rubric, expect=ALL),
    "api:rubric-open": Entry(obj=rubric, **API_POST_ONLY),
    "api:rubric-close": Entry(obj=rubric, **API_POST_ONLY),
    "api:rubric-publish": Entry(obj=rubric, **API_POST_ONLY),
    "api:case-reverse-selection": Entry(obj=lambda c: c.case, **API_POST_ONLY),
    "api:case-ranking-list": Entry(kind="api", args=no_args, expect=REGULATOR_ONLY, is_list=True),
    "api:published-case-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:published-case-detail": Entry(kind="api", obj=publication, expect=ALL),
}
