"""Who sees the submissions rows (DESIGN.md §4)."""

from __future__ import annotations

from django.db.models import Q  # noqa: F401

from accounts.models import Role  # noqa: F401
from accounts.scope import Scope  # noqa: F401

RULES: dict = {}
