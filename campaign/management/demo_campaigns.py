"""The lived-in half of ``seed_demo`` (issues 3 and 4): enrolments, screenings, assignments, the assistance work and
the outputs, for the 2023 campaign (finished) and the current year's (up to today).

Every enrolment follows one *journey* — the states it passes through, each on a fixed day of the campaign year plus a
few days of jitter per enterprise — and is cut off at today, so the current year looks exactly as far along as the
calendar is. Everything that hangs off an enrolment (screening, transitions, assignment, visits, diagnosis and its
problems, plan, documents, operation, internal audit, management review, outcome figures, summary, cases) is made
once, when the enrolment is made; the rest (certificates, working groups, trainings, reviewers, complaints) is keyed
on natural keys. So a second run finds everything and writes nothing.

The rows are written in bulk rather than through the services: the services check "not in the future" against the
real today and write one row at a time, while the demo backdates a whole year of work in a few seconds. What the
services would refuse, the demo does not contain: tests/test_seed_demo.py checks the seeded rows with the services'
own rule functions (R1, R2–R4, R5, R7, R8, R13).
"""

from __future__ import annotations

import importlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.apps import apps as django_apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models
from django.test.utils import override_settings
from django.utils import translation
from simple_history.utils import bulk_create_with_history

from accounts.models import User
from assistance.models import (
    Assignment,
    AuditResult,
    CertificationAudit,
    CertificationBody,
    Diagnosis,
    DocumentLevel,
    Expert,
    GroupRole,
    InternalAudit,
    ManagementReview,
    Plan,
    Problem,
    ProblemStatus,
    RecordMode,
    SystemDocument,
    TierLevel,
    Training,
    TrainingKind,
    Urgency,
    Visit,
    VisitKind,
    WorkingGroup,
    WorkingGroupMember,
)
from campaign.models import Campaign, MemberUnit
from enterprises.models import (
    AuditKind,
    Case,
    CaseAttachment,
    CaseReview,
    CaseState,
    Certificate,
    Cluster,
    Complaint,
    ComplaintOutcome,
    ComplaintState,
    Enrolment,
    EnrolmentState,
    EnrolmentTransition,
    Enterprise,
    ImplementationSummary,
    OutcomeFigures,
    ReviewerProfile,
    Screening,
)
from enterprises.policy import screening_failures
from enterprises.services.screening import ScreeningData

SHANGHAI = ZoneInfo("Asia/Shanghai")
S = EnrolmentState

# Positions in the grid of enterprises: (district index in the city's order, enterprise index within the district).
DEMO_DISTRICT_INDEX = 12  # 滨海新区: the demo enterprise, expert and district account
DEMO_ENTERPRISE = (12, 0)  # the `enterprise` account's company
SECOND_ENTERPRISE = (2, 0)  # 河西区: has an account of its own (`enterprise-02`)
OVERRIDE_EXPERT = (5, 1)  # 红桥区's second expert helps one 东丽区 enterprise across the district line (R4 exception)
OVERRIDE_TARGET = (6, 4)
OVERRIDE_FREED = (5, 3)  # the enterprise whose place that expert gives up (not enrolled this year)
AUDITED = (14, 2)  # 静海区: assisted in 2023, certified in January after (R5)
R8_GAPS_CURRENT = {5: {TrainingKind.INDUSTRY}, 13: {TrainingKind.CENTRALISED}, 15: set(TrainingKind.values)}
R8_GAPS_2023 = {15: {TrainingKind.INDUSTRY}}

CLUSTER_NOUNS = {
    Cluster.AUTO_PARTS: "汽车零部件",
    Cluster.BICYCLES: "自行车",
    Cluster.CARPETS: "地毯",
    Cluster.HARDWARE: "五金制品",
    Cluster.SILK_FLOWERS: "绢花工艺品",
    Cluster.MUSICAL_INSTRUMENTS: "乐器",
    Cluster.MEDICAL_DEVICES: "医疗器械",
}

# The day of the campaign year each step is taken, before the enterprise's jitter (0–9 days). Nomination and screening
# in the deployment phase (四(一)), assistance from June (四(二)), at least three months of operation before the
# internal audit and management review (附件二(三)2, R7), outputs and closing in the summary phase (四(三)).
STEP_DAYS = {
    S.NOMINATED: (5, 12),
    S.SCREENED: (5, 22),
    S.REJECTED: (5, 23),
    S.ASSIGNED: (6, 2),
    S.DIAGNOSED: (6, 12),
    S.BUILDING: (7, 1),
    S.OPERATING: (7, 20),
    S.REVIEWED: (11, 3),
    S.RESULTS: (11, 14),
    S.CLOSED: (11, 20),
}
INTERNAL_AUDIT_DAY = (10, 21)  # ≥ 3 months after operation starts (20–29 July)
MANAGEMENT_REVIEW_DAY = (10, 28)
ASSISTED_PATH = [S.SCREENED, S.ASSIGNED, S.DIAGNOSED, S.BUILDING, S.OPERATING, S.REVIEWED, S.RESULTS, S.CLOSED]

# Where the current year's assisted enterprises stand in the summary phase: most reviewed or with results, a few
# lagging behind (the regulator's and the districts' lists have someone to chase), a few closed early.
CURRENT_TARGETS = [
    S.RESULTS, S.REVIEWED, S.OPERATING, S.RESULTS, S.BUILDING, S.REVIEWED, S.DIAGNOSED,
    S.RESULTS, S.OPERATING, S.CLOSED, S.ASSIGNED, S.REVIEWED, S.RESULTS, S.OPERATING,
]  # fmt: skip
# The enterprises no expert slot is reserved for, by (5·district + k) mod 10: most not enrolled this year, the rest
# nominated, screened and waiting for an expert, rejected at screening or withdrawn.
UNASSISTED_PATTERN = [None, None, "screened", None, "rejected", "nominated", None, "withdrawn", None, "screened"]

