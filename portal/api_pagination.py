"""Page-number pagination whose page is found by its ids first (a "deferred join"), for long lists sorted by an
index: the page's ids come from the index alone (PostgreSQL's index-only scan passes over the earlier pages'
entries without reading their rows), then only the page's rows are read with everything the serializer needs.
Same answers, links and ``count`` as DRF's PageNumberPagination (the project default); one query more."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from rest_framework.pagination import PageNumberPagination


class IdsFirstPaginator(Paginator):
    """A Django Paginator whose ``page`` reads the page's primary keys first, then those rows in the same order."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if not isinstance(rows, QuerySet):
            return Page(rows[bottom:top], number, self)
        ids = list(rows.values_list("pk", flat=True)[bottom:top])
        found = {row.pk: row for row in rows.filter(pk__in=ids).order_by()}
        return Page([found[pk] for pk in ids if pk in found], number, self)


class IdsFirstPagination(PageNumberPagination):
    """``PageNumberPagination`` with ``IdsFirstPaginator``: for a list endpoint whose order is an index."""

    django_paginator_class = IdsFirstPaginator
