"""Dashboard tokens (issue 12): a member unit's read-only key for its district dashboard's screen.

Only a SHA-256 digest of the key is stored (the key is shown once, when issued); ``prefix`` (the key's first
characters) lets people tell their tokens apart. A token reads nothing but its own district's dashboard endpoint
(``dashboards.api.auth``); revoking it is immediate.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from portal.scoping import ScopedQuerySet

PREFIX_LENGTH = 8


class DashboardToken(models.Model):
    member_unit = models.ForeignKey(
        "campaign.MemberUnit", on_delete=models.CASCADE, related_name="dashboard_tokens", verbose_name=_("district")
    )
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("key begins with"), max_length=PREFIX_LENGTH)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("dashboard token")
        verbose_name_plural = _("dashboard tokens")
        ordering = ["member_unit_id", "-created_at", "-pk"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
