"""The supervision pages: what the regulator and the party do, and that nothing typed or chosen is lost."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from supervision.models import RectificationRequest, SupervisionRound, SupervisionVisit
from supervision.services.rectifications import request_answer
from tests.supervision.conftest import PDF, pdf


def test_the_regulator_creates_a_round(cast, as_user):
    client = as_user(cast.regulator)
    response = client.post(
        reverse("supervision:round-create") + f"?campaign={cast.campaign.pk}",
        {"title": "九月现场督导", "starts_on": "2023-09-01"},
    )
    round_ = SupervisionRound.objects.get(title="九月现场督导")
    assert response.status_code == 302 and response["Location"] == reverse("supervision:round-detail", args=[round_.pk])


def test_the_regulator_records_a_visit_with_a_request_in_the_same_form(cast, as_user, round_):
    client = as_user(cast.regulator)
    response = client.post(
        reverse("supervision:visit-create", args=[round_.pk]),
        {
            "target": f"body:{cast.body.pk}",
            "visited_on": "2023-06-20",
            "staff": [cast.regulator.pk],
            "observations": "查看帮扶台账",
            "findings": "台账不完整",
            "asked": "补齐台账",
            "due_on": "2023-07-20",
            "files": [pdf("现场.pdf")],
        },
    )
    visit = SupervisionVisit.objects.get(body=cast.body)
    assert response.status_code == 302
    assert visit.files.count() == 1
    assert list(visit.staff.all()) == [cast.regulator]
    request = RectificationRequest.objects.get(visit=visit)
    assert (request.body, request.asked, request.campaign) == (cast.body, "补齐台账", cast.campaign)


def test_a_visit_in_the_future_and_a_due_date_before_it_are_refused_at_once_and_the_input_kept(cast, as_user, round_):
    client = as_user(cast.regulator)
    future = timezone.localdate() + timedelta(days=3)
    response = client.post(
        reverse("supervision:visit-create", args=[round_.pk]),
        {
            "target": f"member_unit:{cast.district_unit.pk}",
            "visited_on": future.isoformat(),
            "staff": [cast.regulator.pk],
            "observations": "查看台账",
            "asked": "补齐记录",
            "due_on": (future - timedelta(days=1)).isoformat(),
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "visited_on" in form.errors and "due_on" in form.errors
    assert "查看台账" in response.content.decode()
    assert not SupervisionVisit.objects.exists()


def test_a_visit_to_a_foreign_party_is_refused(cast, foreign, as_user, round_):
    client = as_user(cast.regulator)
    response = client.post(
        reverse("supervision:visit-create", args=[round_.pk]),
        {
            "target": f"body:{foreign.body.pk}",
            "visited_on": "2023-06-20",
            "staff": [cast.regulator.pk],
            "observations": "x",
        },
    )
    assert response.status_code == 200 and "target" in response.context["form"].errors


def test_an_answer_without_evidence_is_refused_and_the_text_typed_is_kept(cast, as_user, body_request):
    client = as_user(cast.cb_manager)
    response = client.post(
        reverse("supervision:request-answer", args=[body_request.pk]),
        {"text": "已按要求补齐帮扶台账", "version": body_request.version},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "已按要求补齐帮扶台账" in page
    assert "请至少上传一个整改证明材料" in page
    body_request.refresh_from_db()
    assert body_request.state == "open"


def test_a_chosen_file_survives_a_failed_answer(cast, as_user, body_request):
    client = as_user(cast.cb_manager)
    response = client.post(
        reverse("supervision:request-answer", args=[body_request.pk]),
        {"text": "", "version": body_request.version, "files": [pdf("整改照片.pdf")]},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "整改照片.pdf" in page  # kept for the next submit
    token = response.context["answer_form"]["files"].field.widget.kept[0][0]
    again = client.post(
        reverse("supervision:request-answer", args=[body_request.pk]),
        {"text": "已补齐", "version": body_request.version, "files__kept": [token]},
    )
    assert again.status_code == 302
    body_request.refresh_from_db()
    assert body_request.state == "answered"
    assert body_request.answers.get().evidence.get().original_name == "整改照片.pdf"


def test_the_regulator_sends_back_and_the_party_sees_the_comment(cast, as_user, body_request):
    request_answer(request=body_request, text="已补齐", files=[pdf()], expected_version=1, acting_user=cast.cb_manager)
    body_request.refresh_from_db()
    client = as_user(cast.regulator)
    response = client.post(
        reverse("supervision:request-review", args=[body_request.pk]),
        {"action": "return", "comment": "照片看不清，请重新上传", "version": body_request.version},
    )
    assert response.status_code == 302
    client.force_login(cast.cb_manager)
    page = client.get(reverse("supervision:request-detail", args=[body_request.pk])).content.decode()
    assert "照片看不清，请重新上传" in page
    assert f'action="{reverse("supervision:request-answer", args=[body_request.pk])}"' in page


def test_sending_back_without_a_comment_is_refused_on_the_page(cast, as_user, body_request):
    request_answer(request=body_request, text="已补齐", files=[pdf()], expected_version=1, acting_user=cast.cb_manager)
    body_request.refresh_from_db()
    client = as_user(cast.regulator)
    response = client.post(
        reverse("supervision:request-review", args=[body_request.pk]),
        {"action": "return", "comment": "", "version": body_request.version},
    )
    assert response.status_code == 200
    assert "请说明退回的原因" in response.content.decode()


def test_the_round_close_button_refuses_with_the_number_of_open_requests(cast, as_user, round_, body_request):
    client = as_user(cast.regulator)
    response = client.post(
        reverse("supervision:round-close", args=[round_.pk]), {"version": round_.version}, follow=True
    )
    assert "还有 1 项整改要求未关闭" in response.content.decode()
    round_.refresh_from_db()
    assert round_.is_open


def test_an_overdue_request_is_flagged_in_red_with_its_days_overdue(cast, as_user, body_request):
    days = (timezone.localdate() - body_request.due_on).days
    for user, url in (
        (cast.cb_manager, reverse("supervision:request-list") + f"?campaign={cast.campaign.pk}"),
        (cast.cb_manager, reverse("supervision:request-detail", args=[body_request.pk])),
        (cast.regulator, reverse("supervision:round-detail", args=[body_request.visit.round_id])),
        (cast.cb_manager, reverse("home")),
    ):
        client = as_user(user)
        page = client.get(url).content.decode()
        assert "text-bg-danger" in page, url
        assert f"逾期 {days} 天" in page, url


def test_the_party_sees_the_findings_about_itself_but_never_the_internal_notes(
    cast, as_user, district_request, body_request
):
    client = as_user(cast.district)
    page = client.get(reverse("supervision:request-detail", args=[district_request.pk])).content.decode()
    assert "培训记录不全" in page  # the findings of the visit to the district
    assert "区里配合一般" not in page  # the regulator's internal notes
    client = as_user(cast.cb_manager)
    page = client.get(reverse("supervision:request-detail", args=[body_request.pk])).content.decode()
    assert "培训记录不全" not in page  # the visit went to the district, not to the body
    assert "区里配合一般" not in page


def test_the_party_home_lists_its_open_requests_and_the_regulator_home_counts_overdue(cast, as_user, body_request):
    page = as_user(cast.cb_manager).get(reverse("home")).content.decode()
    assert "补充帮扶台账" in page
    page = as_user(cast.regulator).get(reverse("home")).content.decode()
    assert "1 项整改要求逾期" in page


def test_evidence_downloads_for_the_regulator_and_the_party(cast, as_user, body_request):
    answer = request_answer(
        request=body_request, text="已补齐", files=[pdf()], expected_version=1, acting_user=cast.cb_manager
    )
    evidence = answer.evidence.get()
    for user in (cast.regulator, cast.cb_manager):
        response = as_user(user).get(reverse("supervision:evidence-file", args=[evidence.pk]))
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
    assert as_user(cast.district).get(reverse("supervision:evidence-file", args=[evidence.pk])).status_code == 404


def test_answering_a_request_answered_meanwhile_says_why(cast, as_user, body_request):
    client = as_user(cast.cb_manager)
    request_answer(request=body_request, text="已补齐", files=[pdf()], expected_version=1, acting_user=cast.cb_manager)
    response = client.post(
        reverse("supervision:request-answer", args=[body_request.pk]),
        {"text": "再次答复", "version": 2, "files": [pdf()]},
    )
    assert response.status_code == 200
    assert "此整改要求已答复，正在等待监管部门审核" in response.content.decode()
