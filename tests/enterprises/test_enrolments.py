"""Enrolments: nomination, the list and its flags (overdue against the calendar), the lifecycle's transitions (DESIGN.md §5), pages and API."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from enterprises.models import Enrolment, EnrolmentState, ImplementationSummary, OutcomeFigures
from enterprises.selectors.enrolments import EnrolmentFilters, enrolment_list
from enterprises.services.enrolments import enrolment_advance, enrolment_nominate, enrolment_withdraw
from enterprises.services.outcomes import OUTCOME_FIELDS
from enterprises.services.screening import screening_record
from tests.domain import PDF
from tests.enterprises.helpers import screening_data


@pytest.mark.parametrize(
    "state, today, overdue",
    [
        ("nominated", date(2023, 5, 31), False),  # the deployment phase's last day
        ("nominated", date(2023, 6, 1), True),
        ("screened", date(2023, 6, 1), True),
        ("assigned", date(2023, 10, 31), False),
        ("operating", date(2023, 11, 1), True),
        ("reviewed", date(2023, 11, 30), False),
        ("reviewed", date(2023, 12, 1), True),
        ("results", date(2023, 12, 20), False),
        ("rejected", date(2023, 12, 20), False),
    ],
)
def test_overdue_means_the_state_is_behind_the_campaign_calendar(cast, state, today, overdue):
    enrolment = Enrolment.objects.create(
        enterprise=cast.other_enterprise, campaign=cast.campaign, nominated_by=cast.regulator, state=state
    )
    rows = enrolment_list(user=cast.regulator, today=today)
    assert rows.get(pk=enrolment.pk).is_overdue is overdue
    assert enrolment_list(user=cast.regulator, filters=EnrolmentFilters(overdue=True), today=today).exists() is overdue


def test_enrolment_list_filters_by_district_cluster_state_and_certified(domain, as_user):
    cast = domain
    client = as_user(cast.regulator)

    def names(query):
        return [e.enterprise.name for e in client.get(f"/enterprises/enrolments/?{query}").context["page"]]

    assert names(f"district={cast.other_district_unit.pk}") == [cast.other_enterprise.name]
    assert names("cluster=hardware") == [cast.enterprise.name]
    assert names("state=nominated") == [cast.other_enterprise.name]
    assert names("certified=yes") == [cast.enterprise.name]
    assert names("certified=no") == [cast.other_enterprise.name]


def test_a_foreign_or_unknown_district_in_the_list_filter_is_a_404(domain, foreign, as_user):
    client = as_user(domain.regulator)
    assert client.get(f"/enterprises/enrolments/?district={foreign.district_unit.pk}").status_code == 404
    assert client.get("/enterprises/enrolments/?district=987654").status_code == 404
    assert client.get(f"/enterprises/?district={foreign.district_unit.pk}").status_code == 404


def test_nominating_twice_into_one_campaign_is_refused_with_a_clear_message(cast, nominated):
    with pytest.raises(ValidationError) as info:
        enrolment_nominate(enterprise=cast.enterprise, campaign=cast.campaign, acting_user=cast.district)
    assert info.value.code == "duplicate"
    assert Enrolment.objects.filter(enterprise=cast.enterprise).count() == 1


def test_another_district_and_the_bureau_cannot_nominate(cast):
    for user in (cast.other_district, cast.bureau, cast.expert):
        with pytest.raises(PermissionDenied):
            enrolment_nominate(enterprise=cast.enterprise, campaign=cast.campaign, acting_user=user)


def test_an_eligible_enterprise_is_screened_and_the_transition_records_who_and_why(cast, nominated, in_june_2023):
    screening_record(enrolment=nominated, data=screening_data(), acting_user=cast.district)
    with pytest.raises(ValidationError):
        enrolment_advance(enrolment=nominated, to=EnrolmentState.REJECTED, acting_user=cast.district, reason="x")
    screened = enrolment_advance(
        enrolment=nominated, to=EnrolmentState.SCREENED, acting_user=cast.district, reason="初筛通过"
    )
    transition = screened.transitions.get()
    assert (transition.from_state, transition.to_state, transition.by, transition.reason) == (
        "nominated",
        "screened",
        cast.district,
        "初筛通过",
    )


def test_withdrawal_from_any_running_state_needs_a_reason(cast, nominated):
    with pytest.raises(ValidationError):
        enrolment_withdraw(enrolment=nominated, reason="", acting_user=cast.district)
    assert enrolment_withdraw(enrolment=nominated, reason="企业停产", acting_user=cast.district).state == "withdrawn"


def test_transition_buttons_come_from_the_lifecycle_and_its_message_is_shown(cast, nominated, as_user):
    client = as_user(cast.district)
    detail = client.get(f"/enterprises/enrolments/{nominated.pk}/")
    assert [state for state, _label in detail.context["targets"]] == ["screened", "rejected", "withdrawn"]
    response = client.post(f"/enterprises/enrolments/{nominated.pk}/transition/", {"to": "screened", "reason": ""})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    nominated.refresh_from_db()
    assert nominated.state == "nominated"


def test_nominate_page_double_post_creates_one_enrolment(cast, as_user):
    client = as_user(cast.district)
    first = client.post(f"/enterprises/{cast.enterprise.pk}/nominate/")
    second = client.post(f"/enterprises/{cast.enterprise.pk}/nominate/")
    assert first.status_code == second.status_code == 302
    assert Enrolment.objects.filter(enterprise=cast.enterprise, campaign=cast.campaign).count() == 1


def test_api_nominates_once_and_moves_the_enrolment_through_the_lifecycle(cast, session_api, in_june_2023):
    client = session_api(cast.district)
    body = {"enterprise": cast.enterprise.pk, "campaign": cast.campaign.pk}
    created = client.post("/api/v1/enrolments/", body, content_type="application/json")
    assert created.status_code == 201
    assert client.post("/api/v1/enrolments/", body, content_type="application/json").status_code == 400
    pk = created.json()["id"]
    screening = {
        "enrolment": pk,
        "normal_operation": True,
        "resources_committed": True,
        "willing": True,
        "on_abnormal_operations_list": False,
        "checked_on": "2023-05-20",
    }
    recorded = client.post("/api/v1/screenings/", screening, content_type="application/json")
    assert recorded.status_code == 201 and recorded.json()["passed"] is True
    evidence = client.post(
        f"/api/v1/screenings/{recorded.json()['id']}/evidence/", {"file": SimpleUploadedFile("报告.pdf", PDF)}
    )
    assert evidence.status_code == 201 and evidence.json()["evidence"][0]["original_name"] == "报告.pdf"
    renamed = client.post(
        f"/api/v1/screenings/{recorded.json()['id']}/evidence/",
        {"file": SimpleUploadedFile("报告.pdf", b"hello")},
    )
    assert renamed.status_code == 400
    refused = client.post(
        f"/api/v1/enrolments/{pk}/transition/",
        {"to": "rejected", "reason": "x"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    moved = client.post(
        f"/api/v1/enrolments/{pk}/transition/",
        {"to": "screened", "reason": "通过"},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["state"] == "screened"
    assert moved.json()["transitions"][0]["reason"] == "通过"
    forbidden = session_api(cast.bureau).post(
        f"/api/v1/enrolments/{pk}/transition/",
        {"to": "withdrawn", "reason": "停产"},
        content_type="application/json",
    )
    assert forbidden.status_code == 403


def test_api_foreign_ids_in_bodies_and_filters_are_404_or_refused_like_missing_ones(domain, foreign, session_api):
    client = session_api(domain.regulator)
    for param, own, other in [
        ("district", domain.district_unit, foreign.district_unit),
        ("campaign", domain.campaign, foreign.campaign),
    ]:
        assert client.get(f"/api/v1/enrolments/?{param}={own.pk}").status_code == 200
        assert client.get(f"/api/v1/enrolments/?{param}={other.pk}").status_code == 404
    assert client.get(f"/api/v1/certificates/?enterprise={foreign.enterprise.pk}").status_code == 404
    body = {"enterprise": foreign.enterprise.pk, "campaign": domain.campaign.pk}
    response = client.post("/api/v1/enrolments/", body, content_type="application/json")
    missing = client.post("/api/v1/enrolments/", body | {"enterprise": 987654}, content_type="application/json")
    assert response.status_code == 400 and response.json()["enterprise"] == [
        m.replace("987654", str(foreign.enterprise.pk)) for m in missing.json()["enterprise"]
    ]


def test_api_enrolment_list_filters_by_state_cluster_and_audit_due(domain, session_api):
    client = session_api(domain.regulator)

    def ids(query):
        body = client.get(f"/api/v1/enrolments/?{query}").json()
        return [row["id"] for row in (body["results"] if isinstance(body, dict) else body)]

    assert ids("state=nominated") == [domain.other_enrolment.pk]
    assert ids("cluster=hardware") == [domain.enrolment.pk]
    assert ids("audit_due=true") == [domain.enrolment.pk]
    assert ids(f"district={domain.other_district_unit.pk}") == [domain.other_enrolment.pk]


def test_r10_results_need_every_outcome_figure_and_the_summary(domain):
    # 附件二(四) 帮扶成果输出: an enrolment reaches "results" only with the figures before and after and the summary.
    Enrolment.objects.filter(pk=domain.enrolment.pk).update(state=EnrolmentState.REVIEWED)

    def to_results():
        return enrolment_advance(enrolment=domain.enrolment, to=EnrolmentState.RESULTS, acting_user=domain.expert)

    with translation.override("en"), pytest.raises(ValidationError) as error:
        to_results()
    assert error.value.messages == ["The outcome figures (before and after) are not complete yet."]

    OutcomeFigures.objects.filter(pk=domain.outcome.pk).update(**dict.fromkeys(OUTCOME_FIELDS, 1))
    ImplementationSummary.objects.filter(pk=domain.summary.pk).delete()
    with translation.override("en"), pytest.raises(ValidationError) as error:
        to_results()
    assert error.value.messages == ["The enterprise has not uploaded its implementation summary yet."]

    ImplementationSummary.objects.create(
        enrolment=domain.enrolment,
        file=domain.summary.file.name,
        original_name=domain.summary.original_name,
        uploaded_by=domain.enterprise_user,
    )
    assert to_results().state == EnrolmentState.RESULTS


# --- a late nomination: after the assistance phase, three months of operation no longer fit (附件二(三)2) ---------


@pytest.fixture
def in_november_2023():
    with time_machine.travel(datetime(2023, 11, 15, 10, tzinfo=ZoneInfo("Asia/Shanghai")), tick=False):
        yield


def test_a_nomination_after_the_assistance_phase_needs_a_reason_and_none_is_stored_without(cast, in_november_2023):
    with pytest.raises(ValidationError) as error:
        enrolment_nominate(enterprise=cast.enterprise, campaign=cast.campaign, acting_user=cast.district)
    assert "late_reason" in error.value.message_dict
    assert not Enrolment.objects.filter(enterprise=cast.enterprise, campaign=cast.campaign).exists()
    enrolment = enrolment_nominate(
        enterprise=cast.enterprise,
        campaign=cast.campaign,
        late_reason="企业已通过认证,仅需验证",
        acting_user=cast.district,
    )
    assert Enrolment.objects.get(pk=enrolment.pk).late_nomination_reason == "企业已通过认证,仅需验证"


def test_a_nomination_in_the_assistance_phase_asks_for_no_reason(cast, in_june_2023):
    enrolment = enrolment_nominate(
        enterprise=cast.enterprise, campaign=cast.campaign, late_reason="无关", acting_user=cast.district
    )
    assert Enrolment.objects.get(pk=enrolment.pk).late_nomination_reason == ""


def test_the_nominate_page_warns_after_the_assistance_phase_and_keeps_the_reason(cast, as_user, in_november_2023):
    client = as_user(cast.district)
    url = f"/enterprises/{cast.enterprise.pk}/nominate/"
    assert "三个月" in client.get(url).content.decode()
    refused = client.post(url, {"late_reason": ""})
    assert refused.status_code == 200 and refused.context["form"].errors["late_reason"]
    assert not Enrolment.objects.filter(enterprise=cast.enterprise, campaign=cast.campaign).exists()
    assert client.post(url, {"late_reason": "区政府重点帮扶企业"}).status_code == 302
    assert Enrolment.objects.get(enterprise=cast.enterprise).late_nomination_reason == "区政府重点帮扶企业"


def test_the_api_asks_for_the_reason_of_a_late_nomination(cast, session_api, in_november_2023):
    client = session_api(cast.district)
    body = {"enterprise": cast.enterprise.pk, "campaign": cast.campaign.pk}
    refused = client.post("/api/v1/enrolments/", body, content_type="application/json")
    assert refused.status_code == 400 and "late_reason" in refused.json()
    created = client.post(
        "/api/v1/enrolments/", body | {"late_reason": "区政府重点帮扶企业"}, content_type="application/json"
    )
    assert created.status_code == 201
    assert Enrolment.objects.get(pk=created.json()["id"]).late_nomination_reason == "区政府重点帮扶企业"
