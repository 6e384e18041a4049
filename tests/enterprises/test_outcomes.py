"""The outcome figures before and after (附件二(四) 量化绩效指标; R10's data): service, page and API."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from enterprises.models import OutcomeFigures
from enterprises.selectors.outcomes import METRICS, change_text
from enterprises.services.outcomes import outcome_save
from tests.domain import populate_domain

FULL = {
    "revenue_baseline": Decimal("800"),
    "revenue_end": Decimal("920"),
    "profit_margin_baseline": Decimal("8.5"),
    "profit_margin_end": Decimal("11.7"),
    "quality_cost_rate_baseline": Decimal("6"),
    "quality_cost_rate_end": Decimal("4.5"),
    "pass_rate_baseline": Decimal("92"),
    "pass_rate_end": Decimal("98.5"),
    "complaints_baseline": 20,
    "complaints_end": 17,
    "on_time_delivery_baseline": Decimal("85"),
    "on_time_delivery_end": Decimal("96"),
}


def test_r10_enterprise_and_its_assigned_expert_record_the_outcome_figures(domain):
    row = outcome_save(
        enrolment=domain.enrolment, figures=FULL, expected_version=domain.outcome.version, acting_user=domain.expert
    )
    assert row.is_complete and row.version == 2 and row.updated_by == domain.expert
    row = outcome_save(enrolment=domain.enrolment, figures=FULL, expected_version=2, acting_user=domain.enterprise_user)
    assert row.version == 3


@pytest.mark.parametrize("role", ["district", "regulator", "cb_manager", "bureau"])
def test_others_cannot_change_the_outcome_figures(domain, role):
    with pytest.raises(PermissionDenied):
        outcome_save(enrolment=domain.enrolment, figures=FULL, expected_version=1, acting_user=domain.users()[role])


def test_a_percentage_above_100_is_refused_at_its_field(domain):
    with pytest.raises(ValidationError) as error:
        outcome_save(
            enrolment=domain.enrolment,
            figures=FULL | {"pass_rate_end": Decimal("100.5")},
            expected_version=1,
            acting_user=domain.enterprise_user,
        )
    assert list(error.value.message_dict) == ["pass_rate_end"]


def test_the_second_of_two_people_editing_the_figures_is_told(domain):
    outcome_save(enrolment=domain.enrolment, figures=FULL, expected_version=1, acting_user=domain.expert)
    with pytest.raises(ValidationError) as error:
        outcome_save(enrolment=domain.enrolment, figures=FULL, expected_version=1, acting_user=domain.enterprise_user)
    assert error.value.code == "stale"


def test_the_first_save_creates_the_figures_and_a_second_first_save_is_stale(domain):
    OutcomeFigures.objects.all().delete()
    outcome_save(enrolment=domain.enrolment, figures=FULL, expected_version=0, acting_user=domain.enterprise_user)
    with pytest.raises(ValidationError):
        outcome_save(enrolment=domain.enrolment, figures=FULL, expected_version=0, acting_user=domain.expert)


@translation.override("en")
def test_the_change_is_in_percentage_points_for_rates_and_relative_for_amounts():
    by_key = {m.key: m for m in METRICS}
    assert change_text(by_key["profit_margin"], Decimal("8.5"), Decimal("11.7")) == "+3.2 percentage points"
    assert change_text(by_key["complaints"], 20, 17) == "\u221215%"
    assert change_text(by_key["revenue"], Decimal("800"), Decimal("920")) == "+15%"
    assert change_text(by_key["complaints"], 0, 3) == "+3"
    assert change_text(by_key["pass_rate"], None, Decimal("90")) == ""


def test_an_out_of_range_figure_is_shown_at_its_field_and_the_input_is_kept(domain, as_user):
    client = as_user(domain.enterprise_user)
    url = f"/enterprises/enrolments/{domain.enrolment.pk}/outcome/"
    response = client.post(url, {"version": domain.outcome.version, "pass_rate_end": "120", "revenue_end": "931.5"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "pass_rate_end" in form.errors
    content = response.content.decode()
    assert 'value="931.5"' in content and 'value="120"' in content


def test_outcome_figures_saved_through_the_page_show_the_change(domain, as_user):
    client = as_user(domain.expert)
    url = f"/enterprises/enrolments/{domain.enrolment.pk}/outcome/"
    response = client.post(url, {"version": 1, "pass_rate_baseline": "92", "pass_rate_end": "95.2"}, follow=True)
    rows = {row.metric.key: row for row in response.context["rows"]}
    assert rows["pass_rate"].trend == "better"
    assert rows["pass_rate"].change.startswith("+3.2")


def test_a_stale_outcome_form_is_refused_with_the_input_kept(domain, as_user):
    client = as_user(domain.enterprise_user)
    url = f"/enterprises/enrolments/{domain.enrolment.pk}/outcome/"
    client.post(url, {"version": 1, "revenue_end": "900"})
    response = client.post(url, {"version": 1, "revenue_end": "905"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    assert 'value="905"' in response.content.decode()


def test_outcome_figures_round_trip_with_the_change(domain, api):
    client = api(domain.enterprise_user)
    url = f"/api/v1/outcomes/{domain.enrolment.pk}/"
    body = client.get(url).json()
    assert body["version"] == 1 and body["figures"]["revenue_baseline"] == "800.00"
    response = client.patch(url, {"version": 1, "revenue_end": "920"}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["changes"]["revenue"] == "+15%"
    stale = client.patch(url, {"version": 1, "revenue_end": "930"}, format="json")
    assert stale.status_code == 409
    bad = client.patch(url, {"version": 2, "pass_rate_end": "101"}, format="json")
    assert bad.status_code == 400 and "pass_rate_end" in bad.json()


def test_the_district_reads_the_figures_but_may_not_change_them(domain, api):
    client = api(domain.district)
    url = f"/api/v1/outcomes/{domain.enrolment.pk}/"
    assert client.get(url).status_code == 200
    assert client.patch(url, {"version": 1, "revenue_end": "1"}, format="json").status_code == 403


def test_a_foreign_enrolment_is_404(domain, foreign, api):
    foreign_enrolment = populate_domain(foreign).enrolment
    assert api(domain.enterprise_user).get(f"/api/v1/outcomes/{foreign_enrolment.pk}/").status_code == 404


def test_a_loss_making_enterprise_reports_a_negative_profit_margin(domain):
    row = outcome_save(
        enrolment=domain.enrolment,
        figures=FULL | {"profit_margin_baseline": Decimal("-12.5"), "profit_margin_end": Decimal("-3")},
        expected_version=1,
        acting_user=domain.enterprise_user,
    )
    stored = OutcomeFigures.objects.get(pk=row.pk)
    assert (stored.profit_margin_baseline, stored.profit_margin_end) == (Decimal("-12.50"), Decimal("-3.00"))


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pass_rate_end", Decimal("-1")),
        ("quality_cost_rate_end", Decimal("-0.5")),
        ("on_time_delivery_end", Decimal("100.01")),
        ("profit_margin_end", Decimal("100.5")),
        ("profit_margin_end", Decimal("-1000.01")),
        ("revenue_end", Decimal("-1")),
    ],
)
def test_each_figure_outside_its_real_range_is_refused_and_not_stored(domain, field, value):
    with pytest.raises(ValidationError) as error:
        outcome_save(
            enrolment=domain.enrolment, figures=FULL | {field: value}, expected_version=1, acting_user=domain.expert
        )
    assert list(error.value.message_dict) == [field]
    assert OutcomeFigures.objects.get(enrolment=domain.enrolment).version == 1


def test_the_page_and_the_api_take_a_negative_profit_margin(domain, as_user, api):
    url = f"/enterprises/enrolments/{domain.enrolment.pk}/outcome/"
    data = {"version": 1, **{name: str(value) for name, value in FULL.items()}, "profit_margin_baseline": "-8"}
    assert as_user(domain.enterprise_user).post(url, data).status_code == 302
    assert OutcomeFigures.objects.get(enrolment=domain.enrolment).profit_margin_baseline == Decimal("-8.00")
    response = api(domain.expert).patch(
        f"/api/v1/outcomes/{domain.enrolment.pk}/", {"version": 2, "profit_margin_end": "-2.5"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert OutcomeFigures.objects.get(enrolment=domain.enrolment).profit_margin_end == Decimal("-2.50")
