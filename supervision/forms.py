"""Forms of the supervision pages. They check shape only; the rules are in supervision.services / policy, whose
ValidationErrors the views attach here so everything typed and chosen is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from assistance.models import CertificationBody
from campaign.forms import DateInput, VersionedForm
from campaign.models import MemberUnit
from enterprises.models import Enrolment, Enterprise
from portal.files import PHOTOS_AND_DOCUMENTS
from portal.uploads import KeptFileField
from supervision.services.rectifications import MAX_EVIDENCE_FILES
from supervision.services.visits import MAX_VISIT_FILES

_PARTY_MODELS = {"member_unit": MemberUnit, "enterprise": Enterprise, "body": CertificationBody}


class PartyField(forms.ChoiceField):
    """One select for a district / member unit, an enterprise or a certification body ("kind:pk"), grouped by
    kind; its choices are the rows the user sees, so a foreign row is refused as an invalid choice. Cleans to the
    row."""

    def __init__(self, *, user, tenant_id: int, campaign_id: int | None = None, **kwargs):
        self.rows: dict[str, object] = {}
        groups = []
        querysets = [
            (_("Districts and member units"), "member_unit", MemberUnit.objects.visible_to(user)),
            (_("Certification bodies"), "body", CertificationBody.objects.visible_to(user)),
            (_("Enterprises"), "enterprise", self._enterprises(user, campaign_id)),
        ]
        for label, kind, queryset in querysets:
            options = []
            for row in queryset.filter(tenant_id=tenant_id):
                key = f"{kind}:{row.pk}"
                self.rows[key] = row
                text = f"{row.name}（{row.district.name}）" if kind == "enterprise" else row.name
                options.append((key, text))
            groups.append((label, options))
        super().__init__(choices=[("", "—")] + groups, **kwargs)

    @staticmethod
    def _enterprises(user, campaign_id: int | None):
        """The enterprises enrolled in the campaign (not every enterprise of the city: the select stays short)."""
        rows = Enterprise.objects.visible_to(user).select_related("district").order_by("district__sort_order", "name")
        if campaign_id is not None:
            rows = rows.filter(pk__in=Enrolment.objects.filter(campaign_id=campaign_id).values("enterprise_id"))
        return rows

    def clean(self, value):
        value = super().clean(value)
        return self.rows.get(value) if value else None


def party_key(party) -> str:
    for kind, model in _PARTY_MODELS.items():
        if isinstance(party, model):
            return f"{kind}:{party.pk}"
    return ""


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("For example: June on-site supervision."))
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput, required=False)


class VisitForm(forms.Form):
    target = forms.ChoiceField(label=_("Visited"))  # replaced by a PartyField in __init__
    visited_on = forms.DateField(label=_("Date of the visit"), widget=DateInput)
    staff = forms.ModelMultipleChoiceField(
        label=_("Staff who went"), queryset=User.objects.none(), widget=forms.SelectMultiple(attrs={"size": 4})
    )
    observations = forms.CharField(label=_("What was seen"), widget=forms.Textarea(attrs={"rows": 4}))
    findings = forms.CharField(
        label=_("Findings"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Shown to the party visited."),
    )
    internal_notes = forms.CharField(
        label=_("Internal notes"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Seen by regulator staff only."),
    )
    files = KeptFileField(
        label=_("Photos and documents"),
        kinds=PHOTOS_AND_DOCUMENTS,
        multiple=True,
        max_files=MAX_VISIT_FILES,
        required=False,
    )
    asked = forms.CharField(
        label=_("Rectification asked of the party visited"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Optional; more requests, also to other parties, can be added from the visit's page."),
    )
    due_on = forms.DateField(label=_("Rectification due on"), widget=DateInput, required=False)

    def __init__(self, *args, user, tenant_id: int, campaign_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"] = PartyField(user=user, tenant_id=tenant_id, campaign_id=campaign_id, label=_("Visited"))
        self.fields["staff"].queryset = (
            User.objects.visible_to(user)
            .filter(membership__role=Role.REGULATOR, membership__organisation__tenant_id=tenant_id, is_active=True)
            .order_by("last_name", "first_name", "username")
        )
        self.order_fields(["target", "visited_on", "staff"])


class RequestForm(forms.Form):
    party = forms.ChoiceField(label=_("Asked of"))
    asked = forms.CharField(label=_("What is asked"), widget=forms.Textarea(attrs={"rows": 3}))
    due_on = forms.DateField(label=_("Due on"), widget=DateInput)

    def __init__(self, *args, user, tenant_id: int, campaign_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"] = PartyField(user=user, tenant_id=tenant_id, campaign_id=campaign_id, label=_("Asked of"))
        self.order_fields(["party", "asked", "due_on"])


class AnswerForm(VersionedForm):
    text = forms.CharField(label=_("What was done"), widget=forms.Textarea(attrs={"rows": 5}))
    # Not required at the field: the service refuses an answer without evidence with its own message.
    files = KeptFileField(
        label=_("Evidence"),
        kinds=PHOTOS_AND_DOCUMENTS,
        multiple=True,
        max_files=MAX_EVIDENCE_FILES,
        required=False,
        help_text=_("At least one file: photos, PDF or Word documents showing the rectification."),
    )


class ReviewForm(VersionedForm):
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Required when the answer is sent back; the party sees it."),
    )
