"""The one door to the rows (DESIGN.md §4, STYLE.md §2).

Every scoped model's manager is a ``ScopedQuerySet``; which rows a scope may see is one function per model in
``portal.access``. ``Model.objects.visible_to(user)`` is then the only way a view, serializer, form field, export or
report gets rows; the base classes in this module (HTML views, form fields, admin) and in ``portal.api`` (viewsets)
apply it once, so no view filters by hand. What is outside the scope is a 404 with the same page as a missing row.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
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
        if joins_to_many(self.model, condition):
            # A condition that joins through a to-many relation (an expert through their assignments, a training
            # through its enterprises) yields a row once per related row, and .get() fails on it: filter by pk IN
            # the rows it selects instead (NetBox's restrict()). Decided from the condition itself, so a new scope
            # rule cannot forget it.
            return self.filter(pk__in=self.model._base_manager.filter(condition).values("pk"))
        # Only forward foreign keys and subqueries: each row at most once, and the planner keeps its plain index
        # scan (a pk IN subquery over the whole tenant costs several times more at 50,000 rows, see bench/).
        return self.filter(condition)


def joins_to_many(model: type[models.Model], condition: Q) -> bool:
    """Whether a lookup of ``condition`` on ``model`` walks through a to-many relation (reverse foreign key or
    many-to-many), i.e. could make the filtered queryset repeat a row. Expressions (Exists, subqueries) join nothing."""
    for child in condition.children:
        if isinstance(child, Q):
            if joins_to_many(model, child):
                return True
            continue
        if not isinstance(child, tuple):
            continue  # an expression such as Exists(...): a subquery, no join in this query
        options = model._meta
        for part in child[0].split(LOOKUP_SEP):
            try:
                field = options.get_field(part)
            except FieldDoesNotExist:
                break  # a lookup ("in", "isnull") or "pk": the path ends here
            if not field.is_relation or field.related_model is None:
                break
            if field.one_to_many or field.many_to_many:
                return True
            options = field.related_model._meta
    return False


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
