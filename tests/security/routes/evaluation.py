"""Isolation-matrix entries of the evaluation app: the mid-term page, snapshots, the mid-term meeting and its next
steps, HTML and API. ``populate`` takes a snapshot, records the meeting (with minutes) and one next step owned by
the cast's district (滨海新区)."""

import uuid
from datetime import date

from django.core.files.base import ContentFile

from evaluation.services.midterm import meeting_record, next_step_add, snapshot_take
from tests.security.matrix import ALL, SIGNED_IN, Entry

FORBIDDEN = {role: 403 for role in SIGNED_IN}
POST_ONLY = {role: 405 for role in SIGNED_IN}
# The snapshot's readers: the regulator (whole city), a district and a body (their own line).
SNAPSHOT_READERS = {"regulator": 200, "district": 200, "cb_manager": 200}
# The meeting's readers: the regulator, the member units (city bureaus too) and the bodies' managers.
MEETING_READERS = {"regulator": 200, "district": 200, "bureau": 200, "cb_manager": 200}
REGULATOR_ONLY = {"regulator": 200, "district": 403, "bureau": 403, "cb_manager": 403}


def populate(cast):
    cast.snapshot, _ = snapshot_take(campaign=cast.campaign, token=uuid.uuid4(), acting_user=cast.regulator)
    cast.midterm_meeting = meeting_record(
        campaign=cast.campaign,
        held_on=date(2023, 8, 25),
        place=f"{cast.tenant.name}中期推动会会场",
        attendance=60,
        minutes=ContentFile(b"%PDF-1.4\n%%EOF\n", name="minutes.pdf"),
        minutes_name="minutes.pdf",
        acting_user=cast.regulator,
    )
    cast.next_step = next_step_add(
        meeting=cast.midterm_meeting,
        what=f"{cast.tenant.name}补齐行业培训",
        owner_kind="member_unit",
        member_unit=cast.district_unit,
        due_on=date(2023, 9, 30),
        acting_user=cast.regulator,
    )


def no_args(_obj):
    return []


def snapshot(cast):
    return cast.snapshot


def meeting(cast):
    return cast.midterm_meeting


def step(cast):
    return cast.next_step


ENTRIES: dict = {
    "evaluation:midterm": Entry(
        args=no_args, expect=FORBIDDEN | {"regulator": 200, "district": 200, "cb_manager": 200}, is_list=True
    ),
    "evaluation:snapshot-take": Entry(obj=lambda c: c.campaign, expect=POST_ONLY),
    "evaluation:snapshot-detail": Entry(obj=snapshot, expect=SNAPSHOT_READERS),
    # The meeting is recorded already, so "new" takes the regulator to it.
    "evaluation:meeting-create": Entry(obj=lambda c: c.campaign, expect=FORBIDDEN | {"regulator": 302}),
    "evaluation:meeting-detail": Entry(obj=meeting, expect=MEETING_READERS),
    "evaluation:meeting-edit": Entry(obj=meeting, expect=REGULATOR_ONLY),
    "evaluation:meeting-minutes": Entry(obj=meeting, expect=MEETING_READERS),
    "evaluation:next-step-create": Entry(obj=meeting, expect=REGULATOR_ONLY),
    "evaluation:next-step-list": Entry(args=no_args, expect=ALL, is_list=True),
    "evaluation:next-step-edit": Entry(obj=step, expect={"regulator": 200, "district": 403}),
    "evaluation:next-step-done": Entry(obj=step, expect=POST_ONLY),
    # --- API ---
    "api:midterm-snapshot-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:midterm-snapshot-detail": Entry(kind="api", obj=snapshot, expect=SNAPSHOT_READERS),
    "api:midterm-meeting-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:midterm-meeting-detail": Entry(kind="api", obj=meeting, expect=MEETING_READERS),
    "api:midterm-meeting-minutes": Entry(kind="api", obj=meeting, expect=MEETING_READERS),
    "api:next-step-list": Entry(kind="api", args=no_args, expect=ALL, is_list=True),
    "api:next-step-detail": Entry(kind="api", obj=step, expect={"regulator": 200, "district": 200}),
    "api:next-step-done": Entry(kind="api", obj=step, expect=POST_ONLY),
}
