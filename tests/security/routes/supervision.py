"""Isolation-matrix entries of the supervision app (现场督导): rounds, visits, rectification requests with answers
and evidence, HTML and API. ``populate`` builds, per tenant, one open round with a visit to the district (asking the
district and the enterprise for rectifications) and a visit to the certification body (whose request is answered,
with evidence); every text carries the tenant's name, so a leak shows."""

from datetime import date

from django.core.files.base import ContentFile

from supervision.models import (
    RectificationAnswer,
    RectificationEvidence,
    RectificationRequest,
    SupervisionRound,
    SupervisionVisit,
    SupervisionVisitFile,
)
from tests.security.matrix import ALL, SIGNED_IN, Entry

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
POST_ONLY = {role: 405 for role in SIGNED_IN}
REGULATOR_ONLY = {role: 403 for role in SIGNED_IN} | {"regulator": 200}
# The round is seen by the regulator and every party it concerns (the district visited, the enterprise and the body
# asked); a party is refused its pages (403), whoever it does not concern gets a 404.
ROUND_PARTIES = {"regulator": 200, "district": 200, "enterprise": 200, "cb_manager": 200}
DISTRICT_VISIT = {"regulator": 200, "district": 200, "enterprise": 200}
BODY_VISIT = {"regulator": 200, "cb_manager": 200}
DISTRICT_REQUEST = {"regulator": 200, "district": 200}


def populate(cast):
    tag = cast.tenant.name
    cast.supervision_round = SupervisionRound.objects.create(
        campaign=cast.campaign, title=f"{tag}六月现场督导", starts_on=date(2023, 6, 1), created_by=cast.regulator
    )
    cast.supervision_visit = SupervisionVisit.objects.create(
        round=cast.supervision_round,
        member_unit=cast.district_unit,
        visited_on=date(2023, 6, 10),
        observations=f"{tag}区级推进情况",
        findings=f"{tag}培训记录不全",
        internal_notes=f"{tag}内部意见",
        created_by=cast.regulator,
    )
    cast.supervision_visit.staff.set([cast.regulator])
    cast.supervision_visit_file = SupervisionVisitFile.objects.create(
        visit=cast.supervision_visit,
        file=ContentFile(PDF, name="photo.pdf"),
        original_name=f"{tag}现场照片.pdf",
        uploaded_by=cast.regulator,
    )
    cast.rectification_district = RectificationRequest.objects.create(
        visit=cast.supervision_visit,
        campaign=cast.campaign,
        member_unit=cast.district_unit,
        asked=f"{tag}补齐培训记录",
        due_on=date(2023, 7, 10),
        created_by=cast.regulator,
    )
    cast.rectification_enterprise = RectificationRequest.objects.create(
        visit=cast.supervision_visit,
        campaign=cast.campaign,
        enterprise=cast.enterprise,
        asked=f"{tag}完善内审记录",
        due_on=date(2023, 7, 10),
        created_by=cast.regulator,
    )
    cast.body_visit = SupervisionVisit.objects.create(
        round=cast.supervision_round,
        body=cast.body,
        visited_on=date(2023, 6, 12),
        observations=f"{tag}机构帮扶记录",
        created_by=cast.regulator,
    )
    cast.rectification_body = RectificationRequest.objects.create(
        visit=cast.body_visit,
        campaign=cast.campaign,
        body=cast.body,
        asked=f"{tag}补充帮扶台账",
        due_on=date(2023, 7, 12),
        state="answered",
        created_by=cast.regulator,
    )
    answer = RectificationAnswer.objects.create(
        request=cast.rectification_body, text=f"{tag}已补充", answered_by=cast.cb_manager
    )
    cast.rectification_evidence = RectificationEvidence.objects.create(
        answer=answer, file=ContentFile(PDF, name="evidence.pdf"), original_name=f"{tag}台账.pdf"
    )


def no_args(_obj):
    return []


def round_(cast):
    return cast.supervision_round


def visit(cast):
    return cast.supervision_visit


def request(cast):
    return cast.rectification_district


def evidence(cast):
    return cast.rectification_evidence


ENTRIES = {
    # --- HTML: the regulator's rounds and visits ---
    "supervision:round-list": Entry(args=no_args, expect=REGULATOR_ONLY, is_list=True),
    "supervision:round-create": Entry(args=no_args, expect=REGULATOR_ONLY),
    "supervision:round-detail": Entry(obj=round_, expect={r: 403 for r in ROUND_PARTIES} | {"regulator": 200}),
    "supervision:round-close": Entry(obj=round_, expect=POST_ONLY),
    "supervision:visit-create": Entry(
        obj=round_, expect={r: 403 for r in ROUND_PARTIES} | {"regulator": 200}, args=lambda o: [o.pk]
    ),
    "supervision:visit-detail": Entry(obj=visit, expect={r: 403 for r in DISTRICT_VISIT} | {"regulator": 200}),
    "supervision:visit-file": Entry(obj=lambda c: c.supervision_visit_file, expect={"regulator": 200}),
    # --- HTML: rectification requests (the party's and the regulator's) ---
    "supervision:request-list": Entry(args=no_args, expect=ALL, is_list=True),
    "supervision:request-detail": Entry(obj=request, expect=DISTRICT_REQUEST),
    "supervision:request-answer": Entry(obj=request, expect=POST_ONLY),
    "supervision:request-review": Entry(obj=request, expect=POST_ONLY),
    "supervision:evidence-file": Entry(obj=evidence, expect=BODY_VISIT),
    # --- API ---
    "api:supervision-round-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:supervision-round-detail": Entry(kind="api", obj=round_, expect=ROUND_PARTIES),
    "api:supervision-round-close": Entry(kind="api", obj=round_, expect=POST_ONLY),
    "api:supervision-visit-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:supervision-visit-detail": Entry(kind="api", obj=visit, expect=DISTRICT_VISIT),
    "api:rectification-request-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:rectification-request-detail": Entry(kind="api", obj=request, expect=DISTRICT_REQUEST),
    "api:rectification-request-answer": Entry(kind="api", obj=request, expect=POST_ONLY),
    "api:rectification-request-close": Entry(kind="api", obj=request, expect=POST_ONLY),
    "api:rectification-request-send-back": Entry(kind="api", obj=request, expect=POST_ONLY),
    "api:rectification-evidence-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:rectification-evidence-detail": Entry(kind="api", obj=evidence, expect=BODY_VISIT),
    "api:rectification-evidence-download": Entry(kind="api", obj=evidence, expect=BODY_VISIT),
}
