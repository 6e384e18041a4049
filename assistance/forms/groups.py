"""Forms for bodies' people, working groups, assignments and certification audits. They check shape only; the
rules (R2–R6) live in assistance.services, whose ValidationErrors the views attach to these forms."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from assistance.models import AuditResult, Expert, GroupRole
from campaign.forms import DateInput, VersionedForm
from campaign.models import Campaign, MemberUnit, MemberUnitKind
from enterprises.models import Cluster
from portal.scoping import ScopedFormMixin


def _district_choices():
    return MemberUnit.objects.filter(kind=MemberUnitKind.DISTRICT).order_by("sort_order", "name")


class ExpertLabelField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class Checkboxes(forms.CheckboxSelectMultiple):
    """Each box carries Bootstrap's class; templates/assistance/groups/_fields.html lays them out."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(attrs={"class": "form-check-input", **(attrs or {})}, choices=choices)


class ExpertMultipleField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class _ExpertFields(ScopedFormMixin, forms.Form):
    display_name = forms.CharField(label=_("Full name"), max_length=100)
    specialties = forms.MultipleChoiceField(
        label=_("Specialties (industries)"),
        choices=Cluster.choices,
        widget=Checkboxes,
        help_text=_("R3: an expert is matched to enterprises of these industries."),
    )
    home_district = forms.ModelChoiceField(
        label=_("Home district"),
        queryset=_district_choices(),
        help_text=_("R4: experts work in their own district where possible."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class ExpertCreateForm(_ExpertFields):
    field_order = ["username", "display_name", "password", "specialties", "home_district", "phone"]

    username = forms.CharField(label=_("User name"), max_length=150)
    password = forms.CharField(
        label=_("Initial password"),
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty to let the expert set a password later; until then they cannot sign in."),
    )


class ExpertEditForm(VersionedForm, _ExpertFields):
    pass


class WorkingGroupForm(ScopedFormMixin, forms.Form):
    """Name, districts, and one row per person of the body: not a member, manager or expert; plus the leader."""

    name = forms.CharField(label=_("Name"), max_length=100)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.order_by("-year"))
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts covered"),
        queryset=_district_choices(),
        widget=Checkboxes,
        help_text=_("The group takes the screened enterprises of these districts."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = list(people)
        for person in self.people:
            is_expert = getattr(person, "expert_profile", None) is not None
            choices = [("", _("Not a member")), (GroupRole.MANAGER, GroupRole.MANAGER.label)]
            if is_expert:
                choices.append((GroupRole.EXPERT, GroupRole.EXPERT.label))
            self.fields[f"member_{person.pk}"] = forms.ChoiceField(label=str(person), choices=choices, required=False)
        self.fields["leader"] = forms.TypedChoiceField(
            label=_("Group leader"),
            choices=[("", "—")] + [(person.pk, str(person)) for person in self.people],
            coerce=int,
            required=False,
            empty_value=None,
            help_text=_("R6: a working group has exactly one leader."),
        )

    def member_rows(self):
        return [(person, self[f"member_{person.pk}"]) for person in self.people]

    def members(self):
        """[(user, role, is_leader)] from the cleaned data."""
        leader = self.cleaned_data.get("leader")
        rows = []
        for person in self.people:
            role = self.cleaned_data.get(f"member_{person.pk}")
            if role:
                rows.append((person, role, person.pk == leader))
            elif person.pk == leader:
                # A leader not ticked as a member: keep them, as a manager, and let R6 speak for the rest.
                rows.append((person, GroupRole.MANAGER, True))
        return rows


def body_people(body):
    """The users of a body who can be working-group members: its managers and experts."""
    from accounts.models import User

    return (
        User.objects.filter(
            membership__organisation_id=body.organisation_id, membership__role__in=[Role.CB_MANAGER, Role.EXPERT]
        )
        .select_related("expert_profile")
        .order_by("membership__role", "username")
    )


class AssignForm(ScopedFormMixin, forms.Form):
    expert = ExpertLabelField(label=_("Assistance expert"), queryset=Expert.objects.select_related("user"))
    override_reason = forms.CharField(
        label=_("Reason for an exception to R2–R4"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Only needed when the expert is overloaded, not specialised in this industry or from another district."
        ),
    )

    def __init__(self, *args, replacing=None, **kwargs):
        super().__init__(*args, **kwargs)
        if replacing is not None:
            self.fields["reassign_reason"] = forms.CharField(
                label=_("Why the current expert is replaced"),
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
            )


class EndAssignmentForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the assignment ends"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AuditForm(ScopedFormMixin, forms.Form):
    starts_on = forms.DateField(label=_("Audit starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Audit ends on"), widget=DateInput)
    team = ExpertMultipleField(
        label=_("Audit team"),
        queryset=Expert.objects.select_related("user"),
        widget=Checkboxes,
        help_text=_("R5: nobody who assisted the enterprise may sit on the team."),
    )
    decision_maker = ExpertLabelField(
        label=_("Certification decision maker"),
        queryset=Expert.objects.select_related("user"),
        required=False,
        help_text=_("May be named later, with the decision."),
    )


class DecideForm(ScopedFormMixin, forms.Form):
    decision_maker = ExpertLabelField(
        label=_("Certification decision maker"), queryset=Expert.objects.select_related("user")
    )
    result = forms.ChoiceField(
        label=_("Result"),
        choices=[
            (AuditResult.CERTIFIED, AuditResult.CERTIFIED.label),
            (AuditResult.REFUSED, AuditResult.REFUSED.label),
        ],
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput)


__all__ = [
    "AssignForm",
    "AuditForm",
    "DecideForm",
    "EndAssignmentForm",
    "ExpertCreateForm",
    "ExpertEditForm",
    "WorkingGroupForm",
    "body_people",
]
