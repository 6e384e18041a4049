"""The Excel roster (附件二(一) 小微企业遴选), read side: the template, the export row, reading an upload and checking
it row by row (enterprises.services.roster stores and imports what this checks), and the list of past imports.

The file's column headers are Chinese because the file is a Chinese form that districts fill in and pass around; they
are data, like the notice's wording, not interface text. Exported cells are formula-escaped (portal.excel).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import Campaign, MemberUnit
from enterprises.codes import display_phone, normalise_phone, validate_credit_code
from enterprises.models import Cluster, Enrolment, Enterprise, RosterImport, SizeClass
from portal.excel import append_header, escape_cell, workbook_bytes


def roster_import_list(*, user, limit: int = 10) -> QuerySet[RosterImport]:
    """The user's latest roster imports (at most ``limit``), newest first, without their row data."""
    return (
        RosterImport.objects.visible_to(user).select_related("created_by", "campaign", "district").defer("rows")[:limit]
    )


MAX_ROWS = 5000


PROGRESS_EVERY = 25


# (key, header) in the template's column order.
COLUMNS = [
    ("name", "企业名称"),
    ("credit_code", "统一社会信用代码"),
    ("district", "所在区"),
    ("address", "详细地址"),
    ("cluster", "产业集群"),
    ("size_class", "企业规模"),
    ("employees", "从业人数"),
    ("annual_revenue", "营业收入(万元)"),
    ("contact_name", "指定专人"),
    ("contact_phone", "联系电话"),
    ("is_foreign_trade", "外贸企业"),
    ("is_specialised", "专精特新"),
    ("is_three_same", "三同"),
    ("took_part_before", "曾参加往期行动"),
]


REQUIRED = ("name", "credit_code", "district")


# 二、3 and 附件二(一): the notice's own names of the seven clusters.
CLUSTER_NAMES = {
    "汽车及零部件": Cluster.AUTO_PARTS,
    "自行车": Cluster.BICYCLES,
    "地毯": Cluster.CARPETS,
    "五金制品": Cluster.HARDWARE,
    "绢花": Cluster.SILK_FLOWERS,
    "乐器": Cluster.MUSICAL_INSTRUMENTS,
    "医疗器械": Cluster.MEDICAL_DEVICES,
    "其他": Cluster.OTHER,
}


SIZE_NAMES = {"小型": SizeClass.SMALL, "小": SizeClass.SMALL, "微型": SizeClass.MICRO, "微": SizeClass.MICRO}


YES = {"是", "y", "yes", "1", "√", "true"}


NO = {"否", "n", "no", "0", "", "×", "false"}


BOOLEAN_FIELDS = ("is_foreign_trade", "is_specialised", "is_three_same", "took_part_before")


def _yes_no(value: bool) -> str:
    return "是" if value else "否"


def enterprise_export_row(enterprise: Enterprise) -> list:
    """An enterprise in the template's columns, so an export can be edited and imported again."""
    cluster_name = {v.value: k for k, v in CLUSTER_NAMES.items()}[enterprise.cluster]
    return [
        enterprise.name,
        enterprise.credit_code,
        enterprise.district.name,
        enterprise.address,
        cluster_name,
        "小型" if enterprise.size_class == SizeClass.SMALL else "微型",
        enterprise.employees,
        enterprise.annual_revenue,
        enterprise.contact_name,
        display_phone(enterprise.contact_phone),
        *(_yes_no(getattr(enterprise, name)) for name in BOOLEAN_FIELDS),
    ]


