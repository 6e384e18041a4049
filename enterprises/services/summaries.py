"""The enterprise's 《企业实施情况及成效总结》 (四(三), 附件二(四)): one current file per enrolment."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from enterprises.models import Enrolment, ImplementationSummary
from enterprises.policy import EnrolmentRecord, enrolment_write_check
from portal.scoping import ensure_still_visible
from portal.services import lock_current, require_perm, save_with_history


def summary_upload(*, enrolment: Enrolment, upload, name: str, acting_user) -> ImplementationSummary:
    """The enterprise's summary; a new upload replaces the current one (the history keeps who and when, and the
    replaced file stays on disk because the history names it). ``upload`` is already checked by validate_upload."""
    require_perm(acting_user, "enterprises.upload_summary", enrolment)
    try:
        with transaction.atomic():
            enrolment_write_check(lock_current(Enrolment, enrolment.pk, None), EnrolmentRecord.OUTPUTS)
            # select_for_update: two uploads at once end as one current summary, each replacement in the history.
            row = ImplementationSummary.objects.select_for_update().filter(enrolment=enrolment).first()
            if row is None:
                row = ImplementationSummary(enrolment=enrolment)
            else:
                row.version += 1
            row.file = upload
            row.original_name = name
            row.uploaded_by = acting_user
            save_with_history(row, acting_user=acting_user)
            ensure_still_visible(row, acting_user)
    except IntegrityError:  # a double submission created it first; it is replaced by the next upload
        raise ValidationError(
            _(
                "Your summary was uploaded twice at the same moment; the first upload was kept. Upload again to replace it."
            )
        ) from None
    return row
