"""The certification side (附件一, 附件二(二)(三), 附件三): bodies, working groups, experts, assignments, visits,
diagnosis with its problem list, the 一企一策 plan, the documented system, trainings, internal audit, management
review, and the later certification audit behind the impartiality firewall."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField
from simple_history.models import HistoricalRecords

from enterprises.models import Enrolment
from portal.files import UploadTo
from portal.scoping import ScopedQuerySet


class CertificationBody(models.Model):
    tenant = models.ForeignKey("campaign.Tenant", on_delete=models.PROTECT, related_name="certification_bodies")
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="certification_body"
    )
    name = models.CharField(_("name"), max_length=200)
    approval_number = models.CharField(_("CNCA approval number"), max_length=40)
    contact = models.CharField(_("contact"), max_length=200, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certification body")
        verbose_name_plural = _("certification bodies")
        ordering = ["tenant_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "approval_number"], name="body_unique_approval_number"),
        ]

    def __str__(self):
        return self.name


class Expert(models.Model):
    """An assistance expert (帮扶专家): a user of a certification body."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="expert_profile")
    body = models.ForeignKey(CertificationBody, on_delete=models.PROTECT, related_name="experts")
    # 附件一: 专业对口 — the clusters (enterprises.Cluster values) the expert is qualified for (R3).
    specialties = models.JSONField(_("specialties"), default=list, blank=True)
    # 附件一: 尽量不跨地区开展工作 (R4).
    home_district = models.ForeignKey(
        "campaign.MemberUnit", on_delete=models.PROTECT, related_name="experts", verbose_name=_("home district")
    )
    phone = models.CharField(_("phone"), max_length=20, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["body_id", "user__username"]

    def __str__(self):
        return str(self.user)


class GroupRole(models.TextChoices):
    MANAGER = "manager", _("Manager")  # 组内管理人员负责各方协调对接
    EXPERT = "expert", _("Assistance expert")  # 帮扶专家负责技术支持


class WorkingGroup(models.Model):
    """附件一: a body's 帮扶工作组 for a campaign — managers and experts with exactly one leader (R6)."""

    body = models.ForeignKey(CertificationBody, on_delete=models.PROTECT, related_name="working_groups")
    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="working_groups")
    name = models.CharField(_("name"), max_length=100)
    districts = models.ManyToManyField(
        "campaign.MemberUnit", blank=True, related_name="working_groups", verbose_name=_("districts covered")
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")
        ordering = ["body_id", "name"]
        constraints = [models.UniqueConstraint(fields=["body", "campaign", "name"], name="group_unique_name")]

    def __str__(self):
        return self.name


class WorkingGroupMember(models.Model):
    group = models.ForeignKey(WorkingGroup, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="group_memberships")
    role = models.CharField(_("role in the group"), max_length=10, choices=GroupRole.choices)
    is_leader = models.BooleanField(_("group leader"), default=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("working group member")
        verbose_name_plural = _("working group members")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="group_member_once"),
            # R6: at most one leader — the service also refuses a group with none.
            models.UniqueConstraint(fields=["group"], condition=Q(is_leader=True), name="group_one_leader"),
        ]

    def __str__(self):
        return f"{self.group} · {self.user}"


class Assignment(models.Model):
    """附件一: an expert assigned to one enrolled enterprise (点对点帮扶). Breaking R2–R4 needs a written reason."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="assignments")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="assignments")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    # The rules this assignment breaks on purpose (e.g. ["R2", "R4"]) and why; shown to the regulator.
    overridden_rules = models.JSONField(_("rules overridden"), default=list, blank=True)
    override_reason = models.TextField(_("reason for the exception"), blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_reason = models.TextField(_("why it ended"), blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment"], condition=Q(ended_at__isnull=True), name="assignment_one_active_per_enrolment"
            ),
        ]

    def __str__(self):
        return f"{self.expert} → {self.enrolment}"


class AuditResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    CERTIFIED = "certified", _("Certificate granted")
    REFUSED = "refused", _("Not certified")


class CertificationAudit(models.Model):
    """附件一, 附件三: a later certification audit. Nobody who assisted the enterprise may sit on its team or make
    its certification decision (R5, the impartiality firewall)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="certification_audits")
    body = models.ForeignKey(CertificationBody, on_delete=models.PROTECT, related_name="certification_audits")
    team = models.ManyToManyField(Expert, related_name="audit_teams", verbose_name=_("audit team"))
    starts_on = models.DateField(_("audit starts on"))
    ends_on = models.DateField(_("audit ends on"))
    decision_maker = models.ForeignKey(
        Expert,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="audit_decisions",
        verbose_name=_("certification decision maker"),
    )
    result = models.CharField(_("result"), max_length=12, choices=AuditResult.choices, default=AuditResult.PENDING)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certification audit")
        verbose_name_plural = _("certification audits")
        ordering = ["-starts_on"]
        constraints = [models.CheckConstraint(condition=Q(starts_on__lte=models.F("ends_on")), name="audit_dates")]

    def __str__(self):
        return f"{self.enrolment} · {self.starts_on:%Y-%m-%d}"


