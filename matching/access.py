"""Access helpers for pairings and match runs. Each answers 404 for "doesn't exist" and "not yours" alike."""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from matching.models import Pairing
from programmes.access import _require_user


def pairing_for_partner(request, pairing_id) -> tuple[Pairing, object]:
    """A pairing the requester is one half of, and the requester's own Participant in it."""
    _require_user(request)
    pairing = get_object_or_404(
        Pairing.objects.select_related(
            "cohort__programme__organisation", "mentor__user", "mentee__user", "mentor__grade", "mentee__grade"
        ),
        Q(mentor__user=request.user) | Q(mentee__user=request.user),
        pk=pairing_id,
    )
    participant = pairing.mentor if pairing.mentor.user_id == request.user.pk else pairing.mentee
    return pairing, participant
