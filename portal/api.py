"""The API half of the scoping door, and error bodies users can read.

``ScopedViewSetMixin`` takes rows from ``visible_to`` for every viewset, ``VisiblePrimaryKeyRelatedField`` for every
id in a request body and ``ScopedFilterSet`` for every id in a filter; a row outside the caller's scope is answered
exactly like a missing one. Object actions are checked with ``rules`` predicates (403 only for a visible row whose
action the role forbids). A service's optimistic-lock error becomes a 409 here, once for the whole API; ``IfMatchMixin`` adds the HTTP form
of the same lock (ETag on read, If-Match on write, 412 when stale).
"""

from typing import TYPE_CHECKING

import django_filters
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from django_filters.filters import QuerySetRequestMixin
from drf_spectacular.authentication import SessionScheme
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, permissions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

from portal.scoping import scoped

if TYPE_CHECKING:
    from rest_framework.generics import GenericAPIView


# ScopedViewSetMixin is combined with a DRF GenericAPIView at run time; for the type checker it is one.
if TYPE_CHECKING:
    _ViewBase = GenericAPIView
else:
    _ViewBase = object


class ScopedViewSetMixin(_ViewBase):
    """Subclasses set ``queryset`` (with select_related) from a model whose manager has ``visible_to``."""

    def get_queryset(self):
        return scoped(super().get_queryset()).visible_to(self.request.user)


class PortalSessionScheme(SessionScheme):
    """The OpenAPI description of portal.api_input.SessionAuthentication: DRF's session scheme, unchanged."""

    target_class = "portal.api_input.SessionAuthentication"


class RulesPermission(permissions.BasePermission):
    """Object actions by ``rules``: a view maps its actions to permission names in ``rules_permissions``."""

    def has_permission(self, request, view):
        perm = getattr(view, "rules_permissions", {}).get(getattr(view, "action", None))
        if perm is None or getattr(view, "detail_action", False):
            return True
        # Model-level check (create and list actions); object-level ones are checked on the object.
        return request.user.has_perm(perm, getattr(view, "permission_object", lambda: None)())

    def has_object_permission(self, request, view, obj):
        perm = getattr(view, "rules_object_permissions", {}).get(getattr(view, "action", None))
        return perm is None or request.user.has_perm(perm, obj)


class Conflict(exceptions.APIException):
    """409: the row changed since the caller read it (the services' optimistic lock, code "stale")."""

    status_code = 409
    default_code = "stale"
    default_detail = _(
        "This record was changed by someone else after you read it. Fetch it again, then apply your change."
    )


class PreconditionFailed(exceptions.APIException):
    """412: the ETag sent in If-Match is not the row's current one (RFC 9110 §13.1.1)."""

    status_code = 412
    default_code = "precondition_failed"
    default_detail = _(
        "This record was changed after you read it (its ETag no longer matches If-Match). Fetch it again, then apply "
        "your change."
    )


def row_etag(pk: object, version: object) -> str:
    """The ETag of a row with an optimistic-lock ``version``: it changes with every saved change of the row."""
    return f'"{pk}.{version}"'


class IfMatchAutoSchema(AutoSchema):
    """The schema of an ``IfMatchMixin`` viewset: its updates take an optional ``If-Match`` header and may answer
    412."""

    def get_override_parameters(self):
        parameters = super().get_override_parameters()
        if self.method in ("PUT", "PATCH"):
            parameters = [
                *parameters,
                OpenApiParameter(
                    "If-Match",
                    OpenApiTypes.STR,
                    OpenApiParameter.HEADER,
                    description='The ETag the retrieve answered ("<id>.<version>"); a stale one is a 412. Optional: '
                    "without it the body's version is the check.",
                ),
            ]
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if self.method in ("PUT", "PATCH") and "412" not in responses:
            responses["412"] = {"description": "Precondition failed: If-Match names an ETag that is no longer current."}
        return responses


class IfMatchMixin(_ViewBase):
    """The optimistic lock in HTTP terms, as NetBox does it, for viewsets whose rows carry ``version``.

    - A retrieve (and an update's answer) whose body has ``id`` and ``version`` carries ``ETag: "<id>.<version>"``.
    - An update (PUT or PATCH) with ``If-Match``: 412 unless it names the row's current ETag (or is ``*``); when it
      does, and the body has no ``version``, the header stands for it (the services' version check runs as ever).
    - Without ``If-Match`` nothing changes: the body's ``version`` is the check (409 when stale), as the pages do.
      If-Match is therefore optional (no 428): clients written against the version field keep working.
    """

    schema = IfMatchAutoSchema()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if getattr(self, "action", None) in ("update", "partial_update") and request.headers.get("If-Match"):
            self._check_if_match(request)

    def _check_if_match(self, request) -> None:
        row = self.get_object()
        current = row_etag(row.pk, row.version)
        sent = request.headers["If-Match"].strip()
        if sent != "*" and current not in [tag.removeprefix("W/") for tag in parse_etags(sent)]:
            raise PreconditionFailed()
        data = request.data
        if hasattr(data, "_mutable"):  # a form or multipart body (QueryDict) is immutable until told otherwise
            data._mutable = True
        if "version" not in data:
            data["version"] = row.version

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        data = getattr(response, "data", None)
        if (
            response.status_code == 200
            and getattr(self, "action", None) in ("retrieve", "update", "partial_update")
            and isinstance(data, dict)
            and "id" in data
            and "version" in data
        ):
            response["ETag"] = row_etag(data["id"], data["version"])
        return response


class VisiblePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """Choices limited to ``visible_to(request.user)``: a foreign id gets the same answer as one that does not exist."""

    def get_queryset(self):
        request = self.context.get("request")
        queryset = super().get_queryset()
        if queryset is None:  # a read-only field has no choices
            return None
        return scoped(queryset).visible_to(getattr(request, "user", None))


# ``ScopedFilterSet`` is the filter half of the scoping door: every model-choice filter offers only the rows
# ``visible_to(request.user)``, and an id outside them (foreign, or not existing at all) is a 404 — the same answer
# as the id in a URL, so a filter cannot be used to probe whether another tenant's row exists.
# What Django's model-choice fields say about an id that is not among their choices (or not an id at all).
_NOT_A_CHOICE = {"invalid_choice", "invalid_pk_value", "invalid_list"}


class ScopedFilterSet(django_filters.FilterSet):
    """Subclasses declare model-choice filters with a plain queryset; the base limits it to what the user sees."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        super().__init__(data, queryset, request=request, prefix=prefix)
        user = getattr(request, "user", None)
        for filter_ in self.filters.values():
            if isinstance(filter_, QuerySetRequestMixin) and filter_.queryset is not None:
                filter_.queryset = filter_.queryset.visible_to(user)

    def is_valid(self):
        valid = super().is_valid()
        if not valid:
            for name, errors in self.form.errors.as_data().items():
                if isinstance(self.filters.get(name), QuerySetRequestMixin) and any(
                    error.code in _NOT_A_CHOICE for error in errors
                ):
                    raise Http404
        return valid


def exception_handler(exc, context):
    """Django's ValidationError from a service becomes a 400 with field messages; PermissionDenied a 403; Http404 a
    plain 404."""
    if isinstance(exc, DjangoValidationError) and getattr(exc, "code", None) == "stale":
        # Every service raises its optimistic-lock error with code "stale": one answer for the whole API.
        exc = Conflict()
    elif isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail=detail)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        # One body for every 404 (a foreign row, a missing one, a foreign id in a filter): Django's message would
        # name the model, in English.
        exc = exceptions.NotFound()
    return drf_exception_handler(exc, context)
