"""Isolation-matrix entries of the outputs slice: progress, outcome figures, summaries, cases, complaints (HTML and
API). Objects come from tests/domain.py (populated by a_domain)."""

from tests.security.matrix import SIGNED_IN, Entry

FORBIDDEN = {role: 403 for role in SIGNED_IN}
POST_ONLY = {"expect": {role: 405 for role in SIGNED_IN}}
# Who sees cast.enrolment (state "assigned", assigned to cast.expert, a foreign-trade enterprise of 滨海新区).
SEES_ENROLMENT = {"regulator": 200, "district": 200, "bureau": 200, "cb_manager": 200, "expert": 200, "enterprise": 200}
# cast.case is submitted, with a review assigned to cast.reviewer.
SEES_CASE = SEES_ENROLMENT | {"reviewer": 200}


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


def no_args(_obj):
    return []


ENTRIES = {
    # --- HTML ---
    "enterprises:progress": Entry(args=no_args, expect=FORBIDDEN | {"enterprise": 200}, is_list=True),
    "enterprises:enrolment-progress": Entry(obj=enrolment, expect=SEES_ENROLMENT),
    # The enterprise and its assigned expert edit the figures; the others who see the enrolment may not.
    "enterprises:outcome-edit": Entry(
        obj=enrolment, expect={r: 403 for r in SEES_ENROLMENT} | {"enterprise": 200, "expert": 200}
    ),
    "enterprises:summary-upload": Entry(obj=enrolment, expect={r: 403 for r in SEES_ENROLMENT} | {"enterprise": 200}),
    "enterprises:summary-download": Entry(obj=enrolment, expect=SEES_ENROLMENT),
    "enterprises:case-list": Entry(args=no_args, expect={r: 200 for r in SIGNED_IN}, is_list=True),
    "enterprises:case-create": Entry(args=no_args, expect=FORBIDDEN | {"enterprise": 200}),
    "enterprises:case-detail": Entry(obj=case, expect=SEES_CASE),
    # A draft is the enterprise's own: everyone else gets the 404 of a missing row.
    "enterprises:case-edit": Entry(obj=draft, expect={"enterprise": 200}),
    "enterprises:case-delete": Entry(obj=draft, **POST_ONLY),
    "enterprises:case-submit": Entry(obj=draft, **POST_ONLY),
    "enterprises:case-recommend": Entry(obj=case, **POST_ONLY),
    "enterprises:case-assign-reviewer": Entry(obj=case, **POST_ONLY),
    "enterprises:case-decide": Entry(obj=case, **POST_ONLY),
    "enterprises:case-score": Entry(obj=case, expect={r: 403 for r in SEES_CASE} | {"reviewer": 200}),
    "enterprises:case-attachment-download": Entry(obj=lambda c: c.case_attachment, expect=SEES_CASE),
    "enterprises:complaint-list": Entry(
        args=no_args,
        expect=FORBIDDEN | {"regulator": 200, "enterprise": 200, "cb_manager": 200},
        is_list=True,
    ),
    "enterprises:complaint-create": Entry(args=no_args, expect=FORBIDDEN | {"enterprise": 200}),
    # cast.complaint is forwarded, so the body's manager sees it.
    "enterprises:complaint-detail": Entry(
        obj=complaint, expect={"regulator": 200, "enterprise": 200, "cb_manager": 200}
    ),
    "enterprises:complaint-forward": Entry(obj=complaint, **POST_ONLY),
    "enterprises:complaint-respond": Entry(obj=complaint, **POST_ONLY),
    "enterprises:complaint-close": Entry(obj=complaint, **POST_ONLY),
}

API_POST_ONLY = {"kind": "api", "expect": {role: 405 for role in SIGNED_IN}}
EVERYONE = {role: 200 for role in SIGNED_IN}

ENTRIES |= {
    # --- API ---
    "api:outcome-detail": Entry(kind="api", obj=enrolment, expect=SEES_ENROLMENT),
    "api:summary-list": Entry(kind="api", args=no_args, expect=EVERYONE, is_list=True),
    "api:summary-detail": Entry(kind="api", obj=summary, expect=SEES_ENROLMENT),
    "api:summary-download": Entry(kind="api", obj=summary, expect=SEES_ENROLMENT),
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
    "api:complaint-list": Entry(kind="api", args=no_args, expect=EVERYONE, is_list=True),
    "api:complaint-detail": Entry(
        kind="api", obj=complaint, expect={"regulator": 200, "enterprise": 200, "cb_manager": 200}
    ),
    "api:complaint-forward": Entry(obj=complaint, **API_POST_ONLY),
    "api:complaint-respond": Entry(obj=complaint, **API_POST_ONLY),
    "api:complaint-close": Entry(obj=complaint, **API_POST_ONLY),
}