WITHDRAW_REASONS = [
    "企业生产线整体搬迁至外省，无法继续参加本年度提升行动。",
    "企业主要负责人变更，经企业研究决定暂缓参加提升行动。",
    "企业订单大幅减少，难以投入必要的人员和时间，书面申请退出。",
    "企业被集团收购，质量管理体系纳入集团统一管理，申请退出。",
]
# (category, problem, the enterprise's own idea, measures, owner, urgency) — 附件二(二): 紧要级别/分类, 企业的想法, 应对措施.
PROBLEMS = [
    ("采购控制", "关键原材料供方未经评价即采购，来料检验无记录。", "希望建立合格供方名录。",
     "制定《供方评价控制程序》，对主要供方逐一评价并建立来料检验记录。", "采购部经理", Urgency.HIGH),
    ("过程控制", "关键工序缺少作业指导书，操作依赖老师傅经验。", "先整理最关键的三道工序。",
     "编制关键工序作业指导书，开展岗位培训并在现场张贴。", "生产主管", Urgency.HIGH),
    ("文件管理", "文件版本混乱，现场仍在使用作废版本图纸。", "由办公室统一管理文件。",
     "建立受控文件清单和发放回收记录，清理现场作废文件。", "办公室主任", Urgency.MEDIUM),
    ("设备管理", "生产设备没有点检和保养记录。", "利用班前十分钟进行点检。",
     "制定设备点检表和年度保养计划，纳入班组考核。", "设备员", Urgency.MEDIUM),
    ("计量管理", "部分检测器具超期未检定。", "委托区计量所集中检定。",
     "建立计量器具台账，按周期送检并张贴状态标识。", "质检员", Urgency.MEDIUM),
    ("顾客投诉", "顾客投诉处理没有闭环，原因分析不到位。", "由销售部统一受理投诉。",
     "建立投诉登记和纠正措施记录，每月汇总分析一次。", "销售部经理", Urgency.LOW),
    ("人员能力", "检验员未经培训即上岗。", "请帮扶专家进行一对一培训。",
     "明确岗位能力要求，制定年度培训计划，培训考核合格后上岗。", "人事专员", Urgency.LOW),
    ("不合格品控制", "不合格品未隔离标识，存在误用风险。", "在仓库划定不合格品区。",
     "设置不合格品隔离区和红色标识，建立评审处置记录。", "质检主管", Urgency.HIGH),
]  # fmt: skip
# Problem statuses by how far the enterprise got (附件二(三): solved while building and operating, verified by the
# internal audit).
PROBLEM_STATUSES = {
    S.DIAGNOSED: [ProblemStatus.OPEN] * 3,
    S.BUILDING: [ProblemStatus.IN_PROGRESS, ProblemStatus.IN_PROGRESS, ProblemStatus.OPEN],
    S.OPERATING: [ProblemStatus.SOLVED, ProblemStatus.IN_PROGRESS, ProblemStatus.IN_PROGRESS],
    S.REVIEWED: [ProblemStatus.VERIFIED, ProblemStatus.VERIFIED, ProblemStatus.SOLVED],
}
CASE_TITLES = [
    "以来料检验为抓手提升{noun}产品一次交检合格率",
    "“一企一策”推动小微{noun}企业建立文件化质量管理体系",
    "关键工序标准化让{noun}生产告别“凭经验”",
    "从投诉台账到闭环管理：{noun}企业的顾客满意度提升之路",
    "设备点检与计量管理双管齐下，{noun}企业质量成本明显下降",
    "小微{noun}企业内审员队伍从无到有的实践",
    "不合格品隔离与评审制度助力{noun}企业降本增效",
    "“传帮带”提升一线员工质量意识的{noun}企业实践",
]
PROCEDURES = ["文件控制程序", "供方评价控制程序", "不合格品控制程序", "内部审核程序", "管理评审程序"]


