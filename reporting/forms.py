"""The form to ask for a report: a kind and a scope, both offered by role (reporting.selectors.report_targets)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.scope import scope_of
from campaign.models import Campaign
from reporting.kinds import kinds
from reporting.policy import report_kinds_for
from reporting.selectors import report_targets


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"))
    target = forms.ChoiceField(label=_("For"))

    def __init__(self, *args, user, campaign: Campaign, **kwargs):
        super().__init__(*args, **kwargs)
        offered = report_kinds_for(scope_of(user), kinds())
        self.fields["kind"].choices = [(kind.key, kind.label) for kind in offered]
        # {kind: [scope names]}: the page's script offers only the targets the chosen kind is made for.
        self.kind_scopes = {kind.key: list(kind.scopes) for kind in offered}
        self.fields["target"].choices = report_targets(user=user, campaign=campaign)

    def scope_parts(self) -> tuple[str, int | None]:
        name, _sep, pk = self.cleaned_data["target"].partition(":")
        return name, int(pk) if pk.isdigit() and int(pk) else None
