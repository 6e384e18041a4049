"""Isolation-matrix entries of the dashboards (issue 12): the pages and the API of the city's, a district's and a
body's dashboard, the district's dashboard tokens, and the token screen (a public page with no data of its own: the
data comes from the API with the token). ``populate`` issues one token per tenant, named after the tenant."""

from dashboards.services import token_issue
from tests.security.matrix import ROLES, SIGNED_IN, Entry

REFUSED = {role: 403 for role in SIGNED_IN}
REGULATOR_ONLY = REFUSED | {"regulator": 200}
DISTRICT = {"regulator": 200, "district": 200}
BODY = {"regulator": 200, "cb_manager": 200}
TOKENS = REFUSED | {"regulator": 200, "district": 200}
# The menu's 看板 entry sends each role to its own dashboard; roles without one are told so (403).
MINE = REFUSED | {"regulator": 302, "district": 302, "cb_manager": 302}
POST_ONLY = {role: 405 for role in SIGNED_IN}


def populate(cast):
    cast.dashboard_token, _key = token_issue(name=f"{cast.tenant.name}会议室大屏", acting_user=cast.district)


def no_args(_obj):
    return []


ENTRIES = {
    "dashboards:mine": Entry(args=no_args, expect=MINE, is_list=True),
    "dashboards:city": Entry(args=no_args, expect=REGULATOR_ONLY, is_list=True),
    "dashboards:district": Entry(obj=lambda c: c.district_unit, expect=DISTRICT),
    "dashboards:body": Entry(obj=lambda c: c.body, expect=BODY),
    "dashboards:token-list": Entry(args=no_args, expect=TOKENS, is_list=True),
    "dashboards:token-revoke": Entry(obj=lambda c: c.dashboard_token, expect=POST_ONLY),
    "dashboards:screen": Entry(kind="public", args=no_args, expect={role: 200 for role in ROLES}, is_list=True),
    "api:dashboard-city": Entry(kind="api", args=no_args, expect=REGULATOR_ONLY, is_list=True),
    "api:dashboard-district": Entry(kind="api", obj=lambda c: c.district_unit, expect=DISTRICT),
    "api:dashboard-body": Entry(kind="api", obj=lambda c: c.body, expect=BODY),
}