def minimal_pdf(title: str) -> bytes:
    """A small, valid one-page PDF showing ``title`` (ASCII): the demo's uploaded files pass portal.files' checks."""
    text = title.encode("ascii", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 14 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def pdf_file(title: str) -> ContentFile:
    return ContentFile(minimal_pdf(title), name="demo.pdf")


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


@dataclass
class Journey:
    """One enterprise's way through one campaign: the states after ``nominated`` it passes, cut off at today."""

    enterprise: Enterprise
    d: int  # the district's index in the city's order
    k: int  # the enterprise's index within its district
    path: list[str]
    expert: Expert | None = None
    override: tuple[list[str], str] | None = None
    withdraw_reason: str = ""
    when: dict[str, date] = field(default_factory=dict)  # the states reached and the day each was reached

    @property
    def jitter(self) -> int:
        return (self.d * 3 + self.k * 7) % 10

    @property
    def reached(self) -> str:
        return list(self.when)[-1]

    @property
    def furthest(self) -> str:
        """The last state reached before a withdrawal (or the current one)."""
        states = [s for s in self.when if s != S.WITHDRAWN]
        return states[-1]

    def got_to(self, state: str) -> bool:
        return state in self.when


@dataclass
class Context:
    tenant: object
    today: date
    districts: list[MemberUnit]  # in the city's order
    grid: list[list[Enterprise]]  # grid[d][k]
    bodies: list[CertificationBody]
    experts: dict[tuple[int, int], Expert]  # (district index, slot) → expert
    managers: dict[int, User]  # body pk → its manager
    district_staff: dict[int, User]  # member unit pk → its liaison
    regulator: User
    reviewers: list[User]
    enterprise_users: dict[int, User]  # enterprise pk → its own account
    certified: set[int] = field(default_factory=set)  # enterprise pks holding a certificate


class CampaignSeeder:
    """Builds the journeys of one campaign and writes them, with everything that hangs off them, in bulk."""

    def __init__(self, ctx: Context, campaign: Campaign, journeys: list[Journey]):
        self.ctx = ctx
        self.campaign = campaign
        self.year = campaign.year
        self.finished = campaign.year < ctx.today.year
        self.journeys = journeys
        self.rows: dict[type, list] = defaultdict(list)
        self.stamps: list[tuple[object, str, object]] = []  # (row, auto_now field, the day it really happened)

    # --- dates ---------------------------------------------------------------------------------------------------

    def day(self, month: int, dom: int, plus: int = 0) -> date:
        return date(self.year, month, dom) + timedelta(days=plus)

    def step_day(self, state: str, j: int) -> date:
        if state == S.CLOSED:
            return self.day(12, 12, j // 3) if self.finished else self.day(*STEP_DAYS[S.CLOSED], j // 3)
        if state in (S.REVIEWED,):
            return self.day(*STEP_DAYS[state], j)
        if state == S.RESULTS:
            return self.day(*STEP_DAYS[state], j // 2)
        return self.day(*STEP_DAYS[state], j)

    def plan_days(self, journey: Journey) -> None:
        j = journey.jitter
        when = {S.NOMINATED: self.step_day(S.NOMINATED, j)}
        previous = when[S.NOMINATED]
        for state in journey.path:
            if state == S.WITHDRAWN:
                # Withdrawn a few weeks after the last step (from nominated: before screening).
                day = previous + timedelta(days=5 if previous == when[S.NOMINATED] else 40)
            else:
                day = self.step_day(state, j)
            when[state] = day
            previous = day
        journey.when = {}
        for state, day in when.items():
            if day > self.ctx.today:
                break  # the calendar has not got there yet
            journey.when[state] = day

    # --- the write -----------------------------------------------------------------------------------------------

    def seed(self) -> int:
        for journey in self.journeys:
            self.plan_days(journey)
        existing = set(Enrolment.objects.filter(campaign=self.campaign).values_list("enterprise_id", flat=True))
        new = [j for j in self.journeys if j.when and j.enterprise.pk not in existing]
        for journey in new:
            self.build(journey)
        self.write()
        return len(new)

    def add(self, row, **stamps):
        self.rows[type(row)].append(row)
        for name, value in stamps.items():
            self.stamps.append((row, name, value))
        return row

    def write(self) -> None:
        history = {EnrolmentTransition: False, CaseAttachment: False}
        order = [
            Enrolment, Screening, EnrolmentTransition, Assignment, Visit, Diagnosis, Problem, Plan, SystemDocument,
            InternalAudit, ManagementReview, OutcomeFigures, ImplementationSummary, Case, CaseAttachment,
        ]  # fmt: skip
        for model in order:
            rows = self.rows.get(model, [])
            if not rows:
                continue
            if history.get(model, True):
                bulk_create_with_history(rows, model, batch_size=500)
            else:
                model.objects.bulk_create(rows, batch_size=500)
        apply_stamps(self.stamps)

    # --- one enrolment -------------------------------------------------------------------------------------------

    def build(self, journey: Journey) -> None:
        ctx, enterprise, when, j = self.ctx, journey.enterprise, journey.when, journey.jitter
        staff = ctx.district_staff[enterprise.district_id]
        expert = journey.expert
        expert_user = expert.user if expert else None
        manager = ctx.managers[expert.body_id] if expert else None
        enrolment = self.add(
            Enrolment(
                enterprise=enterprise,
                campaign=self.campaign,
                state=journey.reached,
                nominated_by=staff,
                operation_started_on=when.get(S.OPERATING),
            ),
            nominated_at=at(when[S.NOMINATED], 9),
        )
        enterprise_user = ctx.enterprise_users.get(enterprise.pk)
        author = enterprise_user or expert_user  # who fills in the enterprise's own figures and papers

        # R1: the screening, on the day it was screened (or rejected).
        screened_on = when.get(S.SCREENED) or when.get(S.REJECTED)
        reasons = []
        if screened_on:
            data = self.screening_data(journey, screened_on)
            with translation.override(settings.LANGUAGE_CODE):
                reasons = [message for _code, message in screening_failures(data)]
            self.add(
                Screening(
                    enrolment=enrolment,
                    checked_by=staff,
                    passed=not reasons,
                    failure_reasons=reasons,
                    **vars(data),
                )
            )

        # DESIGN.md §5: every move, with who, when and why.
        previous = S.NOMINATED
        for state, day in list(when.items())[1:]:
            if state in (S.SCREENED, S.REJECTED, S.CLOSED, S.WITHDRAWN):
                by = staff
            elif state == S.ASSIGNED:
                by = manager
            else:
                by = expert_user
            reason = ""
            if state == S.REJECTED:
                reason = "；".join(reasons)
            elif state == S.WITHDRAWN:
                reason = journey.withdraw_reason
            elif state == S.ASSIGNED and journey.override:
                reason = journey.override[1]
            self.add(
                EnrolmentTransition(enrolment=enrolment, from_state=previous, to_state=state, by=by, reason=reason),
                at=at(day, 10),
            )
            previous = state

        if not journey.got_to(S.ASSIGNED):
            return
        rules, override_reason = journey.override or ([], "")
        withdrawn_on = when.get(S.WITHDRAWN)
        self.add(
            Assignment(
                enrolment=enrolment,
                expert=expert,
                assigned_by=manager,
                overridden_rules=rules,
                override_reason=override_reason,
                ended_at=at(withdrawn_on, 16) if withdrawn_on else None,
                ended_reason=journey.withdraw_reason if withdrawn_on else "",
            ),
            assigned_at=at(when[S.ASSIGNED], 15),
        )

        furthest = journey.furthest
        cut = withdrawn_on or ctx.today
        for kind, day, start, end, note in self.visit_plan(journey):
            if day <= cut and day <= ctx.today:
                self.add(
                    Visit(
                        enrolment=enrolment,
                        expert=expert,
                        kind=kind,
                        visited_on=day,
                        starts_at=start,
                        ends_at=end,
                        participants="总经理、质量负责人、生产主管",
                        notes=note,
                        created_by=expert_user,
                    ),
                    created_at=at(day, end.hour, end.minute),
                )

        if not journey.got_to(S.DIAGNOSED):
            return
        diagnosed_on = when[S.DIAGNOSED]
        diagnosis = self.add(
            Diagnosis(
                enrolment=enrolment,
                diagnosed_on=diagnosed_on,
                legal_qualifications_ok=True,
                dishonesty_list_checked=True,
                no_quality_penalty=True,
                overall_state=(
                    f"企业现有员工{enterprise.employees or 30}人，主要生产{self.noun(enterprise)}，"
                    "已有部分管理制度但未形成体系，质量记录不完整，质量意识有待提高。"
                ),
                starting_point="从来料检验和关键工序控制入手，先建立程序文件和记录表单，再完善质量手册。",
                resource_limits="可安排质量负责人和两名兼职内审员，每周投入约一天时间；年度预算约三万元。",
                policy_changes="关注行业安全生产和环保政策调整，以及主要客户对供应商质量保证能力的新要求。",
                diagnosed_by=expert_user,
            )
        )
        statuses = PROBLEM_STATUSES.get(furthest, PROBLEM_STATUSES[S.REVIEWED])
        for t, status in enumerate(statuses):
            category, text, idea, measures, owner, urgency = PROBLEMS[(j + t * 3) % len(PROBLEMS)]
            self.add(
                Problem(
                    diagnosis=diagnosis,
                    category=category,
                    description=text,
                    urgency=urgency,
                    enterprise_ideas=idea,
                    measures=measures,
                    owner=owner,
                    due_on=diagnosed_on + timedelta(days=30 + 30 * t),
                    status=status,
                )
            )

        if not journey.got_to(S.BUILDING):
            return
        building_on = when[S.BUILDING]
        self.add(
            Plan(
                enrolment=enrolment,
                key_issues="；".join(PROBLEMS[(j + t * 3) % len(PROBLEMS)][1].rstrip("。") for t in range(3)) + "。",
                approach="一企一策：先梳理采购、生产、销售和售后流程，识别关键控制点，再编写程序文件、记录表单和质量手册，"
                "边建边用、边用边改。",
                milestones=f"{self.year}年7月完成文件编写；8月起体系试运行；10月下旬内部审核；11月上旬管理评审。",
                created_by=expert_user,
            )
        )
        short = enterprise.name.removeprefix("天津").removesuffix("有限公司")
        self.add(
            SystemDocument(
                enrolment=enrolment,
                level=DocumentLevel.MANUAL,
                title=f"{short}质量手册",
                revision="A/0",
                file=pdf_file(f"Quality manual A/0 {enterprise.credit_code}"),
                original_name=f"{short}质量手册A0.pdf",
                uploaded_by=expert_user,
            ),
            uploaded_at=at(building_on + timedelta(days=9), 17),
        )
        if journey.got_to(S.OPERATING):
            operating_on = when[S.OPERATING]
            for p in range(2):
                title = PROCEDURES[(j + p) % len(PROCEDURES)]
                self.add(
                    SystemDocument(
                        enrolment=enrolment,
                        level=DocumentLevel.PROCEDURE,
                        title=title,
                        file=pdf_file(f"Procedure {p + 1} {enterprise.credit_code}"),
                        original_name=f"{title}.pdf",
                        uploaded_by=expert_user,
                    ),
                    uploaded_at=at(operating_on - timedelta(days=3), 16),
                )
            self.add(
                SystemDocument(
                    enrolment=enrolment,
                    level=DocumentLevel.WORK_INSTRUCTION,
                    title=f"{self.noun(enterprise)}关键工序作业指导书",
                    file=pdf_file(f"Work instruction {enterprise.credit_code}"),
                    original_name="关键工序作业指导书.pdf",
                    uploaded_by=expert_user,
                ),
                uploaded_at=at(operating_on - timedelta(days=2), 16),
            )
        # 附件二(四): the baseline is taken when the system building starts; the end values with the results.
        figures = self.figures(journey)
        if not journey.got_to(S.RESULTS):
            figures = {name: value for name, value in figures.items() if name.endswith("_baseline")}
        self.add(OutcomeFigures(enrolment=enrolment, updated_by=author, **figures))

        if journey.got_to(S.REVIEWED):
            self.internal_audit_and_review(journey, enrolment, expert_user)
            self.add(
                SystemDocument(
                    enrolment=enrolment,
                    level=DocumentLevel.MANUAL,
                    title=f"{short}质量手册",
                    revision="A/1",
                    file=pdf_file(f"Quality manual A/1 {enterprise.credit_code}"),
                    original_name=f"{short}质量手册A1.pdf",
                    uploaded_by=expert_user,
                ),
                uploaded_at=at(when[S.REVIEWED], 11),
            )
        if journey.got_to(S.RESULTS) or (journey.got_to(S.REVIEWED) and j % 3 == 0):
            uploaded_on = self.day(11, 10, j // 2)
            if uploaded_on <= ctx.today:
                self.add(
                    ImplementationSummary(
                        enrolment=enrolment,
                        file=pdf_file(f"Implementation summary {enterprise.credit_code} {self.year}"),
                        original_name=f"{enterprise.name}实施情况及成效总结.pdf",
                        uploaded_by=author,
                    ),
                    uploaded_at=at(uploaded_on, 15),
                )
        self.cases(journey, enrolment, author)

    def screening_data(self, journey: Journey, checked_on: date) -> ScreeningData:
        """R1: a clean record, or — for the rejected — one of the four ways an enterprise fails."""
        data = ScreeningData(
            normal_operation=True,
            resources_committed=True,
            willing=True,
            on_abnormal_operations_list=False,
            dishonesty_listed_on=None,
            quality_penalty_on=None,
            checked_on=checked_on,
            notes="经查询国家企业信用信息公示系统及信用中国，未发现异常。",
        )
        if S.REJECTED in journey.path:
            variant = (journey.d + journey.k) % 4
            if variant == 0:
                data.on_abnormal_operations_list = True
                data.notes = "国家企业信用信息公示系统显示该企业因未按期公示年报被列入经营异常名录。"
            elif variant == 1:
                data.quality_penalty_on = checked_on - timedelta(days=230)
                data.notes = "企业近两年内因产品质量抽检不合格受到行政处罚。"
            elif variant == 2:
                data.resources_committed = False
                data.notes = "企业目前仅有三名员工，无法安排人员参与体系建设。"
            else:
                data.dishonesty_listed_on = checked_on - timedelta(days=400)
                data.notes = "信用中国显示该企业两年内曾被列入严重违法失信企业名单。"
        return data

    def visit_plan(self, journey: Journey):
        when, j = journey.when, journey.jitter
        plan = []
        if S.DIAGNOSED in when:
            plan.append(
                (VisitKind.SURVEY, when[S.DIAGNOSED], time(9), time(11, 30),
                 "现场巡视车间和仓库，核查营业执照等法定资质，确认近两年未列入严重违法失信企业名单、"
                 "未因质量问题受处罚；与企业负责人沟通，识别急需解决的问题。")
            )  # fmt: skip
        if S.BUILDING in when:
            start = when[S.BUILDING]
            plan.append(
                (VisitKind.SYSTEM_BUILDING, start + timedelta(days=4), time(14), time(16, 30),
                 "与企业负责人共同梳理采购、生产、销售和售后流程，确定程序文件清单。")
            )  # fmt: skip
            plan.append(
                (VisitKind.TRAINING, start + timedelta(days=11), time(9), time(11),
                 "一对一讲解 ISO 9001 标准条款和文件编写方法（个性化培训）。")
            )  # fmt: skip
        if S.OPERATING in when:
            start = when[S.OPERATING]
            for weeks, note in ((4, "检查体系试运行记录，指导填写来料检验和过程检验记录。"),
                                (9, "跟踪问题整改情况，指导企业开展数据分析和绩效改进。")):  # fmt: skip
                plan.append((VisitKind.FOLLOW_UP, start + timedelta(weeks=weeks), time(9, 30), time(11), note))
        if S.REVIEWED in when:
            plan.append(
                (VisitKind.INTERNAL_AUDIT, self.day(*INTERNAL_AUDIT_DAY, j), time(9), time(17),
                 "指导内审员按内部审核计划实施审核，重点关注前期诊断问题的整改有效性。")
            )  # fmt: skip
            plan.append(
                (VisitKind.MANAGEMENT_REVIEW, self.day(*MANAGEMENT_REVIEW_DAY, j), time(14), time(16),
                 "列席管理评审会议，指导评审管理制度的适用性和实施效果。")
            )  # fmt: skip
        if S.RESULTS in when:
            plan.append(
                (VisitKind.FOLLOW_UP, when[S.RESULTS] - timedelta(days=1), time(10), time(11, 30),
                 "核对成效数据，指导编写《企业实施情况及成效总结》和优良实践案例。")
            )  # fmt: skip
        return plan

    def internal_audit_and_review(self, journey: Journey, enrolment: Enrolment, expert_user: User) -> None:
        j, enterprise = journey.jitter, journey.enterprise
        # 附件二(三)2(1)(2): an already-certified enterprise that did both this year is verified by the expert instead.
        certified = not self.finished and enterprise.pk in self.ctx.certified  # 2023's certificates came later
        mode = RecordMode.VERIFIED if certified and j % 2 == 0 else RecordMode.CONDUCTED
        audit_day = self.day(*INTERNAL_AUDIT_DAY, j)
        self.add(
            InternalAudit(
                enrolment=enrolment,
                mode=mode,
                auditor_training_done=mode == RecordMode.CONDUCTED,
                starts_at=at(audit_day, 9),
                ends_at=at(audit_day + timedelta(days=1), 17),
                plan_file=pdf_file(f"Internal audit plan {enterprise.credit_code}"),
                plan_name="内部审核计划.pdf",
                report_file=pdf_file(f"Internal audit report {enterprise.credit_code}"),
                report_name="内部审核报告.pdf",
                recorded_by=expert_user,
            ),
            recorded_at=at(audit_day + timedelta(days=1), 18),
        )
        review_day = self.day(*MANAGEMENT_REVIEW_DAY, j)
        self.add(
            ManagementReview(
                enrolment=enrolment,
                mode=mode,
                held_at=at(review_day, 14),
                plan_file=pdf_file(f"Management review plan {enterprise.credit_code}"),
                plan_name="管理评审计划.pdf",
                report_file=pdf_file(f"Management review report {enterprise.credit_code}"),
                report_name="管理评审报告.pdf",
                recorded_by=expert_user,
            ),
            recorded_at=at(review_day, 17),
        )

    def figures(self, journey: Journey) -> dict:
        n = journey.d * 9 + journey.k + self.year
        revenue = Decimal(300 + (n * 137) % 2500)
        margin = Decimal(4 + n % 9) + Decimal("0.5")
        cost = Decimal(3 + n % 5) + Decimal("0.8")
        passed = Decimal(90 + n % 7) + Decimal("0.2")
        complaints = 6 + n % 10
        delivery = Decimal(85 + n % 9) + Decimal("0.5")
        growth = Decimal(103 + n % 12) / 100
        return {
            "revenue_baseline": revenue,
            "revenue_end": (revenue * growth).quantize(Decimal("0.01")),
            "profit_margin_baseline": margin,
            "profit_margin_end": margin + Decimal("1.2"),
            "quality_cost_rate_baseline": cost,
            "quality_cost_rate_end": cost - Decimal("1.1"),
            "pass_rate_baseline": passed,
            "pass_rate_end": min(passed + Decimal("3.1"), Decimal("99.60")),
            "complaints_baseline": complaints,
            "complaints_end": complaints // 3,
            "on_time_delivery_baseline": delivery,
            "on_time_delivery_end": min(delivery + Decimal("6.0"), Decimal("99.00")),
        }

    @staticmethod
    def noun(enterprise: Enterprise) -> str:
        return CLUSTER_NOUNS.get(enterprise.cluster, "产品")

    # --- cases (附件二(四): 1–2 per enterprise; 五(一): recommended by the district, scored, selected) -----------------

    def cases(self, journey: Journey, enrolment: Enrolment, author: User) -> None:
        ctx, j, enterprise = self.ctx, journey.jitter, journey.enterprise
        if (journey.d, journey.k) == DEMO_ENTERPRISE and not self.finished:
            # The demo enterprise writes ahead: one case submitted, one still a draft.
            plans = [(CaseState.SUBMITTED, self.day(11, 10)), (CaseState.DRAFT, self.day(11, 18))]
        elif self.finished and journey.got_to(S.CLOSED):
            outcome = CaseState.SELECTED if (journey.d + journey.k) % 3 == 0 else CaseState.NOT_SELECTED
            plans = [(outcome, self.day(11, 20, j // 3))]
            if (journey.d + journey.k) % 5 == 0:
                plans.append((CaseState.NOT_SELECTED, self.day(11, 21, j // 3)))
        elif journey.got_to(S.RESULTS):
            cycle = [CaseState.SUBMITTED, CaseState.RECOMMENDED, CaseState.SCORED, CaseState.SCORED]
            index = journey.d + journey.k
            plans = [(cycle[index % 4], journey.when[S.RESULTS])]
            if index % 4 == 3:
                plans.append((CaseState.SUBMITTED, journey.when[S.RESULTS] + timedelta(days=1)))
        elif journey.got_to(S.REVIEWED) and j % 3 == 1:
            plans = [(CaseState.DRAFT, journey.when[S.REVIEWED] + timedelta(days=2))]
        else:
            return
        staff = ctx.district_staff[enterprise.district_id]
        noun = self.noun(enterprise)
        first = (journey.d * 2 + journey.k) % len(CASE_TITLES)
        titles = [CASE_TITLES[(first + n * 3) % len(CASE_TITLES)].format(noun=noun) for n in range(2)]
        problems = "、".join(PROBLEMS[(j + t * 3) % len(PROBLEMS)][1].split("，")[0].rstrip("。") for t in range(2))
        for number, (state, created_on) in enumerate(plans):
            if created_on > ctx.today:
                continue
            state = self.case_state_by_today(state, created_on)
            submitted_on = created_on + timedelta(days=2)
            recommended_on = self.day(11, 28) if self.finished else self.day(11, 21, j // 3)
            case = self.add(
                Case(
                    enrolment=enrolment,
                    title=titles[number],
                    body=(
                        f"{enterprise.name}是{enterprise.district.name}一家{noun}小微企业。帮扶前，企业存在"
                        f"{problems}等问题。帮扶专家现场诊断后，与企业共同制定“一企一策”方案，建立相应的程序文件和"
                        "记录表单，体系运行三个月后，产品一次交检合格率明显提高，顾客投诉显著减少。\n\n"
                        "企业负责人表示，质量管理从“凭经验”走向了“按制度”，下一步将巩固体系运行成果，持续改进。"
                    ),
                    state=state,
                    created_by=author,
                    submitted_at=at(submitted_on, 16) if state != CaseState.DRAFT else None,
                    recommended_by=staff if state in _RECOMMENDED_OR_LATER else None,
                    recommended_at=at(recommended_on, 10) if state in _RECOMMENDED_OR_LATER else None,
                    decided_by=ctx.regulator if state in _DECIDED else None,
                    decided_at=at(self.day(12, 20), 15) if state in _DECIDED else None,
                ),
                created_at=at(created_on, 14),
            )
            if state == CaseState.SELECTED or number == 0 and state == CaseState.SUBMITTED:
                self.add(
                    CaseAttachment(
                        case=case,
                        file=pdf_file(f"Case evidence {enterprise.credit_code}"),
                        original_name="案例佐证材料.pdf",
                        uploaded_by=author,
                    ),
                    uploaded_at=at(submitted_on, 15),
                )
            # Reviews are assigned once the district has recommended; R13 is kept when the reviewers are chosen.
            if state in _RECOMMENDED_OR_LATER:
                self.rows[_PendingReview].append(_PendingReview(case, state, recommended_on, number))

    def case_state_by_today(self, state: str, created_on: date) -> str:
        """A case gets no further than today allows (submitted two days after writing, recommended, scored)."""
        if self.finished:
            return state
        order = [CaseState.DRAFT, CaseState.SUBMITTED, CaseState.RECOMMENDED, CaseState.SCORED]
        limits = [
            created_on,
            created_on + timedelta(days=2),
            self.day(11, 21, 0),
            self.day(11, 24, 0),
        ]
        allowed = [s for s, day in zip(order, limits, strict=True) if day <= self.ctx.today]
        if not allowed:
            return CaseState.DRAFT
        return state if order.index(state) <= order.index(allowed[-1]) else allowed[-1]


_RECOMMENDED_OR_LATER = {CaseState.RECOMMENDED, CaseState.SCORED, CaseState.SELECTED, CaseState.NOT_SELECTED}
_DECIDED = {CaseState.SELECTED, CaseState.NOT_SELECTED}


@dataclass
class _PendingReview:
    case: Case
    state: str
    recommended_on: date
    number: int


def apply_stamps(stamps) -> None:
    """Put back the days things really happened on the auto_now(_add) fields the inserts overwrote."""
    grouped = defaultdict(list)
    for row, name, value in stamps:
        setattr(row, name, value)
        grouped[(type(row), name)].append(row)
    for (model, name), rows in grouped.items():
        model.objects.bulk_update(rows, [name], batch_size=500)


def write_reviews(ctx: Context, seeders: list[CampaignSeeder]) -> int:
    """CaseReviews for the recommended cases: every reviewer whom R13 allows (their body never assisted the
    enterprise), the scores given once a case is scored."""
    pending = [p for seeder in seeders for p in seeder.rows.get(_PendingReview, [])]
    if not pending:
        return 0
    enterprise_ids = {p.case.enrolment.enterprise_id for p in pending}
    assisted = defaultdict(set)
    for enterprise_id, body_id in Assignment.objects.filter(enrolment__enterprise_id__in=enterprise_ids).values_list(
        "enrolment__enterprise_id", "expert__body_id"
    ):
        assisted[enterprise_id].add(body_id)
    bodies = dict(ReviewerProfile.objects.filter(user__in=ctx.reviewers).values_list("user_id", "affiliated_body_id"))
    reviews, stamps = [], []
    for p in pending:
        case = p.case
        allowed = [r for r in ctx.reviewers if bodies.get(r.pk) not in assisted[case.enrolment.enterprise_id]]
        scored = p.state != CaseState.RECOMMENDED
        finished = p.state in _DECIDED
        base = 86 if p.state == CaseState.SELECTED else 72
        for index, reviewer in enumerate(allowed[:2]):
            score = base + (case.enrolment.enterprise_id + index * 5) % 10 if scored else None
            scored_on = p.recommended_on + timedelta(days=12 if finished else 3)
            review = CaseReview(
                case=case,
                reviewer=reviewer,
                assigned_by=ctx.regulator,
                score=score,
                comment="问题识别准确，改进措施具体，成效数据可信，具有一定的可复制性。" if scored else "",
                scored_at=at(scored_on, 16) if scored else None,
            )
            reviews.append(review)
            stamps.append((review, "assigned_at", at(p.recommended_on + timedelta(days=1), 9)))
    bulk_create_with_history(reviews, CaseReview, batch_size=500)
    apply_stamps(stamps)
    return len(reviews)


# --- the journeys ---------------------------------------------------------------------------------------------------


def current_journeys(ctx: Context, override: tuple) -> list[Journey]:
    """This year: every expert slot's pair is assisted (most far along), one cross-district exception (R4) with its
    reason, the rest nominated, screened and waiting, rejected, withdrawn, or not enrolled."""
    journeys = []
    free_pair_member, override_target, override_expert, override_reason = override
    withdrawn_assisted = {(3, 1), (9, 3)}
    targets = iter(CURRENT_TARGETS * 20)
    for d, row in enumerate(ctx.grid):
        for k, enterprise in enumerate(row):
            slot = k // 2
            expert = ctx.experts.get((d, slot))
            if (d, k) == free_pair_member:
                continue  # not enrolled this year: its expert has room for the exception below
            if (d, k) == override_target:
                path = _assisted_path(S.OPERATING)
                journeys.append(
                    Journey(enterprise, d, k, path, expert=override_expert, override=(["R4"], override_reason))
                )
                continue
            if expert is not None:
                if (d, k) == DEMO_ENTERPRISE:
                    target = S.OPERATING  # the demo enterprise: in the middle of it, with its expert
                elif (d, k) == (12, 1):
                    target = S.BUILDING
                else:
                    target = next(targets)
                path = _assisted_path(target)
                reason = ""
                if (d, k) in withdrawn_assisted:
                    path = _assisted_path(S.BUILDING) + [S.WITHDRAWN]
                    reason = WITHDRAW_REASONS[(d + k) % len(WITHDRAW_REASONS)]
                journeys.append(Journey(enterprise, d, k, path, expert=expert, withdraw_reason=reason))
                continue
            kind = UNASSISTED_PATTERN[(d * 5 + k) % len(UNASSISTED_PATTERN)]
            if kind is None:
                continue
            path = {
                "nominated": [],
                "screened": [S.SCREENED],
                "rejected": [S.REJECTED],
                "withdrawn": [S.WITHDRAWN] if d % 2 else [S.SCREENED, S.WITHDRAWN],
            }[kind]
            reason = WITHDRAW_REASONS[(d + k) % len(WITHDRAW_REASONS)] if kind == "withdrawn" else ""
            journeys.append(Journey(enterprise, d, k, path, withdraw_reason=reason))
    return journeys


def journeys_2023(ctx: Context) -> list[Journey]:
    """2023, finished: the second and third expert slots' pairs assisted to the end (two withdrew on the way), a few
    rejected at screening or withdrawn before an expert came."""
    journeys = []
    withdrawn_assisted = {(7, 2), (13, 5)}
    for d, row in enumerate(ctx.grid):
        for k, enterprise in enumerate(row):
            slot = k // 2
            expert = ctx.experts.get((d, slot)) if slot >= 1 else None
            if expert is not None:
                path = _assisted_path(S.CLOSED)
                reason = ""
                if (d, k) in withdrawn_assisted:
                    path = _assisted_path(S.OPERATING) + [S.WITHDRAWN]
                    reason = WITHDRAW_REASONS[(d + k) % len(WITHDRAW_REASONS)]
                journeys.append(Journey(enterprise, d, k, path, expert=expert, withdraw_reason=reason))
            elif k >= 6 and (d + k) % 8 == 0:
                journeys.append(Journey(enterprise, d, k, [S.REJECTED]))
            elif k >= 6 and (d + k) % 8 == 1:
                reason = WITHDRAW_REASONS[(d + k) % len(WITHDRAW_REASONS)]
                journeys.append(Journey(enterprise, d, k, [S.SCREENED, S.WITHDRAWN], withdraw_reason=reason))
    return journeys


def _assisted_path(target: str) -> list[str]:
    return ASSISTED_PATH[: ASSISTED_PATH.index(target) + 1]


# --- rows that are not one enrolment's --------------------------------------------------------------------------------


def seed_certificates(ctx: Context, year: int, *, audited: Enterprise, audited_by: CertificationBody) -> int:
    """ISO 9001 certificates already held (附件二: 已获证企业). A few fall due for surveillance or recertification
    inside this year's campaign (R12: shown and planned around); the rest fall due outside it."""
    months = [2, 3, 12, 1, 4, 9, 2, 3, 1, 12, 4, 2, 3, 1, 2, 4]
    rows = []
    index = 0
    for d, row in enumerate(ctx.grid):
        for k, enterprise in enumerate(row):
            if (d + 2 * k) % 6 != 1 and (d, k) != (12, 1):
                continue
            month = 12 if (d, k) == (12, 1) else months[index % len(months)]
            age = 1 + index % 3  # issued one, two or three years ago
            issued = date(year - age, month, 8 + index % 15)
            expires = issued.replace(year=issued.year + 3) - timedelta(days=1)
            recertification = age == 3
            next_audit = expires - timedelta(days=60) if recertification else issued.replace(year=year)
            body = ctx.bodies[(index + 2) % len(ctx.bodies)]
            rows.append(
                Certificate(
                    enterprise=enterprise,
                    issuing_body=body.name,
                    number=f"{body.approval_number[-3:]}{issued.year % 100:02d}Q{1000 + index * 37}R0S",
                    issued_on=issued,
                    expires_on=expires,
                    next_audit_on=next_audit,
                    next_audit_kind=AuditKind.RECERTIFICATION if recertification else AuditKind.SURVEILLANCE,
                )
            )
            ctx.certified.add(enterprise.pk)
            index += 1
    # The certificate the 2023 certification audit led to (seed_certification_audit), surveillance in January.
    rows.append(
        Certificate(
            enterprise=audited,
            issuing_body=audited_by.name,
            number=f"{audited_by.approval_number[-3:]}24Q0119R0S",
            issued_on=date(2024, 1, 22),
            expires_on=date(2027, 1, 21),
            next_audit_on=date(year + 1, 1, 10) if year >= 2024 else date(2025, 1, 10),
            next_audit_kind=AuditKind.SURVEILLANCE,
        )
    )
    existing = set(Certificate.objects.filter(enterprise__tenant=ctx.tenant).values_list("enterprise_id", "number"))
    new = [c for c in rows if (c.enterprise.pk, c.number) not in existing]
    bulk_create_with_history(new, Certificate)
    ctx.certified |= set(
        Certificate.objects.filter(enterprise__tenant=ctx.tenant).values_list("enterprise_id", flat=True)
    )
    return len(new)


def seed_working_groups(ctx: Context, campaign: Campaign, body_names: dict[int, str]) -> None:
    """附件一: every body forms a working group of managers and experts with exactly one leader (R6), covering the
    districts its experts work in."""
    by_body = defaultdict(list)
    for (d, _slot), expert in ctx.experts.items():
        by_body[expert.body_id].append((d, expert))
    existing = {
        (g.body_id, g.name): g for g in WorkingGroup.objects.filter(campaign=campaign).prefetch_related("districts")
    }
    new_groups, districts_of = [], {}
    for body in ctx.bodies:
        name = f"{body_names[body.pk]}{campaign.year}年帮扶工作组"
        group = existing.get((body.pk, name))
        if group is None:
            group = WorkingGroup(body=body, campaign=campaign, name=name)
            new_groups.append(group)
        districts_of[body.pk] = (group, sorted({ctx.districts[d].pk for d, _e in by_body[body.pk]}))
    bulk_create_with_history(new_groups, WorkingGroup)
    members, present = (
        [],
        set(WorkingGroupMember.objects.filter(group__campaign=campaign).values_list("group_id", "user_id")),
    )
    for body in ctx.bodies:
        group, district_ids = districts_of[body.pk]
        if group in new_groups:
            group.districts.set(district_ids)
        people = [(ctx.managers[body.pk], GroupRole.MANAGER, True)] + [
            (expert.user, GroupRole.EXPERT, False) for _d, expert in sorted(by_body[body.pk], key=lambda x: x[0])
        ]
        for user, role, leader in people:
            if (group.pk, user.pk) not in present:
                members.append(WorkingGroupMember(group=group, user=user, role=role, is_leader=leader))
    bulk_create_with_history(members, WorkingGroupMember)


def seed_trainings(ctx: Context, campaign: Campaign, *, missing: dict[int, set[str]]) -> None:
    """附件二(三)1: per district at least one centralised and one industry training (R8) — ``missing`` names the
    districts that have not held one of them — and some one-to-one, tiered and online ones."""
    existing = set(Training.objects.filter(campaign=campaign).values_list("district_id", "kind", "held_on", "topic"))
    enrolled = defaultdict(list)
    for enterprise_id, district_id in (
        Enrolment.objects.filter(campaign=campaign)
        .exclude(state__in=[S.NOMINATED, S.REJECTED])
        .values_list("enterprise_id", "enterprise__district_id")
    ):
        enrolled[district_id].append(enterprise_id)
    rows, attendees = [], {}
    for d, district in enumerate(ctx.districts):
        expert = ctx.experts[(d, 0)] if (d, 0) in ctx.experts else ctx.experts[(d, 1)]
        body = next(b for b in ctx.bodies if b.pk == expert.body_id)
        plan = [
            (TrainingKind.CENTRALISED, "", date(campaign.year, 6, 16 + d % 10),
             f"ISO 9001:2015 标准及《小微企业质量管理体系实施指南》集中培训（{district.name}）"),
            (TrainingKind.INDUSTRY, "", date(campaign.year, 7, 12 + d % 12),
             f"{CampaignSeeder.noun(ctx.grid[d][0])}等行业质量管理共性问题培训"),
            (TrainingKind.TIERED, TierLevel.LEADERS if d % 2 else TierLevel.DOCUMENT_WRITERS,
             date(campaign.year, 8, 8 + d % 15), "分层级培训：质量管理原则与文件编写技巧"),
        ]  # fmt: skip
        if d % 3 == 0:
            plan.append(
                (TrainingKind.ONLINE, "", date(campaign.year, 9, 5 + d % 10),
                 "组织企业登录“百万企业全面质量管理培训平台”学习")
            )  # fmt: skip
        for kind, tier, held_on, topic in plan:
            if kind in missing.get(d, set()) or held_on > ctx.today or (district.pk, kind, held_on, topic) in existing:
                continue
            people = enrolled.get(district.pk, [])
            training = Training(
                campaign=campaign,
                kind=kind,
                tier=tier,
                organiser=body.organisation,
                district=district,
                held_on=held_on,
                topic=topic,
                person_times=max(8, 6 * len(people) + d % 7),
                created_by=ctx.managers[body.pk],
            )
            rows.append(training)
            attendees[id(training)] = people
    bulk_create_with_history(rows, Training)
    through = Training.enterprises.through
    through.objects.bulk_create(
        [through(training_id=t.pk, enterprise_id=e) for t in rows for e in attendees[id(t)]], batch_size=500
    )


def seed_reviewer_profiles(ctx: Context) -> None:
    """R13: the panel's reviewers and the body each works for (the first works for none)."""
    affiliations = [None, ctx.bodies[3], ctx.bodies[5]]
    present = set(ReviewerProfile.objects.filter(user__in=ctx.reviewers).values_list("user_id", flat=True))
    bulk_create_with_history(
        [
            ReviewerProfile(user=user, affiliated_body=body)
            for user, body in zip(ctx.reviewers, affiliations, strict=False)
            if user.pk not in present
        ],
        ReviewerProfile,
    )


def seed_complaints(ctx: Context, campaign: Campaign, filings: list[tuple]) -> None:
    """五(二)2: complaints about certification bodies — one still with the regulator, one forwarded and answered, and
    three closed with their outcome (upheld, partly upheld, not upheld)."""
    present = set(Complaint.objects.filter(enterprise__tenant=ctx.tenant).values_list("enterprise_id", "subject"))
    stamps = []
    rows = []
    for enterprise, body, subject, text, state, note, response, filed_on, outcome in filings:
        if (enterprise.pk, subject) in present or filed_on > ctx.today:
            continue
        complaint = Complaint(
            enterprise=enterprise,
            body=body,
            subject=subject,
            text=text,
            state=state,
            submitted_by=ctx.enterprise_users[enterprise.pk],
            handled_by=ctx.regulator if state != ComplaintState.SUBMITTED else None,
            forwarded_at=at(filed_on, 9, 30) + timedelta(days=3) if state != ComplaintState.SUBMITTED else None,
            regulator_note=note,
            body_response=response,
            outcome=outcome,
        )
        rows.append(complaint)
        stamps.append((complaint, "submitted_at", at(filed_on, 20, 15)))
    bulk_create_with_history(rows, Complaint)
    apply_stamps(stamps)


def seed_certification_audit(ctx: Context, campaign: Campaign, enterprise: Enterprise, body: CertificationBody) -> bool:
    """附件三: the body's later certification audit of an enterprise assisted in 2023, with a team and a decision
    maker of the body who never assisted it (R5)."""
    enrolment = Enrolment.objects.filter(campaign=campaign, enterprise=enterprise).first()
    if enrolment is None or CertificationAudit.objects.filter(enrolment=enrolment).exists():
        return False
    assisted = set(Assignment.objects.filter(enrolment__enterprise=enterprise).values_list("expert_id", flat=True))
    assisted |= set(Visit.objects.filter(enrolment__enterprise=enterprise).values_list("expert_id", flat=True))
    free = [e for e in Expert.objects.filter(body=body).order_by("user__username") if e.pk not in assisted]
    audit = CertificationAudit.objects.create(
        enrolment=enrolment,
        body=body,
        starts_on=date(campaign.year + 1, 1, 9),
        ends_on=date(campaign.year + 1, 1, 10),
        decision_maker=free[2],
        result=AuditResult.CERTIFIED,
        decided_on=date(campaign.year + 1, 1, 19),
        recorded_by=ctx.managers[body.pk],
    )
    audit.team.set(free[:2])
    return True


# --- the whole ------------------------------------------------------------------------------------------------------


def seed_campaigns(
    *,
    tenant,
    today: date,
    districts: list[MemberUnit],
    grid: list[list[Enterprise]],
    bodies: list[CertificationBody],
    experts: dict[tuple[int, int], Expert],
    managers: dict[int, User],
    district_staff: dict[int, User],
    regulator: User,
    reviewers: list[User],
    enterprise_users: dict[int, User],
    campaign_2023: Campaign,
    current: Campaign | None,
) -> list[str]:
    ctx = Context(
        tenant=tenant,
        today=today,
        districts=districts,
        grid=grid,
        bodies=bodies,
        experts=experts,
        managers=managers,
        district_staff=district_staff,
        regulator=regulator,
        reviewers=reviewers,
        enterprise_users=enterprise_users,
    )
    body_names = {body.pk: body.name.removesuffix("有限公司") for body in bodies}
    seed_reviewer_profiles(ctx)
    audited = grid[AUDITED[0]][AUDITED[1]]
    seed_certificates(ctx, (current or campaign_2023).year, audited=audited, audited_by=bodies[0])

    seeders = [CampaignSeeder(ctx, campaign_2023, journeys_2023(ctx))]
    if current is not None:
        override_expert = experts[OVERRIDE_EXPERT]
        target = grid[OVERRIDE_TARGET[0]][OVERRIDE_TARGET[1]]
        reason = (
            f"{districts[OVERRIDE_TARGET[0]].name}本区帮扶专家已各负责两家企业；该企业为{CLUSTER_NOUNS[target.cluster]}"
            f"企业，相邻{districts[OVERRIDE_EXPERT[0]].name}专家{override_expert.user.display_name}专业对口、"
            "当前只负责一家企业，经工作组研究同意跨区帮扶。"
        )
        override = (OVERRIDE_FREED, OVERRIDE_TARGET, override_expert, reason)
        seeders.append(CampaignSeeder(ctx, current, current_journeys(ctx, override)))
    created = [seeder.seed() for seeder in seeders]
    Enterprise.objects.filter(enrolments__campaign=campaign_2023, took_part_before=False).update(took_part_before=True)
    write_reviews(ctx, seeders)
    seed_certification_audit(ctx, campaign_2023, audited, bodies[0])

    for seeder in seeders:
        campaign = seeder.campaign
        seed_working_groups(ctx, campaign, body_names)
        gaps = R8_GAPS_2023 if seeder.finished else R8_GAPS_CURRENT
        seed_trainings(ctx, campaign, missing=gaps)
    if current is not None:
        seed_complaints(ctx, current, complaint_filings(ctx, current))
    # The rows above were partly written in bulk, which no signal sees: count them before the mid-term snapshots and
    # reports of the later apps read the figures, and again after those apps' rows.
    _recount(seeders)
    later_years = seed_later_apps(ctx, campaign_2023, current)
    _recount(seeders)

    lines = []
    for seeder, new in zip(seeders, created, strict=True):
        campaign = seeder.campaign
        states = dict(
            Enrolment.objects.filter(campaign=campaign)
            .values_list("state")
            .annotate(n=models.Count("pk"))
            .values_list("state", "n")
        )
        with translation.override(settings.LANGUAGE_CODE):
            spread = "，".join(f"{S(state).label} {states[state]}" for state in S.values if state in states)
        lines.append(f"{campaign.year} 年：企业 {sum(states.values())} 家（本次新增 {new}）— {spread}")
    return lines + later_years


def _recount(seeders: list[CampaignSeeder]) -> None:
    from evaluation.services.counts import counts_recount

    for seeder in seeders:
        counts_recount(seeder.campaign)


def seed_later_apps(ctx: Context, campaign_2023: Campaign, current: Campaign | None) -> list[str]:
    """The regulator's half of the year (supervision, mid-term, submissions, evaluation, notifications): each app that
    has a ``demo`` module with ``seed(ctx, campaign_2023, current) -> list[str]`` adds its rows on top of the
    journeys above, in INSTALLED_APPS order, and returns the lines the command prints."""
    lines: list[str] = []
    # The demo's reminders and notices go to demo.invalid addresses: kept in memory rather than printed by the console
    # backend (dozens of e-mails would bury the command's summary). Each notification is still in its user's list.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        lines = _seed_later_apps(ctx, campaign_2023, current)
    return lines


def _seed_later_apps(ctx: Context, campaign_2023: Campaign, current: Campaign | None) -> list[str]:
    lines: list[str] = []
    for config in django_apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.demo")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.demo":
                raise
            continue
        lines += module.seed(ctx, campaign_2023, current)
    return lines


def complaint_filings(ctx: Context, campaign: Campaign) -> list[tuple]:
    demo = ctx.grid[DEMO_ENTERPRISE[0]][DEMO_ENTERPRISE[1]]
    second = ctx.grid[SECOND_ENTERPRISE[0]][SECOND_ENTERPRISE[1]]
    year = campaign.year
    return [
        (
            second,
            ctx.bodies[0],
            "帮扶专家两次临时取消现场指导",
            "按约定，帮扶专家应于7月中旬和8月上旬到企业指导程序文件编写，两次均在前一天临时取消，影响了体系建设进度。",
            ComplaintState.FORWARDED,
            "已转认证机构核实处理，请于十个工作日内书面答复。",
            "经核实，专家因参加外地审核两次改期，未提前沟通。我机构已向企业致歉，调整专家日程，并于9月补齐两次现场指导。",
            date(year, 8, 12),
            "",
        ),
        (
            demo,
            ctx.bodies[3],
            "认证机构业务员以“免费认证”名义推销认证服务",
            "一名自称认证机构业务员的人员来电，称参加提升行动即可“免费认证”，要求企业先签订咨询合同。",
            ComplaintState.SUBMITTED,
            "",
            "",
            date(year, 10, 9),
            "",
        ),
        # Closed, with the regulator's finding: 五(二)2 counts the upheld ones (in full or in part).
        (
            second,
            ctx.bodies[0],
            "帮扶专家要求企业购买指定的体系文件模板",
            "帮扶专家在现场指导时要求企业向其推荐的公司购买全套体系文件模板，费用3800元，称不购买将影响认证。",
            ComplaintState.CLOSED,
            "经核实投诉成立：专家行为违反提升行动公益帮扶要求。已责令认证机构更换帮扶专家，相关费用已退还企业。",
            "情况属实。我机构已停止该专家的帮扶工作并督促其退还费用，同时对全体帮扶专家开展纪律培训。",
            date(year, 6, 18),
            ComplaintOutcome.UPHELD,
        ),
        (
            demo,
            ctx.bodies[1],
            "诊断报告迟迟未交付",
            "现场诊断已于6月初完成，专家承诺两周内提交诊断报告和问题清单，一个多月后仍未收到。",
            ComplaintState.CLOSED,
            "经核实投诉部分成立：诊断报告确有延误，但问题清单已按时口头反馈。已要求认证机构限期补交书面报告。",
            "诊断报告因专家病假延误，问题清单已在现场反馈。书面报告已于7月20日补交企业。",
            date(year, 7, 15),
            ComplaintOutcome.PARTLY_UPHELD,
        ),
        (
            second,
            ctx.bodies[2],
            "培训内容与企业行业不符",
            "认证机构组织的集中培训以食品行业案例为主，与本企业所在行业关系不大。",
            ComplaintState.CLOSED,
            "经核实投诉不成立：该场次为全市集中培训，内容符合通知要求，行业培训另行安排。已向企业说明。",
            "该场次为面向全市的集中培训，行业专题培训已安排在9月。",
            date(year, 9, 3),
            ComplaintOutcome.NOT_UPHELD,
        ),
    ]
