"""The 一企一策 plan (附件二(三)), derived from the diagnosis."""

import pytest
from django.core.exceptions import ValidationError

from assistance.models import (
    Plan,
)
from assistance.services.diagnosis import problem_move
from assistance.services.plans import plan_record
from tests.assistance.test_diagnosis import _diagnose, _problem

pytestmark = pytest.mark.usefixtures("frozen_today")  # "today" is in the 2023 assistance phase


def test_the_plan_needs_the_diagnosis_and_there_is_one_per_enrolment(cast, fresh):
    with pytest.raises(ValidationError, match="diagnosis"):
        plan_record(enrolment=fresh, key_issues="x", approach="y", acting_user=cast.expert)
    _diagnose(fresh, cast.expert)
    plan_record(enrolment=fresh, key_issues="x", approach="y", acting_user=cast.expert)
    with pytest.raises(ValidationError, match="already"):
        plan_record(enrolment=fresh, key_issues="x", approach="y", acting_user=cast.expert)
    assert Plan.objects.filter(enrolment=fresh).count() == 1


def test_the_plan_page_prefills_the_key_issues_from_the_open_problems_most_urgent_first(cast, fresh, as_user):
    diagnosis = _diagnose(fresh, cast.expert)
    _problem(diagnosis, cast.expert, "记录不全", urgency="low")
    _problem(diagnosis, cast.expert, "来料不检", urgency="high")
    solved = _problem(diagnosis, cast.expert, "已解决的问题")
    problem_move(problem=solved, to="solved", expected_version=1, acting_user=cast.expert, note="已整改完成")
    page = as_user(cast.expert).get(f"/assistance/work/enrolments/{fresh.pk}/plan/")
    draft = page.context["form"].initial["key_issues"]
    assert draft.index("来料不检") < draft.index("记录不全")
    assert "已解决的问题" not in draft
