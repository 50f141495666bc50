"""Access helpers for privacy pages: each answers 404 for "doesn't exist" and "not yours" alike."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from programmes import access as programmes_access
from programmes.models import Organisation

# A lead erases only participants of programmes they lead; they read only those programmes' audit logs.
participant_for_lead = programmes_access.participant_for_lead
programme_for_lead = programmes_access.programme_for_lead


def organisation_for_member(request, organisation_id) -> Organisation:
    """An organisation whose staff the requester is among, or whose programme invited them (its privacy notice
    concerns them: someone invited reads it before accepting, and joins the staff list only by accepting)."""
    programmes_access._require_user(request)
    return get_object_or_404(
        Organisation.objects.filter(
            Q(memberships__user=request.user) | Q(programmes__cohorts__participants__user=request.user)
        ).distinct(),
        pk=organisation_id,
    )
