"""催办: the regulator's recorded reminder with a note to a lagging member unit or certification body."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.models import NotificationKind, Urge
from notifications.recipients import body_managers, member_unit_users
from notifications.services.notifications import notify
from portal.scoping import ensure_still_visible
from portal.services import require_perm

NOTE_MAX = 2000


def urge_send(*, acting_user, campaign, member_unit=None, body=None, note: str, context: str = "") -> Urge:
    """Record a 催办 from the regulator to one member unit or one certification body of ``campaign``'s tenant, and
    notify the receiver's staff (a body: its managers). Returns the Urge.

    PermissionDenied unless ``notifications.send_urge``; ValidationError listing every problem at once: no receiver
    or two, a receiver of another tenant, an empty or over-long note (``NOTE_MAX`` characters)."""
    require_perm(acting_user, "notifications.send_urge", campaign)
    errors: dict[str, list[str]] = {}
    if (member_unit is None) == (body is None):
        errors.setdefault("receiver", []).append(_("Choose one member unit or one certification body to remind."))
    receiver = member_unit or body
    if receiver is not None and receiver.tenant_id != campaign.tenant_id:
        errors.setdefault("receiver", []).append(_("Choose one member unit or one certification body to remind."))
    note = (note or "").strip()
    if not note:
        errors.setdefault("note", []).append(_("Write what the receiver should do."))
    elif len(note) > NOTE_MAX:
        errors.setdefault("note", []).append(
            _("The note is %(length)d characters long; at most %(max)d.") % {"length": len(note), "max": NOTE_MAX}
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        urge = Urge.objects.create(
            tenant_id=campaign.tenant_id,
            campaign=campaign,
            member_unit=member_unit,
            body=body,
            note=note,
            sent_by=acting_user,
            context=context[:200],
        )
        ensure_still_visible(urge, acting_user)
        recipients = member_unit_users(member_unit) if member_unit is not None else body_managers(body)
        notify(
            recipients=recipients,
            kind=NotificationKind.URGE,
            title=_("Reminder from %(regulator)s") % {"regulator": campaign.tenant.regulator_name},
            body=note,
            url=reverse("notifications:urge-list"),
            key=f"urge:{urge.pk}",
            campaign=campaign,
            actor=acting_user,
        )
    return urge