class VisitKind(models.TextChoices):
    # 附件二(二)(三): what an expert goes to the enterprise for.
    SURVEY = "survey", _("On-site survey and diagnosis")
    SYSTEM_BUILDING = "system_building", _("System building")
    TRAINING = "training", _("Training")
    INTERNAL_AUDIT = "internal_audit", _("Internal audit guidance")
    MANAGEMENT_REVIEW = "management_review", _("Management review guidance")
    FOLLOW_UP = "follow_up", _("Follow-up")


class Visit(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="visits")
    expert = models.ForeignKey(Expert, on_delete=models.PROTECT, related_name="visits")
    kind = models.CharField(_("kind"), max_length=20, choices=VisitKind.choices)
    visited_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("start time"))
    ends_at = models.TimeField(_("end time"))
    participants = models.CharField(_("participants"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-visited_on", "-starts_at"]
        constraints = [models.CheckConstraint(condition=Q(starts_at__lt=models.F("ends_at")), name="visit_times")]

    def __str__(self):
        return f"{self.enrolment} · {self.visited_on:%Y-%m-%d} {self.get_kind_display()}"


class VisitFile(models.Model):
    """A photo or file taken on a visit."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=UploadTo("visit-files"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("visit file")
        verbose_name_plural = _("visit files")

    def __str__(self):
        return self.original_name


class Diagnosis(models.Model):
    """附件二(二) 企业现场调研/诊断, one per enrolment."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="diagnosis")
    diagnosed_on = models.DateField(_("diagnosed on"))
    legal_qualifications_ok = models.BooleanField(_("legal qualifications checked and in order"))
    dishonesty_list_checked = models.BooleanField(_("not on the serious dishonesty list in the last 2 years"))
    no_quality_penalty = models.BooleanField(_("no quality penalty or exposure"))
    overall_state = models.TextField(_("overall state and level of quality management"))
    starting_point = models.TextField(_("where to start building the system"))
    resource_limits = models.TextField(_("limits of the resources it can commit"), blank=True)
    policy_changes = models.TextField(_("policy changes affecting its industry"), blank=True)
    diagnosed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")

    def __str__(self):
        return f"{self.enrolment} · {self.diagnosed_on:%Y-%m-%d}"


class Urgency(models.TextChoices):
    HIGH = "high", _("Urgent")
    MEDIUM = "medium", _("Important")
    LOW = "low", _("Ordinary")


class ProblemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    SOLVED = "solved", _("Solved")
    VERIFIED = "verified", _("Verified by internal audit")


class Problem(models.Model):
    """One problem found at diagnosis (诊断小微企业急需解决的问题, 紧要级别/分类)."""

    diagnosis = models.ForeignKey(Diagnosis, on_delete=models.CASCADE, related_name="problems")
    category = models.CharField(_("category"), max_length=60)
    description = models.TextField(_("problem"))
    urgency = models.CharField(_("urgency"), max_length=8, choices=Urgency.choices, default=Urgency.MEDIUM)
    enterprise_ideas = models.TextField(_("the enterprise's own ideas"), blank=True)
    measures = models.TextField(_("measures"), blank=True)
    owner = models.CharField(_("owner"), max_length=50, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = FSMField(_("status"), max_length=12, choices=ProblemStatus.choices, default=ProblemStatus.OPEN)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("problem")
        verbose_name_plural = _("problems")
        ordering = ["diagnosis_id", "status", "due_on"]

    def __str__(self):
        return self.description[:40]


class Plan(models.Model):
    """附件二(三): 一企一策 — the enterprise's own improvement plan, derived from its diagnosis."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="plan")
    key_issues = models.TextField(_("key issues to solve"))
    approach = models.TextField(_("how the system will be built"))
    milestones = models.TextField(_("milestones"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")

    def __str__(self):
        return str(self.enrolment)


class DocumentLevel(models.TextChoices):
    # 附件二(三): 顶层制度(管理手册)、次层制度(程序文件)、工艺技术规程.
    MANUAL = "manual", _("Quality manual")
    PROCEDURE = "procedure", _("Procedure")
    WORK_INSTRUCTION = "work_instruction", _("Work instruction")


class SystemDocument(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="system_documents")
    level = models.CharField(_("level"), max_length=20, choices=DocumentLevel.choices)
    title = models.CharField(_("title"), max_length=200)
    revision = models.CharField(_("revision"), max_length=20, default="A/0")
    file = models.FileField(_("file"), upload_to=UploadTo("system-documents"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("system document")
        verbose_name_plural = _("system documents")
        ordering = ["enrolment_id", "level", "title", "-uploaded_at"]

    def __str__(self):
        return f"{self.title} ({self.revision})"


class TrainingKind(models.TextChoices):
    # 附件二(三)1 培训 (1)–(5).
    CENTRALISED = "centralised", _("Centralised training")
    INDUSTRY = "industry", _("Industry training")
    ONE_TO_ONE = "one_to_one", _("One-to-one training")
    TIERED = "tiered", _("Tiered training")
    ONLINE = "online", _("Online training")


class TierLevel(models.TextChoices):
    # 附件二(三)1(4): 分层级培训's three audiences.
    LEADERS = "leaders", _("Enterprise and quality leaders")
    SYSTEM_DEPARTMENT = "system_department", _("System-building department")
    DOCUMENT_WRITERS = "document_writers", _("Document writers")


class Training(models.Model):
    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="trainings")
    kind = models.CharField(_("kind"), max_length=12, choices=TrainingKind.choices)
    tier = models.CharField(_("audience level"), max_length=20, choices=TierLevel.choices, blank=True)
    organiser = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="trainings", verbose_name=_("organiser")
    )
    district = models.ForeignKey(
        "campaign.MemberUnit", on_delete=models.PROTECT, related_name="trainings", verbose_name=_("district")
    )
    held_on = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    enterprises = models.ManyToManyField(
        "enterprises.Enterprise", related_name="trainings", blank=True, verbose_name=_("attending enterprises")
    )
    person_times = models.PositiveIntegerField(
        _("person-times"), validators=[MinValueValidator(1), MaxValueValidator(100_000)]
    )
    materials = models.FileField(_("materials"), upload_to=UploadTo("training-materials"), blank=True)
    materials_name = models.CharField(_("materials file name"), max_length=255, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        ordering = ["-held_on"]

    def __str__(self):
        return f"{self.held_on:%Y-%m-%d} {self.topic}"


class RecordMode(models.TextChoices):
    CONDUCTED = "conducted", _("Conducted with the expert's guidance")
    # 附件二(三)2(1)(2): an already-certified enterprise that finished it this year; the expert verifies instead.
    VERIFIED = "verified", _("Already done this year; verified by the expert")


class InternalAudit(models.Model):
    """附件二(三)2(1) 内部审核: start and end times, plan and report kept (R7)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="internal_audits")
    mode = models.CharField(_("how"), max_length=10, choices=RecordMode.choices, default=RecordMode.CONDUCTED)
    auditor_training_done = models.BooleanField(_("internal auditors trained"), default=False)
    starts_at = models.DateTimeField(_("started at"))
    ends_at = models.DateTimeField(_("ended at"))
    plan_file = models.FileField(_("internal audit plan"), upload_to=UploadTo("internal-audits"))
    plan_name = models.CharField(max_length=255)
    report_file = models.FileField(_("internal audit report"), upload_to=UploadTo("internal-audits"))
    report_name = models.CharField(max_length=255)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internal audit")
        verbose_name_plural = _("internal audits")
        ordering = ["-starts_at"]
        constraints = [models.CheckConstraint(condition=Q(starts_at__lt=models.F("ends_at")), name="audit_times")]

    def __str__(self):
        return f"{self.enrolment} · {self.starts_at:%Y-%m-%d}"


class ManagementReview(models.Model):
    """附件二(三)2(2) 管理评审: its time, plan and report kept (R7)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="management_reviews")
    mode = models.CharField(_("how"), max_length=10, choices=RecordMode.choices, default=RecordMode.CONDUCTED)
    held_at = models.DateTimeField(_("held at"))
    plan_file = models.FileField(_("management review plan"), upload_to=UploadTo("management-reviews"))
    plan_name = models.CharField(max_length=255)
    report_file = models.FileField(_("management review report"), upload_to=UploadTo("management-reviews"))
    report_name = models.CharField(max_length=255)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-held_at"]

    def __str__(self):
        return f"{self.enrolment} · {self.held_at:%Y-%m-%d}"
