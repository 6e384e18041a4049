"""Enterprise records and their ISO 9001 certificates: the services, pages and API; R12 (附件二: 已获证企业的监督或再认证时限)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises.codes import make_credit_code
from enterprises.models import Enrolment, Enterprise
from enterprises.selectors.enrolments import EnrolmentFilters, enrolment_list, r12_audits_due
from enterprises.services.enterprises import (
    CertificateData,
    EnterpriseData,
    certificate_create,
    enterprise_contact_update,
    enterprise_create,
    enterprise_update,
)

NEW_CODE = make_credit_code("120116", 7001)


def _data(cast, **changes):
    values = dict(name="天津市新企业有限公司", credit_code=NEW_CODE, district=cast.district_unit)
    values.update(changes)
    return EnterpriseData(**values)


def test_district_records_an_enterprise_in_its_own_district_with_a_normalised_phone(cast):
    enterprise = enterprise_create(
        tenant=cast.tenant, data=_data(cast, contact_phone="138-1234-5678"), acting_user=cast.district
    )
    assert (enterprise.district, enterprise.contact_phone) == (cast.district_unit, "+8613812345678")
    assert enterprise.history.first().history_user == cast.district


def test_district_cannot_record_an_enterprise_in_another_district_and_the_bureau_records_none(cast):
    with pytest.raises(ValidationError) as info:
        enterprise_create(
            tenant=cast.tenant, data=_data(cast, district=cast.other_district_unit), acting_user=cast.district
        )
    assert "district" in info.value.message_dict
    with pytest.raises(PermissionDenied):
        enterprise_create(tenant=cast.tenant, data=_data(cast), acting_user=cast.bureau)


def test_bad_code_and_phone_are_errors_at_their_fields(cast):
    with pytest.raises(ValidationError) as info:
        enterprise_create(
            tenant=cast.tenant, data=_data(cast, credit_code="123", contact_phone="12345"), acting_user=cast.regulator
        )
    assert set(info.value.message_dict) == {"credit_code", "contact_phone"}


def test_a_second_enterprise_with_the_same_code_is_refused(cast):
    with pytest.raises(ValidationError) as info:
        enterprise_create(
            tenant=cast.tenant, data=_data(cast, credit_code=cast.enterprise.credit_code), acting_user=cast.regulator
        )
    assert "credit_code" in info.value.message_dict


def test_double_submitted_create_form_makes_one_row(cast, as_user):
    client = as_user(cast.district)
    form = {"name": "天津市新企业有限公司", "credit_code": NEW_CODE, "district": cast.district_unit.pk}
    form |= {"cluster": "hardware", "size_class": "micro"}
    assert client.post("/enterprises/new/", form).status_code == 302
    second = client.post("/enterprises/new/", form)
    assert second.status_code == 200 and "credit_code" in second.context["form"].errors
    assert Enterprise.objects.filter(credit_code=NEW_CODE).count() == 1


def test_two_people_editing_one_enterprise_the_second_is_told(cast, as_user):
    data = _data(cast, name=cast.enterprise.name, credit_code=cast.enterprise.credit_code)
    enterprise_update(enterprise=cast.enterprise, data=data, expected_version=1, acting_user=cast.district)
    with pytest.raises(ValidationError) as info:
        enterprise_update(enterprise=cast.enterprise, data=data, expected_version=1, acting_user=cast.regulator)
    assert info.value.code == "stale"
    form = {"name": "我改的名字", "credit_code": cast.enterprise.credit_code, "district": cast.district_unit.pk}
    form |= {"cluster": "hardware", "size_class": "small", "version": 1}
    response = as_user(cast.regulator).post(f"/enterprises/{cast.enterprise.pk}/edit/", form)
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert "我改的名字" in response.content.decode()


def test_the_enterprise_edits_only_its_own_contact(cast, as_user):
    saved = enterprise_contact_update(
        enterprise=cast.enterprise,
        contact_name="王经理",
        contact_phone="022-23456789",
        expected_version=1,
        acting_user=cast.enterprise_user,
    )
    assert (saved.contact_name, saved.contact_phone) == ("王经理", "+862223456789")
    with pytest.raises(PermissionDenied):
        enterprise_update(enterprise=saved, data=_data(cast), expected_version=2, acting_user=cast.enterprise_user)
    page = as_user(cast.enterprise_user).get(f"/enterprises/{cast.enterprise.pk}/edit/")
    assert set(page.context["form"].fields) == {"contact_name", "contact_phone", "version"}


def test_a_city_bureau_only_reads(cast, as_user):
    client = as_user(cast.bureau)
    assert client.get(f"/enterprises/{cast.enterprise.pk}/").status_code == 200
    assert client.get(f"/enterprises/{cast.enterprise.pk}/edit/").status_code == 403
    with pytest.raises(PermissionDenied):
        enterprise_contact_update(
            enterprise=cast.enterprise,
            contact_name="x",
            contact_phone="13812345678",
            expected_version=1,
            acting_user=cast.bureau,
        )


def test_certificate_dates_are_checked(cast):
    with pytest.raises(ValidationError) as info:
        certificate_create(
            enterprise=cast.enterprise,
            data=CertificateData(
                issuing_body="某认证中心",
                number="Q-1",
                issued_on=date(2023, 1, 1),
                expires_on=date(2022, 1, 1),
                next_audit_on=date(2027, 1, 1),
            ),
            acting_user=cast.district,
        )
    assert {"expires_on", "next_audit_on"} <= set(info.value.message_dict)


def _certificate(cast, enterprise, next_audit_on, number="Q-2"):
    return certificate_create(
        enterprise=enterprise,
        data=CertificateData(
            issuing_body="某认证中心",
            number=number,
            issued_on=date(2021, 1, 1),
            expires_on=date(2024, 12, 31),
            next_audit_on=next_audit_on,
        ),
        acting_user=cast.regulator,
    )


def test_r12_certified_enrolment_with_an_audit_inside_the_campaign_is_flagged_everywhere(domain, as_user, in_june_2023):
    cast = domain  # cast.certificate's next audit is 2023-09-15, inside the 2023 campaign (9 May – 31 Dec)
    flagged = enrolment_list(user=cast.regulator, filters=EnrolmentFilters(campaign=cast.campaign, audit_due=True))
    assert list(flagged) == [cast.enrolment]
    assert flagged[0].next_audit_on == date(2023, 9, 15)
    page = as_user(cast.district).get(f"/enterprises/{cast.enterprise.pk}/").content.decode()
    assert 'id="r12-flag"' in page
    listing = as_user(cast.district).get("/enterprises/enrolments/?audit_due=on")
    assert [e.pk for e in listing.context["page"]] == [cast.enrolment.pk]
    assert r12_audits_due(user=cast.expert, campaign=cast.campaign) == [cast.enrolment]
    assert r12_audits_due(user=cast.other_district, campaign=cast.campaign) == []
    home = as_user(cast.expert).get("/").content.decode()
    assert 'id="home-r12"' in home and cast.enterprise.name in home


def test_r12_an_audit_outside_the_campaign_or_an_uncertified_or_ended_enrolment_is_not_flagged(domain, in_june_2023):
    cast = domain
    _certificate(cast, cast.other_enterprise, date(2024, 3, 1))  # after the campaign's last day
    cast.certificate.next_audit_on = date(2023, 5, 8)  # the day before the campaign starts
    cast.certificate.save()
    assert not enrolment_list(user=cast.regulator, filters=EnrolmentFilters(audit_due=True)).exists()
    cast.certificate.next_audit_on = date(2023, 12, 31)  # the campaign's last day counts
    cast.certificate.save()
    assert enrolment_list(user=cast.regulator, filters=EnrolmentFilters(audit_due=True)).get() == cast.enrolment
    Enrolment.objects.filter(pk=cast.enrolment.pk).update(state="withdrawn")
    assert not enrolment_list(user=cast.regulator, filters=EnrolmentFilters(audit_due=True)).exists()


def test_api_creates_an_enterprise_and_refuses_a_bad_code_at_its_field(cast, session_api):
    client = session_api(cast.district)
    body = {"name": "API企业", "credit_code": make_credit_code("120116", 6001), "district": cast.district_unit.pk}
    created = client.post("/api/v1/enterprises/", body, content_type="application/json")
    assert created.status_code == 201 and created.json()["version"] == 1
    bad = client.post("/api/v1/enterprises/", body | {"credit_code": "123"}, content_type="application/json")
    assert bad.status_code == 400 and "credit_code" in bad.json()


def test_api_update_with_a_stale_version_is_a_409_and_the_enterprise_updates_only_its_contact(cast, session_api):
    url = f"/api/v1/enterprises/{cast.enterprise.pk}/"
    contact = {"contact_name": "张三", "contact_phone": "13812345678", "version": 1}
    assert session_api(cast.enterprise_user).put(url, contact, content_type="application/json").status_code == 200
    assert session_api(cast.enterprise_user).put(url, contact, content_type="application/json").status_code == 409
    assert (
        session_api(cast.bureau).put(url, contact | {"version": 2}, content_type="application/json").status_code == 403
    )


def test_enterprise_form_shows_a_bad_code_a_bad_phone_and_a_negative_headcount_at_once(cast, as_user):
    form = {"name": "天津市新企业有限公司", "credit_code": "91120116MA0000000X", "district": cast.district_unit.pk}
    form |= {"cluster": "hardware", "size_class": "micro", "employees": "-1", "contact_phone": "12"}
    response = as_user(cast.district).post("/enterprises/new/", form)
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"credit_code", "contact_phone", "employees"}
    assert not Enterprise.objects.filter(name="天津市新企业有限公司").exists()
