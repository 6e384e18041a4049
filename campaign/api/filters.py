"""Filters for the campaign API, and the scoped FilterSet base they stand on.

``ScopedFilterSet`` is the filter half of the scoping door: every model-choice filter offers only the rows
``visible_to(request.user)``, and an id outside them (foreign, or not existing at all) is a 404 — the same answer
as the id in a URL, so a filter cannot be used to probe whether another tenant's row exists.
"""

import django_filters
from django.http import Http404
from django_filters.filters import QuerySetRequestMixin

from campaign.models import Campaign, KickoffMeeting, MemberUnit

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


class KickoffMeetingFilter(ScopedFilterSet):
    campaign = django_filters.ModelChoiceFilter(queryset=Campaign.objects.all())
    member_unit = django_filters.ModelChoiceFilter(queryset=MemberUnit.objects.all())

    class Meta:
        model = KickoffMeeting
        fields = ["campaign", "member_unit"]
