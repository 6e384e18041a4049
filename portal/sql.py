"""Model instances from a hand-written query, for the few reads that every request of a hot endpoint pays.

The ORM costs about 0.3 ms of Python per query whatever the rows (building the query, compiling it, iterating); a
query written once per process and its rows turned into instances here costs a tenth of that. Use it only where a
measurement shows the difference matters (each use says what it saved) and the query is fixed in shape.

``Columns(model, alias)`` gives the model's concrete columns for a SELECT list (``.sql``, in field order, ``.width``
of them; ``only=[names]`` for some of them), ``.convert(values)`` converts those values as the ORM does (the
database backend's converters and the fields' own: a date read from SQLite is a ``date``, a JSON field decoded) and
``.build(values)`` makes the instance from them with ``Model.from_db``, Django's documented hook for loading an
instance: every concrete field loaded (the others deferred with ``only``) and ``_state.adding`` False, like one
from a queryset.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)
T = TypeVar("T")

_ONCE: dict[type, Any] = {}


def once(kind: type[T]) -> T:
    """The one instance of ``kind`` (a hand-written query's holder, built from the models' table and column names
    on first use) in this process."""
    if kind not in _ONCE:
        _ONCE[kind] = kind()
    return _ONCE[kind]


def _field(model: type[Model], name: str) -> Field:
    """``model``'s concrete field ``name`` ("pk": its primary key); ValueError for a reverse relation (no column)."""
    field = model._meta.pk if name == "pk" else model._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise ValueError(f"{model.__name__}.{name} is not a concrete field")
    return field


def quoted_table(model: type[Model], using: str = "default") -> str:
    """``model``'s table, quoted, for a hand-written query."""
    return connections[using].ops.quote_name(model._meta.db_table)


def column(model: type[Model], name: str, using: str = "default") -> str:
    """The quoted column of ``model``'s concrete field ``name`` ("pk": its primary key), for a hand-written query."""
    return connections[using].ops.quote_name(str(_field(model, name).column))


class Columns(Generic[M]):
    """The concrete columns of ``model`` under the table alias ``alias``, and instances built from them."""

    def __init__(self, model: type[M], alias: str, using: str = "default", only: Sequence[str] | None = None):
        self.model = model
        self.alias = alias
        self.using = using
        self.fields = list(model._meta.concrete_fields) if only is None else [_field(model, name) for name in only]
        self.attnames = [field.attname for field in self.fields]
        # Where the primary key is among the values (None with ``only`` leaving it out): a LEFT JOIN's missing row
        # has None there.
        pk = model._meta.pk.attname if model._meta.pk else None
        self.pk_index = self.attnames.index(pk) if pk in self.attnames else None
        self.width = len(self.fields)
        quote = connections[using].ops.quote_name
        self.sql = ", ".join(f"{alias}.{quote(str(field.column))}" for field in self.fields)
        self.table = quoted_table(model, using)
        self._converters: list[tuple[int, list[Callable[..., Any]], Any]] | None = None

    def _converters_of(self) -> list[tuple[int, list[Callable[..., Any]], Any]]:
        """(position, converters, column expression) of the fields whose values need converting (as
        ``SQLCompiler.get_converters`` finds them), once per process."""
        if self._converters is None:
            connection = connections[self.using]
            found = []
            for position, field in enumerate(self.fields):
                column = field.get_col(self.alias)
                converters = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
                if converters:
                    found.append((position, converters, column))
            self._converters = found
        return self._converters

    def convert(self, values: Sequence[Any]) -> list[Any]:
        """``values`` (in ``.sql``'s order) converted as the ORM converts them."""
        connection = connections[self.using]
        loaded = list(values)
        for position, converters, column in self._converters_of():
            value = loaded[position]
            for converter in converters:
                value = converter(value, column, connection)
            loaded[position] = value
        return loaded

    def build(self, values: Sequence[Any]) -> M:
        """The instance whose column values (in ``.sql``'s order) are ``values`` (with ``only``, the other fields
        deferred, as ``QuerySet.only`` leaves them)."""
        return self.model.from_db(self.using, self.attnames, self.convert(values))
