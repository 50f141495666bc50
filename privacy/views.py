"""My data, erasure, the audit log and the privacy notice.

Plain function views, so the re-authentication decorator (allauth's
`reauthentication_required`, which accounts.decorators extends to people who
sign in only by code) can wrap the export, erase and disclosure views.
"""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts import audit
from accounts.decorators import reauthentication_required
from privacy import access, selectors, services
from privacy.export import person_export
from privacy.forms import EraseConfirmForm
from programmes.models import Organisation


@never_cache
@login_required
@reauthentication_required
def my_data(request):
    export = person_export(user=request.user)
    organisations = Organisation.objects.filter(memberships__user=request.user).order_by("name")
    return render(
        request,
        "privacy/my_data.html",
        {"export": export, "sections": export["sections"], "organisations": organisations},
    )


@never_cache
@login_required
@reauthentication_required
def my_data_download(request):
    export = person_export(user=request.user)
    audit.record(actor=request.user, action=audit.EXPORTED_DATA, target_user=request.user, detail="JSON download")
    response = HttpResponse(
        json.dumps(export, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="remento-my-data-{timezone.now():%Y-%m-%d}.json"'
    return response


@never_cache
@login_required
@reauthentication_required
def erase(request):
    """A person erases themselves: what goes and what stays, then a confirm step."""
    blockers = services.erase_blockers(user=request.user)
    form = EraseConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not blockers and form.is_valid():
        try:
            services.person_erase(user=request.user, actor=request.user)
        except ValidationError as error:
            blockers = error.messages
        else:
            logout(request)
            return redirect("privacy:erased")
    return render(request, "privacy/erase.html", {"form": form, "blockers": blockers, "self_erase": True})


def erased(request):
    return render(request, "privacy/erased.html")


@never_cache
@login_required
@reauthentication_required
def lead_erase(request, participant_id):
    """A lead erases a participant of their programme at the participant's request."""
    participant = access.participant_for_lead(request, participant_id)
    refusal = selectors.lead_erase_refusal(lead=request.user, person=participant.user)
    form = EraseConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            services.person_erase(user=participant.user, actor=request.user)
        except ValidationError as error:
            refusal = " ".join(error.messages)
        else:
            messages.success(request, "The person's data has been erased. Their place in the counts remains.")
            return redirect("programmes:cohort", participant.cohort_id)
    return render(
        request,
        "privacy/erase.html",
        {
            "form": form,
            "blockers": [refusal] if refusal else [],
            "participant": participant,
            "cohort": participant.cohort,
            "self_erase": False,
        },
    )


@never_cache
@login_required
def audit_log(request, programme_id):
    programme = access.programme_for_lead(request, programme_id)
    page = Paginator(selectors.programme_audit_events(programme), 50).get_page(request.GET.get("page"))
    return render(request, "privacy/audit_log.html", {"programme": programme, "page": page})


@login_required
def notice(request, organisation_id):
    organisation = access.organisation_for_member(request, organisation_id)
    return render(request, "privacy/notice.html", {"organisation": organisation})
