"""Enrolment preconditions that depend on the assistance records (registered from AssistanceConfig.ready)."""

from django.utils.translation import gettext as _

from enterprises.lifecycle import precondition
from enterprises.models import EnrolmentState


@precondition(EnrolmentState.ASSIGNED)
def expert_assigned(enrolment):
    # 附件一: 帮扶专家对小微企业实施点对点提升帮扶.
    if not enrolment.assignments.filter(ended_at__isnull=True).exists():
        return _("Assign an assistance expert first.")
    return None
