"""The kinds of report the portal makes, as data: one ``ReportKind`` per document or workbook (DESIGN.md §7).

A kind says what it is called, which scopes it is made for, the file it produces, how to gather the data it is
rendered from (a JSON snapshot, stored on the report job so a report can always say what it was made from) and how to
write the file from that snapshot. The job machinery (``reporting.services``) knows nothing of any one kind; the PDF
documents live in ``reporting.documents`` and the Excel workbooks in ``reporting.exports``, one module per kind, each
calling ``register`` at import. ``kinds()`` imports both packages' modules on first use.

Scopes: ``city`` (the whole campaign), ``district`` (one member unit), ``body`` (one certification body), ``round``
(one supervision round), ``enterprise`` (one enterprise's enrolment).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import IO, Any

SCOPES = ("city", "district", "body", "round", "enterprise")


@dataclass(frozen=True)
class ReportScope:
    """What one report is about: the campaign, and at most one of a district (``MemberUnit``), a certification body,
    a supervision round or an enrolment. The caller has already checked that the reader may ask for it."""

    campaign: Any
    district: Any = None
    body: Any = None
    round: Any = None
    enrolment: Any = None

    @property
    def name(self) -> str:
        """The scope's kind: one of ``SCOPES``."""
        for name, value in (
            ("district", self.district),
            ("body", self.body),
            ("round", self.round),
            ("enterprise", self.enrolment),
        ):
            if value is not None:
                return name
        return "city"


Progress = Callable[[int, int], None]
"""``progress(done, total)``: called by a writer as it goes (pages, rows); the job shows it as a bar."""


@dataclass(frozen=True)
class ReportKind:
    """One kind of report.

    - ``key``: stored on the job (``"midterm"``, ``"final"``, ``"assisted_list"`` …), at most 40 characters.
    - ``label``: its name for users, lazily translated (中期评估报告 …).
    - ``scopes``: the scopes it can be made for (a subset of ``SCOPES``).
    - ``extension``: ``"pdf"``, ``"xlsx"`` or ``"docx"``; ``content_type`` follows from it.
    - ``gather(scope, today) -> dict``: the data, as plain JSON values; stored as the job's snapshot.
    - ``write(snapshot, handle, progress)``: writes the file into the binary ``handle`` from the snapshot alone
      (rendering twice from one snapshot gives the same document).
    - ``roles``: the role slugs (``accounts.roles``) that may ask for it; each still sees only its own scope.
    """

    key: str
    label: Any
    scopes: tuple[str, ...]
    extension: str
    gather: Callable[[ReportScope, date], dict[str, Any]]
    write: Callable[[dict[str, Any], IO[bytes], Progress], None]
    roles: tuple[str, ...] = field(default=())

    @property
    def content_type(self) -> str:
        return {
            "pdf": "application/pdf",
            "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        }[self.extension]


_registry: dict[str, ReportKind] = {}
_loaded = False


def register(kind: ReportKind) -> ReportKind:
    """Add ``kind`` to the registry (called at import by each module of ``reporting.documents`` and
    ``reporting.exports``). Raises ValueError for a key used twice or an unknown scope."""
    if kind.key in _registry and _registry[kind.key] is not kind:
        raise ValueError(f"report kind {kind.key!r} registered twice")
    unknown = set(kind.scopes) - set(SCOPES)
    if unknown:
        raise ValueError(f"report kind {kind.key!r}: unknown scopes {sorted(unknown)}")
    _registry[kind.key] = kind
    return kind


def kinds() -> dict[str, ReportKind]:
    """Every kind, by key, in registration order (documents, then exports)."""
    global _loaded
    if not _loaded:
        for package_name in ("reporting.documents", "reporting.exports"):
            try:
                package = importlib.import_module(package_name)
            except ModuleNotFoundError as error:
                if error.name != package_name:
                    raise
                continue
            for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda info: info.name):
                if not info.name.startswith("_"):
                    importlib.import_module(f"{package_name}.{info.name}")
        _loaded = True
    return dict(_registry)


def kind(key: str) -> ReportKind:
    """The kind ``key``; KeyError when there is none."""
    return kinds()[key]
