"""A supervision visit by regulator staff to a district, an enterprise or a certification body (四(二))."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.files import UploadTo
from portal.scoping import ScopedQuerySet
from supervision.models.rounds import SupervisionRound


class PartyKind(models.TextChoices):
    """Who a visit goes to, or who a rectification request is addressed to."""

    MEMBER_UNIT = "member_unit", _("District / member unit")
    ENTERPRISE = "enterprise", _("Enterprise")
    BODY = "body", _("Certification body")


def exactly_one_party(prefix: str = "") -> Q:
    """The check constraint: exactly one of member_unit / enterprise / body is set."""
    mu, ent, body = (Q(**{f"{prefix}{name}__isnull": False}) for name in ("member_unit", "enterprise", "body"))
    none_mu, none_ent, none_body = (~mu, ~ent, ~body)
    return (mu & none_ent & none_body) | (ent & none_mu & none_body) | (body & none_mu & none_ent)


class PartyMixin(models.Model):
    """Exactly one of member unit, enterprise or certification body (a DB check constraint in each subclass)."""

    member_unit = models.ForeignKey(
        "campaign.MemberUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district / member unit"),
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    body = models.ForeignKey(
        "assistance.CertificationBody",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("certification body"),
    )

    class Meta:
        abstract = True

    @property
    def party(self):
        return self.member_unit or self.enterprise or self.body

    @property
    def party_kind(self) -> str:
        if self.member_unit_id:
            return PartyKind.MEMBER_UNIT
        if self.enterprise_id:
            return PartyKind.ENTERPRISE
        return PartyKind.BODY

    def get_party_kind_display(self) -> str:
        return str(PartyKind(self.party_kind).label)


class SupervisionVisit(PartyMixin):
    round = models.ForeignKey(
        SupervisionRound, on_delete=models.PROTECT, related_name="visits", verbose_name=_("supervision round")
    )
    visited_on = models.DateField(_("date of the visit"))
    staff = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="supervision_visits", verbose_name=_("staff who went")
    )
    observations = models.TextField(_("what was seen"))
    findings = models.TextField(_("findings"), blank=True)
    # Seen by the regulator only: never shown to the party visited or to a party asked for a rectification.
    internal_notes = models.TextField(_("internal notes"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("supervision visit")
        verbose_name_plural = _("supervision visits")
        ordering = ["-visited_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=exactly_one_party(), name="supervision_visit_exactly_one_target"),
        ]

    def __str__(self):
        return f"{self.party} · {self.visited_on:%Y-%m-%d}"


class SupervisionVisitFile(models.Model):
    """A photo or document of a supervision visit (regulator only)."""

    visit = models.ForeignKey(SupervisionVisit, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=UploadTo("supervision-visits"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("supervision visit file")
        verbose_name_plural = _("supervision visit files")
        ordering = ["pk"]

    def __str__(self):
        return self.original_name
