"""Rectification requests: open → answered → closed, or answered → returned → answered again; who answers, with
what, and when; the round closes only when its requests are."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from supervision.models import RectificationRequest, RoundState
from supervision.services.rectifications import request_answer, request_close, request_create, request_return
from supervision.services.rounds import round_close
from tests.supervision.conftest import DUE_ON, pdf


def _answer(request, user, files=None, text="已补充台账"):
    return request_answer(
        request=request,
        text=text,
        files=[pdf()] if files is None else files,
        expected_version=request.version,
        acting_user=user,
    )


def test_a_request_starts_open_and_is_answered_by_the_party_with_evidence(cast, body_request):
    assert body_request.state == "open"
    answer = _answer(body_request, cast.cb_manager)
    body_request.refresh_from_db()
    assert body_request.state == "answered"
    assert answer.evidence.count() == 1


def test_an_answer_with_no_evidence_is_refused_with_a_chinese_message(cast, body_request):
    with pytest.raises(ValidationError) as caught:
        _answer(body_request, cast.cb_manager, files=[])
    assert "至少" in " ".join(caught.value.message_dict["files"])
    body_request.refresh_from_db()
    assert body_request.state == "open"


def test_only_the_party_asked_can_answer(cast, body_request, foreign):
    for user in (cast.district, cast.enterprise_user, cast.expert, cast.regulator):
        with pytest.raises(PermissionDenied):
            _answer(body_request, user)


def test_a_request_to_a_district_is_answered_by_its_staff_only(cast, district_request):
    with pytest.raises(PermissionDenied):
        _answer(district_request, cast.other_district)
    _answer(district_request, cast.district)
    district_request.refresh_from_db()
    assert district_request.state == "answered"


def test_an_answered_request_cannot_be_answered_again_until_sent_back(cast, body_request):
    _answer(body_request, cast.cb_manager)
    body_request.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        _answer(body_request, cast.cb_manager)
    assert "等待" in caught.value.messages[0]


def test_the_regulator_sends_an_answer_back_with_a_comment_and_the_party_answers_again(cast, body_request):
    _answer(body_request, cast.cb_manager)
    body_request.refresh_from_db()
    returned = request_return(
        request=body_request, comment="照片不清晰", expected_version=body_request.version, acting_user=cast.regulator
    )
    assert (returned.state, returned.return_comment, returned.returned_count) == ("returned", "照片不清晰", 1)
    _answer(returned, cast.cb_manager)
    returned.refresh_from_db()
    assert returned.state == "answered"
    assert returned.answers.count() == 2


def test_sending_back_needs_a_comment(cast, body_request):
    _answer(body_request, cast.cb_manager)
    body_request.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        request_return(
            request=body_request, comment=" ", expected_version=body_request.version, acting_user=cast.regulator
        )
    assert "comment" in caught.value.message_dict


def test_the_regulator_closes_an_answered_request(cast, body_request):
    _answer(body_request, cast.cb_manager)
    body_request.refresh_from_db()
    closed = request_close(
        request=body_request, comment="已核实", expected_version=body_request.version, acting_user=cast.regulator
    )
    assert closed.state == "closed"
    assert closed.closed_by == cast.regulator and closed.closed_at is not None


def test_an_open_request_cannot_be_closed_or_sent_back(cast, body_request):
    with pytest.raises(ValidationError):
        request_close(request=body_request, expected_version=body_request.version, acting_user=cast.regulator)
    with pytest.raises(ValidationError):
        request_return(
            request=body_request, comment="x", expected_version=body_request.version, acting_user=cast.regulator
        )


def test_a_closed_request_cannot_be_answered(cast, body_request):
    _answer(body_request, cast.cb_manager)
    body_request.refresh_from_db()
    request_close(request=body_request, expected_version=body_request.version, acting_user=cast.regulator)
    body_request.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        _answer(body_request, cast.cb_manager)
    assert "已关闭" in caught.value.messages[0]


def test_only_the_regulator_closes_or_sends_back(cast, body_request):
    _answer(body_request, cast.cb_manager)
    body_request.refresh_from_db()
    for user in (cast.cb_manager, cast.district):
        with pytest.raises(PermissionDenied):
            request_close(request=body_request, expected_version=body_request.version, acting_user=user)
        with pytest.raises(PermissionDenied):
            request_return(request=body_request, comment="x", expected_version=body_request.version, acting_user=user)


def test_a_stale_close_is_refused(cast, body_request):
    _answer(body_request, cast.cb_manager)
    with pytest.raises(ValidationError) as caught:
        request_close(request=body_request, expected_version=1, acting_user=cast.regulator)
    assert caught.value.code == "stale"


def test_a_due_date_before_the_visit_is_refused(cast, visit):
    with pytest.raises(ValidationError) as caught:
        request_create(
            visit=visit,
            party=cast.body,
            asked="x",
            due_on=visit.visited_on - timedelta(days=1),
            acting_user=cast.regulator,
        )
    assert "due_on" in caught.value.message_dict


def test_a_party_of_another_tenant_cannot_be_asked(cast, visit, foreign):
    with pytest.raises(ValidationError) as caught:
        request_create(visit=visit, party=foreign.body, asked="x", due_on=DUE_ON, acting_user=cast.regulator)
    assert "party" in caught.value.message_dict


def test_a_round_cannot_close_with_an_open_request_and_the_message_names_how_many(cast, round_, body_request):
    request_create(
        visit=body_request.visit, party=cast.enterprise, asked="y", due_on=DUE_ON, acting_user=cast.regulator
    )
    with pytest.raises(ValidationError) as caught:
        round_close(round=round_, expected_version=round_.version, acting_user=cast.regulator)
    assert "2" in caught.value.messages[0]
    round_.refresh_from_db()
    assert round_.state == RoundState.OPEN


def test_a_round_closes_once_every_request_is_closed(cast, round_, body_request):
    _answer(body_request, cast.cb_manager)
    body_request.refresh_from_db()
    request_close(request=body_request, expected_version=body_request.version, acting_user=cast.regulator)
    closed = round_close(round=round_, expected_version=round_.version, acting_user=cast.regulator)
    assert closed.state == RoundState.CLOSED and closed.closed_at is not None


def test_the_campaign_is_denormalised_on_the_request(cast, body_request):
    assert RectificationRequest.objects.get(pk=body_request.pk).campaign_id == cast.campaign.pk


def test_a_request_to_a_body_is_invisible_to_another_body_and_to_the_foreign_tenant(cast, body_request, foreign):
    from accounts.models import Membership, Organisation, OrganisationKind, Role, User
    from assistance.models import CertificationBody

    org = Organisation.objects.create(tenant=cast.tenant, name="另一认证机构", kind=OrganisationKind.CERTIFICATION_BODY)
    CertificationBody.objects.create(tenant=cast.tenant, organisation=org, name="另一认证机构", approval_number="X-2")
    other_manager = User.objects.create_user("other-cb", password="x")
    Membership.objects.create(user=other_manager, organisation=org, role=Role.CB_MANAGER)
    assert RectificationRequest.objects.visible_to(cast.cb_manager).filter(pk=body_request.pk).exists()
    for user in (other_manager, foreign.cb_manager, foreign.regulator, cast.district, cast.enterprise_user):
        assert not RectificationRequest.objects.visible_to(user).filter(pk=body_request.pk).exists()


def test_today_is_after_the_2023_due_date_so_an_open_2023_request_is_overdue(body_request):
    from supervision.policy import is_overdue

    assert is_overdue(state=body_request.state, due_on=body_request.due_on)
    assert not is_overdue(state="closed", due_on=body_request.due_on)
    assert not is_overdue(state="open", due_on=date.today() + timedelta(days=1))
