"""The demo's certification-body assessments (evaluation/demo_scorecards.py): 2023 fully evaluated — every body
assessed, one excellent and recommended to SAMR, one criticised with its grounds and answered once — and none yet in
the current year. Uses the module-scoped seeded demo of tests/test_seed_demo.py."""

from accounts.models import User
from assistance.models import CertificationBody
from campaign.models import Tenant
from evaluation.models import BodyAssessment, BodyRating
from tests.test_seed_demo import seeded  # noqa: F401 (the module-scoped demo, rolled back after)


def test_the_demo_assesses_every_2023_body_and_none_of_the_current_year(seeded, db):  # noqa: F811
    tianjin = Tenant.objects.get(name="天津市")
    assessments = BodyAssessment.objects.filter(campaign__tenant=tianjin)
    assert {a.campaign.year for a in assessments} == {2023}
    assert assessments.count() == CertificationBody.objects.filter(tenant=tianjin).count()
    excellent = assessments.get(rating=BodyRating.EXCELLENT)
    assert excellent.recommended_to_samr and excellent.relief_year == 2024
    criticised = assessments.get(rating=BodyRating.CRITICISED)
    assert criticised.reasons and criticised.reason_text and criticised.response.text
    assert criticised.response.answered_at > criticised.assessed_at
    assert not assessments.filter(rating=BodyRating.CRITICISED, recommended_to_samr=True).exists()


def test_the_demo_body_manager_reads_its_own_2023_scorecard_and_no_other(seeded, client, db):  # noqa: F811
    manager = User.objects.get(username="cb-manager")
    own = BodyAssessment.objects.get(campaign__year=2023, body__organisation__memberships__user=manager)
    other = BodyAssessment.objects.filter(campaign=own.campaign).exclude(pk=own.pk).first()
    client.force_login(manager)
    assert client.get(f"/evaluation/campaigns/{own.campaign_id}/body-scorecards/{own.body_id}/").status_code == 200
    assert client.get(f"/evaluation/campaigns/{own.campaign_id}/body-scorecards/{other.body_id}/").status_code == 404
