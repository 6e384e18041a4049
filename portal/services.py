"""The service kernel: the few steps every write of every app takes, written once (STYLE.md §4).

A service (``<noun>_<verb>(*, …, acting_user)``) owns its transaction and calls these:

- ``require_perm(user, perm, obj)``: the per-object permission (a ``rules`` predicate), PermissionDenied otherwise;
- ``lock_current(model, pk, expected_version)``: the row, locked, and still at the version the user read;
- ``model_update(instance, data=…, expected_version=…, acting_user=…)``: lock, check, set, bump, save with history,
  re-check visibility — the optimistic-lock sequence (HackSoft's ``model_update``);
- ``row_update(row, data=…, acting_user=…)``: the same for a row already locked and checked by the service;
- ``save_with_history(instance, acting_user=…, reason=…)``: a save that records who and why (simple-history);
- ``stale_error()``: "someone changed this meanwhile", with code ``"stale"`` (the API answers it with 409);
- ``Errors``: collects the ValidationErrors of several checks so one submit reports every mistake at once.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from portal.scoping import ensure_still_visible

M = TypeVar("M", bound=models.Model)

STALE_CODE = "stale"


def require_perm(user, perm: str, obj: object = None) -> None:
    """Raise PermissionDenied unless ``user`` has ``perm`` (on ``obj``). Rows the user cannot see are a 404 before
    this is reached; this is the 403 for a visible row whose action the role forbids."""
    if user is None or not user.has_perm(perm, obj):
        raise PermissionDenied


class Errors:
    """Every mistake of one submit, reported together (a phone user fixes them in one round, not one per submit)::

        errors = Errors()
        with errors.collect():
            check_dates(...)          # raises ValidationError
        if not plan_file:
            errors.add("plan_file", _("Attach the plan."))
        errors.raise_if_any()         # one ValidationError carrying all of them

    A check whose inputs the form already refused is skipped by its caller (it passes None for them)."""

    def __init__(self) -> None:
        self._by_field: dict[str, list[ValidationError]] = {}

    def add(self, field: str | None, error: str | ValidationError) -> None:
        key = field or "__all__"
        errors = error.error_list if isinstance(error, ValidationError) else [ValidationError(error)]
        self._by_field.setdefault(key, []).extend(errors)

    def add_error(self, exc: ValidationError) -> None:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                self._by_field.setdefault(field, []).extend(errors)
        else:
            self._by_field.setdefault("__all__", []).extend(exc.error_list)

    @contextmanager
    def collect(self) -> Iterator[None]:
        """Run a check that raises ValidationError; its errors join the others instead of stopping the submit."""
        try:
            yield
        except ValidationError as exc:
            self.add_error(exc)

    def __contains__(self, field: str) -> bool:
        return field in self._by_field

    def __bool__(self) -> bool:
        return bool(self._by_field)

    def raise_if_any(self) -> None:
        if self._by_field:
            if set(self._by_field) == {"__all__"}:
                raise ValidationError(self._by_field["__all__"])
            raise ValidationError(dict(self._by_field))


def stale_error() -> ValidationError:
    """The error for a write based on an out-of-date read: the form keeps the user's input and says so."""
    return ValidationError(
        _(
            "Someone else changed this record while you were editing it. Your input is kept below; "
            "reload the page to see their change, then apply yours again."
        ),
        code=STALE_CODE,
    )


def lock_current(model: type[M], pk: Any, expected_version: int | None) -> M:
    """The row ``pk`` of ``model`` locked for this transaction; ValidationError (code "stale") when its ``version``
    is not ``expected_version`` (None: the caller read no version, nothing to compare).

    Call inside ``transaction.atomic()``."""
    # select_for_update: two people saving the same row at once must not silently overwrite each other; the second
    # waits here, then sees the bumped version and is told.
    row = model._base_manager.select_for_update().get(pk=pk)
    if expected_version is not None and row.version != expected_version:  # type: ignore[attr-defined]
        raise stale_error()
    return row


def save_with_history(instance: models.Model, *, acting_user, reason: str | None = None) -> None:
    """Save ``instance`` recording ``acting_user`` and, when given, ``reason`` in its change history."""
    instance._history_user = acting_user  # type: ignore[attr-defined]
    if reason:
        instance._change_reason = reason  # type: ignore[attr-defined]
    instance.save()


def model_update(
    instance: M,
    *,
    data: Mapping[str, Any],
    expected_version: int | None,
    acting_user,
    reason: str | None = None,
) -> M:
    """Set ``data`` on the current, locked copy of ``instance`` and save it with history; returns that copy.

    The row must have a ``version`` column, which is bumped. Raises ValidationError (code "stale") when the row moved
    on since ``expected_version`` was read, PermissionDenied when the written row is no longer the user's. Opens its
    own atomic block (joins the caller's, if any)."""
    with transaction.atomic():
        row = lock_current(type(instance), instance.pk, expected_version)
        return row_update(row, data=data, acting_user=acting_user, reason=reason)


def row_update(row: M, *, data: Mapping[str, Any], acting_user, reason: str | None = None) -> M:
    """The second half of ``model_update``, for a row the service has already locked with ``lock_current`` because
    it checks the locked row first (its state, a duplicate): set ``data``, bump ``version``, save with history,
    re-check visibility. Returns ``row``. Call inside the service's ``transaction.atomic()``."""
    for field, value in data.items():
        setattr(row, field, value)
    row.version += 1  # type: ignore[attr-defined]
    save_with_history(row, acting_user=acting_user, reason=reason)
    ensure_still_visible(row, acting_user)
    return row
