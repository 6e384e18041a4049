"""Who may write what (assistance.permissions): a role that may not make a write is answered 403."""


def test_api_writes_are_403_for_roles_that_may_not_make_them(world, screened, api):
    assert api(world.regulator).post("/api/v1/assignments/", {}, format="json").status_code == 403
    assert api(world.expert).post("/api/v1/experts/", {}, format="json").status_code == 403
    assert api(world.district).post("/api/v1/certification-audits/", {}, format="json").status_code == 403
    response = api(world.regulator).post(f"/api/v1/assignments/{world.assignment.pk}/end/", {"reason": "x"})
    assert response.status_code == 403
