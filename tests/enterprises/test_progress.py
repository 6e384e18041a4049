"""The enterprise's 附件二 checklist (the progress page and the enterprise's home)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import time_machine


def test_the_enterprise_home_shows_its_progress_checklist(domain, as_user, june):
    response = as_user(domain.enterprise_user).get("/")
    assert response.status_code == 200
    progress = response.context["enterprise_progress"]
    keys = {step.key: step for step in progress.steps}
    assert len(progress.steps) == 12
    assert keys["screening"].done and keys["expert"].done and keys["diagnosis"].done and keys["plan"].done
    assert not keys["operation"].done and keys["operation"].due_on == date(2023, 10, 31)
    assert keys["outcome"].due_on == date(2023, 11, 30)
    # The first open step is "next"; the page links to the full progress page.
    assert [s.state for s in progress.steps].count("next") == 1
    assert "/enterprises/progress/" in response.content.decode()


def test_the_district_sees_the_same_checklist_without_the_enterprises_drafts(domain, as_user, june):
    response = as_user(domain.district).get(f"/enterprises/enrolments/{domain.enrolment.pk}/progress/")
    assert response.status_code == 200
    assert domain.draft_case.title not in response.content.decode()
    assert domain.case.title in response.content.decode()
    assert response.context["can_edit_outcome"] is False


def test_steps_past_their_date_are_overdue(domain, as_user):
    with time_machine.travel(datetime(2023, 12, 5, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        progress = as_user(domain.enterprise_user).get("/enterprises/progress/").context["progress"]
    states = {step.key: step.state for step in progress.steps}
    assert states["internal_audit"] == "done"
    assert states["outcome"] == "overdue"


def test_r7_the_checklist_does_not_count_an_internal_audit_before_the_three_month_mark(domain, as_user):
    from assistance.models import InternalAudit, ManagementReview
    from enterprises.models import Enrolment

    shanghai = ZoneInfo("Asia/Shanghai")
    # Operation from 1 July: three months on 1 October; the domain's audit (5 September) and review (20 September)
    # were stored before that mark.
    Enrolment.objects.filter(pk=domain.enrolment.pk).update(operation_started_on=date(2023, 7, 1))
    with time_machine.travel(datetime(2023, 12, 5, 10, tzinfo=shanghai), tick=False):
        progress = as_user(domain.enterprise_user).get("/enterprises/progress/").context["progress"]
    steps = {step.key: step for step in progress.steps}
    assert not steps["internal_audit"].done and steps["internal_audit"].detail  # listed as not counted
    assert not steps["management_review"].done
    assert InternalAudit.objects.filter(enrolment=domain.enrolment).count() == 1  # stored, listed, not counted
    # Once operation is dated early enough, the same records count.
    Enrolment.objects.filter(pk=domain.enrolment.pk).update(operation_started_on=date(2023, 6, 1))
    with time_machine.travel(datetime(2023, 12, 5, 10, tzinfo=shanghai), tick=False):
        progress = as_user(domain.enterprise_user).get("/enterprises/progress/").context["progress"]
    steps = {step.key: step for step in progress.steps}
    assert steps["internal_audit"].done and steps["management_review"].done
    assert ManagementReview.objects.filter(enrolment=domain.enrolment).count() == 1
