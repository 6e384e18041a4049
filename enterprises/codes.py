"""Unified social credit codes (GB 32100-2015) and Chinese phone numbers: validation, and valid codes for demo data.

A code is 登记管理部门 (position 1) + 机构类别 (2) + the 6-digit administrative region (3–8) + the 9-character
organisation code (GB 11714, 9–17) + the check character (18). python-stdnum's ``cn.uscc`` accepts only a digit in
position 1, but GB 32100 also allows letters there (A 中央军委改革和编制办公室, N 农业, Y 其他), so positions 1–8 are
checked here and only the check character is computed with stdnum.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc

_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100-2015 表1: 登记管理部门代码 → the 机构类别代码 each allows.
_CATEGORIES = {
    "1": "1239",  # 机构编制: 机关, 事业单位, 中央编办直接管理机构编制的群众团体, 其他
    "2": "19",  # 外交: 外国常驻新闻机构, 其他
    "3": "123459",  # 司法行政: 律师执业机构, 公证处, 基层法律服务所, 司法鉴定机构, 仲裁委员会, 其他
    "4": "19",  # 文化: 外国在华文化中心, 其他
    "5": "1239",  # 民政: 社会团体, 民办非企业单位, 基金会, 其他
    "6": "129",  # 旅游: 外国旅游部门常驻代表机构, 港澳台地区旅游部门常驻内地(大陆)代表机构, 其他
    "7": "129",  # 宗教: 宗教活动场所, 宗教院校, 其他
    "8": "19",  # 工会: 基层工会, 其他
    "9": "123",  # 工商: 企业, 个体工商户, 农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室: 军队事业单位, 其他
    "N": "1239",  # 农业: 组级, 村级, 乡镇级集体经济组织, 其他
    "Y": "1",  # 其他
}
# Every character of a code comes from this alphabet: digits and capitals without I, O, S, V, Z.
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def _org_code_check(eight: str) -> str:
    total = sum(int(ch, 36) * weight for ch, weight in zip(eight, _GB11714_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(region: str, serial: int, *, authority: str = "9", category: str = "1") -> str:
    eight = f"MA{serial:06d}"
    body = f"{authority}{category}{region}{eight}{_org_code_check(eight)}"
    return body + uscc.calc_check_digit(body)


# Dashes people type or paste inside a code (ASCII, and the Unicode hyphens NFKC leaves alone).
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"


def normalise_credit_code(value: object) -> str:
    """The code as a person reads it: NFKC (full-width characters to ASCII), then every space, invisible format
    character (no-break, zero-width, byte-order mark, ideographic space …) and dash removed, and upper case.

    The one normalisation for every path (forms, API, roster import, admin, the model field's validator)."""
    text = unicodedata.normalize("NFKC", str(value if value is not None else ""))
    return "".join(
        ch for ch in text if not ch.isspace() and unicodedata.category(ch) != "Cf" and ch not in _DASHES
    ).upper()


# Pre-2015 identifiers people still copy from old licences: what each is, so the message can say so.
_OLD_REGISTRATION_NUMBER = re.compile(r"^\d{15}(\(.*\))?$")  # 工商注册号, 15 digits
_OLD_ORGANISATION_CODE = re.compile(r"^[0-9A-Z]{8}[0-9X](\(.*\))?$")  # 组织机构代码, 8 + check character


def validate_credit_code(value: object) -> str:
    """The normalised 18-character code (GB 32100-2015), or a ValidationError saying what is wrong: an old
    registration number or organisation code, the length, characters, the authority/category/region, or the check
    character."""
    code = normalise_credit_code(value)
    if _OLD_REGISTRATION_NUMBER.match(code):
        raise ValidationError(
            _(
                "This is a 15-digit business registration number (注册号) from before 2015, not a unified social "
                "credit code. Enter the 18-character code printed on the current business licence."
            ),
            code="credit_code_old_registration_number",
        )
    if _OLD_ORGANISATION_CODE.match(code) and _org_code_check(code[:8]) == code[8]:
        raise ValidationError(
            _(
                "This is a 9-character organisation code (组织机构代码), not a unified social credit code. Enter the "
                "18-character code printed on the current business licence; the organisation code is its "
                "characters 9 to 17."
            ),
            code="credit_code_old_organisation_code",
        )
    if len(code) != 18:
        raise ValidationError(
            _("A unified social credit code has 18 characters; this one has %(count)d.") % {"count": len(code)},
            code="credit_code_length",
        )
    bad = sorted({ch for ch in code if ch not in ALPHABET})
    if bad:
        raise ValidationError(
            _(
                "The code contains characters a unified social credit code cannot have: %(chars)s "
                "(only digits and capital letters other than I, O, S, V and Z)."
            )
            % {"chars": " ".join(bad)},
            code="credit_code_characters",
        )
    if code[1] not in _CATEGORIES.get(code[0], "") or not code[2:8].isdigit():
        raise ValidationError(
            _(
                "The first eight characters are not a registration authority, an organisation category and a "
                "six-digit region code as GB 32100 defines them."
            ),
            code="credit_code_format",
        )
    if code[17] != uscc.calc_check_digit(code[:17]):
        raise ValidationError(
            _("The check character (the last one) does not match; please check the code for a typing error."),
            code="credit_code_check",
        )
    return code


# An extension as people write it: 022-27181234转8001, 分机 8001, ext. 8001, x8001.
_EXTENSION = re.compile(r"\s*(?:转|分机|ext\.?|extension|x)\s*(\d{1,6})\s*$", re.IGNORECASE)
_TRAILING_GROUP = re.compile(r"^(.*\d)\s*-\s*(\d{1,6})$")  # 022-27181234-8001: the last group may be one
_SEPARATORS = re.compile(r"[/、,，;；|]|\s或\s|\s+or\s+")
_LOCAL_ONLY = re.compile(r"^\d{7,8}$")  # a fixed line without its area code
_SERVICE_NUMBER = re.compile(r"^(?:\+?86)?[48]00\d{7}$")  # 400/800 hotlines
_PHONE_TYPES = (
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
)


def _parse_cn(text: str):
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return None
    if number.country_code != 86 or not phonenumbers.is_valid_number(number):
        return None
    if phonenumbers.number_type(number) not in _PHONE_TYPES:
        return None
    return number


def credit_code_validator(value: str) -> None:
    """The model field's validator: what is stored is a valid code in its normal form, whatever path wrote it
    (forms, the API, the roster import, the admin, ``full_clean`` in a command). Raises ValidationError."""
    code = validate_credit_code(value)
    if code != value:
        raise ValidationError(
            _("Enter the code as its 18 characters, without spaces or dashes: %(code)s.") % {"code": code},
            code="credit_code_not_normalised",
        )


def normalise_phone(value: object) -> str:
    """One Chinese mobile or fixed-line number, stored as E.164 with its extension, if any, after ``;ext=``
    (RFC 3966): ``+8613800000000``, ``+862227181234;ext=8001``. Raises ValidationError that says why: two numbers
    in one field, a 400/800 hotline, a fixed line without its area code (the hint names 022, Tianjin's), or not a
    number at all. An extension is never dropped."""
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    parts = [part for part in _SEPARATORS.split(text) if sum(ch.isdigit() for ch in part) >= 5]
    if len(parts) > 1:
        raise ValidationError(
            _("Enter one phone number here; this field holds %(count)d.") % {"count": len(parts)},
            code="phone_several",
        )
    extension = ""
    match = _EXTENSION.search(text)
    if match:
        extension, text = match.group(1), text[: match.start()]
    digits = "".join(ch for ch in text if ch.isdigit() or ch == "+")
    if _SERVICE_NUMBER.match(digits):
        raise ValidationError(
            _(
                "A 400/800 hotline cannot reach the designated person; enter their mobile number or a fixed line "
                "with its area code."
            ),
            code="phone",  # the code every unusable number has; the message says which kind
        )
    if _LOCAL_ONLY.match(digits):
        raise ValidationError(
            _("Add the area code to the fixed-line number, e.g. 022-%(number)s for Tianjin.") % {"number": digits},
            code="phone_area_code",
        )
    number = _parse_cn(text)
    if number is None and not extension:
        trailing = _TRAILING_GROUP.match(text.strip())
        if trailing:
            number = _parse_cn(trailing.group(1))
            extension = trailing.group(2) if number is not None else ""
    if number is None:
        raise ValidationError(
            _("Enter a valid Chinese mobile number (11 digits) or a fixed line with its area code, e.g. 022-23456789."),
            code="phone",
        )
    stored = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return f"{stored};ext={extension}" if extension else stored


def display_phone(value: str) -> str:
    """A stored number as people in China write it (138 0000 0000, 022 2718 1234 转 8001)."""
    if not value:
        return ""
    number, _sep, extension = value.partition(";ext=")
    try:
        parsed = phonenumbers.parse(number, "CN")
    except phonenumbers.NumberParseException:
        return value
    shown = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)
    return f"{shown} 转 {extension}" if extension else shown
