"""Words a person uses (issue 9): "字符" in length errors, "下一页" in pagers, Chinese download names, the body page's
load count, a timeline line that does not repeat the training kind."""

from datetime import date
from urllib.parse import quote

from django import forms
from django.urls import reverse
from django.utils import translation

from assistance.models import Training, TrainingKind
from tests.domain import populate_domain


def test_length_errors_count_characters_not_variables():
    with translation.override("zh-hans"):
        try:
            forms.CharField(max_length=3).clean("abcdef")
        except forms.ValidationError as error:
            message = error.messages[0]
    assert "字符" in message and "变量" not in message
    assert message == "最多3个字符（现有6个字符）。"


def test_pager_says_next_page():
    with translation.override("zh-hans"):
        assert translation.gettext("Next page") == "下一页"
        assert translation.gettext("Previous page") == "上一页"


def test_downloads_carry_their_chinese_file_name(cast, as_user):
    client = as_user(cast.district)
    for name, filename in (
        ("enterprises:enrolment-export", "参与企业.xlsx"),
        ("enterprises:enterprise-export", "企业名录.xlsx"),
        ("enterprises:roster-template", "企业名单模板.xlsx"),
    ):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(filename)}"


def test_body_page_shows_each_experts_load_against_the_limit(cast, as_user):
    populate_domain(cast)
    content = as_user(cast.regulator).get(reverse("assistance:body-detail", args=[cast.body.pk])).content.decode()
    assert "1 / 2" in content  # cast.expert assists cast.enterprise; "1 / " alone said nothing


def test_timeline_does_not_repeat_the_training_kind_its_topic_names(cast, as_user):
    training = Training.objects.create(
        campaign=cast.campaign,
        district=cast.district_unit,
        organiser=cast.body.organisation,
        kind=TrainingKind.CENTRALISED,
        held_on=date(2023, 6, 20),
        topic="ISO 9001 集中培训（滨海新区）",
        person_times=30,
        created_by=cast.cb_manager,
    )
    training.enterprises.add(cast.enterprise)
    content = as_user(cast.regulator).get(reverse("enterprises:enterprise-detail", args=[cast.enterprise.pk]))
    text = content.content.decode()
    assert "ISO 9001 集中培训（滨海新区）" in text
    assert "集中培训：ISO 9001 集中培训" not in text
