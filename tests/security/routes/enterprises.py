"""Isolation-matrix entries of the enterprises app, HTML and API, grouped by noun: enterprises (with certificates),
enrolments, screening, roster, progress, outcomes, summaries, cases (with reviews), complaints. The outputs' objects
come from tests/domain.py (populated by a_domain); the roster import is created here."""

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
API_POST_ONLY = {"kind": "api", "expect": POST_ONLY}
FORBIDDEN = {role: 403 for role in SIGNED_IN}
EVERYONE = {role: 200 for role in SIGNED_IN}
# Who sees cast.enrolment (state "assigned", assigned to cast.expert, a foreign-trade enterprise of 滨海新区).
SEES_ENROLMENT = {"regulator": 200, "district": 200, "bureau": 200, "cb_manager": 200, "expert": 200, "enterprise": 200}
# cast.case is submitted, with a review assigned to cast.reviewer.
SEES_CASE = SEES_ENROLMENT | {"reviewer": 200}
# cast.complaint is forwarded, so the body's manager sees it.
SEES_COMPLAINT = {"regulator": 200, "enterprise": 200, "cb_manager": 200}


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


def no_args(_obj):
    return []


def enterprise(cast):
    return cast.enterprise


def enrolment(cast):
    return cast.enrolment


def case(cast):
    return cast.case


def draft(cast):
    return cast.draft_case


def complaint(cast):
    return cast.complaint


def review(cast):
    return cast.case_review


def summary(cast):
    return cast.summary


