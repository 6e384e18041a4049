"""The national 帮扶小微企业名单 (the list of assisted small and micro enterprises the CNCA collects per certification
body): one row per enrolment of the campaign that has had an expert assigned, for the city or one body.

The columns are data (``ASSISTED_LIST_COLUMNS``: header and how to get the value), so the list follows the
collecting template when it changes: reorder or add an entry, nothing else.

Snapshot: a national list runs to 100,000 rows, which must not be stored as a 100,000-row JSON on the job. The
snapshot is a summary — the campaign, the body, the query time (``as_of``), the number of rows and of certified
enterprises at that time — and the writer streams the rows from the database (``iterator`` in chunks of
CHUNK rows, with their experts and certificates prefetched per chunk) into a write-only sheet, so memory does not
grow with the list (bench/exports.py measures it). The file therefore holds the rows as they are when it is
written, moments after ``as_of``; the row count in the snapshot says how many there were when it was asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import IO, Any

from django.db.models import Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from assistance.models import Assignment
from enterprises.models import Certificate, Enrolment
from reporting.exports._sheet import write_sheet
from reporting.kinds import Progress, ReportKind, ReportScope, register

CHUNK = 2000


def _day(value) -> str:
    if value is None:
        return ""
    day = timezone.localtime(value).date() if hasattr(value, "tzinfo") else value
    return f"{day.year}年{day.month}月{day.day}日"


def _period(enrolment: Enrolment) -> str:
    assignments = enrolment.listed_assignments
    start = min(a.assigned_at for a in assignments)
    ends = [a.ended_at for a in assignments]
    end = "至今" if any(e is None for e in ends) else _day(max(e for e in ends if e is not None))
    return f"{_day(start)}—{end}"


def _experts(enrolment: Enrolment) -> str:
    names = dict.fromkeys(str(a.expert.user) for a in enrolment.listed_assignments)
    return "、".join(names)


def _certified(enrolment: Enrolment) -> str:
    return "是" if enrolment.enterprise.listed_certificates else "否"


def _certificate_numbers(enrolment: Enrolment) -> str:
    return "、".join(c.number for c in enrolment.enterprise.listed_certificates)


def _region(enrolment: Enrolment) -> str:
    enterprise = enrolment.enterprise
    district = enterprise.district.name if enterprise.district_id else ""
    tenant = enterprise.tenant.name
    return tenant if district.startswith(tenant) else f"{tenant}{district}"


@dataclass(frozen=True)
class Column:
    header: str
    value: Callable[[Enrolment], Any]
    text: bool = False  # written as a text cell (codes, phone numbers)


ASSISTED_LIST_COLUMNS: tuple[Column, ...] = (
    Column("序号", lambda e: e.row_number),
    Column("企业名称", lambda e: e.enterprise.name),
    Column("统一社会信用代码", lambda e: e.enterprise.credit_code, text=True),
    Column("所在省市区", _region),
    Column("行业", lambda e: str(e.enterprise.get_cluster_display())),
    Column("帮扶起止时间", _period),
    Column("帮扶专家", _experts),
    Column("是否获证", _certified),
    Column("证书编号", _certificate_numbers, text=True),
    Column("联系人", lambda e: e.enterprise.contact_name),
    Column("联系电话", lambda e: e.enterprise.contact_phone, text=True),
)


def _enrolments(campaign_id: int, body_id: int | None) -> QuerySet[Enrolment]:
    """The assisted enrolments (an expert assigned, now or earlier) of the campaign, of the body's experts."""
    assignments = Assignment.objects.filter(enrolment_id=OuterRef("pk"))
    if body_id is not None:
        assignments = assignments.filter(expert__body_id=body_id)
    return Enrolment.objects.filter(Exists(assignments), campaign_id=campaign_id)


def _rows(campaign_id: int, body_id: int | None) -> Iterator[list[Any]]:
    listed = Assignment.objects.select_related("expert__user").order_by("assigned_at", "pk")
    if body_id is not None:
        listed = listed.filter(expert__body_id=body_id)
    enrolments = (
        _enrolments(campaign_id, body_id)
        .select_related("enterprise__district", "enterprise__tenant")
        .prefetch_related(
            Prefetch("assignments", queryset=listed, to_attr="listed_assignments"),
            Prefetch(
                "enterprise__certificates",
                queryset=Certificate.objects.order_by("issued_on", "pk"),
                to_attr="listed_certificates",
            ),
        )
        .order_by("enterprise__district__sort_order", "enterprise__district__name", "enterprise__name", "pk")
    )
    for number, enrolment in enumerate(enrolments.iterator(chunk_size=CHUNK), start=1):
        enrolment.row_number = number  # type: ignore[attr-defined]
        yield [column.value(enrolment) for column in ASSISTED_LIST_COLUMNS]


def gather(scope: ReportScope, today: date) -> dict[str, Any]:
    """The summary snapshot: {"campaign", "campaign_title", "body", "body_name", "as_of" (ISO time), "rows",
    "certified", "columns"} — never the rows themselves (see the module docstring)."""
    body_id = scope.body.pk if scope.body is not None else None
    enrolments = _enrolments(scope.campaign.pk, body_id)
    certified = Exists(Certificate.objects.filter(enterprise_id=OuterRef("enterprise_id")))
    return {
        "campaign": scope.campaign.pk,
        "campaign_title": scope.campaign.title,
        "body": body_id,
        "body_name": scope.body.name if scope.body is not None else "",
        "as_of": timezone.now().isoformat(),
        "rows": enrolments.count(),
        "certified": enrolments.filter(certified).count(),
        "columns": [column.header for column in ASSISTED_LIST_COLUMNS],
    }


def write(snapshot: dict[str, Any], handle: IO[bytes], progress: Progress) -> None:
    """Stream the rows of the snapshot's campaign (and body) into one sheet."""
    caption = f"{snapshot['campaign_title']} 帮扶小微企业名单"
    if snapshot["body_name"]:
        caption += f"（{snapshot['body_name']}）"
    with translation.override("zh-hans"):
        write_sheet(
            handle,
            title="帮扶小微企业名单",
            caption=caption,
            headers=[column.header for column in ASSISTED_LIST_COLUMNS],
            rows=_rows(snapshot["campaign"], snapshot["body"]),
            text_columns=[i for i, column in enumerate(ASSISTED_LIST_COLUMNS) if column.text],
            total=snapshot["rows"],
            progress=progress,
        )


KIND = register(
    ReportKind(
        key="assisted_list",
        label=_("List of assisted small and micro enterprises"),
        scopes=("city", "body"),
        extension="xlsx",
        gather=gather,
        write=write,
        roles=(Role.REGULATOR, Role.CB_MANAGER),
    )
)
