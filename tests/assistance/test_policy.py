"""The notice's rules as assistance.policy states them, one function each (the services' and pages' tests prove them
end to end; these pin the functions themselves)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from assistance.models import TrainingKind
from assistance.policy import (
    MAX_ENTERPRISES_PER_EXPERT,
    MIN_OPERATION_MONTHS,
    add_months,
    district_breach,
    expert_load_breach,
    missing_training_kinds,
    override_check,
    review_possible_from,
    rule_breaches,
    specialty_breach,
)
from enterprises.models import Cluster


def test_r2_an_expert_at_the_maximum_load_is_a_breach_below_it_is_not(world):
    expert = world.expert_profile
    assert expert_load_breach(expert=expert, load=MAX_ENTERPRISES_PER_EXPERT - 1) is None
    assert expert_load_breach(expert=expert, load=MAX_ENTERPRISES_PER_EXPERT).rule == "R2"


def test_r3_and_r4_name_the_specialty_and_the_district_that_do_not_match(world):
    expert, enterprise = world.expert_profile, world.enterprise
    expert.specialties = [enterprise.cluster]
    assert specialty_breach(expert=expert, enterprise=enterprise) is None
    expert.specialties = [value for value in Cluster.values if value != enterprise.cluster][:1]
    assert specialty_breach(expert=expert, enterprise=enterprise).rule == "R3"
    expert.home_district = world.other_district_unit
    assert district_breach(expert=expert, enterprise=enterprise).rule == "R4"
    assert [b.rule for b in rule_breaches(expert=expert, enterprise=enterprise, load=MAX_ENTERPRISES_PER_EXPERT)] == [
        "R2",
        "R3",
        "R4",
    ]


def test_breaking_r2_to_r4_needs_a_written_reason_which_is_kept(world):
    breaches = rule_breaches(expert=world.expert_profile, enterprise=world.enterprise, load=MAX_ENTERPRISES_PER_EXPERT)
    with pytest.raises(ValidationError) as error:
        override_check(breaches, "  ")
    assert "override_reason" in error.value.message_dict
    assert override_check(breaches, " 跨区支援项目 ") == (["R2"], "跨区支援项目")
    assert override_check([], "anything") == ([], "")


def test_r7_three_calendar_months_count_from_the_operation_start(world):
    assert MIN_OPERATION_MONTHS == 3
    assert add_months(date(2023, 5, 31), 3) == date(2023, 8, 31)
    assert add_months(date(2023, 11, 30), 3) == date(2024, 2, 29)
    enrolment = world.enrolment
    enrolment.operation_started_on = date(2023, 5, 16)
    assert review_possible_from(enrolment) == date(2023, 8, 16)
    enrolment.operation_started_on = None
    assert review_possible_from(enrolment) is None


def test_r8_a_district_needs_a_centralised_and_an_industry_training():
    assert missing_training_kinds({}) == [TrainingKind.CENTRALISED, TrainingKind.INDUSTRY]
    assert missing_training_kinds({TrainingKind.CENTRALISED: 1, TrainingKind.ONLINE: 3}) == [TrainingKind.INDUSTRY]
    assert missing_training_kinds({TrainingKind.CENTRALISED: 2, TrainingKind.INDUSTRY: 1}) == []