def roster_template(*, user) -> bytes:
    """The empty roster with its Chinese headers and a sheet saying what each column accepts."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "企业名单"
    append_header(sheet, [header for _key, header in COLUMNS])
    notes = workbook.create_sheet("填写说明")
    districts = "、".join(MemberUnit.objects.visible_to(user).filter(kind="district").values_list("name", flat=True))
    for line in (
        ("企业名称、统一社会信用代码、所在区为必填项。",),
        ("统一社会信用代码", "18位，按GB 32100-2015校验。"),
        ("所在区", districts),
        ("产业集群", "、".join(CLUSTER_NAMES)),
        ("企业规模", "小型、微型"),
        ("联系电话", "手机号码或带区号的固定电话，如022-23456789。"),
        ("外贸企业、专精特新、三同、曾参加往期行动", "是、否"),
    ):
        notes.append([escape_cell(value) for value in line])
    notes.column_dimensions["A"].width = 40
    notes.column_dimensions["B"].width = 80
    return workbook_bytes(workbook)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_roster(upload) -> list[dict]:
    """The rows of the first sheet as {key: text, "line": n}; a file that is not a roster raises ValidationError."""
    upload.seek(0)
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged or foreign file
        raise ValidationError({"file": _("The file cannot be read as an Excel roster.")}, code="unreadable") from None
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [_text(value) for value in next(lines, ())]
        by_header = {header_text: key for key, header_text in COLUMNS}
        positions = {by_header[text]: index for index, text in enumerate(header) if text in by_header}
        missing = [text for key, text in COLUMNS if key in REQUIRED and key not in positions]
        if missing:
            raise ValidationError(
                {
                    "file": _("The first row must hold the template's headers; missing: %(headers)s.")
                    % {"headers": "、".join(missing)}
                },
                code="headers",
            )
        rows = []
        for number, values in enumerate(lines, start=2):
            row = {key: _text(values[index]) if index < len(values) else "" for key, index in positions.items()}
            if not any(row.values()):
                continue  # blank lines are ignored
            rows.append({"line": number, **row})
            if len(rows) > MAX_ROWS:
                raise ValidationError(
                    {"file": _("A roster may have at most %(max)d rows; split the file.") % {"max": MAX_ROWS}},
                    code="too_many_rows",
                )
    finally:
        workbook.close()
        upload.seek(0)
    if not rows:
        raise ValidationError({"file": _("The roster has no rows below its headers.")}, code="empty")
    return rows


@dataclass
class _Context:
    """What checking a row needs, loaded once per file (constant queries at any number of rows)."""

    tenant_id: int
    own_district_id: int | None  # a district uploader's own; None for the regulator
    districts: dict[str, MemberUnit]
    existing: dict[str, Enterprise]
    enrolled_codes: set[str]


def _context(*, user, campaign: Campaign, codes: list[str]) -> _Context:
    scope = scope_of(user)
    districts = {unit.name: unit for unit in MemberUnit.objects.filter(tenant_id=campaign.tenant_id, kind="district")}
    existing = {
        enterprise.credit_code: enterprise
        for enterprise in Enterprise.objects.filter(tenant_id=campaign.tenant_id, credit_code__in=codes)
    }
    enrolled = set(
        Enrolment.objects.filter(campaign=campaign, enterprise__credit_code__in=codes).values_list(
            "enterprise__credit_code", flat=True
        )
    )
    own = scope.member_unit_id if scope is not None and scope.role == Role.MEMBER_UNIT else None
    return _Context(campaign.tenant_id, own, districts, existing, enrolled)


def _check_row(row: dict, context: _Context, seen: dict[str, int]) -> tuple[dict, list[str]]:
    """The row's cleaned values and its errors (Chinese messages once translated), every problem at once."""
    errors: list[str] = []
    clean: dict = {}
    clean["name"] = row.get("name", "")
    if not clean["name"]:
        errors.append(_("The enterprise name is missing."))
    elif len(clean["name"]) > 200:
        errors.append(_("The enterprise name is longer than 200 characters."))
    code = row.get("credit_code", "")
    try:
        code = validate_credit_code(code)
        clean["credit_code"] = code
        if code in seen:
            errors.append(_("The same credit code as in row %(line)d.") % {"line": seen[code]})
        else:
            seen[code] = row["line"]
        if code in context.enrolled_codes:
            errors.append(_("This enterprise is already enrolled in this campaign."))
    except ValidationError as exc:
        errors.append(_("Unified social credit code: %(error)s") % {"error": exc.messages[0]})
    district = context.districts.get(row.get("district", ""))
    if district is None:
        errors.append(_("Unknown district “%(name)s”.") % {"name": row.get("district", "")})
    elif context.own_district_id is not None and district.pk != context.own_district_id:
        errors.append(
            _("%(name)s is not your district; you can only import your own district's enterprises.")
            % {"name": district.name}
        )
    else:
        clean["district_id"] = district.pk
        existing = context.existing.get(clean.get("credit_code", ""))
        if (
            existing is not None
            and context.own_district_id is not None
            and existing.district_id != context.own_district_id
        ):
            errors.append(_("This enterprise is recorded in another district."))
    clean["address"] = row.get("address", "")[:300]
    cluster = row.get("cluster", "")
    if not cluster:
        clean["cluster"] = Cluster.OTHER
    elif cluster in CLUSTER_NAMES or cluster in Cluster.values:
        clean["cluster"] = CLUSTER_NAMES.get(cluster, cluster)
    else:
        errors.append(_("Unknown industry cluster “%(value)s”.") % {"value": cluster})
    size = row.get("size_class", "")
    if not size:
        clean["size_class"] = SizeClass.SMALL
    elif size in SIZE_NAMES or size in SizeClass.values:
        clean["size_class"] = SIZE_NAMES.get(size, size)
    else:
        errors.append(_("Enterprise size must be 小型 or 微型, not “%(value)s”.") % {"value": size})
    employees = row.get("employees", "")
    if employees:
        if employees.isdigit() and int(employees) <= 10_000:
            clean["employees"] = int(employees)
        else:
            errors.append(_("The number of employees must be a whole number up to 10,000."))
    revenue = row.get("annual_revenue", "")
    if revenue:
        try:
            amount = Decimal(revenue)
            if amount < 0 or amount >= Decimal("10000000000") or amount != amount.quantize(Decimal("0.01")):
                raise InvalidOperation
            clean["annual_revenue"] = str(amount)
        except InvalidOperation:
            errors.append(_("The revenue must be a number of 10k yuan with at most two decimals."))
    clean["contact_name"] = row.get("contact_name", "")[:50]
    phone = row.get("contact_phone", "")
    if phone:
        try:
            clean["contact_phone"] = normalise_phone(phone)
        except ValidationError:
            errors.append(_("The phone number “%(value)s” is not a valid Chinese number.") % {"value": phone})
    for name in BOOLEAN_FIELDS:
        value = row.get(name, "").lower()
        if value in YES:
            clean[name] = True
        elif value in NO:
            clean[name] = False
        else:
            header = dict(COLUMNS)[name]
            errors.append(_("%(column)s must be 是 or 否.") % {"column": header})
    return clean, errors


def check_rows(*, rows: list[dict], user, campaign: Campaign, on_progress=None) -> list[dict]:
    """Every row with its values, cleaned values and errors, in file order."""
    codes = []
    for row in rows:
        try:
            codes.append(validate_credit_code(row.get("credit_code", "")))
        except ValidationError:
            pass
    context = _context(user=user, campaign=campaign, codes=codes)
    seen: dict[str, int] = {}
    checked = []
    for index, row in enumerate(rows, start=1):
        clean, errors = _check_row(row, context, seen)
        checked.append(
            {
                "line": row["line"],
                "values": {k: v for k, v in row.items() if k != "line"},
                "clean": clean,
                "errors": errors,
            }
        )
        if on_progress and index % PROGRESS_EVERY == 0:
            on_progress(index)
    return checked
