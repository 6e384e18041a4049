"""Demo data of the certification-body evaluation (五(二)1–2), on top of the journeys and the mid-term
(campaign/management/demo_campaigns.py, evaluation/demo.py):

- 2023: every certification body assessed from its scorecard — the best-ranked one excellent and recommended to SAMR,
  the one with the most complaints upheld (in full or in part; then the most complaints) criticised with its grounds
  (and it has answered, once), the others satisfactory;
- the current year: none assessed yet (the summary phase has not come).

Called by ``evaluation.demo.seed`` (the app's one demo entry point). Written through the services, as the regulator
and the body's manager would, then dated to December of the campaign's year. Idempotent: a campaign whose bodies
are assessed is left as it is.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from campaign.models import Campaign
from evaluation.models import BodyAssessment, BodyAssessmentResponse, BodyRating, CriticismReason
from evaluation.selectors.scorecards import body_scorecards
from evaluation.services.scorecards import body_assessment_answer, body_assessment_save
from notifications.models import Notification, NotificationKind

SHANGHAI = ZoneInfo("Asia/Shanghai")


def seed(ctx, campaign_2023: Campaign, current: Campaign | None) -> list[str]:
    if BodyAssessment.objects.filter(campaign=campaign_2023).exists():
        return []
    cards = body_scorecards(user=ctx.regulator, campaign=campaign_2023, today=ctx.today)
    if not cards:
        return []
    excellent = cards[0]
    criticised = max(
        cards[1:] or cards,
        key=lambda card: (card.complaints_upheld, card.complaints["total"], card.rank or 0),
    )
    assessed_at = datetime.combine(date(campaign_2023.year, 12, 15), time(10), SHANGHAI)
    answered_at = datetime.combine(date(campaign_2023.year, 12, 20), time(15), SHANGHAI)
    for card in cards:
        if card is excellent:
            fields = {"rating": BodyRating.EXCELLENT, "recommended_to_samr": True}
        elif card is criticised:
            # 五(二)2 收到企业投诉: a ground only when a complaint was found upheld, in full or in part.
            upheld = card.complaints_upheld
            fields = {
                "rating": BodyRating.CRITICISED,
                "reasons": [CriticismReason.COMPLAINTS, CriticismReason.POOR_RESULTS]
                if upheld
                else [CriticismReason.POOR_RESULTS],
                "reason_text": (
                    (f"收到企业投诉{upheld}起，经核实成立或部分成立；" if upheld else "")
                    + "帮扶专家多次临时取消现场指导；所帮扶企业完成内审和管理评审的比例低于全市认证机构中位数。"
                ),
            }
        else:
            fields = {"rating": BodyRating.SATISFACTORY}
        assessment = body_assessment_save(
            campaign=campaign_2023,
            body=card.body,
            rating=fields["rating"],
            reasons=fields.get("reasons", []),
            reason_text=fields.get("reason_text", ""),
            recommended_to_samr=fields.get("recommended_to_samr", False),
            expected_version=None,
            acting_user=ctx.regulator,
        )
        BodyAssessment.objects.filter(pk=assessment.pk).update(assessed_at=assessed_at)
        if card is criticised:
            body_assessment_answer(
                assessment=assessment,
                text="我机构已向投诉企业致歉，调整专家日程并补齐现场指导；已制定整改措施，今后专家改期须提前三个工作日告知企业。",
                acting_user=ctx.managers[card.body.pk],
            )
            BodyAssessmentResponse.objects.filter(assessment=assessment).update(answered_at=answered_at)
    # The notifications of 2023 were read in 2023, not news on today's list.
    Notification.objects.filter(campaign=campaign_2023, kind=NotificationKind.ASSESSMENT).update(
        created_at=assessed_at, read_at=answered_at, email_wanted=False
    )
    return [
        f"{campaign_2023.year} 年：认证机构评价 {len(cards)} 家 — {excellent.body.name}优秀并向国家市场监管总局推荐，"
        f"{criticised.body.name}通报批评（已答复）"
    ]
