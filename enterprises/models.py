"""Enterprises, their certificates, their enrolment in a campaign and everything the enterprise itself records.

附件二 of the notice is the thread: 遴选 (nomination and screening, R1) → 现场调研/诊断 → 体系建设 → 运行 (R7) →
帮扶成果输出 (outcome figures, the 《企业实施情况及成效总结》 and 1–2 cases, R10/R11). The assistance side (experts,
visits, diagnoses) lives in ``assistance``; this app holds what belongs to the enterprise and its enrolment.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from portal.files import UploadTo
from portal.jobs import Job
from portal.scoping import ScopedQuerySet


class Cluster(models.TextChoices):
    # 二、工作重点 3 and 附件二(一): the city's seven traditional product clusters.
    AUTO_PARTS = "auto_parts", _("Automobiles and parts")
    BICYCLES = "bicycles", _("Bicycles")
    CARPETS = "carpets", _("Carpets")
    HARDWARE = "hardware", _("Hardware products")
    SILK_FLOWERS = "silk_flowers", _("Silk flowers")
    MUSICAL_INSTRUMENTS = "musical_instruments", _("Musical instruments")
    MEDICAL_DEVICES = "medical_devices", _("Medical devices")
    OTHER = "other", _("Other")


class SizeClass(models.TextChoices):
    SMALL = "small", _("Small")
    MICRO = "micro", _("Micro")


class Enterprise(models.Model):
    tenant = models.ForeignKey("campaign.Tenant", on_delete=models.PROTECT, related_name="enterprises")
    organisation = models.OneToOneField(
        "accounts.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="enterprise"
    )
    name = models.CharField(_("name"), max_length=200)
    # GB 32100-2015 统一社会信用代码, 18 characters with a check character (enterprises.codes.validate_credit_code).
    credit_code = models.CharField(_("unified social credit code"), max_length=18)
    district = models.ForeignKey(
        "campaign.MemberUnit", on_delete=models.PROTECT, related_name="enterprises", verbose_name=_("district")
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    cluster = models.CharField(_("industry cluster"), max_length=24, choices=Cluster.choices, default=Cluster.OTHER)
    size_class = models.CharField(_("size"), max_length=8, choices=SizeClass.choices, default=SizeClass.SMALL)
    employees = models.PositiveIntegerField(
        _("employees"), null=True, blank=True, validators=[MaxValueValidator(10_000)]
    )
    annual_revenue = models.DecimalField(
        _("annual revenue (10k yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    # 四(三)1: 指定专人具体负责.
    contact_name = models.CharField(_("designated responsible person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("phone of the responsible person"), max_length=20, blank=True)
    is_foreign_trade = models.BooleanField(_("foreign-trade enterprise"), default=False)  # 五(二)3
    is_specialised = models.BooleanField(_("specialised and innovative (专精特新)"), default=False)  # 五(二)5
    is_three_same = models.BooleanField(_("same line, same standard, same quality (三同)"), default=False)  # 二、3
    took_part_before = models.BooleanField(_("took part in an earlier campaign"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["tenant_id", "name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "credit_code"], name="enterprise_unique_credit_code"),
        ]

    def __str__(self):
        return self.name


class AuditKind(models.TextChoices):
    SURVEILLANCE = "surveillance", _("Surveillance audit")
    RECERTIFICATION = "recertification", _("Recertification audit")


class Certificate(models.Model):
    """An ISO 9001 certificate the enterprise already holds (附件二: 已获证企业 — R12)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.CASCADE, related_name="certificates")
    issuing_body = models.CharField(_("certification body"), max_length=200)
    number = models.CharField(_("certificate number"), max_length=60)
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"))
    next_audit_on = models.DateField(_("next surveillance or recertification"), null=True, blank=True)
    next_audit_kind = models.CharField(
        _("next audit"), max_length=20, choices=AuditKind.choices, default=AuditKind.SURVEILLANCE
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        ordering = ["enterprise_id", "-issued_on"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "number"], name="certificate_unique_number"),
            models.CheckConstraint(condition=Q(issued_on__lt=models.F("expires_on")), name="certificate_dates"),
        ]

    def __str__(self):
        return self.number


