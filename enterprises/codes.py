"""Making valid unified social credit codes (GB 32100-2015) for demo and test data.

A code is 登记管理部门 (9 = 市场监管) + 机构类别 (1 = 企业) + the 6-digit administrative region + the 9-character
organisation code (GB 11714, with its own check character) + the check character python-stdnum computes.
Only fictional enterprises get these codes; a real roster brings its own.
"""

from stdnum.cn import uscc

_GB11714_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def _org_code_check(eight: str) -> str:
    total = sum(int(ch, 36) * weight for ch, weight in zip(eight, _GB11714_WEIGHTS, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def make_credit_code(region: str, serial: int) -> str:
    eight = f"MA{serial:06d}"
    body = f"91{region}{eight}{_org_code_check(eight)}"
    return body + uscc.calc_check_digit(body)
