"""Reads for the lead's pages: each a fixed number of queries whatever the cohort's size."""

from django.db.models import Count, Exists, OuterRef, Q

from programmes.lifecycle import CohortFacts
from programmes.models import Attendance, Cohort, Event, Participant

LIVE = [Participant.Status.INVITED, Participant.Status.APPLIED, Participant.Status.ACCEPTED]


def trained():
    """Whether a participant attended a training event: annotate a Participant queryset with it."""
    return Exists(Attendance.objects.filter(participant=OuterRef("pk"), attended=True, event__kind=Event.Kind.TRAINING))


def cohort_roster(cohort, *, role: str = "", status: str = "", ready: str = "", search: str = ""):
    participants = (
        cohort.participants.select_related("user", "grade", "directorate")
        .annotate(training_attended=trained())
        .order_by("role", "user__name", "user__email")
    )
    if role:
        participants = participants.filter(role=role)
    if status:
        participants = participants.filter(status=status)
    if ready in ("yes", "no"):
        participants = participants.filter(ready_to_match=ready == "yes")
    if search:
        participants = participants.filter(Q(user__name__icontains=search) | Q(user__email__icontains=search))
    return participants


def cohort_facts(cohort) -> CohortFacts:
    accepted = Q(participants__status=Participant.Status.ACCEPTED)
    mentor, mentee = Q(participants__role=Participant.Role.MENTOR), Q(participants__role=Participant.Role.MENTEE)
    ready = Q(participants__ready_to_match=True)
    untrained = ~Q(
        participants__in=Attendance.objects.filter(attended=True, event__kind=Event.Kind.TRAINING).values("participant")
    )
    counts = Cohort.objects.filter(pk=cohort.pk).aggregate(
        accepted_mentors=Count("participants", filter=accepted & mentor),
        accepted_mentees=Count("participants", filter=accepted & mentee),
        ready_mentors=Count("participants", filter=accepted & mentor & ready),
        ready_mentees=Count("participants", filter=accepted & mentee & ready),
        untrained_accepted=Count("participants", filter=accepted & untrained),
    )
    return CohortFacts(
        status=cohort.status,
        training_required=cohort.programme.training_required,
        next_steps_recorded=bool(cohort.next_steps),
        # Through the reverse relation: programmes does not import matching.
        current_pairings=cohort.pairings.filter(status__in=["introduced", "active"]).count(),
        **counts,
    )


def programme_cohorts(programme):
    accepted = Q(participants__status=Participant.Status.ACCEPTED)
    return programme.cohorts.annotate(
        mentors=Count("participants", filter=accepted & Q(participants__role=Participant.Role.MENTOR)),
        mentees=Count("participants", filter=accepted & Q(participants__role=Participant.Role.MENTEE)),
        waiting=Count("participants", filter=Q(participants__status__in=LIVE[:2])),
    ).order_by("-created_at")


def grade_names_by_level(organisation) -> dict[int, str]:
    """ "Sergeant / Scale 4–6" for level 2: how people recognise a seniority level."""
    names: dict[int, list[str]] = {}
    for grade in organisation.grades.order_by("level", "ladder"):
        names.setdefault(grade.level, []).append(grade.name)
    return {level: " / ".join(grades) for level, grades in names.items()}
