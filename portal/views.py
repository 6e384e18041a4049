"""What every app's HTML views share: the two ways a view gets its row, and putting a service's errors on a form.

Every page requires a signed-in user (``LoginRequiredMiddleware`` in settings; the few public pages are marked with
``login_not_required``). A view then takes its row with ``row_to_read`` (404 when the user cannot see it) or
``row_to_change`` (also 403 when they see it but may not act on it), and calls one service.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet

from portal.scoping import get_visible_or_404
from portal.services import require_perm

__all__ = ["require_perm", "row_to_change", "row_to_read", "save_or_show_errors"]

M = TypeVar("M", bound=models.Model)


def row_to_read(model: type[M] | QuerySet[M], user, **lookup: Any) -> M:
    """The row of ``model`` matching ``lookup`` among those ``user`` may see; Http404 (the same as a missing row)
    otherwise. ``model`` may be a queryset of a scoped model, to read the row with its ``select_related``."""
    return get_visible_or_404(model, user, **lookup)


def row_to_change(model: type[M] | QuerySet[M], user, perm: str, **lookup: Any) -> M:
    """``row_to_read``, and PermissionDenied (403) unless ``user`` has ``perm`` on that row."""
    row = get_visible_or_404(model, user, **lookup)
    require_perm(user, perm, row)
    return row


def save_or_show_errors(form, write):
    """Run a service call. A ValidationError lands on the form — each message at its field when the form has that
    field, otherwise above the form — so the page re-renders with everything the user typed; returns None then."""
    try:
        return write()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None
