"""Forms for the eligibility screening (R1) and its evidence files; R1 itself is enterprises.policy."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from campaign.forms import DateInput
from enterprises.forms.common import VersionedForm
from portal.files import DOCUMENTS
from portal.uploads import KeptFileField


class ScreeningForm(VersionedForm):
    # 三、参与企业范围; 附件二(二)
    willing = forms.BooleanField(label=_("Has a strong wish to improve its quality management"), required=False)
    normal_operation = forms.BooleanField(label=_("Is in normal production and operation"), required=False)
    resources_committed = forms.BooleanField(label=_("Can commit the necessary resources"), required=False)
    on_abnormal_operations_list = forms.BooleanField(
        label=_("Is currently on the list of abnormal operations (经营异常名录)"), required=False
    )
    dishonesty_listed_on = forms.DateField(
        label=_("Last listed as seriously dishonest (严重违法失信企业名单)"),
        widget=DateInput,
        required=False,
        help_text=_("Leave empty if never listed."),
    )
    quality_penalty_on = forms.DateField(
        label=_("Last quality penalty or public exposure"),
        widget=DateInput,
        required=False,
        help_text=_("Leave empty if never."),
    )
    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput)
    notes = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000)
    # By content, size and zip structure at the field: a refused file never reaches the service, so nothing is stored.
    evidence = KeptFileField(
        label=_("Evidence files"),
        kinds=DOCUMENTS,
        multiple=True,
        required=False,
        help_text=_("Credit reports, screenshots of the public lists: PDF, Word or images; several at once."),
    )


class EvidenceForm(forms.Form):
    evidence = KeptFileField(label=_("Evidence files"), kinds=DOCUMENTS, multiple=True)
