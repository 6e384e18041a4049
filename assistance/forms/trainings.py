"""The training form (附件二(三)1).

They check shape only (and files by content, at the field); the rules live in assistance.services and
assistance.policy, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assistance.forms.fields import DocumentField
from assistance.models import TierLevel, TrainingKind
from assistance.services.trainings import MAX_PERSON_TIMES
from campaign.forms import DateInput
from campaign.models import MemberUnit, MemberUnitKind
from enterprises.models import Enterprise
from portal.files import TRAINING_MATERIALS
from portal.scoping import ScopedFormMixin


class TrainingForm(ScopedFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=TrainingKind.choices)
    tier = forms.ChoiceField(
        label=_("Audience level"),
        choices=[("", "—"), *TierLevel.choices],
        required=False,
        help_text=_("Only for tiered training."),
    )
    district = forms.ModelChoiceField(
        label=_("District"), queryset=MemberUnit.objects.filter(kind=MemberUnitKind.DISTRICT)
    )
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    topic = forms.CharField(label=_("Topic"), max_length=200)
    enterprises = forms.ModelMultipleChoiceField(
        label=_("Attending enterprises"),
        queryset=Enterprise.objects.order_by("name"),
        required=False,
        help_text=_("Enterprises you follow; hold Ctrl (or tap) to choose several."),
    )
    person_times = forms.IntegerField(label=_("Person-times"), max_value=MAX_PERSON_TIMES)
    materials = DocumentField(label=_("Materials"), required=False, kinds=TRAINING_MATERIALS)

    def __init__(self, *args, own_district=None, covered=None, **kwargs):
        super().__init__(*args, **kwargs)
        if covered is not None:
            # R8: a certification body chooses among the districts its working groups cover in the campaign.
            self.fields["district"].queryset = self.fields["district"].queryset.filter(pk__in=covered.values("pk"))
        if own_district is not None:
            # A district organises for itself: the field shows it and accepts nothing else.
            self.fields["district"].queryset = self.fields["district"].queryset.filter(pk=own_district.pk)
            self.fields["district"].initial = own_district.pk
            self.fields["district"].empty_label = None
        if not self.is_bound:
            self.initial.setdefault("held_on", timezone.localdate())
