"""The working group form (附件一, R6): name, districts, one row per person of the body, the leader.

They check shape only (and files by content, at the field); the rules live in assistance.services and
assistance.policy, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from assistance.forms.fields import Checkboxes, district_choices
from assistance.models import GroupRole
from campaign.models import Campaign
from portal.scoping import ScopedFormMixin


class WorkingGroupForm(ScopedFormMixin, forms.Form):
    """Name, districts, and one row per person of the body: not a member, manager or expert; plus the leader."""

    name = forms.CharField(label=_("Name"), max_length=100)
    campaign = forms.ModelChoiceField(label=_("Campaign"), queryset=Campaign.objects.order_by("-year"))
    districts = forms.ModelMultipleChoiceField(
        label=_("Districts covered"),
        queryset=district_choices(),
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
                # A leader not ticked as a member: passed on as such, so that R6 refuses it with a message.
                rows.append((person, "", True))
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
