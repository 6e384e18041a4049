"""The one door to the rows (DESIGN.md §4, STYLE.md §2).

Every scoped model's manager is built from a ``ScopedQuerySet`` subclass that says, in ``scope_filter``, which rows
a scope may see. ``Model.objects.visible_to(user)`` is then the only way a view, serializer, form field, export or
report gets rows; the base classes in this module (HTML views, form fields, admin) and in ``portal.api`` (viewsets)
apply it once, so no view filters by hand. What is outside the scope is a 404 with the same page as a missing row.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.http import Http404

from accounts.scope import Scope, scope_of


class ScopedQuerySet(models.QuerySet):
    """Subclasses implement ``scope_filter``; everything else goes through ``visible_to``."""

    def scope_filter(self, scope: Scope) -> Q | None:  # pragma: no cover - abstract
        """The rows ``scope`` may see as a Q; None means none at all."""
        raise NotImplementedError

    def visible_to(self, user) -> ScopedQuerySet:
        return self.for_scope(scope_of(user))

    def for_scope(self, scope: Scope | None) -> ScopedQuerySet:
        """visible_to for a scope already in hand: lets one model's scope_filter reuse another's as a subquery."""
        if scope is None:
            return self.none()
        if scope.is_operator:
            return self.all()
        condition = self.scope_filter(scope)
        return self.none() if condition is None else self.filter(condition)


def get_visible_or_404(model, user, **lookup):
    """A single visible row or the same 404 as a missing one."""
    try:
        return model.objects.visible_to(user).get(**lookup)
    except model.DoesNotExist:
        raise Http404 from None


def ensure_still_visible(instance, user) -> None:
    """Re-check after a write, inside the service's transaction, that the row is still the user's (NetBox's habit).

    Raising rolls the transaction back, so a write can never leave a row outside the writer's own scope.
    """
    from django.core.exceptions import PermissionDenied

    if not type(instance).objects.visible_to(user).filter(pk=instance.pk).exists():
        raise PermissionDenied("written row is outside the writer's scope")


class ScopedQuerysetMixin:
    """For Django class-based views: rows come from ``model.objects.visible_to(request.user)``.

    ``queryset_hook`` lets a view add select_related/annotations without ever bypassing the door.
    """

    model: type[models.Model]

    def get_queryset(self):
        queryset = self.model.objects.visible_to(self.request.user)
        return self.queryset_hook(queryset)

    def queryset_hook(self, queryset):
        return queryset


class ScopedFormMixin:
    """Limits every model-choice field of a form to rows the user may see (form-field half of the door)."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        from django.forms import ModelChoiceField

        for field in self.fields.values():
            if isinstance(field, ModelChoiceField) and hasattr(field.queryset, "visible_to"):
                field.queryset = field.queryset.visible_to(user)
