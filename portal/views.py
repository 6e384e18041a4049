"""Small helpers every app's HTML views share."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest


def require_perm(request: HttpRequest, perm: str, obj=None) -> None:
    """403 for a row the user may see but not act on (rules predicates); unseen rows are 404 before this."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def save_or_show_errors(form, write):
    """Run a service call. A ValidationError lands on the form — each message at its field when the form has that
    field, otherwise above the form — so the page re-renders with everything the user typed; returns None then."""
    try:
        return write()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None
