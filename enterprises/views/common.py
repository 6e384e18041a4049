"""What the enterprises app's pages share: the page size, the Excel download, the campaign a list is about, the
query string without its page, a one-button action, the viewer's role.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from accounts.scope import scope_of
from campaign.models import Campaign
from campaign.selectors import campaign_current
from enterprises.selectors import progress as progress_selectors
from portal.views import row_to_read

PAGE_SIZE = 50

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    # A Chinese name arrives whole: RFC 6266's filename* in UTF-8 (Django's header helper).
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def campaign_from(request: HttpRequest) -> Campaign | None:
    raw = request.GET.get("campaign")
    if raw:
        if not raw.isdigit():
            raise Http404
        return row_to_read(Campaign, request.user, pk=int(raw))
    return campaign_current(user=request.user)


def query_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def act(request: HttpRequest, write, success: str) -> bool:
    """A one-button action: the service's message, if it refuses, is shown on the page it returns to."""
    try:
        write()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


def role_of(user) -> str | None:
    scope = scope_of(user)
    return scope.role if scope else None


def progress_enrolment_or_404(request: HttpRequest, pk: int):
    enrolment = progress_selectors.enrolment_for_progress(user=request.user, pk=pk)
    if enrolment is None:
        raise Http404
    return enrolment
