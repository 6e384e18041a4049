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

__all__ = ["require_perm", "row_to_change", "row_to_read", "save_or_show_errors", "submit"]

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


def _show_errors(form, exc: ValidationError, *, skip_refused: bool = False) -> None:
    """Each message at its field when the form has that field, otherwise above the form. With ``skip_refused``, a
    field the form itself refused keeps only the form's message (the service saw None there, not what was typed)."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            if skip_refused and field in form.errors:
                continue
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def save_or_show_errors(form, write):
    """Run a service call. A ValidationError lands on the form — each message at its field when the form has that
    field, otherwise above the form — so the page re-renders with everything the user typed; returns None then."""
    try:
        return write()
    except ValidationError as exc:
        _show_errors(form, exc)
        return None


def submit(form, write, *, check=None):
    """Validate ``form`` and run the service call ``write()`` when it is valid (as ``save_or_show_errors``).

    When the form refuses some fields (a file of the wrong type, a date that does not parse), ``check(data)`` — the
    service's own checks, which write nothing — runs on the rest (``data``: every field, None where the form refused
    it), so the page shows every mistake of this submit at once rather than one round per mistake."""
    if form.is_valid():
        return save_or_show_errors(form, write)
    if check is not None:
        data = {name: form.cleaned_data.get(name) for name in form.fields}
        try:
            check(data)
        except ValidationError as exc:
            _show_errors(form, exc, skip_refused=True)
    return None
