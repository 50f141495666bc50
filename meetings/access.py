"""Access helpers for the pair's space. Each answers 404 for "doesn't exist" and "not yours" alike.

Only the two partners reach a meeting, an action or a scheduled meeting; leads, steering members and
site administrators never do (DESIGN privacy rule 1). Leads reach aggregates through programmes.access.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404

from matching.access import partner_q
from meetings.models import Action, Meeting, ScheduledMeeting
from programmes.access import _require_user

_PAIRING = ("pairing__cohort__programme__organisation", "pairing__mentor__user", "pairing__mentee__user")


def _partner_q(user) -> Q:
    return partner_q(user, through="pairing__")


def meeting_for_partner(request, meeting_id) -> tuple[Meeting, object]:
    """A meeting of a pairing the requester is one half of, and the requester's Participant."""
    _require_user(request)
    meeting = get_object_or_404(Meeting.objects.select_related(*_PAIRING), _partner_q(request.user), pk=meeting_id)
    return meeting, meeting.pairing.participant_for(request.user.pk)


def action_for_partner(request, action_id) -> tuple[Action, object]:
    _require_user(request)
    action = get_object_or_404(Action.objects.select_related(*_PAIRING), _partner_q(request.user), pk=action_id)
    return action, action.pairing.participant_for(request.user.pk)


def scheduled_for_partner(request, scheduled_id) -> tuple[ScheduledMeeting, object]:
    _require_user(request)
    scheduled = get_object_or_404(
        ScheduledMeeting.objects.select_related(*_PAIRING), _partner_q(request.user), pk=scheduled_id
    )
    return scheduled, scheduled.pairing.participant_for(request.user.pk)
