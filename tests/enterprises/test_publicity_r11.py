"""R11 (四(一)2 严禁以“免费认证”的名义对外宣传): the claim that certification is free is refused in any words; reduced
fees (四(三)3 适当减免费用) and free services that are not the certification pass."""

import pytest

from enterprises.policy import free_certification_phrase


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("本企业参加免费认证活动", "免费认证"),
        ("认证免费，欢迎报名", "认证免费"),
        ("0元认证，名额有限", "0元认证"),
        ("零元认证", "零元认证"),
        ("提供免费ISO9001认证", "免费ISO9001认证"),
        ("免费 ISO 9001 质量管理体系认证", "免费 ISO 9001 质量管理体系认证"),
        ("参加提升行动，认证费用全免", "认证费用全免"),
        ("ISO9001认证全程免费", "认证全程免费"),
        ("认证不要钱", "认证不要钱"),
        ("免收认证费用", "免收认证费用"),
        ("不收取任何认证费", "不收取任何认证费"),
        ("免费拿证", "免费拿证"),
        ("免费办理认证", "免费办理认证"),
        ("免費認證", "免費認證"),
        ("认证０元", "认证０元"),
        ("零费用获得认证", "零费用获得认证"),
    ],
)
def test_r11_the_claim_that_certification_is_free_is_found_in_any_words(text, phrase):
    assert free_certification_phrase(text) == phrase


@pytest.mark.parametrize(
    "text",
    [
        "认证机构适当减免费用，为企业减负",
        "认证费用适当减免",
        "减免认证费用",
        "认证费用减半收取",
        "提供免费培训，帮助企业通过认证",
        "免费诊断企业存在的问题",
        "认证不免费，但费用合理",
        "免除费用后再认证",
        "公益性服务",
        "注塑件质量提升",
    ],
)
def test_r11_reduced_fees_and_free_services_that_are_not_certification_pass(text):
    assert free_certification_phrase(text) is None
