"""A district returns a submitted case to the enterprise for revision, with a comment the enterprise sees; the
regulator selects an excellent case on a confirmation page that shows the reviewers' scores beside it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises.models import Case, CaseReview, CaseState
from enterprises.services.cases import case_return, case_submit
from notifications.models import Notification, NotificationKind


def test_the_district_returns_a_submitted_case_to_draft_with_a_comment_the_enterprise_sees(domain, as_user):
    returned = case_return(case=domain.case, comment="请补充质量成本数据", acting_user=domain.district)
    stored = Case.objects.get(pk=returned.pk)
    assert (stored.state, stored.revision_comment, stored.submitted_at) == (CaseState.DRAFT, "请补充质量成本数据", None)
    page = as_user(domain.enterprise_user).get(f"/enterprises/cases/{stored.pk}/").content.decode()
    assert "请补充质量成本数据" in page and f"/enterprises/cases/{stored.pk}/edit/" in page
    case_submit(case=stored, acting_user=domain.enterprise_user)
    assert Case.objects.get(pk=stored.pk).state == CaseState.SUBMITTED


def test_a_case_is_not_returned_without_a_comment(domain):
    with pytest.raises(ValidationError) as error:
        case_return(case=domain.case, comment=" ", acting_user=domain.district)
    assert "comment" in error.value.message_dict
    assert Case.objects.get(pk=domain.case.pk).state == CaseState.SUBMITTED


@pytest.mark.parametrize("role", ["other_district", "regulator", "enterprise_user", "expert"])
def test_only_the_enterprises_district_returns_its_case(domain, role):
    with pytest.raises(PermissionDenied):
        case_return(case=domain.case, comment="请修改", acting_user=getattr(domain, role))
    assert Case.objects.get(pk=domain.case.pk).state == CaseState.SUBMITTED


def test_the_district_returns_a_case_through_its_page(domain, as_user):
    client = as_user(domain.district)
    assert (
        f"/enterprises/cases/{domain.case.pk}/return/"
        in client.get(f"/enterprises/cases/{domain.case.pk}/").content.decode()
    )
    client.post(f"/enterprises/cases/{domain.case.pk}/return/", {"comment": "请补充数据"})
    assert Case.objects.get(pk=domain.case.pk).revision_comment == "请补充数据"


def test_selecting_a_case_asks_for_confirmation_with_the_scores_beside_it(domain, as_user):
    Case.objects.filter(pk=domain.case.pk).update(state=CaseState.SCORED)
    CaseReview.objects.filter(pk=domain.case_review.pk).update(score=87, comment="数据翔实")
    client = as_user(domain.regulator)
    detail = client.get(f"/enterprises/cases/{domain.case.pk}/").content.decode()
    assert 'name="decision"' not in detail  # no one-click decision on the case page
    confirm = client.get(f"/enterprises/cases/{domain.case.pk}/decide/")
    html = confirm.content.decode()
    assert confirm.status_code == 200 and "87" in html and "数据翔实" in html and 'value="selected"' in html
    assert Case.objects.get(pk=domain.case.pk).state == CaseState.SCORED
    client.post(f"/enterprises/cases/{domain.case.pk}/decide/", {"decision": "selected", "confirm": "1"})
    assert Case.objects.get(pk=domain.case.pk).state == CaseState.SELECTED


def test_a_returned_case_notifies_the_enterprises_users_once(domain):
    case_return(case=domain.case, comment="请补充质量成本数据", acting_user=domain.district)
    notes = Notification.objects.filter(kind=NotificationKind.CASE_RETURNED)
    assert [n.recipient for n in notes] == [domain.enterprise_user]
    assert "请补充质量成本数据" in notes.get().body and f"/enterprises/cases/{domain.case.pk}/" in notes.get().url
    assert not Notification.objects.filter(recipient=domain.district).exists()
