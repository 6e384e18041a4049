"""Pages for certification bodies: the list and one body with its experts and working groups."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assistance.models import CertificationBody
from assistance.policy import MAX_ENTERPRISES_PER_EXPERT
from assistance.selectors import bodies as selectors
from assistance.selectors.experts import expert_list, with_specialty_labels
from assistance.selectors.groups import working_group_list
from campaign.selectors import campaign_current
from portal.views import row_to_read


@require_GET
def body_list(request: HttpRequest) -> HttpResponse:
    return render(request, "assistance/bodies/list.html", {"bodies": selectors.body_list(user=request.user)})


@require_GET
def body_detail(request: HttpRequest, pk: int) -> HttpResponse:
    body = row_to_read(CertificationBody, request.user, pk=pk)
    campaign = campaign_current(user=request.user)
    return render(
        request,
        "assistance/bodies/detail.html",
        {
            "body": body,
            "campaign": campaign,
            "experts": with_specialty_labels(expert_list(user=request.user, campaign=campaign).filter(body=body)),
            "groups": working_group_list(user=request.user, campaign=campaign).filter(body=body),
            "can_manage": request.user.has_perm("assistance.change_expert", body),
            "max_load": MAX_ENTERPRISES_PER_EXPERT,  # the experts' table shows "2 / 2" (附件一: 1–2 each)
        },
    )
