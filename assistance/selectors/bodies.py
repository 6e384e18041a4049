"""Reads for certification bodies."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet

from accounts.scope import scope_of
from assistance.models import CertificationBody


def body_list(*, user) -> QuerySet[CertificationBody]:
    """The bodies the user may see, by name, each with ``expert_count``."""
    bodies = CertificationBody.objects.visible_to(user).annotate(expert_count=Count("experts")).order_by("name")
    return cast("QuerySet[CertificationBody]", bodies)  # visible_to is typed as returning rows of Model


def own_body(user) -> CertificationBody:
    """The body the user (a manager or an expert) works for — its membership decides, never the request.
    Raises PermissionDenied for a user of no certification body."""
    scope = scope_of(user)
    if scope is None or scope.certification_body_id is None:
        raise PermissionDenied
    return CertificationBody.objects.get(pk=scope.certification_body_id)
