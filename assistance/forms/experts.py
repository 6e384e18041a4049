"""Forms for a body's assistance experts (R3 specialties, R4 home district).

They check shape only (and files by content, at the field); the rules live in assistance.services and
assistance.policy, whose ValidationErrors the views attach to these forms so everything typed is kept."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from assistance.forms.fields import Checkboxes, district_choices
from campaign.forms import VersionedForm
from enterprises.models import Cluster
from portal.scoping import ScopedFormMixin


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
        queryset=district_choices(),
        help_text=_("R4: experts work in their own district where possible."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class ExpertCreateForm(_ExpertFields):
    field_order = ["username", "display_name", "email", "specialties", "home_district", "phone"]

    username = forms.CharField(label=_("User name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        help_text=_("The expert is sent a link there to choose their own password."),
    )


class ExpertEditForm(VersionedForm, _ExpertFields):
    pass
