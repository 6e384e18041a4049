"""An uploaded Excel roster of enterprises (附件二(一) 小微企业遴选) and its import job."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.files import UploadTo
from portal.jobs import Job
from portal.scoping import ScopedQuerySet


class RosterImportStatus(models.TextChoices):
    READING = "reading", _("Reading the file")
    PREVIEWED = "previewed", _("Checked, awaiting confirmation")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class RosterImport(Job):
    """An uploaded Excel roster (附件二(一) 小微企业遴选): checked row by row into ``rows`` for the preview, then imported
    in one transaction by enterprises.services.roster — in the request, or by a Celery task for a large file (a
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
    # enterprises.selectors.roster.read_roster's summary, shown above the preview so nothing is dropped in silence.
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
