"""Pages of a user's own notifications: the list, reading one, marking all read, the badge and the e-mail choice."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from notifications.forms import NotificationSettingsForm
from notifications.models import Notification
from notifications.selectors.notifications import notification_list as list_rows
from notifications.selectors.notifications import notification_settings_of, unread_count
from notifications.services import notifications as services
from portal.session import passive_session
from portal.views import row_to_read, save_or_show_errors

PAGE_SIZE = 30


def notification_list(request: HttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(list_rows(user=request.user, unread_only=unread_only), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/notification_list.html",
        {"page": page, "unread_only": unread_only, "unread": unread_count(user=request.user)},
    )


@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notification read and go where it points (a path inside the portal only)."""
    notification = row_to_read(Notification, request.user, pk=pk)
    services.notification_read(user=request.user, notification=notification)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None) and target.startswith("/"):
        return redirect(target)
    return redirect("notifications:notification-list")


@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_read_all(user=request.user)
    messages.success(request, _("%(count)d notifications marked read.") % {"count": count})
    return redirect("notifications:notification-list")


@login_not_required
@require_GET
@passive_session
def unread_badge(request: HttpRequest) -> HttpResponse:
    """The unread count for the navigation bar, fetched by htmx after the page loads and every minute (so no page
    pays a query for it). The poll is not activity: it does not renew the session (``passive_session``). Once the
    session has ended it answers 286, htmx's "stop polling", with nothing to put in the navigation bar (a redirect
    would have put the login page there)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=286)
    return render(request, "notifications/_unread_badge.html", {"unread": unread_count(user=request.user)})


def notification_settings(request: HttpRequest) -> HttpResponse:
    own = notification_settings_of(user=request.user)
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST)
        if form.is_valid():
            saved = save_or_show_errors(
                form,
                lambda: services.notification_settings_update(
                    user=request.user,
                    mute_email=form.cleaned_data["mute_email"],
                    expected_version=form.cleaned_data["version"] if own is not None else None,
                ),
            )
            if saved is not None:
                messages.success(request, _("Your notification settings have been saved."))
                return redirect("notifications:notification-settings")
    else:
        form = NotificationSettingsForm(
            initial={"mute_email": own.mute_email if own else False, "version": own.version if own else None}
        )
    return render(request, "notifications/notification_settings.html", {"form": form})
