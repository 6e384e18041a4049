from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from portal.scoping import ScopedQuerySet


class OrganisationKind(models.TextChoices):
    REGULATOR = "regulator", _("Regulator")
    MEMBER_UNIT = "member_unit", _("Member unit")
    CERTIFICATION_BODY = "certification_body", _("Certification body")
    ENTERPRISE = "enterprise", _("Enterprise")
    REVIEW_PANEL = "review_panel", _("Case review panel")


class Role(models.TextChoices):
    REGULATOR = "regulator", _("Regulator staff")
    MEMBER_UNIT = "member_unit", _("Member unit staff")
    CB_MANAGER = "cb_manager", _("Certification body manager")
    EXPERT = "expert", _("Assistance expert")
    ENTERPRISE = "enterprise", _("Enterprise contact")
    REVIEWER = "reviewer", _("Case reviewer")


# Which roles an organisation of each kind can give (DESIGN.md §4).
ROLES_BY_KIND: dict[str, set[str]] = {
    OrganisationKind.REGULATOR: {Role.REGULATOR},
    OrganisationKind.MEMBER_UNIT: {Role.MEMBER_UNIT},
    OrganisationKind.CERTIFICATION_BODY: {Role.CB_MANAGER, Role.EXPERT},
    OrganisationKind.ENTERPRISE: {Role.ENTERPRISE},
    OrganisationKind.REVIEW_PANEL: {Role.REVIEWER},
}


# A subclass, not the class from_queryset() returns: migrations name the manager by this module's attribute.
# django-stubs cannot type a base class made by from_queryset() in place, hence the ignore.
class PortalUserManager(UserManager.from_queryset(ScopedQuerySet)):  # type: ignore[misc]
    """Django's user manager (create_user …) with the scoping door."""


class User(AbstractUser):
    """A person who signs in. What they may see comes from their one Membership."""

    display_name = models.CharField(_("display name"), max_length=100, blank=True)

    # AbstractUser's stub declares objects as a ClassVar of UserManager; this one is that plus the scoping door.
    objects = PortalUserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.display_name or self.get_full_name() or self.username


class Organisation(models.Model):
    tenant = models.ForeignKey("campaign.Tenant", on_delete=models.PROTECT, related_name="organisations")
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    name = models.CharField(_("name"), max_length=200)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [models.UniqueConstraint(fields=["tenant", "name"], name="organisation_unique_name_per_tenant")]
        ordering = ["tenant_id", "kind", "name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """Gives a user one role in one organisation. One membership per user keeps every page's scope unambiguous."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="membership")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    objects = ScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self):
        return f"{self.user} · {self.organisation} · {self.get_role_display()}"

    def clean(self):
        from django.core.exceptions import ValidationError

        allowed = ROLES_BY_KIND.get(self.organisation.kind, set())
        if self.role not in allowed:
            raise ValidationError({"role": _("This role cannot be given by an organisation of this kind.")})
