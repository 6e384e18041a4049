"""Every page a role works with is reachable from its menu or its home page, not only by URL (issue 9)."""

from django.urls import reverse
from django.utils import timezone

from enterprises.models import Complaint, ComplaintState
from tests.domain import populate_domain
from tests.queries import assert_page_queries

CB_MANAGER_HOME_QUERIES = 21  # a body manager's home, whatever the number of complaints, audits, rectifications, next steps,
# 催办 and assessments to answer


def _menu_urls(response) -> list[str]:
    return [entry["url"] for entry in response.context["portal_menu"]]


def test_cb_manager_menu_leads_to_forwarded_complaints_and_certification_audits(as_user, cast):
    response = as_user(cast.cb_manager).get("/")
    urls = _menu_urls(response)
    assert reverse("enterprises:complaint-list") in urls
    assert reverse("assistance:audit-list") in urls


def test_cb_manager_home_lists_the_forwarded_complaint_awaiting_a_response_and_the_undecided_audit(as_user, cast):
    populate_domain(cast)
    response = as_user(cast.cb_manager).get("/")
    content = response.content.decode()
    assert [c.pk for c in response.context["complaints_to_answer"]] == [cast.complaint.pk]
    assert reverse("enterprises:complaint-detail", args=[cast.complaint.pk]) in content
    assert [a.pk for a in response.context["audits_to_decide"]] == [cast.certification_audit.pk]
    assert reverse("assistance:audit-detail", args=[cast.certification_audit.pk]) in content


def test_cb_manager_home_drops_a_complaint_once_answered(as_user, cast):
    populate_domain(cast)
    cast.complaint.body_response = "已整改"
    cast.complaint.save()
    response = as_user(cast.cb_manager).get("/")
    assert response.context["complaints_to_answer"] == []
    assert "home-complaints" not in response.content.decode()


def test_cb_manager_home_leaves_out_a_complaint_not_forwarded(as_user, cast):
    populate_domain(cast)
    cast.complaint.state = ComplaintState.SUBMITTED
    cast.complaint.forwarded_at = None
    cast.complaint.save()
    assert as_user(cast.cb_manager).get("/").context["complaints_to_answer"] == []


def test_district_and_regulator_open_the_progress_page_from_the_enrolment(as_user, cast):
    populate_domain(cast)
    progress_url = reverse("enterprises:enrolment-progress", args=[cast.enrolment.pk])
    for user in (cast.district, cast.regulator):
        client = as_user(user)
        assert (
            progress_url
            in client.get(reverse("enterprises:enrolment-detail", args=[cast.enrolment.pk])).content.decode()
        )
        assert progress_url in client.get(reverse("enterprises:enrolment-list")).content.decode()
        page = client.get(progress_url)
        assert page.status_code == 200
        content = page.content.decode()
        # Read-only: no link that would answer 403 (the outcome form), the figures shown in place.
        # (The regulator's "correct the figures" link, …/outcome/correct/, is its own page, not the 403 form.)
        assert f'href="{reverse("enterprises:outcome-edit", args=[cast.enrolment.pk])}"' not in content
        assert "#outcome-heading" in content
        assert "800" in content  # cast.outcome's revenue baseline


def test_enterprise_checklist_still_links_its_outcome_form(as_user, cast):
    populate_domain(cast)
    content = as_user(cast.enterprise_user).get(reverse("enterprises:progress")).content.decode()
    assert reverse("enterprises:outcome-edit", args=[cast.enrolment.pk]) in content


def test_city_bureau_has_no_district_training_entry_and_a_district_filter_with_every_district(as_user, cast):
    client = as_user(cast.bureau)
    response = client.get(reverse("enterprises:enrolment-list"))
    assert reverse("assistance:training-compliance") not in _menu_urls(response)
    offered = {unit.pk for unit in response.context["form"].fields["district"].queryset}
    assert offered == {cast.district_unit.pk, cast.other_district_unit.pk}
    enterprises = client.get(reverse("enterprises:enterprise-list"))
    assert {u.pk for u in enterprises.context["form"].fields["district"].queryset} == offered


def test_city_bureau_filtering_by_a_district_still_shows_only_its_remit(as_user, cast):
    populate_domain(cast)
    response = as_user(cast.bureau).get(
        reverse("enterprises:enrolment-list"), {"district": cast.other_district_unit.pk}
    )
    assert response.status_code == 200
    # cast.other_enterprise (和平区) is outside the bureau's remit of foreign-trade enterprises.
    assert cast.other_enterprise.name not in response.content.decode()


def test_district_keeps_its_training_entry_and_only_its_own_district_to_filter(as_user, cast):
    response = as_user(cast.district).get(reverse("enterprises:enrolment-list"))
    assert reverse("assistance:training-compliance") in _menu_urls(response)
    assert [u.pk for u in response.context["form"].fields["district"].queryset] == [cast.district_unit.pk]


def test_city_bureau_training_list_does_not_offer_the_per_district_table(as_user, cast):
    content = as_user(cast.bureau).get(reverse("assistance:training-list")).content.decode()
    assert reverse("assistance:training-compliance") not in content
    district = as_user(cast.district).get(reverse("assistance:training-list")).content.decode()
    assert reverse("assistance:training-compliance") in district


def _forward_more_complaints(cast, n, start):
    for i in range(start, start + n):
        Complaint.objects.create(
            enterprise=cast.enterprise,
            body=cast.body,
            subject=f"投诉{i}",
            text="……",
            submitted_by=cast.enterprise_user,
            state=ComplaintState.FORWARDED,
            forwarded_at=timezone.now(),
        )


def test_cb_manager_home_costs_the_same_queries_at_small_and_large_n(as_user, cast):
    populate_domain(cast)
    client = as_user(cast.cb_manager)
    _forward_more_complaints(cast, 1, 0)
    response = assert_page_queries(client, "/", CB_MANAGER_HOME_QUERIES)
    assert len(response.context["complaints_to_answer"]) == 2
    _forward_more_complaints(cast, 20, 100)
    response = assert_page_queries(client, "/", CB_MANAGER_HOME_QUERIES)
    assert len(response.context["complaints_to_answer"]) == 5  # the first five, and a link to the rest
