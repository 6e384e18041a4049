"""Small presentation helpers shared by the portal's templates: status badges and Bootstrap form widgets."""

from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

register = template.Library()

# One place for every state a page shows as a badge: its label and its Bootstrap colour.
_BADGES = {
    # tasks on the home pages
    "done": (_("Done"), "text-bg-success"),
    "open": (_("Open"), "text-bg-primary"),
    "overdue": (_("Overdue"), "text-bg-danger"),
    "closed": (_("Date passed"), "text-bg-secondary"),
    # phases of the calendar
    "past": (_("Past"), "text-bg-secondary"),
    "current": (_("Current"), "text-bg-success"),
    "upcoming": (_("Upcoming"), "text-bg-light border"),
    # R9 kickoff meetings
    "held": (_("Held"), "text-bg-success"),
    "held_late": (_("Held late"), "text-bg-warning"),
    "not_held": (_("Not held yet"), "text-bg-secondary"),
}


@register.inclusion_tag("includes/badge.html")
def badge(state: str):
    label, css = _BADGES[state]
    return {"label": label, "css": css, "state": state}


@register.filter
def kickoff_state(row) -> str:
    """The badge of a campaign.selectors.KickoffStatus row: held, held_late, overdue or not_held (R9)."""
    return str(row.standing)


@register.filter
def minutes(duration) -> int:
    """A timedelta in whole minutes (the lockout page says how long the account stays locked)."""
    return int(duration.total_seconds() // 60) if duration else 0


@register.filter
def bootstrap(bound_field):
    """Render a form field's widget with Bootstrap's classes, marked invalid when it has errors. Radio buttons and
    check boxes of a choice are each a ``form-check`` with its own label (Bootstrap's markup for them)."""
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return _checks(bound_field)
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    attrs = {"class": css}
    if bound_field.errors:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_errors"
    elif bound_field.help_text:
        attrs["aria-describedby"] = f"{bound_field.auto_id}_help"
    return bound_field.as_widget(attrs=attrs)


def _checks(bound_field):
    invalid = " is-invalid" if bound_field.errors else ""
    described = f"{bound_field.auto_id}_errors" if bound_field.errors else ""
    rows = []
    for option in bound_field.subwidgets:
        option.data["attrs"]["class"] = "form-check-input" + invalid
        if described:
            option.data["attrs"]["aria-describedby"] = described
        rows.append(
            format_html(
                '<div class="form-check">{}<label class="form-check-label" for="{}">{}</label></div>',
                option.tag(wrap_label=False),
                option.id_for_label,
                option.choice_label,
            )
        )
    # The wrapper carries is-invalid so that Bootstrap shows the field's invalid-feedback that follows it.
    return format_html('<div class="{}">{}</div>', invalid.strip(), format_html_join("", "{}", ((r,) for r in rows)))


@register.filter
def absolute(number):
    """abs() for templates: "overdue by 3 days" from days_left == -3."""
    return abs(number) if number is not None else number
