"""The Excel roster (附件二(一) 小微企业遴选), read side: the template, the export row, reading an upload and checking
it row by row (enterprises.services.roster stores and imports what this checks), and the list of past imports.

The file's column headers are Chinese because the file is a Chinese form that districts fill in and pass around; they
are data, like the notice's wording, not interface text. Exported cells are formula-escaped (portal.excel).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from accounts.models import Role
from accounts.scope import scope_of
from campaign.models import Campaign, MemberUnit
from enterprises.codes import display_phone, normalise_phone, validate_credit_code
from enterprises.models import Cluster, Enrolment, Enterprise, RosterImport, SizeClass
from portal.excel import append_header, escape_cell, workbook_bytes
from portal.spreadsheets import normalise_header, read_table


def roster_import_list(*, user, limit: int = 10) -> QuerySet[RosterImport]:
    """The user's latest roster imports (at most ``limit``), newest first, without their row data."""
    return (
        RosterImport.objects.visible_to(user).select_related("created_by", "campaign", "district").defer("rows")[:limit]
    )


MAX_ROWS = 5000


PROGRESS_EVERY = 25
TEMPLATE_TEXT_ROWS = 1000  # rows of the template whose code and phone cells are formatted as text


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
# Headers as districts write them, beside the template's own (compared after portal.spreadsheets.normalise_header,
# so brackets with units, spaces, line breaks and * marks are already gone; 是否… and …企业 are tried without).
HEADER_SYNONYMS = {
    "name": ("企业名称", "单位名称", "公司名称", "企业全称", "名称"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "统一代码"),
    "district": ("所在区", "所属区", "所在区县", "所属区县", "辖区", "区", "所在地区", "所属地区"),
    "address": ("详细地址", "地址", "企业地址", "注册地址", "经营地址", "生产经营地址"),
    "cluster": ("产业集群", "所属集群", "集群", "所属产业集群", "行业", "所属行业"),
    "size_class": ("企业规模", "规模", "规模类型"),
    "employees": ("从业人数", "职工人数", "员工人数", "从业人员数", "人数"),
    "annual_revenue": ("营业收入", "年营业收入", "上年营业收入", "营收", "上年度营业收入"),
    "contact_name": ("指定专人", "指定专人姓名", "专人", "联系人", "联系人姓名", "负责人", "负责人姓名"),
    "contact_phone": ("联系电话", "联系方式", "电话", "手机", "手机号码", "联系人电话", "专人电话", "指定专人电话"),
    "is_foreign_trade": ("外贸企业", "外贸"),
    "is_specialised": ("专精特新", "专精特新企业"),
    "is_three_same": ("三同", "三同企业"),
    "took_part_before": ("曾参加往期行动", "参加往期行动", "往期参加", "曾参加往期提升行动"),
}
_HEADER_KEYS = {normalise_header(header): key for key, header in COLUMNS} | {
    normalise_header(variant): key for key, variants in HEADER_SYNONYMS.items() for variant in variants
}


