"""Forms for operating the system (R7): its start, the internal audit, the management review.

They check shape only (and files by content, at the field); the rules live in assistance.services and
assistance.policy, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assistance.forms.fields import DateTimeInput, DocumentField
from assistance.models import RecordMode
from campaign.forms import DateInput, VersionedForm
from portal.files import SYSTEM_DOCUMENTS


class OperationStartForm(VersionedForm):
    operation_started_on = forms.DateField(label=_("System operation started on"), widget=DateInput)


class InternalAuditForm(forms.Form):
    mode = forms.ChoiceField(label=_("How"), choices=RecordMode.choices, initial=RecordMode.CONDUCTED)
    auditor_training_done = forms.BooleanField(label=_("Internal auditors trained"), required=False)
    starts_at = forms.DateTimeField(label=_("Started at"), widget=DateTimeInput)
    ends_at = forms.DateTimeField(label=_("Ended at"), widget=DateTimeInput)
    plan_file = DocumentField(label=_("Internal audit plan"), kinds=SYSTEM_DOCUMENTS)
    report_file = DocumentField(label=_("Internal audit report"), kinds=SYSTEM_DOCUMENTS)


class ManagementReviewForm(forms.Form):
    mode = forms.ChoiceField(label=_("How"), choices=RecordMode.choices, initial=RecordMode.CONDUCTED)
    held_at = forms.DateTimeField(label=_("Held at"), widget=DateTimeInput)
    plan_file = DocumentField(label=_("Management review plan"), kinds=SYSTEM_DOCUMENTS)
    report_file = DocumentField(label=_("Management review report"), kinds=SYSTEM_DOCUMENTS)
