"""Credit codes and phone numbers as people really type, paste and send them (field cases C03–C07, C12)."""

import pytest
from django.core.exceptions import ValidationError

from enterprises.codes import _CATEGORIES, display_phone, make_credit_code, normalise_phone, validate_credit_code

VALID = "91120116MAF0000125"


@pytest.mark.parametrize(
    "invisible",
    [
        "\u00a0",  # no-break space
        "\u200b",  # zero-width space
        "\u200c",  # zero-width non-joiner
        "\u200d",  # zero-width joiner
        "\u2060",  # word joiner
        "\ufeff",  # byte-order mark
        "\u3000",  # ideographic space
        "\u2009",  # thin space
        "\t",
        "\n",
        " ",
        "\u2011",  # non-breaking hyphen
        "-",
    ],
)
@pytest.mark.parametrize("where", ["start", "middle", "end"])
def test_every_invisible_character_kind_is_removed_before_the_check(invisible, where):
    typed = {"start": invisible + VALID, "middle": VALID[:8] + invisible + VALID[8:], "end": VALID + invisible}[where]
    assert validate_credit_code(typed) == VALID


def test_full_width_characters_are_read_as_their_ascii_selves():
    full_width = "".join(chr(ord(ch) + 0xFEE0) for ch in VALID)
    assert validate_credit_code(full_width) == VALID


@pytest.mark.parametrize(("authority", "categories"), sorted(_CATEGORIES.items()))
def test_every_gb_32100_category_is_accepted(authority, categories):
    for category in categories:
        code = make_credit_code("120116", 7, authority=authority, category=category)
        assert validate_credit_code(code) == code


@pytest.mark.parametrize(
    ("authority", "category"),
    [("N", "4"), ("9", "4"), ("9", "9"), ("Y", "2"), ("2", "2"), ("B", "1"), ("0", "1")],
)
def test_categories_gb_32100_does_not_define_are_refused(authority, category):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(make_credit_code("120116", 7, authority=authority, category=category))
    assert error.value.code == "credit_code_format"


def test_categories_39_and_62_of_gb_32100_table_1_are_accepted():
    # 司法行政·其他 and 旅游·港澳台地区旅游部门常驻内地(大陆)代表机构 (C06)
    assert validate_credit_code("39120116MAG0060023") == "39120116MAG0060023"
    assert validate_credit_code("62120116MAG0070056") == "62120116MAG0070056"


@pytest.mark.parametrize("typed", ["120116000123456", "120116000123456（注册号）", "１２０１１６０００１２３４５６"])
def test_an_old_15_digit_registration_number_is_named_as_such(typed):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(typed)
    assert error.value.code == "credit_code_old_registration_number"


@pytest.mark.parametrize("typed", ["MAF00001-2", "MAF000012", "maf00001－2"])
def test_an_old_9_character_organisation_code_is_named_as_such(typed):
    with pytest.raises(ValidationError) as error:
        validate_credit_code(typed)
    assert error.value.code == "credit_code_old_organisation_code"


def test_nine_characters_that_are_no_organisation_code_get_the_length_message():
    with pytest.raises(ValidationError) as error:
        validate_credit_code("MAF000019")
    assert error.value.code == "credit_code_length"


# --- phones (C12) ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored", "shown"),
    [
        ("022-27181234转8001", "+862227181234;ext=8001", "022 2718 1234 转 8001"),
        ("022-27181234-8001", "+862227181234;ext=8001", "022 2718 1234 转 8001"),
        ("022-27181234 ext. 8001", "+862227181234;ext=8001", "022 2718 1234 转 8001"),
        ("022-27181234分机8001", "+862227181234;ext=8001", "022 2718 1234 转 8001"),
        ("(022)2718 1234", "+862227181234", "022 2718 1234"),
        ("138 0000 0000", "+8613800000000", "138 0000 0000"),
        ("+86 138-0000-0000", "+8613800000000", "138 0000 0000"),
        ("１３８００００００００", "+8613800000000", "138 0000 0000"),
    ],
)
def test_phones_as_written_in_china_are_kept_with_their_extension(typed, stored, shown):
    assert normalise_phone(typed) == stored
    assert display_phone(stored) == shown


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("27181234", "phone_area_code"),
        ("13800000000/022-27181234", "phone_several"),
        ("13800000000、13900000000", "phone_several"),
        ("400-810-1234", "phone"),
        ("800-810-1234", "phone"),
        ("约13800000000的号码不详", "phone"),
        ("12345", "phone"),
    ],
)
def test_phones_that_cannot_be_stored_are_refused_saying_why(typed, code):
    with pytest.raises(ValidationError) as error:
        normalise_phone(typed)
    assert error.value.code == code


def test_the_area_code_hint_names_the_number_typed():
    with pytest.raises(ValidationError) as error:
        normalise_phone("27181234")
    assert "022-27181234" in error.value.messages[0]


def test_a_hotline_is_refused_saying_it_is_a_hotline():
    with pytest.raises(ValidationError) as error:
        normalise_phone("400-810-1234")
    assert "400/800" in error.value.messages[0]


# --- the check lives on the model field -----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("stored", "code"),
    [
        ("91120116MAF0000126", "credit_code_check"),
        ("120116000123456", "credit_code_old_registration_number"),
        ("91120116maf0000125", "credit_code_not_normalised"),
    ],
)
def test_full_clean_applies_the_credit_code_check_on_every_path(cast, stored, code):
    from enterprises.models import Enterprise

    enterprise = Enterprise(
        tenant=cast.tenant,
        name="示例",
        credit_code=stored,
        district=cast.district_unit,
        district_sort_order=cast.district_unit.sort_order,
    )
    with pytest.raises(ValidationError) as error:
        enterprise.full_clean()
    assert [e.code for e in error.value.error_dict["credit_code"]] == [code]


@pytest.mark.django_db
def test_a_phone_with_a_long_extension_fits_the_field(cast):
    from enterprises.models import Enterprise

    phone = normalise_phone("022-27181234转800123")
    enterprise = Enterprise.objects.create(
        tenant=cast.tenant,
        name="示例",
        credit_code=VALID,
        district=cast.district_unit,
        district_sort_order=cast.district_unit.sort_order,
        contact_phone=phone,
    )
    enterprise.full_clean()
    enterprise.refresh_from_db()
    assert enterprise.contact_phone == "+862227181234;ext=800123"
