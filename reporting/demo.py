"""Demo reports: a few finished Excel workbooks of each demo campaign, rendered for real and synchronously (the
job rows and their files, as a worker would have left them), so the reports page is not empty on a first look —
the city's 数据汇总 and certification-body roll-up asked by the regulator, 滨海新区's own 数据汇总 asked by its
liaison, and the first body's 帮扶小微企业名单 asked by its manager. Idempotent: a campaign that has reports is left
alone. Seconds: each is one figures computation or one streamed list."""

from __future__ import annotations

from campaign.management.demo_campaigns import DEMO_DISTRICT_INDEX
from reporting.kinds import ReportScope
from reporting.models import ReportJob
from reporting.services import report_run, scope_key


def _render(kind_key: str, scope: ReportScope, user) -> ReportJob:
    job = ReportJob.objects.create(
        kind=kind_key,
        campaign=scope.campaign,
        district=scope.district,
        body=scope.body,
        scope_key=scope_key(kind_key, scope),
        created_by=user,
    )
    report_run(job_id=job.pk)  # no task: rendered here, claimed like any other run
    return job


def seed(ctx, campaign_2023, current) -> list[str]:
    lines = []
    for campaign in dict.fromkeys(c for c in (campaign_2023, current) if c is not None):
        if ReportJob.objects.filter(campaign=campaign).exists():
            continue
        district = ctx.districts[DEMO_DISTRICT_INDEX]  # 滨海新区, the demo district account's
        body = ctx.bodies[0]
        jobs = [
            _render("district_summary", ReportScope(campaign=campaign), ctx.regulator),
            _render("body_rollup", ReportScope(campaign=campaign), ctx.regulator),
            _render(
                "district_summary",
                ReportScope(campaign=campaign, district=district),
                ctx.district_staff.get(district.pk, ctx.regulator),
            ),
            _render(
                "assisted_list",
                ReportScope(campaign=campaign, body=body),
                ctx.managers.get(body.pk, ctx.regulator),
            ),
        ]
        done = ReportJob.objects.filter(pk__in=[job.pk for job in jobs], status="done").count()
        lines.append(f"报告 {campaign.year}：{done} 份 Excel 报表已生成（数据汇总、认证机构汇总、帮扶小微企业名单）")
    return lines
