"""Demo rows of the submissions app (seed_demo): the districts' submissions by 30 November (五(一), R10).

2023: every district submitted and was approved (one of them late, one returned once before approval). The current
year, mid-way: some districts still in draft, some submitted, 和平区 returned with the regulator's comment, one
approved; one submitted late when today is past the deadline (before it, nobody can have been late yet). 滨海新区
(the ``district-binhai`` account) keeps a draft with its work summary uploaded, ready to submit. Rows are written directly (the services stamp "now"); the roll-up is the same
``district_figures`` the service freezes. A district that already has a submission is left as it is.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder

from campaign.models import Campaign, DeadlineKind
from evaluation.selectors.figures import district_figures
from submissions.models import DistrictSubmission, SubmissionEvent, SubmissionEventKind, SubmissionFile, SubmissionState

SHANGHAI = ZoneInfo("Asia/Shanghai")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
RETURN_COMMENT = "数据汇总中培训人次与培训记录不一致，请核对后补充集中培训签到表再报送。"


def _at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=SHANGHAI)


def _due_on(campaign: Campaign) -> date:
    deadline = campaign.deadlines.filter(kind=DeadlineKind.DISTRICT_SUBMISSION).first()
    return deadline.due_on if deadline else date(campaign.year, 11, 30)


def _rollup(campaign, unit, day: date) -> dict:
    return json.loads(json.dumps(district_figures(campaign, unit, day), cls=DjangoJSONEncoder))


def _events(submission, steps) -> None:
    for kind, actor, at, comment in steps:
        event = SubmissionEvent.objects.create(submission=submission, kind=kind, actor=actor, comment=comment)
        SubmissionEvent.objects.filter(pk=event.pk).update(at=at)


def _file(submission, unit, staff, at: datetime) -> None:
    item = SubmissionFile(
        submission=submission,
        original_name=f"{unit.name}{submission.campaign.year}年提升行动工作总结.pdf",
        uploaded_by=staff,
    )
    item.file.save("summary.pdf", ContentFile(PDF), save=False)
    item.save()
    SubmissionFile.objects.filter(pk=item.pk).update(uploaded_at=at)


def _seed_2023(ctx, campaign: Campaign) -> int:
    due = _due_on(campaign)
    made = 0
    for index, unit in enumerate(ctx.districts):
        staff = ctx.district_staff.get(unit.pk)
        if staff is None or DistrictSubmission.objects.filter(campaign=campaign, member_unit=unit).exists():
            continue
        late = index == len(ctx.districts) - 1  # the last district submitted three days late
        returned_once = index == 1
        first = _at(due + timedelta(days=3)) if late else _at(due - timedelta(days=10 - index % 8))
        last = first + timedelta(days=4) if returned_once else first
        approved = last + timedelta(days=2)
        submission = DistrictSubmission.objects.create(
            campaign=campaign,
            member_unit=unit,
            state=SubmissionState.APPROVED,
            note=f"{unit.name}{campaign.year}年度提升行动工作总结、数据报表及推荐案例，请审核。",
            data_rollup=_rollup(campaign, unit, last.date()),
            first_submitted_at=first,
            submitted_at=last,
            submitted_by=staff,
            approved_at=approved,
            approved_by=ctx.regulator,
            returned_at=first + timedelta(days=1) if returned_once else None,
            return_comment=RETURN_COMMENT if returned_once else "",
            version=4 if returned_once else 2,
        )
        _file(submission, unit, staff, first - timedelta(days=1))
        steps = [(SubmissionEventKind.SUBMITTED, staff, first, "")]
        if returned_once:
            steps += [
                (SubmissionEventKind.RETURNED, ctx.regulator, first + timedelta(days=1), RETURN_COMMENT),
                (SubmissionEventKind.SUBMITTED, staff, last, ""),
            ]
        steps.append((SubmissionEventKind.APPROVED, ctx.regulator, approved, ""))
        _events(submission, steps)
        made += 1
    return made


def _seed_current(ctx, campaign: Campaign) -> dict[str, int]:
    today = ctx.today
    due = _due_on(campaign)
    before = min(today, due)
    counts = {"draft": 0, "submitted": 0, "returned": 0, "approved": 0, "late": 0}
    for index, unit in enumerate(ctx.districts):
        staff = ctx.district_staff.get(unit.pk)
        if staff is None or DistrictSubmission.objects.filter(campaign=campaign, member_unit=unit).exists():
            continue
        # 滨海新区 (and two more): a draft with its summary, ready to submit; 和平区 (the first): returned with a
        # comment; then one approved, two submitted, one late when the deadline has passed; the others have not
        # started (a draft is opened on their first visit).
        plan = {0: "returned", 1: "approved", 2: "submitted", 3: "submitted", 5: "draft", 6: "draft"}.get(index)
        if unit.name == "滨海新区":
            plan = "draft"
        if index == 4 and today > due:
            plan = "late"
        if plan is None:
            continue
        submission = DistrictSubmission.objects.create(campaign=campaign, member_unit=unit, note="")
        _file(submission, unit, staff, _at(before - timedelta(days=6)))
        if plan == "draft":
            counts["draft"] += 1
            continue
        submitted = _at(today - timedelta(days=1)) if plan == "late" else _at(before - timedelta(days=5 - index % 3))
        steps = [(SubmissionEventKind.SUBMITTED, staff, submitted, "")]
        data = {
            "state": SubmissionState.SUBMITTED,
            "note": f"{unit.name}{campaign.year}年度工作总结及数据报表。",
            "data_rollup": _rollup(campaign, unit, submitted.date()),
            "first_submitted_at": submitted,
            "submitted_at": submitted,
            "submitted_by": staff,
            "version": 3,
        }
        if plan == "returned":
            returned = submitted + timedelta(days=1)
            data |= {"state": SubmissionState.RETURNED, "returned_at": returned, "return_comment": RETURN_COMMENT}
            steps.append((SubmissionEventKind.RETURNED, ctx.regulator, returned, RETURN_COMMENT))
        elif plan == "approved":
            approved = submitted + timedelta(days=1)
            data |= {"state": SubmissionState.APPROVED, "approved_at": approved, "approved_by": ctx.regulator}
            steps.append((SubmissionEventKind.APPROVED, ctx.regulator, approved, ""))
        DistrictSubmission.objects.filter(pk=submission.pk).update(**data)
        _events(submission, steps)
        counts["late" if plan == "late" else plan] += 1
    return counts


def seed(ctx, campaign_2023, current) -> list[str]:
    lines = [f"区级报送：2023 年 {_seed_2023(ctx, campaign_2023)} 个区已审核通过（1 个逾期）"]
    if current is not None:
        counts = _seed_current(ctx, current)
        lines.append(
            f"区级报送：{current.year} 年草稿 {counts['draft']}、已报送 {counts['submitted']}、退回 {counts['returned']}、"
            f"已通过 {counts['approved']}、逾期报送 {counts['late']}"
        )
    return lines
