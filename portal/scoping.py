"""The one door to the rows (DESIGN.md §4, STYLE.md §2).

Every scoped model's manager is a ``ScopedQuerySet``; which rows a scope may see is one function per model in
``portal.access``. ``Model.objects.visible_to(user)`` is then the only way a view, serializer, form field, export or
report gets rows; the base classes in this module (HTML views, form fields, admin) and in ``portal.api`` (viewsets)
apply it once, so no view filters by hand. What is outside the scope is a 404 with the same page as a missing row.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.http import Http404

from accounts.scope import Scope, scope_of

_M = TypeVar("_M", bound=models.Model, covariant=True)
_Row = TypeVar("_Row", bound=models.Model)


class ScopedQuerySet(models.QuerySet[_M]):
    """The manager of every scoped model; which rows a scope sees is said in ``portal.access``, not here.

    Generic in the model, so ``Enrolment.objects.visible_to(user)`` is typed as a queryset of enrolments."""

    def visible_to(self, user: Any) -> Self:
        """The rows ``user`` may see (none for anonymous, inactive or membership-less users)."""
        return self.for_scope(scope_of(user))

    def for_scope(self, scope: Scope | None) -> Self:
        """visible_to for a scope already in hand: lets one model's scope rule reuse another's as a subquery."""
        if scope is None:
            return self.none()
        if scope.is_operator:
            return self.all()
        from portal.access import scope_rule_for

        condition = scope_rule_for(self.model)(scope)
        if condition is None:
            return self.none()
        # Filter by pk IN (the rows the condition selects), never by the condition itself: a condition that joins
        # through a to-many relation (an expert through their assignments, a training through its enterprises)
        # would otherwise yield a row once per related row, and .get() would fail on it (NetBox's restrict()).
        return self.filter(pk__in=self.model._base_manager.filter(condition).values("pk"))


def scoped(queryset: models.QuerySet[_Row]) -> ScopedQuerySet[_Row]:
    """``queryset``, checked to be a ``ScopedQuerySet``: TypeError for a model that has no door (no scope rule)."""
    if not isinstance(queryset, ScopedQuerySet):
        raise TypeError(f"{queryset.model._meta.label} is not read through ScopedQuerySet")
    return queryset


def get_visible_or_404(model_or_queryset: type[_Row] | models.QuerySet[_Row], user: Any, **lookup: Any) -> _Row:
    """A single visible row of a model (or of a queryset of a scoped model, e.g. with its ``select_related``), or
    the same 404 as a missing one."""
    if isinstance(model_or_queryset, models.QuerySet):
        queryset = model_or_queryset
    else:
        queryset = model_or_queryset._default_manager.all()
    try:
        return scoped(queryset).visible_to(user).get(**lookup)
    except ObjectDoesNotExist:  # the model's DoesNotExist: .get() on this queryset raises no other
        raise Http404 from None


def ensure_still_visible(instance, user) -> None:
    """Re-check after a write, inside the service's transaction, that the row is still the user's (NetBox's habit).

    Raising rolls the transaction back, so a write can never leave a row outside the writer's own scope.
    """
    from django.core.exceptions import PermissionDenied

    if not type(instance).objects.visible_to(user).filter(pk=instance.pk).exists():
        raise PermissionDenied("written row is outside the writer's scope")


class ScopedFormMixin:
    """Limits every model-choice field of a form to rows the user may see (form-field half of the door)."""

    fields: dict[str, Any]  # the form's, which this mixin is combined with

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        from django.forms import ModelChoiceField

        for field in self.fields.values():
            if isinstance(field, ModelChoiceField) and isinstance(field.queryset, ScopedQuerySet):
                field.queryset = field.queryset.visible_to(user)
