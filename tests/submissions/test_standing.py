from datetime import date, datetime

from django.utils import timezone

from campaign.models import Deadline, DeadlineKind
from submissions.models import DistrictSubmission, SubmissionState
from submissions.selectors.submissions import submission_standing
from tests.queries import exact_queries


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def test_standing_gives_every_district_its_state_and_lateness_in_three_queries(cast):
    due = Deadline.objects.get(campaign=cast.campaign, kind=DeadlineKind.DISTRICT_SUBMISSION).due_on
    DistrictSubmission.objects.create(
        campaign=cast.campaign,
        member_unit=cast.district_unit,
        state=SubmissionState.APPROVED,
        first_submitted_at=_at(date(due.year, due.month, due.day - 2)),
        submitted_at=_at(due),
        unlock_count=1,
    )
    with exact_queries(3):
        standing = submission_standing(cast.campaign, date(due.year + 1, 1, 5))
    own = standing[cast.district_unit.pk]
    assert own["state"] == SubmissionState.APPROVED and own["approved"] and own["late_days"] == 0
    assert own["unlock_count"] == 1
    other = standing[cast.other_district_unit.pk]
    assert other["state"] is None and other["late_days"] is None and other["overdue"]
    assert cast.bureau_unit.pk not in standing
