"""Isolation-matrix entries of the submissions app: the district's submission (own: 滨海新区's), its files, the
regulator's list; HTML and API."""

from django.core.files.base import ContentFile

from submissions.models import DistrictSubmission, SubmissionEvent, SubmissionFile, SubmissionState
from tests.security.matrix import SIGNED_IN, Entry

EVERYONE = {role: 200 for role in SIGNED_IN}
FORBIDDEN = {role: 403 for role in SIGNED_IN}
POST_ONLY = {role: 405 for role in SIGNED_IN}
# The submission of 滨海新区: its district and the regulator see it; nobody else (a city bureau submits nothing).
SEES_SUBMISSION = {"regulator": 200, "district": 200}


def populate(cast):
    cast.submission = DistrictSubmission.objects.create(
        campaign=cast.campaign,
        member_unit=cast.district_unit,
        state=SubmissionState.RETURNED,
        note=f"{cast.tenant.name}区级总结说明",
        return_comment=f"{cast.tenant.name}请补充数据",
    )
    cast.submission_file = SubmissionFile.objects.create(
        submission=cast.submission,
        file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="summary.pdf"),
        original_name=f"{cast.tenant.name}区工作总结.pdf",
        uploaded_by=cast.district,
    )
    SubmissionEvent.objects.create(
        submission=cast.submission, kind="returned", comment=f"{cast.tenant.name}请补充数据", actor=cast.regulator
    )


def no_args(_obj):
    return []


def submission(cast):
    return cast.submission


def submission_file(cast):
    return cast.submission_file


ENTRIES = {
    # --- pages ---
    # The regulator's list; a district is sent on to its own submission (302), every other role is refused.
    "submissions:list": Entry(args=no_args, expect=FORBIDDEN | {"regulator": 200, "district": 302}, is_list=True),
    # The district's own submission, opened on the first visit (302 to it); nobody else has one.
    "submissions:own": Entry(args=no_args, expect=FORBIDDEN | {"district": 302}),
    "submissions:detail": Entry(obj=submission, expect=SEES_SUBMISSION),
    "submissions:note": Entry(obj=submission, expect=POST_ONLY),
    "submissions:files": Entry(obj=submission, expect=POST_ONLY),
    "submissions:submit": Entry(obj=submission, expect=POST_ONLY),
    "submissions:return": Entry(obj=submission, expect=POST_ONLY),
    "submissions:approve": Entry(obj=submission, expect=POST_ONLY),
    "submissions:unlock": Entry(obj=submission, expect=POST_ONLY),
    "submissions:file": Entry(obj=submission_file, expect=SEES_SUBMISSION),
    "submissions:file-remove": Entry(obj=submission_file, expect=POST_ONLY),
    # --- API ---
    "api:district-submission-list": Entry(kind="api", args=no_args, expect=EVERYONE, is_list=True),
    "api:district-submission-detail": Entry(kind="api", obj=submission, expect=SEES_SUBMISSION),
    "api:district-submission-submit": Entry(kind="api", obj=submission, expect=POST_ONLY),
    "api:district-submission-return": Entry(kind="api", obj=submission, expect=POST_ONLY),
    "api:district-submission-approve": Entry(kind="api", obj=submission, expect=POST_ONLY),
    "api:district-submission-unlock": Entry(kind="api", obj=submission, expect=POST_ONLY),
    "api:district-submission-files": Entry(kind="api", obj=submission, expect=POST_ONLY),
    "api:submission-file-list": Entry(kind="api", args=no_args, expect=EVERYONE, is_list=True),
    "api:submission-file-detail": Entry(kind="api", obj=submission_file, expect=SEES_SUBMISSION),
    "api:submission-file-download": Entry(kind="api", obj=submission_file, expect=SEES_SUBMISSION),
}
