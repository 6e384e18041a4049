"""The one door to the rows (DESIGN.md §4, STYLE.md §2).

Every scoped model's manager is a ``ScopedQuerySet``; which rows a scope may see is one function per model in
``portal.access``. ``Model.objects.visible_to(user)`` is then the only way a view, serializer, form field, export or
report gets rows; the base classes in this module (HTML views, form fields, admin) and in ``portal.api`` (viewsets)
apply it once, so no view filters by hand. What is outside the scope is a 404 with the same page as a missing row.
"""

from __future__ import annotations

from django.db import models
from django.http import Http404

from accounts.scope import Scope, scope_of


class ScopedQuerySet(models.QuerySet):
    """The manager of every scoped model; which rows a scope sees is said in ``portal.access``, not here."""

    def visible_to(self, user) -> ScopedQuerySet:
        return self.for_scope(scope_of(user))

    def for_scope(self, scope: Scope | None) -> ScopedQuerySet:
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


def get_visible_or_404(model_or_queryset, user, **lookup):
    """A single visible row of a model (or of a queryset of a scoped model, e.g. with its ``select_related``), or
    the same 404 as a missing one."""
    if isinstance(model_or_queryset, models.QuerySet):
        queryset, model = model_or_queryset, model_or_queryset.model
    else:
        queryset, model = model_or_queryset.objects.all(), model_or_queryset
    try:
        return queryset.visible_to(user).get(**lookup)
    except model.DoesNotExist:
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        from django.forms import ModelChoiceField

        for field in self.fields.values():
            if isinstance(field, ModelChoiceField) and hasattr(field.queryset, "visible_to"):
                field.queryset = field.queryset.visible_to(user)