def roster_column_for(header: str) -> str | None:
    """The roster column a normalised header names (the template's, a synonym, or either with 是否…/…企业), or None."""
    bare = header.removeprefix("是否").removeprefix("为")
    for candidate in (header, bare, bare.removesuffix("企业")):
        if candidate in _HEADER_KEYS:
            return _HEADER_KEYS[candidate]
    return None


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
    # The code and phone columns are text: typed into a number cell, an 18-digit code keeps only 15 digits.
    for key in ("credit_code", "contact_phone"):
        letter = get_column_letter([k for k, _header in COLUMNS].index(key) + 1)
        for row in range(2, TEMPLATE_TEXT_ROWS + 2):
            sheet[f"{letter}{row}"].number_format = "@"
    notes = workbook.create_sheet("填写说明")
    districts = "、".join(MemberUnit.objects.visible_to(user).filter(kind="district").values_list("name", flat=True))
    for line in (
        ("企业名称、统一社会信用代码、所在区为必填项。",),
        ("统一社会信用代码", "18位，按GB 32100-2015校验。本列为文本格式，请勿改为数字格式（数字只保留15位）。"),
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


# --- reading and checking ------------------------------------------------------------------------------------------


def read_roster(upload) -> tuple[list[dict], dict]:
    """The roster's rows as ``{"line": n, <key>: text as shown, "numeric": [keys typed into number cells]}`` and
    what was read: ``{"sheet", "header_line", "rows_read", "columns": [[key, header as written]], "unrecognised",
    "ignored", "hidden", "footers", "stopped_at"}`` — everything the preview names, so nothing is lost in silence.

    Raises ValidationError (in Chinese) for a file that is no workbook, has no sheet with the required headers, no
    rows, or more than MAX_ROWS rows."""
    try:
        table = read_table(upload, match_header=roster_column_for, required=set(REQUIRED), max_rows=MAX_ROWS)
    except ValidationError as exc:
        if exc.code == "headers":
            headers = dict(COLUMNS)
            missing = "、".join(headers[key] for key in (exc.params or {}).get("missing", REQUIRED))
            exc = ValidationError(
                _(
                    "No sheet of the file has the roster's headers in its first rows; missing: %(headers)s. Use the "
                    "template's headers."
                )
                % {"headers": missing},
                code="headers",
            )
        raise ValidationError({"file": exc.messages}, code=exc.code) from None
    order = [key for key, _header in COLUMNS]
    rows = [
        {
            "line": row.line,
            **{key: cell.shown() for key, cell in row.cells.items()},
            "numeric": [key for key, cell in row.cells.items() if cell.is_number],
        }
        for row in table.rows
    ]
    reading = {
        "sheet": table.sheet,
        "header_line": table.header_line,
        "rows_read": len(table.rows),
        "columns": [[key, table.headers[key]] for key in sorted(table.columns, key=order.index)],
        "unrecognised": table.unrecognised,
        "ignored": table.ignored,
        "hidden": table.hidden,
        "footers": table.footers,
        "stopped_at": table.stopped_at,
    }
    return rows, reading


_UNITS = ("万元", "元", "人", "名")


def _number_text(text: str) -> str:
    """A number as people write it, ready for Decimal: full width to ASCII, thousands separators, spaces and a
    trailing unit (万元, 人) out. Anything else ("约40") is left for Decimal to refuse."""
    value = unicodedata.normalize("NFKC", text).replace(",", "").replace(" ", "")
    for unit in _UNITS:
        if value.endswith(unit):
            return value[: -len(unit)]
    return value


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
        if "credit_code" in row.get("numeric", ()):
            # Excel keeps 15 significant digits of a number: the code's last digits are already gone, and turning
            # the number back into a code could pass the check character by chance (about 1 in 31).
            raise ValidationError(
                _(
                    "The cell holds a number (%(value)s), not text: Excel keeps only 15 digits of a number, so the "
                    "code's last digits are lost. Format the column as text and type the code again."
                )
                % {"value": code}
            )
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
        number = _number_text(employees)
        if number.isdigit() and int(number) <= 10_000:
            clean["employees"] = int(number)
        else:
            errors.append(
                _("The number of employees must be a whole number up to 10,000, not “%(value)s”.")
                % {"value": employees}
            )
    revenue = row.get("annual_revenue", "")
    if revenue:
        try:
            # Stored as shown, to the 0.01 万元 the column keeps (a cell showing 123.46 for 123.4567 stores 123.46).
            amount = Decimal(_number_text(revenue)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if not amount.is_finite() or amount < 0 or amount >= Decimal("10000000000"):
                raise InvalidOperation
            clean["annual_revenue"] = str(amount)
        except InvalidOperation:
            errors.append(
                _("The revenue must be a number of 10k yuan (万元), e.g. 1200 or 1,200.50, not “%(value)s”.")
                % {"value": revenue}
            )
    clean["contact_name"] = row.get("contact_name", "")[:50]
    phone = row.get("contact_phone", "")
    if phone:
        try:
            clean["contact_phone"] = normalise_phone(phone)
        except ValidationError as exc:
            errors.append(_("The phone number “%(value)s”: %(error)s") % {"value": phone, "error": exc.messages[0]})
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
        if "credit_code" in row.get("numeric", ()):
            continue
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
                "values": {k: v for k, v in row.items() if k not in ("line", "numeric")},
                "clean": clean,
                "errors": errors,
            }
        )
        if on_progress and index % PROGRESS_EVERY == 0:
            on_progress(index)
    return checked
