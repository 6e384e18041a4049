"""Forms for the enterprise's outputs. They check shape only; the rules (R10, R11, R13, states, versions) live in
enterprises.services.outputs, whose ValidationErrors the views attach to these forms so nothing typed is lost."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from assistance.models import CertificationBody
from enterprises.models import OutcomeFigures
from enterprises.selectors.outputs import METRICS
from portal.files import DOC, DOCUMENTS, DOCX, PDF, original_name, validate_upload
from portal.scoping import ScopedFormMixin

SUMMARY_KINDS = (PDF, DOCX, DOC)  # 《企业实施情况及成效总结》: a PDF or Word document


class _UploadMixin:
    """``<field>_name`` gives the uploader's file name (stripped of any path), kept only as data."""

    def upload_name(self, field: str) -> str:
        upload = self.cleaned_data.get(field)
        return original_name(upload) if upload else ""


def _outcome_field(name: str) -> forms.Field:
    model_field = OutcomeFigures._meta.get_field(name)
    metric = name.rsplit("_", 1)[0]
    if metric == "complaints":
        return forms.IntegerField(label=model_field.verbose_name, required=False, min_value=0, max_value=1_000_000)
    if metric == "revenue":
        return forms.DecimalField(
            label=model_field.verbose_name,
            required=False,
            min_value=Decimal("0"),
            max_digits=12,
            decimal_places=2,
        )
    return forms.DecimalField(
        label=model_field.verbose_name,
        required=False,
        min_value=Decimal("0"),
        max_value=Decimal("100"),
        max_digits=5,
        decimal_places=2,
    )


class OutcomeForm(forms.Form):
    """Baseline and end value of each national indicator; ``version`` 0 means none were recorded yet."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for metric in OutcomeFigures.METRICS:
            for when in ("baseline", "end"):
                name = f"{metric}_{when}"
                self.fields[name] = _outcome_field(name)
                self.fields[name].widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def pairs(self):
        """(metric, baseline field, end field) for the two-column layout."""
        return [(metric, self[f"{metric.key}_baseline"], self[f"{metric.key}_end"]) for metric in METRICS]

    @property
    def figures(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name != "version"}


class SummaryForm(_UploadMixin, forms.Form):
    file = forms.FileField(
        label=_("Implementation and results summary"),
        help_text=_("PDF or Word. A new upload replaces the current file; the history keeps who uploaded what."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, kinds=SUMMARY_KINDS)
        return upload


class CaseForm(_UploadMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text of the case"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=50_000,
        help_text=_(
            "The key quality control points, the problems solved and the main results, with measurable figures "
            "(notice 附件二(四))."
        ),
    )
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        help_text=_("Optional: PDF, Word or an image. You can add more attachments later."),
    )

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload:
            validate_upload(upload, kinds=DOCUMENTS)
        return upload


class CaseEditForm(CaseForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ReviewerAssignForm(ScopedFormMixin, forms.Form):
    reviewer = forms.ModelChoiceField(
        label=_("Reviewer"),
        queryset=User.objects.filter(is_active=True, membership__role=Role.REVIEWER).order_by("display_name"),
        help_text=_("A reviewer whose certification body assisted this enterprise cannot be chosen (impartiality)."),
    )


class ScoreForm(forms.Form):
    score = forms.IntegerField(label=_("Score (0–100)"), min_value=0, max_value=100)
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class DecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("selected", _("Select as an excellent case")), ("not_selected", _("Do not select"))],
        widget=forms.RadioSelect,
    )


class ComplaintForm(ScopedFormMixin, forms.Form):
    body = forms.ModelChoiceField(
        label=_("Certification body"), queryset=CertificationBody.objects.order_by("name"), empty_label=None
    )
    subject = forms.CharField(label=_("Subject"), max_length=200)
    text = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=20_000,
        help_text=_(
            "Your complaint goes to the regulator. The certification body sees it only if the regulator forwards it."
        ),
    )


class ComplaintRespondForm(forms.Form):
    response = forms.CharField(label=_("Your response"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20_000)
    expected_response = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)


class ComplaintCloseForm(forms.Form):
    note = forms.CharField(
        label=_("How it was handled"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5_000,
        help_text=_("The enterprise reads this note."),
    )
