"""The documented system (附件二(三): 管理手册、程序文件、工艺技术规程), one revision per upload."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from assistance.models import DocumentLevel, SystemDocument
from assistance.permissions import RECORD_WORK
from assistance.services.checks import check_upload, clean, lock_enrolment
from enterprises.models import Enrolment
from portal.files import SYSTEM_DOCUMENTS, original_name
from portal.scoping import ensure_still_visible
from portal.services import require_perm, save_with_history


def system_document_add(
    *, enrolment: Enrolment, level: str, title: str, revision: str, upload, acting_user
) -> SystemDocument:
    """A document of the system, or a new revision of one (same level and title, another revision).

    Raises PermissionDenied without the right to record work on the enrolment; ValidationError on ``level``,
    ``title``, ``revision`` (that revision already uploaded) or ``file`` (missing, or not
    an accepted file by content and size)."""
    require_perm(acting_user, RECORD_WORK, enrolment)
    errors = {}
    if level not in DocumentLevel.values:
        errors["level"] = _("Choose the level of the document.")
    if not clean(title):
        errors["title"] = _("Give the document its title.")
    if not clean(revision):
        errors["revision"] = _("Give the revision (e.g. A/0).")
    if not upload:
        errors["file"] = _("Choose the document's file.")
    if errors:
        raise ValidationError(errors)
    check_upload(upload, "file", SYSTEM_DOCUMENTS)
    with transaction.atomic():
        lock_enrolment(enrolment)
        if SystemDocument.objects.filter(
            enrolment=enrolment, level=level, title=clean(title), revision=clean(revision)
        ).exists():
            raise ValidationError(
                {"revision": _("This revision of the document has already been uploaded; give the new revision.")},
                code="duplicate",
            )
        document = SystemDocument(
            enrolment=enrolment,
            level=level,
            title=clean(title),
            revision=clean(revision),
            file=upload,
            original_name=original_name(upload),
            uploaded_by=acting_user,
        )
        save_with_history(document, acting_user=acting_user)
        ensure_still_visible(document, acting_user)
    return document
