"""Demo rows of the notifications app (seed_demo): 催办 the regulator sent, and today's reminders run once, so every
demo account finds its list and its unread count filled the way the daily job fills them."""

from __future__ import annotations

from notifications.services.notifications import reminders_send
from notifications.services.urges import urge_send


def seed(ctx, campaign_2023, current) -> list[str]:
    urges = 0
    if current is not None and len(ctx.districts) > 3 and ctx.bodies:
        lagging = ctx.districts[-1]
        urge_send(
            acting_user=ctx.regulator,
            campaign=current,
            member_unit=lagging,
            note=f"{lagging.name}帮扶进度低于全市中位数，请于两周内完成剩余企业的诊断并补录走访记录。",
            context="中期评估：落后区",
        )
        urge_send(
            acting_user=ctx.regulator,
            campaign=current,
            body=ctx.bodies[-1],
            note="贵机构负责企业中有 3 家超过 30 天无走访记录，请督促帮扶专家尽快上门指导。",
            context="认证机构评价：记录缺失",
        )
        urges = 2
    created = reminders_send(today=ctx.today)
    return [f"通知：催办 {urges} 条，今日提醒 {created} 条"]