ENTRIES = {
    # --- enterprises and certificates ---
    "enterprises:enterprise-list": Entry(args=no_args, expect=ALL, is_list=True),
    "enterprises:enterprise-export": Entry(args=no_args, expect=ALL, is_list=True),
    "enterprises:enterprise-create": Entry(args=no_args, expect=KEEPERS),
    "enterprises:enterprise-detail": Entry(obj=enterprise, expect=SEES_ENTERPRISE),
    "enterprises:enterprise-edit": Entry(obj=enterprise, expect=COORDINATORS_AND_ENTERPRISE),
    "enterprises:certificate-create": Entry(obj=enterprise, expect=COORDINATORS_AND_ENTERPRISE),
    "enterprises:certificate-edit": Entry(obj=lambda c: c.certificate, expect=COORDINATORS_AND_ENTERPRISE),
    "enterprises:certificate-delete": Entry(obj=lambda c: c.certificate, expect=COORDINATORS_AND_ENTERPRISE),
    "api:enterprise-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:enterprise-detail": Entry(kind="api", obj=enterprise, expect=SEES_ENTERPRISE),
    "api:certificate-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:certificate-detail": Entry(kind="api", obj=lambda c: c.certificate, expect=SEES_ENTERPRISE),
    # --- enrolments ---
    "enterprises:enrolment-nominate": Entry(obj=enterprise, expect=COORDINATORS),
    "enterprises:enrolment-list": Entry(args=no_args, expect=ALL, is_list=True),
    "enterprises:enrolment-export": Entry(args=no_args, expect=ALL, is_list=True),
    "enterprises:enrolment-detail": Entry(obj=enrolment, expect=SEES_ENTERPRISE),
    "enterprises:enrolment-transition": Entry(obj=enrolment, query="?to=withdrawn", expect=COORDINATORS),
    "api:enrolment-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:enrolment-detail": Entry(kind="api", obj=enrolment, expect=SEES_ENTERPRISE),
    "api:enrolment-transition": Entry(kind="api", obj=enrolment, expect=POST_ONLY),
    # --- screening ---
    "enterprises:screening-edit": Entry(obj=enrolment, expect=COORDINATORS),
    "enterprises:screening-evidence-add": Entry(obj=lambda c: c.screening, expect=POST_ONLY),
    "enterprises:screening-evidence": Entry(obj=lambda c: c.screening_evidence, expect=SEES_ENTERPRISE),
    "api:screening-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:screening-detail": Entry(kind="api", obj=lambda c: c.screening, expect=SEES_ENTERPRISE),
    "api:screening-evidence": Entry(kind="api", obj=lambda c: c.screening, expect=POST_ONLY),
    # --- roster ---
    "enterprises:roster-upload": Entry(args=no_args, expect=KEEPERS),
    "enterprises:roster-template": Entry(args=no_args, expect=KEEPERS),
    "enterprises:roster-detail": Entry(obj=lambda c: c.roster_import, expect={"regulator": 200, "district": 200}),
    "enterprises:roster-progress": Entry(obj=lambda c: c.roster_import, expect={"regulator": 200, "district": 200}),
    # --- progress (附件二): the enterprise's own, and any visible enrolment's ---
    "enterprises:progress": Entry(args=no_args, expect=FORBIDDEN | {"enterprise": 200}, is_list=True),
    "enterprises:enrolment-progress": Entry(obj=enrolment, expect=SEES_ENROLMENT),
    # --- outcomes: the enterprise and its assigned expert edit the figures; the others who see the enrolment may not
    "enterprises:outcome-edit": Entry(
        obj=enrolment, expect={r: 403 for r in SEES_ENROLMENT} | {"enterprise": 200, "expert": 200}
    ),
    "enterprises:outcome-correct": Entry(obj=enrolment, expect={r: 403 for r in SEES_ENROLMENT} | {"regulator": 200}),
    "api:outcome-detail": Entry(kind="api", obj=enrolment, expect=SEES_ENROLMENT),
    # --- summaries ---
    "enterprises:summary-upload": Entry(obj=enrolment, expect={r: 403 for r in SEES_ENROLMENT} | {"enterprise": 200}),
    "enterprises:summary-download": Entry(obj=enrolment, expect=SEES_ENROLMENT),
    "api:summary-list": Entry(kind="api", args=no_args, expect=EVERYONE, is_list=True),
    "api:summary-detail": Entry(kind="api", obj=summary, expect=SEES_ENROLMENT),
    "api:summary-download": Entry(kind="api", obj=summary, expect=SEES_ENROLMENT),
    # --- cases and their reviews ---
    "enterprises:case-list": Entry(args=no_args, expect=EVERYONE, is_list=True),
    "enterprises:case-create": Entry(args=no_args, expect=FORBIDDEN | {"enterprise": 200}),
    # The reviewer's own list of what is left to score (with the enterprises' figures); nobody else has one.
    "enterprises:case-to-score": Entry(args=no_args, expect=FORBIDDEN | {"reviewer": 200}, is_list=True),
    "enterprises:case-detail": Entry(obj=case, expect=SEES_CASE),
    # A draft is the enterprise's own: everyone else gets the 404 of a missing row.
    "enterprises:case-edit": Entry(obj=draft, expect={"enterprise": 200}),
    "enterprises:case-delete": Entry(obj=draft, expect=POST_ONLY),
    "enterprises:case-submit": Entry(obj=draft, expect=POST_ONLY),
    "enterprises:case-recommend": Entry(obj=case, expect=POST_ONLY),
    "enterprises:case-return": Entry(obj=case, expect=POST_ONLY),
    "enterprises:case-assign-reviewer": Entry(obj=case, expect=POST_ONLY),
    # GET: the regulator's confirmation page with the scores; the decision itself is the POST.
    "enterprises:case-decide": Entry(obj=case, expect={r: 403 for r in SEES_CASE} | {"regulator": 200}),
    "enterprises:case-score": Entry(obj=case, expect={r: 403 for r in SEES_CASE} | {"reviewer": 200}),
    "enterprises:case-attachment-download": Entry(obj=lambda c: c.case_attachment, expect=SEES_CASE),
    "api:case-list": Entry(kind="api", args=no_args, expect=EVERYONE, is_list=True),
    "api:case-detail": Entry(kind="api", obj=case, expect=SEES_CASE),
    "api:case-submit": Entry(obj=draft, **API_POST_ONLY),
    "api:case-recommend": Entry(obj=case, **API_POST_ONLY),
    "api:case-decide": Entry(obj=case, **API_POST_ONLY),
    "api:case-attachments": Entry(obj=draft, **API_POST_ONLY),
    "api:case-attachment-list": Entry(kind="api", args=no_args, expect=EVERYONE, is_list=True),
    "api:case-attachment-detail": Entry(kind="api", obj=lambda c: c.case_attachment, expect=SEES_CASE),
    "api:case-attachment-download": Entry(kind="api", obj=lambda c: c.case_attachment, expect=SEES_CASE),
    "api:case-review-list": Entry(kind="api", args=no_args, expect=EVERYONE, is_list=True),
    "api:case-review-detail": Entry(kind="api", obj=review, expect={"regulator": 200, "reviewer": 200}),
    "api:case-review-score": Entry(obj=review, **API_POST_ONLY),
    # --- complaints ---
    "enterprises:complaint-list": Entry(
        args=no_args,
        expect=FORBIDDEN | {"regulator": 200, "enterprise": 200, "cb_manager": 200},
        is_list=True,
    ),
    "enterprises:complaint-create": Entry(args=no_args, expect=FORBIDDEN | {"enterprise": 200}),
    "enterprises:complaint-detail": Entry(obj=complaint, expect=SEES_COMPLAINT),
    "enterprises:complaint-forward": Entry(obj=complaint, expect=POST_ONLY),
    "enterprises:complaint-respond": Entry(obj=complaint, expect=POST_ONLY),
    "enterprises:complaint-close": Entry(obj=complaint, expect=POST_ONLY),
    "api:complaint-list": Entry(kind="api", args=no_args, expect=EVERYONE, is_list=True),
    "api:complaint-detail": Entry(kind="api", obj=complaint, expect=SEES_COMPLAINT),
    "api:complaint-forward": Entry(obj=complaint, **API_POST_ONLY),
    "api:complaint-respond": Entry(obj=complaint, **API_POST_ONLY),
    "api:complaint-close": Entry(obj=complaint, **API_POST_ONLY),
}
assert set(ROLES) >= set(SEES_ENTERPRISE)
