"""Forms of the notifications app: the e-mail choice and the regulator's 催办."""

from django import forms
from django.utils.translation import gettext_lazy as _

from notifications.services.urges import NOTE_MAX


class NotificationSettingsForm(forms.Form):
    mute_email = forms.BooleanField(label=_("Do not e-mail me notifications"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class UrgeForm(forms.Form):
    """催办 to one member unit or one certification body; the choices come from ``visible_to`` (the view sets them)."""

    member_unit = forms.ModelChoiceField(label=_("Member unit"), queryset=None, required=False)
    body = forms.ModelChoiceField(label=_("Certification body"), queryset=None, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 5}), max_length=NOTE_MAX)
    context = forms.CharField(widget=forms.HiddenInput, required=False, max_length=200)

    def __init__(self, *args, member_units, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_unit"].queryset = member_units
        self.fields["body"].queryset = bodies
        self.fields["member_unit"].empty_label = _("— none —")
        self.fields["body"].empty_label = _("— none —")

    def clean(self):
        data = super().clean()
        if bool(data.get("member_unit")) == bool(data.get("body")) and not (
            self.errors.get("member_unit") or self.errors.get("body")
        ):
            self.add_error(None, _("Choose one member unit or one certification body to remind."))
        return data
