"""Isolation matrix entries for enterprise records, certificates, enrolments, screenings and the roster import."""

from django.core.files.base import ContentFile

from enterprises.models import RosterImport
from tests.security.matrix import ALL, ROLES, SIGNED_IN, Entry

# Who sees the cast's enterprise (滨海新区, a foreign-trade enterprise with an assigned expert): everyone but the
# reviewer (the commerce bureau follows foreign-trade enterprises; the body and expert through the assignment).
SEES_ENTERPRISE = {r: 200 for r in ("regulator", "district", "bureau", "cb_manager", "expert", "enterprise")}
READ_ONLY = {"bureau": 403, "cb_manager": 403, "expert": 403}
COORDINATORS = {**READ_ONLY, "enterprise": 403, "regulator": 200, "district": 200}
COORDINATORS_AND_ENTERPRISE = {**READ_ONLY, "regulator": 200, "district": 200, "enterprise": 200}
KEEPERS = {r: 403 for r in SIGNED_IN} | {"regulator": 200, "district": 200}
POST_ONLY = {r: 405 for r in SIGNED_IN}


def populate(cast):
    cast.roster_import = RosterImport.objects.create(
        tenant=cast.tenant,
        campaign=cast.campaign,
        district=cast.district_unit,
        file=ContentFile(b"PK", name="roster.xlsx"),
        original_name=f"{cast.tenant.name}名单.xlsx",
        total=1,
        rows=[{"line": 2, "values": {"name": f"{cast.tenant.name}某企业"}, "clean": {}, "errors": []}],
        created_by=cast.district,
    )


def enterprise(c):
    return c.enterprise


ENTRIES = {
    "enterprises:enterprise-list": Entry(args=lambda o: [], expect=ALL, is_list=True),
    "enterprises:enterprise-export": Entry(args=lambda o: [], expect=ALL, is_list=True),
    "enterprises:enterprise-create": Entry(args=lambda o: [], expect=KEEPERS),
    "enterprises:enterprise-detail": Entry(obj=enterprise, expect=SEES_ENTERPRISE),
    "enterprises:enterprise-edit": Entry(obj=enterprise, expect=COORDINATORS_AND_ENTERPRISE),
    "enterprises:enrolment-nominate": Entry(obj=enterprise, expect=COORDINATORS),
    "enterprises:certificate-create": Entry(obj=enterprise, expect=COORDINATORS_AND_ENTERPRISE),
    "enterprises:certificate-edit": Entry(obj=lambda c: c.certificate, expect=COORDINATORS_AND_ENTERPRISE),
    "enterprises:certificate-delete": Entry(obj=lambda c: c.certificate, expect=COORDINATORS_AND_ENTERPRISE),
    "enterprises:enrolment-list": Entry(args=lambda o: [], expect=ALL, is_list=True),
    "enterprises:enrolment-export": Entry(args=lambda o: [], expect=ALL, is_list=True),
    "enterprises:enrolment-detail": Entry(obj=lambda c: c.enrolment, expect=SEES_ENTERPRISE),
    "enterprises:enrolment-transition": Entry(obj=lambda c: c.enrolment, query="?to=withdrawn", expect=COORDINATORS),
    "enterprises:screening-edit": Entry(obj=lambda c: c.enrolment, expect=COORDINATORS),
    "enterprises:screening-evidence-add": Entry(obj=lambda c: c.screening, expect=POST_ONLY),
    "enterprises:screening-evidence": Entry(obj=lambda c: c.screening_evidence, expect=SEES_ENTERPRISE),
    "enterprises:roster-upload": Entry(args=lambda o: [], expect=KEEPERS),
    "enterprises:roster-template": Entry(args=lambda o: [], expect=KEEPERS),
    "enterprises:roster-detail": Entry(obj=lambda c: c.roster_import, expect={"regulator": 200, "district": 200}),
    "enterprises:roster-progress": Entry(obj=lambda c: c.roster_import, expect={"regulator": 200, "district": 200}),
    # --- API ---
    "api:enterprise-list": Entry(kind="api", args=lambda o: [], expect=ALL, is_list=True),
    "api:enterprise-detail": Entry(kind="api", obj=enterprise, expect=SEES_ENTERPRISE),
    "api:certificate-list": Entry(kind="api", args=lambda o: [], expect=ALL, is_list=True),
    "api:certificate-detail": Entry(kind="api", obj=lambda c: c.certificate, expect=SEES_ENTERPRISE),
    "api:enrolment-list": Entry(kind="api", args=lambda o: [], expect=ALL, is_list=True),
    "api:enrolment-detail": Entry(kind="api", obj=lambda c: c.enrolment, expect=SEES_ENTERPRISE),
    "api:enrolment-transition": Entry(kind="api", obj=lambda c: c.enrolment, expect=POST_ONLY),
    "api:screening-list": Entry(kind="api", args=lambda o: [], expect=ALL, is_list=True),
    "api:screening-detail": Entry(kind="api", obj=lambda c: c.screening, expect=SEES_ENTERPRISE),
    "api:screening-evidence": Entry(kind="api", obj=lambda c: c.screening, expect=POST_ONLY),
}
assert set(ROLES) >= set(SEES_ENTERPRISE)
