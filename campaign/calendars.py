"""The 2023 calendar as the notice sets it (津质认联〔2023〕2号, issued and effective 2023-05-09).

Used to create Tianjin's first campaign; every later year is cloned from the one before and edited as data.
"""

from datetime import date

from campaign.models import DeadlineKind, PhaseKind

TIANJIN_2023_TITLE = "2023年天津市小微企业质量管理体系认证提升行动"
TIANJIN_2023_DOCUMENT_NUMBER = "津质认联〔2023〕2号"

TIANJIN_2023_PHASES = {
    # 四(一) 行动部署阶段(2023年5月初): the notice takes effect on 9 May; kickoffs within May.
    PhaseKind.DEPLOYMENT: (date(2023, 5, 9), date(2023, 5, 31)),
    # 四(二) 帮扶提升阶段(2023年5月-2023年10月)
    PhaseKind.ASSISTANCE: (date(2023, 5, 9), date(2023, 10, 31)),
    # 四(二) 市市场监管委将自6月起……开展现场督导
    PhaseKind.SUPERVISION: (date(2023, 6, 1), date(2023, 10, 31)),
    # 四(二) 8月组织提升行动中期评估
    PhaseKind.MIDTERM: (date(2023, 8, 1), date(2023, 8, 31)),
    # 四(三) 总结评估阶段(2023年11月-12月)
    PhaseKind.SUMMARY: (date(2023, 11, 1), date(2023, 12, 31)),
}

TIANJIN_2023_DEADLINES = {
    DeadlineKind.KICKOFF: date(2023, 5, 31),  # 四(一): one kickoff per member unit in the deployment phase
    DeadlineKind.MIDTERM_EVALUATION: date(2023, 8, 31),  # 四(二)
    DeadlineKind.ASSISTANCE_COMPLETE: date(2023, 10, 31),  # 四(二)
    DeadlineKind.ENTERPRISE_SUMMARY: date(2023, 11, 30),  # 四(三), 附件二(四); districts submit them by 30 Nov
    DeadlineKind.DISTRICT_SUBMISSION: date(2023, 11, 30),  # 五(一)
    DeadlineKind.CASE_RECOMMENDATION: date(2023, 11, 30),  # 五(一)
    DeadlineKind.CASE_SELECTION: date(2023, 12, 31),  # 五(一)
    DeadlineKind.FINAL_REPORT: date(2023, 12, 31),  # 四(三)
}
