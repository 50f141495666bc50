"""The pair's space and the lead's monitoring page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from matching import access as matching_access
from matching.selectors import pairing_panel


@never_cache
@login_required
def pair(request, pairing_id):
    pairing, me = matching_access.pairing_for_partner(request, pairing_id)
    return render(
        request,
        "meetings/pair.html",
        {"pairing": pairing, "me": me, "panel": pairing_panel(pairing=pairing, participant=me)},
    )
