"""The admin half of the scoping door.

Regulator staff may open the admin to read records and their change history (who, when, what, why); rows come
from visible_to and a foreign id is a 404, as everywhere else. Edits to campaign data go through the portal's pages
and services, which enforce the notice's rules, so domain models are read-only here; platform operators (superusers)
may edit the reference data whose admins opt in with ``operator_may_edit``.
"""

from typing import TYPE_CHECKING

from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from accounts.permissions import is_regulator

# The mixin below is combined with a ModelAdmin at run time; for the type checker it is one.
if TYPE_CHECKING:
    _AdminBase = admin.ModelAdmin
else:
    _AdminBase = object


def _visible_choices(db_field, request):
    # Choices are rows too: a select box must not list another tenant's users or units. Fail closed.
    related = db_field.remote_field.model
    if hasattr(related.objects, "visible_to"):
        return related.objects.visible_to(request.user)
    return related.objects.all() if request.user.is_superuser else related.objects.none()


class OperatorOnlyAdminMixin(_AdminBase):
    """For admins of data that belongs to no tenant (accounts, API tokens, beat schedules, login logs):
    platform operators only; anyone else is refused before any lookup, so nothing tells whether a row exists."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_change_permission(request, obj)

    def has_add_permission(self, request, *args):
        return request.user.is_superuser and super().has_add_permission(request, *args)

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def history_view(self, request, object_id, extra_context=None):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)


def restrict_unscoped_admins_to_operators(site) -> None:
    """Re-register every admin that is not a ScopedModelAdmin (third-party apps' too) as operator-only."""
    for model, model_admin in list(site._registry.items()):
        if isinstance(model_admin, (ScopedModelAdmin, OperatorOnlyAdminMixin)):
            continue
        admin_class = type(model_admin)
        site.unregister(model)
        site.register(model, type(f"OperatorOnly{admin_class.__name__}", (OperatorOnlyAdminMixin, admin_class), {}))


class ScopedModelAdmin(SimpleHistoryAdmin):
    operator_may_edit = False

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Django's admin redirects for a missing object; the portal answers 404 for missing and foreign alike.
            raise Http404
        return obj

    def _ensure_visible(self, request, object_id):
        # simple-history falls back to the last historical version when the live row is not in get_queryset,
        # which would show a foreign tenant's history; only rows the user may see have a history page here.
        try:
            visible = self.get_queryset(request).filter(pk=object_id).exists()
        except (ValueError, ValidationError):
            visible = False
        if not visible:
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._ensure_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._ensure_visible(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = _visible_choices(db_field, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs["queryset"] = _visible_choices(db_field, request)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _may_edit(self, request):
        return self.operator_may_edit and request.user.is_superuser

    def has_module_permission(self, request):
        return request.user.is_superuser or is_regulator(request.user)

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or is_regulator(request.user)

    def has_add_permission(self, request):
        return self._may_edit(request)

    def has_change_permission(self, request, obj=None):
        return self._may_edit(request)

    def has_delete_permission(self, request, obj=None):
        return False
