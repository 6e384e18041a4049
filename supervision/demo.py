"""Demo rows of on-site supervision (现场督导): 2023 — June and September rounds, visits to districts, enterprises
and bodies, every request closed and both rounds closed; the current year — a closed June round and an open round
with requests open, answered, sent back and overdue. Written directly (the demo's dates are in the past)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from supervision.models import (
    RectificationAnswer,
    RectificationEvidence,
    RectificationRequest,
    RectificationState,
    RoundState,
    SupervisionRound,
    SupervisionVisit,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

FINDINGS = [
    ("企业帮扶台账记录不完整，部分现场指导无签到记录", "补齐帮扶台账和签到记录，报送整改情况"),
    ("体系文件与企业实际不符，程序文件照搬模板", "结合企业实际修订程序文件，附修订前后对照"),
    ("区级培训未覆盖全部参加企业", "组织补充培训，报送培训签到表和照片"),
    ("内部审核记录缺少不符合项的纠正措施", "补充纠正措施及验证记录"),
    ("管理评审输入不完整，未包含顾客满意信息", "重新组织管理评审并上传评审报告"),
]


def _moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


class _Writer:
    def __init__(self, ctx, campaign):
        self.ctx = ctx
        self.campaign = campaign
        self.regulator = ctx.regulator
        self.requests = 0

    def round(self, title: str, starts_on: date, ends_on: date | None, closed: bool) -> SupervisionRound:
        return SupervisionRound.objects.create(
            campaign=self.campaign,
            title=title,
            starts_on=starts_on,
            ends_on=ends_on,
            state=RoundState.CLOSED if closed else RoundState.OPEN,
            closed_at=_moment(ends_on) if closed and ends_on else None,
            created_by=self.regulator,
        )

    def visit(self, round_, party, visited_on: date, finding: str) -> SupervisionVisit:
        kind = {"MemberUnit": "member_unit", "Enterprise": "enterprise", "CertificationBody": "body"}[
            type(party).__name__
        ]
        visit = SupervisionVisit.objects.create(
            round=round_,
            visited_on=visited_on,
            observations=f"现场查看{party}的帮扶推进情况，查阅台账和记录。",
            findings=finding,
            internal_notes="",
            created_by=self.regulator,
            **{kind: party},
        )
        visit.staff.set([self.regulator])
        return visit

    def request(self, visit, asked: str, due_on: date, state: str, answered_on: date | None = None, comment=""):
        party = {"member_unit": visit.member_unit, "enterprise": visit.enterprise, "body": visit.body}
        row = RectificationRequest.objects.create(
            visit=visit,
            campaign=self.campaign,
            asked=asked,
            due_on=due_on,
            state=state,
            return_comment=comment,
            returned_count=1 if comment else 0,
            closed_by=self.regulator if state == RectificationState.CLOSED else None,
            closed_at=_moment(answered_on + timedelta(days=3)) if state == RectificationState.CLOSED else None,
            created_by=self.regulator,
            **{k: v for k, v in party.items() if v is not None},
        )
        self.requests += 1
        if answered_on is not None:
            answerer = self._answerer(row)
            if answerer is not None:
                answer = RectificationAnswer.objects.create(
                    request=row, text="已按要求完成整改，证明材料见附件。", answered_by=answerer
                )
                RectificationAnswer.objects.filter(pk=answer.pk).update(answered_at=_moment(answered_on))
                RectificationEvidence.objects.create(
                    answer=answer, file=ContentFile(PDF, name="evidence.pdf"), original_name="整改证明材料.pdf"
                )
        return row

    def _answerer(self, row):
        if row.member_unit_id:
            return self.ctx.district_staff.get(row.member_unit_id)
        if row.body_id:
            return self.ctx.managers.get(row.body_id)
        return self.ctx.enterprise_users.get(row.enterprise_id)


def _parties(ctx, offset: int):
    """A district, one of its enterprises and a certification body, turning with ``offset``."""
    district_index = offset % len(ctx.districts)
    district = ctx.districts[district_index]
    row = ctx.grid[district_index] if district_index < len(ctx.grid) else []
    with_account = [e for e in row if e.pk in ctx.enterprise_users]
    pool = with_account or row
    enterprise = pool[offset % len(pool)] if pool else None
    body = ctx.bodies[offset % len(ctx.bodies)] if ctx.bodies else None
    return district, enterprise, body


def _demo_accounts(ctx):
    """The parties the demo accounts speak for: 滨海新区 (district-binhai), the `enterprise` account's company, the
    first body (cb-manager's) and the company of enterprise-02."""
    from campaign.management.demo_campaigns import DEMO_ENTERPRISE, SECOND_ENTERPRISE

    district = next((unit for unit in ctx.districts if unit.name == "滨海新区"), ctx.districts[0])

    def cell(position):
        row, column = position
        return ctx.grid[row][column] if row < len(ctx.grid) and column < len(ctx.grid[row]) else None

    return district, cell(DEMO_ENTERPRISE), (ctx.bodies[0] if ctx.bodies else None), cell(SECOND_ENTERPRISE)


def _seed_2023(ctx, campaign) -> int:
    w = _Writer(ctx, campaign)
    year = campaign.year
    for number, (title, start, end) in enumerate(
        [("六月现场督导", date(year, 6, 5), date(year, 6, 30)), ("九月现场督导", date(year, 9, 4), date(year, 9, 29))]
    ):
        round_ = w.round(f"{year}年{title}", start, end, closed=True)
        for slot in range(3):
            for party in _parties(ctx, number * 3 + slot):
                if party is None:
                    continue
                finding, asked = FINDINGS[(number + slot) % len(FINDINGS)]
                visited_on = start + timedelta(days=2 + slot * 3)
                visit = w.visit(round_, party, visited_on, finding)
                w.request(
                    visit,
                    asked,
                    visited_on + timedelta(days=20),
                    RectificationState.CLOSED,
                    answered_on=visited_on + timedelta(days=15),
                )
    return w.requests


def _seed_current(ctx, campaign) -> int:
    w = _Writer(ctx, campaign)
    today = ctx.today
    year = campaign.year
    june = min(date(year, 6, 5), today - timedelta(days=120))
    closed = w.round(f"{year}年六月现场督导", june, june + timedelta(days=25), closed=True)
    for slot in range(2):
        district, enterprise, body = _parties(ctx, slot)
        for party in (district, body):
            if party is None:
                continue
            finding, asked = FINDINGS[slot]
            visited_on = june + timedelta(days=2 + slot * 4)
            visit = w.visit(closed, party, visited_on, finding)
            w.request(
                visit,
                asked,
                visited_on + timedelta(days=20),
                RectificationState.CLOSED,
                visited_on + timedelta(days=14),
            )
    started = today - timedelta(days=40)
    current = w.round(f"{year}年第二轮现场督导", started, None, closed=False)
    district, enterprise, body, other_enterprise = _demo_accounts(ctx)
    visited_on = started + timedelta(days=3)
    # 滨海新区 (district-binhai): one open, one sent back; the body of cb-manager: overdue; the enterprise of
    # enterprise-02: answered, waiting for the regulator; the enterprise of `enterprise`: open.
    visit = w.visit(current, district, visited_on, FINDINGS[2][0])
    w.request(visit, FINDINGS[2][1], today + timedelta(days=10), RectificationState.OPEN)
    w.request(
        visit,
        "补充区级启动会会议纪要和签到表",
        today + timedelta(days=5),
        RectificationState.RETURNED,
        answered_on=visited_on + timedelta(days=10),
        comment="签到表不完整，请补充全部参会企业的签到页。",
    )
    if body is not None:
        visit = w.visit(current, body, visited_on + timedelta(days=2), FINDINGS[0][0])
        w.request(visit, FINDINGS[0][1], today - timedelta(days=6), RectificationState.OPEN)  # overdue
    if other_enterprise is not None:
        visit = w.visit(current, other_enterprise, visited_on + timedelta(days=5), FINDINGS[3][0])
        w.request(
            visit,
            FINDINGS[3][1],
            today + timedelta(days=3),
            RectificationState.ANSWERED,
            visited_on + timedelta(days=20),
        )
    if enterprise is not None:
        visit = w.visit(current, enterprise, visited_on + timedelta(days=7), FINDINGS[4][0])
        w.request(visit, FINDINGS[4][1], today + timedelta(days=14), RectificationState.OPEN)
    return w.requests


def seed(ctx, campaign_2023, current) -> list[str]:
    lines = []
    if campaign_2023 is not None and not SupervisionRound.objects.filter(campaign=campaign_2023).exists():
        count = _seed_2023(ctx, campaign_2023)
        lines.append(f"现场督导 {campaign_2023.year}：2 批督导已结束，{count} 项整改要求均已关闭")
    if current is not None and current != campaign_2023:
        if not SupervisionRound.objects.filter(campaign=current).exists():
            count = _seed_current(ctx, current)
            lines.append(
                f"现场督导 {current.year}：1 批已结束、1 批进行中，共 {count} 项整改要求（含逾期、已答复、已退回）"
            )
    return lines
