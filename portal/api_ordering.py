"""``?ordering=`` for every list endpoint (DEFAULT_FILTER_BACKENDS). A module of its own: DRF imports its filter
backends while ``rest_framework.generics`` is still loading, so this module imports nothing that imports that."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, filters


class PortalOrderingFilter(filters.OrderingFilter):
    """``?ordering=field,-other`` among the view's explicit ``ordering_fields``: an unknown field is a 400 that says
    which ones are allowed (DRF would ignore it in silence), and the row id breaks ties, so that pages never overlap
    or skip a row. Without the parameter the view's own order stands. A view's ``ordering_aliases`` maps a field name
    clients still send onto the one it sorts by now."""

    def get_ordering(self, request, queryset, view):
        params = request.query_params.get(self.ordering_param)
        if not params:
            return self.get_default_ordering(view)
        terms = [term.strip() for term in params.split(",") if term.strip()]
        allowed = [name for name, _label in self.get_valid_fields(queryset, view, {"request": request})]
        wrong = [term for term in terms if term.lstrip("-") not in allowed]
        if wrong or not terms:
            raise exceptions.ValidationError(
                {
                    self.ordering_param: [
                        _("Cannot sort by %(fields)s. Sort by one of: %(allowed)s (a leading - sorts descending).")
                        % {"fields": ", ".join(wrong) or params, "allowed": ", ".join(allowed) or "—"}
                    ]
                }
            )
        if not any(term.lstrip("-") in ("id", "pk") for term in terms):
            terms.append("pk")
        aliases = getattr(view, "ordering_aliases", {})
        return [
            f"-{aliases.get(term[1:], term[1:])}" if term.startswith("-") else aliases.get(term, term) for term in terms
        ]
