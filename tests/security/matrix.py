"""Shared vocabulary of the isolation matrix (tests/security/test_isolation_matrix.py) and its area modules in
tests/security/routes/: an ``Entry`` per route saying which role gets which status for its own object."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

ROLES = ("anonymous", "regulator", "district", "bureau", "cb_manager", "expert", "enterprise", "reviewer")
SIGNED_IN = ROLES[1:]
ALL = {role: 200 for role in SIGNED_IN}
HOME_TENANT_MARKER = "天津市"


@dataclass
class Entry:
    """Who may open a route. ``expect`` maps role → status for the own object (or the list); roles not named get 404.

    ``obj`` picks the object from a cast (None for routes without one); ``args`` turns it into URL arguments.
    ``kind`` decides what anonymous users get: "html" → redirect to login, "api" → 401, "public" → ``expect``.
    """

    kind: str = "html"
    obj: Callable[[Any], Any] | None = None
    args: Callable[[Any], list] = field(default=lambda o: [o.pk])
    expect: dict[str, int] = field(default_factory=dict)
    is_list: bool = False
    query: str = ""
    anonymous: int | None = None
    login_url: str = "/accounts/login/"
    others: int = 404  # what the roles not named in ``expect`` get
    foreign: int = 404  # what a signed-in role that may open the route gets for a foreign object

    def status_for(self, role: str) -> int:
        if role == "anonymous":
            if self.anonymous is not None:
                return self.anonymous
            return {"html": 302, "api": 401}.get(self.kind, self.expect.get("anonymous", 200))
        return self.expect.get(role, self.others)


def kickoff(cast):
    return cast.kickoff


REGULATOR_EDITS = {role: 403 for role in SIGNED_IN} | {"regulator": 200}
MEMBER_UNITS_RECORD = {role: 403 for role in SIGNED_IN} | {"district": 200, "bureau": 200}


REGULATOR_EDITS = {role: 403 for role in SIGNED_IN} | {"regulator": 200}
MEMBER_UNITS_RECORD = {role: 403 for role in SIGNED_IN} | {"district": 200, "bureau": 200}
