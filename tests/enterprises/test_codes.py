"""GB 32100-2015 unified social credit codes and Chinese phone numbers."""

import pytest
from django.core.exceptions import ValidationError
from stdnum.cn import uscc

from enterprises.codes import make_credit_code, normalise_phone, validate_credit_code


def _with_check(first17: str) -> str:
    return first17 + uscc.calc_check_digit(first17)


VALID = [
    "91110000600037341L",  # python-stdnum's own example (an enterprise registered by 市场监管)
    make_credit_code("120116", 9001),  # a Tianjin Binhai enterprise
    _with_check("N2120116MA0000005"),  # N 农业: a village collective economic organisation
    _with_check("Y1120101MA0000012"),  # Y 其他
    _with_check("12120000401359307"),  # 1 机构编制: a public institution
    _with_check("51120000MJ0000015"),  # 5 民政: a social organisation
]


@pytest.mark.parametrize("code", VALID)
def test_valid_credit_codes_pass_including_those_starting_with_n_and_y(code):
    assert validate_credit_code(code) == code


def test_stdnum_alone_would_refuse_the_n_and_y_codes_this_validator_accepts():
    assert not uscc.is_valid(VALID[2]) and not uscc.is_valid(VALID[3])


def test_spaces_hyphens_and_lower_case_are_normalised():
    code = make_credit_code("120116", 9001)
    assert validate_credit_code(f" {code[:8].lower()}-{code[8:]} ") == code


def _code_of(value):
    with pytest.raises(ValidationError) as info:
        validate_credit_code(value)
    return info.value.code


def test_a_code_with_one_changed_character_fails_the_check_character():
    code = make_credit_code("120116", 9001)
    changed = code[:10] + ("1" if code[10] != "1" else "2") + code[11:]
    assert _code_of(changed) == "credit_code_check"


@pytest.mark.parametrize(
    "value, code",
    [
        ("91110000600037341", "credit_code_length"),  # 17 characters
        ("91110000600037341LX", "credit_code_length"),
        ("", "credit_code_length"),
        ("91110000600O37341L", "credit_code_characters"),  # letter O
        ("9111000060003734IL", "credit_code_characters"),  # letter I
        ("91110000600037341Z", "credit_code_characters"),  # Z is never used
        ("B1110000600037341L", "credit_code_format"),  # B is not a registration authority
        ("94110000600037341L", "credit_code_format"),  # 市场监管 has no category 4
        ("911A0000600037341L", "credit_code_format"),  # the region code is six digits
        ("91110000600037341M", "credit_code_check"),
    ],
)
def test_invalid_codes_say_what_is_wrong(value, code):
    assert _code_of(value) == code


@pytest.mark.parametrize(
    "raw, stored",
    [
        ("13812345678", "+8613812345678"),
        ("138 1234 5678", "+8613812345678"),
        ("+86 138-1234-5678", "+8613812345678"),
        ("022-23456789", "+862223456789"),
        ("(022) 2345 6789", "+862223456789"),
    ],
)
def test_chinese_mobile_and_fixed_line_numbers_are_stored_normalised(raw, stored):
    assert normalise_phone(raw) == stored


@pytest.mark.parametrize("raw", ["12345", "1381234567", "+1 202 555 0101", "4008123123", "电话", ""])
def test_other_numbers_are_refused(raw):
    with pytest.raises(ValidationError) as info:
        normalise_phone(raw)
    assert info.value.code == "phone"
