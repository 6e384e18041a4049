"""R9 (四(一)): every member unit holds a kickoff meeting in the deployment phase; late ones are flagged, missing
ones are overdue once the deadline has passed (campaign.policy.kickoff_standing)."""

from datetime import date

from campaign.policy import KickoffStanding, kickoff_standing

DUE = date(2023, 5, 31)  # the 2023 kickoff deadline: the end of the deployment phase


def test_r9_a_kickoff_held_by_the_deadline_is_held():
    assert kickoff_standing(held_on=date(2023, 5, 20), due_on=DUE) is KickoffStanding.HELD
    assert kickoff_standing(held_on=DUE, due_on=DUE) is KickoffStanding.HELD


def test_r9_a_kickoff_held_after_the_deadline_is_held_late():
    assert kickoff_standing(held_on=date(2023, 6, 1), due_on=DUE) is KickoffStanding.HELD_LATE


def test_r9_a_campaign_without_a_kickoff_deadline_has_no_late_kickoff():
    assert kickoff_standing(held_on=date(2023, 9, 1), due_on=None) is KickoffStanding.HELD
    assert kickoff_standing(held_on=None, due_on=None, today=date(2023, 12, 1)) is KickoffStanding.NOT_HELD


def test_r9_a_missing_kickoff_is_overdue_only_after_the_deadline():
    assert kickoff_standing(held_on=None, due_on=DUE, today=DUE) is KickoffStanding.NOT_HELD
    assert kickoff_standing(held_on=None, due_on=DUE, today=date(2023, 6, 1)) is KickoffStanding.OVERDUE
