"""One access helper per object type. Each answers 404 for "doesn't exist" and "not yours" alike.

Views fetch their object through these and nowhere else check permissions.
"""

from django.core import signing
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from programmes.models import (
    Attendance,
    Cohort,
    Event,
    Organisation,
    Participant,
    Programme,
    ProgrammeRole,
    Resource,
    RoleInvitation,
)
from programmes.services.roles import invitation_id_from_token


def _require_user(request):
    if not request.user.is_authenticated:
        raise Http404


def organisation_for_admin(request, organisation_id) -> Organisation:
    """An organisation the requester administers."""
    _require_user(request)
    return get_object_or_404(
        Organisation, pk=organisation_id, memberships__user=request.user, memberships__is_admin=True
    )


def programme_for_admin(request, programme_id) -> Programme:
    """A programme in an organisation the requester administers (to name its leads)."""
    _require_user(request)
    return get_object_or_404(
        Programme.objects.select_related("organisation"),
        pk=programme_id,
        organisation__memberships__user=request.user,
        organisation__memberships__is_admin=True,
    )


def programme_for_lead(request, programme_id) -> Programme:
    _require_user(request)
    return get_object_or_404(
        Programme.objects.select_related("organisation"),
        pk=programme_id,
        roles__user=request.user,
        roles__role=ProgrammeRole.Role.LEAD,
    )


def programme_for_steering(request, programme_id) -> Programme:
    """A programme the requester oversees or leads: aggregates only."""
    _require_user(request)
    return get_object_or_404(
        Programme.objects.select_related("organisation").distinct(), pk=programme_id, roles__user=request.user
    )


def cohort_for_lead(request, cohort_id) -> Cohort:
    _require_user(request)
    return get_object_or_404(
        Cohort.objects.select_related("programme__organisation"),
        pk=cohort_id,
        programme__roles__user=request.user,
        programme__roles__role=ProgrammeRole.Role.LEAD,
    )


def participant_for_lead(request, participant_id) -> Participant:
    _require_user(request)
    return get_object_or_404(
        Participant.objects.select_related("cohort__programme__organisation", "user"),
        pk=participant_id,
        cohort__programme__roles__user=request.user,
        cohort__programme__roles__role=ProgrammeRole.Role.LEAD,
    )


def own_participation(request, participant_id) -> Participant:
    """The requester's own participation in a cohort."""
    _require_user(request)
    return get_object_or_404(
        Participant.objects.select_related("cohort__programme__organisation"), pk=participant_id, user=request.user
    )


def event_for_lead(request, event_id) -> Event:
    _require_user(request)
    return get_object_or_404(
        Event.objects.select_related("cohort__programme"),
        pk=event_id,
        cohort__programme__roles__user=request.user,
        cohort__programme__roles__role=ProgrammeRole.Role.LEAD,
    )


def resource_for_lead(request, resource_id) -> Resource:
    _require_user(request)
    return get_object_or_404(
        Resource.objects.select_related("programme"),
        pk=resource_id,
        programme__roles__user=request.user,
        programme__roles__role=ProgrammeRole.Role.LEAD,
    )


def own_attendance(request, attendance_id) -> Attendance:
    """An invitation to an event, for the person invited."""
    _require_user(request)
    return get_object_or_404(
        Attendance.objects.select_related("event"), pk=attendance_id, participant__user=request.user
    )


def resource_for_reader(request, resource_id) -> Resource:
    """A resource the requester may open: a lead of its programme, or a participant it is meant for."""
    _require_user(request)
    resource = get_object_or_404(Resource.objects.select_related("programme"), pk=resource_id)
    programme = resource.programme
    if programme.roles.filter(user=request.user, role=ProgrammeRole.Role.LEAD).exists():
        return resource
    roles = [Participant.Role.MENTOR, Participant.Role.MENTEE]
    if resource.audience != "all":
        roles = [resource.audience.rstrip("s")]
    if Participant.objects.filter(
        cohort__programme=programme,
        user=request.user,
        role__in=roles,
        status__in=[Participant.Status.INVITED, Participant.Status.APPLIED, Participant.Status.ACCEPTED],
    ).exists():
        return resource
    raise Http404


def role_invitation_by_token(token: str) -> tuple[RoleInvitation, bool]:
    """The invitation an emailed link names, and whether the link is out of date.

    Anyone holding the link may open it (it was emailed to the person invited); a forged link, or one whose
    invitation was withdrawn or sent again, is 404.
    """
    try:
        invitation_id, expired = invitation_id_from_token(token)
    except signing.BadSignature:
        raise Http404 from None
    invitation = get_object_or_404(
        RoleInvitation.objects.select_related("organisation", "programme", "user", "invited_by"), pk=invitation_id
    )
    return invitation, expired


def role_invitation_for_manager(request, invitation_id) -> RoleInvitation:
    """An invitation still waiting that the requester may withdraw: any of their organisation's, as its
    administrator, or one to a programme they lead."""
    _require_user(request)
    administers = Q(organisation__memberships__user=request.user, organisation__memberships__is_admin=True)
    leads = Q(programme__roles__user=request.user, programme__roles__role=ProgrammeRole.Role.LEAD)
    found = RoleInvitation.objects.filter(administers | leads, pk=invitation_id, accepted_at__isnull=True)
    return get_object_or_404(RoleInvitation.objects.select_related("organisation", "programme"), pk__in=found)
