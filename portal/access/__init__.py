"""Who sees which rows: the access policy, read in one place (DESIGN.md §4, STYLE.md §2).

One module per model family (``accounts``, ``campaign``, ``enterprises``, ``assistance``, and one per later app); each holds one function
per model, ``<model>_scope(scope) -> Q | None`` (None: that role sees none of them), and a ``RULES`` table from the
model's label to its function. ``portal.scoping.ScopedQuerySet.for_scope`` looks the function up here, so
``Model.objects.visible_to(user)`` stays the one door and no model module has to import another app's models to say
who sees its rows.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, Q

from accounts.scope import Scope

ScopeRule = Callable[[Scope], Q | None]

_rules: dict[str, ScopeRule] = {}


def scope_rule_for(model: type[Model]) -> ScopeRule:
    """The function that says which rows of ``model`` a scope sees.

    Raises ImproperlyConfigured for a scoped model without one: a new model cannot be left open by omission."""
    if not _rules:
        # Imported on first use, once every app's models are loaded (the modules import models of several apps).
        import importlib
        import pkgutil

        import portal.access

        for info in pkgutil.iter_modules(portal.access.__path__):
            _rules.update(importlib.import_module(f"portal.access.{info.name}").RULES)
    label = (model._meta.concrete_model or model)._meta.label
    try:
        return _rules[label]
    except KeyError:
        raise ImproperlyConfigured(f"{label} uses ScopedQuerySet but portal.access has no scope rule for it") from None
