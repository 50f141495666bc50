"""Access helpers for pairings and match runs. Each answers 404 for "doesn't exist" and "not yours" alike."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from matching.models import MatchRun, Pairing, ProposedPair
from programmes.access import _require_user
from programmes.models import Participant, ProgrammeRole


def partner_q(user, through: str = "") -> Q:
    """The person is one half of the pairing (reached `through` a relation, e.g. "pairing__").

    Through the person's own participant ids rather than two more joins to the user table: PostgreSQL spends
    longer planning the wider join (about 1 ms on the pair page) than running it, and this is on every page of
    the pair's space.
    """
    mine = Participant.objects.filter(user=user).values("pk")
    return Q(**{f"{through}mentor__in": mine}) | Q(**{f"{through}mentee__in": mine})


def pairing_for_partner(request, pairing_id) -> tuple[Pairing, object]:
    """A pairing the requester is one half of, and the requester's own Participant in it."""
    _require_user(request)
    pairing = get_object_or_404(Pairing.objects.select_related("cohort__programme__organisation"), pk=pairing_id)
    # The two people in a second query: PostgreSQL plans two narrow joins far faster than one of eight tables
    # (about 0.6 ms against 2.5 ms on every page of the pair's space). Unordered: Participant's default order
    # would join the cohort for nothing. Whether the requester is one of them is checked on these two rows
    # rather than with partner_q's subqueries in the pairing's query (about 0.5 ms less, same answer).
    people = (
        Participant.objects.select_related("user", "grade").order_by().in_bulk([pairing.mentor_id, pairing.mentee_id])
    )
    pairing.mentor, pairing.mentee = people[pairing.mentor_id], people[pairing.mentee_id]
    if request.user.pk not in (pairing.mentor.user_id, pairing.mentee.user_id):
        raise Http404
    return pairing, pairing.participant_for(request.user.pk)


def _led_by(request) -> dict:
    return {"programme__roles__user": request.user, "programme__roles__role": ProgrammeRole.Role.LEAD}


def run_for_lead(request, run_id) -> MatchRun:
    """A match run of a cohort in a programme the requester leads."""
    _require_user(request)
    return get_object_or_404(
        MatchRun.objects.select_related("cohort__programme__organisation"),
        pk=run_id,
        **{f"cohort__{k}": v for k, v in _led_by(request).items()},
    )


def proposed_pair_for_lead(request, pair_id) -> ProposedPair:
    _require_user(request)
    return get_object_or_404(
        ProposedPair.objects.select_related("run__cohort__programme", "mentor__user", "mentee__user"),
        pk=pair_id,
        **{f"run__cohort__{k}": v for k, v in _led_by(request).items()},
    )


def pairing_for_lead(request, pairing_id) -> Pairing:
    _require_user(request)
    return get_object_or_404(
        Pairing.objects.select_related("cohort__programme", "mentor__user", "mentee__user"),
        pk=pairing_id,
        **{f"cohort__{k}": v for k, v in _led_by(request).items()},
    )
