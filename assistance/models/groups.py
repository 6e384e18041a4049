"""Working groups (帮扶工作组, 附件一): managers and experts of one body, exactly one leader (R6)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from assistance.models.bodies import CertificationBody
from portal.scoping import ScopedQuerySet


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
