"""Unified social credit codes (GB 32100-2015) and Chinese phone numbers: validation, and valid codes for demo data.

A code is 登记管理部门 (position 1) + 机构类别 (2) + the 6-digit administrative region (3–8) + the 9-character
organisation code (GB 11714, 9–17) + the check character (18). python-stdnum's ``cn.uscc`` accepts only a digit in
position 1, but GB 32100 also allows letters there (A 中央军委改革和编制办公室, N 农业, Y 其他), so positions 1–8 are
checked here and only the check character is computed with stdnum.
"""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum.cn import uscc

_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)

# GB 32100-2015 表1: 登记管理部门代码 → the 机构类别代码 each allows.
_CATEGORIES = {
    "1": "1239",  # 机构编制
    "2": "19",  # 外交
    "3": "12345",  # 司法行政
    "4": "19",  # 文化
    "5": "1239",  # 民政
    "6": "19",  # 旅游
    "7": "129",  # 宗教
    "8": "19",  # 工会
    "9": "123",  # 市场监管(工商): 企业、个体工商户、农民专业合作社
    "A": "19",  # 中央军委改革和编制办公室
    "N": "12349",  # 农业
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


def normalise_credit_code(value: str) -> str:
    """Upper case, without the spaces and hyphens people type or paste."""
    return "".join(ch for ch in str(value or "") if ch not in " -\u3000\t").upper()


def validate_credit_code(value: str) -> str:
    """The normalised code, or a ValidationError saying what is wrong (length, characters, check character)."""
    code = normalise_credit_code(value)
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


def normalise_phone(value: str) -> str:
    """A Chinese mobile or fixed-line number in E.164 (+8613…, +8622…), or a ValidationError."""
    text = str(value or "").strip()
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or number.country_code != 86
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.number_type(number)
        not in (
            phonenumbers.PhoneNumberType.MOBILE,
            phonenumbers.PhoneNumberType.FIXED_LINE,
            phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
        )
    ):
        raise ValidationError(
            _("Enter a valid Chinese mobile number (11 digits) or a fixed line with its area code, e.g. 022-23456789."),
            code="phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(value: str) -> str:
    """A stored E.164 number as people in China write it (138 1234 5678, 022 2345 6789)."""
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "CN")
    except phonenumbers.NumberParseException:
        return value
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
