"""The dashboard endpoints in the OpenAPI schema: Chinese summaries, their response serializers, the ETag answers and
the dashboard-token scheme on the district endpoint only."""

from drf_spectacular.generators import SchemaGenerator


def test_dashboard_operations_are_described_in_chinese_with_their_responses():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    district = paths["/api/v1/dashboards/district/{id}/"]["get"]
    city = paths["/api/v1/dashboards/city/"]["get"]
    body = paths["/api/v1/dashboards/body/{id}/"]["get"]
    assert district["summary"].startswith("区级看板")
    assert city["summary"].startswith("全市看板")
    assert body["summary"].startswith("认证机构看板")
    assert district["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "DistrictDashboardOutput"
    )
    assert "304" in district["responses"] and "304" in city["responses"]
    assert {"dashboardToken": []} in district["security"]
    assert all("dashboardToken" not in scheme for scheme in city["security"])
    assert schema["components"]["securitySchemes"]["dashboardToken"]["type"] == "apiKey"


def test_updates_document_if_match_and_412():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    patch = schema["paths"]["/api/v1/kickoff-meetings/{id}/"]["patch"]
    assert any(p["name"] == "If-Match" and p["in"] == "header" for p in patch["parameters"])
    assert "412" in patch["responses"]
