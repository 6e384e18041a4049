"""Trainings (附件二(三)1, R8)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.files import UploadTo
from portal.scoping import ScopedQuerySet


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
