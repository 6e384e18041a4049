"""Installs django-rules so that every app's permissions module is loaded at start-up."""

from django.utils.module_loading import autodiscover_modules
from rules.apps import RulesConfig


class AutodiscoverPermissionsConfig(RulesConfig):
    """django-rules' own ``AutodiscoverRulesConfig``, for modules named ``permissions`` (DESIGN.md §3: the module of
    per-object predicates is named for what it holds; ``rules`` is the library).

    Each ``<app>/permissions.py`` calls ``rules.add_perm`` at import; importing them all in ``ready()`` means a
    permission is registered before the first request asks for it, whichever module imports it first.
    """

    default = False

    def ready(self):
        autodiscover_modules("permissions")