class EnrolmentState(models.TextChoices):
    # DESIGN.md §5: the life of one enterprise in one campaign.
    NOMINATED = "nominated", _("Nominated")
    SCREENED = "screened", _("Screened")
    REJECTED = "rejected", _("Rejected at screening")
    ASSIGNED = "assigned", _("Expert assigned")
    DIAGNOSED = "diagnosed", _("Diagnosed")
    BUILDING = "building", _("Building the system")
    OPERATING = "operating", _("System in operation")
    REVIEWED = "reviewed", _("Internal audit and management review done")
    RESULTS = "results", _("Results delivered")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


ENROLMENT_ORDER = [
    EnrolmentState.NOMINATED,
    EnrolmentState.SCREENED,
    EnrolmentState.ASSIGNED,
    EnrolmentState.DIAGNOSED,
    EnrolmentState.BUILDING,
    EnrolmentState.OPERATING,
    EnrolmentState.REVIEWED,
    EnrolmentState.RESULTS,
    EnrolmentState.CLOSED,
]
ENDED_STATES = {EnrolmentState.REJECTED, EnrolmentState.CLOSED, EnrolmentState.WITHDRAWN}


class Enrolment(models.Model):
    """One enterprise in one campaign. The state moves only through enterprises.services transitions."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="enrolments")
    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="enrolments")
    state = FSMField(_("state"), max_length=16, choices=EnrolmentState.choices, default=EnrolmentState.NOMINATED)
    nominated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    # 附件二(三)2: the QMS runs at least three months from this date (R7).
    operation_started_on = models.DateField(_("system operation started on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["campaign_id", "enterprise__name"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "campaign"], name="enrolment_one_per_campaign"),
        ]

    def __str__(self):
        return f"{self.enterprise} · {self.campaign.year}"

    # The transitions (DESIGN.md §5). Only enterprises.lifecycle calls them, after checking the preconditions and
    # who is acting; each one is logged as an EnrolmentTransition.
    @transition(field=state, source=EnrolmentState.NOMINATED, target=EnrolmentState.SCREENED)
    def to_screened(self):
        pass

    @transition(field=state, source=EnrolmentState.NOMINATED, target=EnrolmentState.REJECTED)
    def to_rejected(self):
        pass

    @transition(field=state, source=EnrolmentState.SCREENED, target=EnrolmentState.ASSIGNED)
    def to_assigned(self):
        pass

    @transition(field=state, source=EnrolmentState.ASSIGNED, target=EnrolmentState.DIAGNOSED)
    def to_diagnosed(self):
        pass

    @transition(field=state, source=EnrolmentState.DIAGNOSED, target=EnrolmentState.BUILDING)
    def to_building(self):
        pass

    @transition(field=state, source=EnrolmentState.BUILDING, target=EnrolmentState.OPERATING)
    def to_operating(self):
        pass

    @transition(field=state, source=EnrolmentState.OPERATING, target=EnrolmentState.REVIEWED)
    def to_reviewed(self):
        pass

    @transition(field=state, source=EnrolmentState.REVIEWED, target=EnrolmentState.RESULTS)
    def to_results(self):
        pass

    @transition(field=state, source=EnrolmentState.RESULTS, target=EnrolmentState.CLOSED)
    def to_closed(self):
        pass

    @transition(
        field=state,
        source=[s for s in EnrolmentState.values if s not in ENDED_STATES],
        target=EnrolmentState.WITHDRAWN,
    )
    def to_withdrawn(self):
        pass


class EnrolmentTransition(models.Model):
    """Who moved an enrolment from which state to which, when and why (DESIGN.md §5)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="transitions")
    from_state = models.CharField(_("from"), max_length=16, choices=EnrolmentState.choices)
    to_state = models.CharField(_("to"), max_length=16, choices=EnrolmentState.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("state change")
        verbose_name_plural = _("state changes")
        ordering = ["enrolment_id", "at", "pk"]

    def __str__(self):
        return f"{self.enrolment}: {self.from_state} → {self.to_state}"


class Screening(models.Model):
    """R1 (三、参与企业范围; 附件二(二)): the eligibility check of one enrolment, with who checked and the evidence."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="screening")
    normal_operation = models.BooleanField(_("in normal production and operation"))
    resources_committed = models.BooleanField(_("can commit the necessary resources"))
    willing = models.BooleanField(_("strong wish to improve quality management"))
    on_abnormal_operations_list = models.BooleanField(_("on the list of abnormal operations (经营异常名录)"))
    # The last date the enterprise was put on 严重违法失信企业名单 / penalised or exposed for quality, if ever;
    # R1 looks back two years from the screening date.
    dishonesty_listed_on = models.DateField(_("last listed as seriously dishonest"), null=True, blank=True)
    quality_penalty_on = models.DateField(_("last quality penalty or public exposure"), null=True, blank=True)
    checked_on = models.DateField(_("checked on"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("checked by")
    )
    notes = models.TextField(_("notes"), blank=True)
    passed = models.BooleanField(_("eligible"), editable=False, default=False)
    failure_reasons = models.JSONField(_("reasons"), default=list, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self):
        return str(self.enrolment)


class ScreeningEvidence(models.Model):
    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=UploadTo("screening-evidence"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("screening evidence")
        verbose_name_plural = _("screening evidence")
        ordering = ["screening_id", "uploaded_at"]

    def __str__(self):
        return self.original_name


_percent = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))]


def _figure(label, *, percent=True, digits=7):
    return models.DecimalField(
        label,
        max_digits=digits,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_percent if percent else [MinValueValidator(Decimal("0"))],
    )


class OutcomeFigures(models.Model):
    """R10 and the national indicators: the enterprise's figures before (baseline) and after (end) the campaign."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="outcome")
    revenue_baseline = _figure(_("revenue before (10k yuan)"), percent=False, digits=12)
    revenue_end = _figure(_("revenue after (10k yuan)"), percent=False, digits=12)
    profit_margin_baseline = _figure(_("profit margin before (%)"))
    profit_margin_end = _figure(_("profit margin after (%)"))
    quality_cost_rate_baseline = _figure(_("quality cost rate before (%)"))
    quality_cost_rate_end = _figure(_("quality cost rate after (%)"))
    pass_rate_baseline = _figure(_("product pass rate before (%)"))
    pass_rate_end = _figure(_("product pass rate after (%)"))
    complaints_baseline = models.PositiveIntegerField(_("customer complaints before"), null=True, blank=True)
    complaints_end = models.PositiveIntegerField(_("customer complaints after"), null=True, blank=True)
    on_time_delivery_baseline = _figure(_("on-time delivery before (%)"))
    on_time_delivery_end = _figure(_("on-time delivery after (%)"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    METRICS = ("revenue", "profit_margin", "quality_cost_rate", "pass_rate", "complaints", "on_time_delivery")

    class Meta:
        verbose_name = _("outcome figures")
        verbose_name_plural = _("outcome figures")

    def __str__(self):
        return str(self.enrolment)

    def changes(self) -> dict[str, Decimal | int | None]:
        """End minus baseline for each metric (None where either is missing)."""
        result = {}
        for metric in self.METRICS:
            before, after = getattr(self, f"{metric}_baseline"), getattr(self, f"{metric}_end")
            result[metric] = None if before is None or after is None else after - before
        return result

    @property
    def is_complete(self) -> bool:
        return all(getattr(self, f"{m}_{w}") is not None for m in self.METRICS for w in ("baseline", "end"))


class ImplementationSummary(models.Model):
    """四(三), 附件二(四): the enterprise's 《企业实施情况及成效总结》, one per enrolment (a new upload replaces it)."""

    enrolment = models.OneToOneField(Enrolment, on_delete=models.CASCADE, related_name="summary")
    file = models.FileField(_("file"), upload_to=UploadTo("summaries"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("implementation summary")
        verbose_name_plural = _("implementation summaries")

    def __str__(self):
        return self.original_name


class CaseState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RECOMMENDED = "recommended", _("Recommended by the district")
    SCORED = "scored", _("Scored")
    SELECTED = "selected", _("Selected")
    NOT_SELECTED = "not_selected", _("Not selected")


MAX_CASES_PER_ENROLMENT = 2  # 附件二(四): 编制1-2个《小微企业质量管理优良实践案例》


class Case(models.Model):
    """A 《小微企业质量管理优良实践案例》 (附件二(四); 五(一))."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="cases")
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    state = FSMField(_("state"), max_length=16, choices=CaseState.choices, default=CaseState.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recommended_at = models.DateTimeField(_("recommended at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("practice case")
        verbose_name_plural = _("practice cases")
        ordering = ["enrolment_id", "created_at"]

    def __str__(self):
        return self.title


class CaseAttachment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=UploadTo("case-attachments"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("case attachment")
        verbose_name_plural = _("case attachments")
        ordering = ["case_id", "uploaded_at"]

    def __str__(self):
        return self.original_name


class ReviewerProfile(models.Model):
    """A case reviewer (评选专家) and the certification body they work for, if any: R13 keeps them off the cases of
    enterprises that body assisted."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviewer_profile")
    affiliated_body = models.ForeignKey(
        "assistance.CertificationBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reviewers",
        verbose_name=_("certification body they work for"),
    )

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reviewer profile")
        verbose_name_plural = _("reviewer profiles")

    def __str__(self):
        return str(self.user)


class CaseReview(models.Model):
    """A reviewer asked to score a case (五(一): 组织专家评选优秀案例), and the score once given (R13)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_reviews")
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True, validators=[MaxValueValidator(100)])
    comment = models.TextField(_("comment"), blank=True)
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("case review")
        verbose_name_plural = _("case reviews")
        constraints = [models.UniqueConstraint(fields=["case", "reviewer"], name="case_review_once_per_reviewer")]

    def __str__(self):
        return f"{self.case} · {self.reviewer}"


class ComplaintState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted to the regulator")
    FORWARDED = "forwarded", _("Forwarded to the certification body")
    CLOSED = "closed", _("Closed")


class Complaint(models.Model):
    """An enterprise's complaint about a certification body (五(二)2: 收到企业投诉)."""

    enterprise = models.ForeignKey(Enterprise, on_delete=models.PROTECT, related_name="complaints")
    body = models.ForeignKey(
        "assistance.CertificationBody",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("certification body"),
    )
    subject = models.CharField(_("subject"), max_length=200)
    text = models.TextField(_("what happened"))
    state = FSMField(_("state"), max_length=16, choices=ComplaintState.choices, default=ComplaintState.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    forwarded_at = models.DateTimeField(_("forwarded at"), null=True, blank=True)
    regulator_note = models.TextField(_("regulator's note"), blank=True)
    body_response = models.TextField(_("certification body's response"), blank=True)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        ordering = ["-submitted_at"]

    def __str__(self):
        return self.subject


class RosterImportStatus(models.TextChoices):
    PREVIEWED = "previewed", _("Checked, awaiting confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class RosterImport(Job):
    """An uploaded Excel roster (附件二(一) 小微企业遴选): checked row by row into ``rows`` for the preview, then imported
    in one transaction by enterprises.importing — in the request, or by a Celery task for a large file (a
    ``portal.jobs.Job``: claimed, its progress shown, requeued by beat if its worker dies)."""

    tenant = models.ForeignKey("campaign.Tenant", on_delete=models.PROTECT, related_name="+")
    campaign = models.ForeignKey("campaign.Campaign", on_delete=models.PROTECT, related_name="roster_imports")
    # The uploader's own district (None for the regulator): a district may only import its own enterprises.
    district = models.ForeignKey(
        "campaign.MemberUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="roster_imports"
    )
    file = models.FileField(_("file"), upload_to=UploadTo("roster-imports"))
    original_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(
        _("status"), max_length=12, choices=RosterImportStatus.choices, default=RosterImportStatus.PREVIEWED
    )
    error_count = models.PositiveIntegerField(_("rows with errors"), default=0)
    # [{"line": 2, "values": {...}, "errors": ["…"]}, …]: what the preview shows, in file order.
    rows = models.JSONField(default=list, editable=False)
    # What was read from the file (sheet, header row, rows read, columns recognised and not, hidden and footer rows):
    # enterprises.importing.read_roster's summary, shown above the preview so nothing is dropped in silence.
    reading = models.JSONField(default=dict, editable=False)
    created = models.PositiveIntegerField(_("enterprises created"), default=0)
    updated = models.PositiveIntegerField(_("enterprises updated"), default=0)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("roster import")
        verbose_name_plural = _("roster imports")
        ordering = ["-created_at"]

    def __str__(self):
        return self.original_name
