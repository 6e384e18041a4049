"""Demo data of the mid-term (四(二)), on top of the journeys (campaign/management/demo_campaigns.py):

- 2023: the snapshot taken on 20 August and the 中期推动会 on 25 August, its next steps all done;
- the current year: the snapshot taken on 20 August and the meeting on 26 August, some next steps still open.

The snapshots are computed from the data as seeded (the journeys hold no history to wind back to August), stamped
with the August day they stand for. Idempotent: a campaign that has its snapshot is left as it is.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import translation

from campaign.models import Campaign
from evaluation.models import MidtermMeeting, MidtermSnapshot, NextStep, NextStepOwner
from evaluation.selectors.figures import city_figures

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _snapshot(ctx, campaign: Campaign, day: date) -> MidtermSnapshot:
    with translation.override(settings.LANGUAGE_CODE):
        figures = city_figures(campaign, day).as_dict()
    snapshot = MidtermSnapshot.objects.create(
        campaign=campaign, sequence=1, token=uuid.uuid4(), as_of=day, taken_by=ctx.regulator, figures=figures
    )
    # taken_at is auto_now_add: stamp the August day it stands for (a queryset update, never save()).
    MidtermSnapshot.objects.filter(pk=snapshot.pk).update(taken_at=datetime.combine(day, time(16, 30), tzinfo=SHANGHAI))
    return snapshot


def _meeting(ctx, campaign: Campaign, day: date, steps: list[tuple[str, str, object, date, bool]]) -> MidtermMeeting:
    names = "、".join(unit.name for unit in ctx.districts) + "；" + "、".join(body.name for body in ctx.bodies)
    meeting = MidtermMeeting.objects.create(
        campaign=campaign,
        held_on=day,
        place="市市场监管委三楼会议室",
        attendance=12 + 3 * len(ctx.districts) + 2 * len(ctx.bodies),
        attendees=f"联席会议各成员单位：{names}",
        notes=(
            "通报中期评估快照：各区企业参与进度、培训开展和问题整改情况；点名进度滞后的区和认证机构，"
            "部署下一阶段体系运行、内审和管理评审工作。"
        ),
        recorded_by=ctx.regulator,
    )
    for what, kind, owner, due_on, done in steps:
        NextStep.objects.create(
            meeting=meeting,
            what=what,
            owner_kind=kind,
            member_unit=owner if kind == NextStepOwner.MEMBER_UNIT else None,
            body=owner if kind == NextStepOwner.BODY else None,
            due_on=due_on,
            done=done,
            done_at=datetime.combine(due_on, time(17), tzinfo=SHANGHAI) if done else None,
            done_by=ctx.regulator if done else None,
        )
    return meeting


def _steps(ctx, year: int, *, done_until: date | None) -> list[tuple[str, str, object, date, bool]]:
    first, second = ctx.districts[0], ctx.districts[min(1, len(ctx.districts) - 1)]
    body = ctx.bodies[0]
    plan = [
        ("补齐行业培训，9月底前至少组织一场行业培训", NextStepOwner.MEMBER_UNIT, second, date(year, 9, 30)),
        ("督促体系运行满三个月的企业按期开展内审和管理评审", NextStepOwner.BODY, body, date(year, 10, 15)),
        ("梳理本区拟推荐的优秀案例，10月底前报送初稿", NextStepOwner.MEMBER_UNIT, first, date(year, 10, 31)),
        ("组织第二轮现场督导，重点检查进度滞后单位", NextStepOwner.REGULATOR, None, date(year, 9, 20)),
        ("加强帮扶专家到企指导频次，每家企业每月不少于一次", NextStepOwner.BODY, ctx.bodies[-1], date(year, 12, 10)),
    ]
    return [(what, kind, owner, due, done_until is None or due <= done_until) for what, kind, owner, due in plan]


def seed(ctx, campaign_2023: Campaign, current: Campaign | None) -> list[str]:
    lines = []
    if not MidtermSnapshot.objects.filter(campaign=campaign_2023).exists():
        _snapshot(ctx, campaign_2023, date(2023, 8, 20))
        _meeting(ctx, campaign_2023, date(2023, 8, 25), _steps(ctx, 2023, done_until=None))
        lines.append("2023 年：中期评估快照（8月20日）、中期推动会（8月25日）及后续工作 5 项（均已完成）")
    if current is not None and current.pk != campaign_2023.pk:
        if not MidtermSnapshot.objects.filter(campaign=current).exists():
            year = current.year
            _snapshot(ctx, current, date(year, 8, 20))
            steps = _steps(ctx, year, done_until=date(year, 9, 30))
            _meeting(ctx, current, date(year, 8, 26), steps)
            still_open = sum(1 for step in steps if not step[4])
            lines.append(
                f"{year} 年：中期评估快照（8月20日）、中期推动会（8月26日），后续工作 {len(steps)} 项（{still_open} 项未完成）"
            )
    # The certification bodies' assessments (五(二)), after the figures they are read from.
    from evaluation.demo_scorecards import seed as seed_scorecards

    lines += seed_scorecards(ctx, campaign_2023, current)
    return lines
