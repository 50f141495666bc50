"""Reads for the lead's pages: each a fixed number of queries whatever the cohort's size."""

from collections import Counter

from django.db.models import Case, CharField, Count, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce, NullIf

from programmes.lifecycle import CohortFacts
from programmes.models import Attendance, Event, Participant

LIVE = [Participant.Status.INVITED, Participant.Status.APPLIED, Participant.Status.ACCEPTED]


def trained():
    """Whether a participant's person attended a training event in any cohort of the programme.

    Annotate a Participant queryset with it. Training counts once per person per programme: someone carried
    into the next cohort after training keeps it there.
    """
    return Exists(
        Attendance.objects.filter(
            participant__user_id=OuterRef("user_id"),
            event__cohort__programme_id=OuterRef("cohort__programme_id"),
            attended=True,
            event__kind=Event.Kind.TRAINING,
        )
    )


def name_for_leads(path: str = ""):
    """Participant.name_for_leads in SQL (`path` leads from the queried model to the participant, e.g. "participant__").

    What the lead typed until the person accepts, then their own name. Sort and search by it too, so neither
    reveals an account's name before its owner accepts.
    """
    return Case(
        When(
            ~Q(**{f"{path}invited_email": ""}),
            then=Coalesce(NullIf(f"{path}invited_name", Value("")), f"{path}invited_email", output_field=CharField()),
        ),
        default=Coalesce(NullIf(f"{path}user__name", Value("")), f"{path}user__email", output_field=CharField()),
        output_field=CharField(),
    )


def email_for_leads(path: str = ""):
    return Case(
        When(~Q(**{f"{path}invited_email": ""}), then=F(f"{path}invited_email")),
        default=F(f"{path}user__email"),
        output_field=CharField(),
    )


def roster_filtered(cohort, *, role: str = "", status: str = "", ready: str = "", search: str = ""):
    """The cohort's participants that the roster's filters select: what the table shows, and what
    "select all shown" acts on. Annotated with the name and email a lead sees (searched by them too)."""
    participants = cohort.participants.annotate(shown_name=name_for_leads(), shown_email=email_for_leads())
    if role:
        participants = participants.filter(role=role)
    if status:
        participants = participants.filter(status=status)
    if ready in ("yes", "no"):
        participants = participants.filter(ready_to_match=ready == "yes")
    if search:
        participants = participants.filter(Q(shown_name__icontains=search) | Q(shown_email__icontains=search))
    return participants


def cohort_roster(cohort, *, role: str = "", status: str = "", ready: str = "", search: str = "") -> list[dict]:
    """The roster's rows as plain values: only the columns the table shows, never what people disclosed.

    Values rather than participants with their user, grade and directorate: at fifty people, building four
    models a row and then calling a method a cell cost about 3.5 ms of the page's 21.
    """
    participants = (
        roster_filtered(cohort, role=role, status=status, ready=ready, search=search)
        .annotate(training_attended=trained())
        .order_by("role", "shown_name", "shown_email")
    )
    rows = participants.values(
        "pk",
        "role",
        "status",
        "consent_given_at",
        "profile_completed_at",
        "ready_to_match",
        "training_attended",
        name=F("shown_name"),
        email=F("shown_email"),
        grade_name=F("grade__name"),
        directorate_name=F("directorate__name"),
    )
    roles, statuses = dict(Participant.Role.choices), dict(Participant.Status.choices)
    programme = cohort.programme
    # Per role, once: people never asked about consent or training are not shown as "not given" or "not yet".
    consent_asked = {role: programme.lived_experience_asked_of(role) for role in roles}
    training_required = {role: programme.training_required_for(role) for role in roles}
    return [
        {
            **row,
            "role_label": roles[row["role"]],
            "status_label": statuses[row["status"]],
            "consent_asked": consent_asked[row["role"]],
            "training_required": training_required[row["role"]],
        }
        for row in rows
    ]


def cohort_facts(cohort, *, everyone: list[dict] | None = None) -> CohortFacts:
    """The counts the cohort's stage rules (programmes.lifecycle) need.

    `everyone`: the cohort's whole roster (cohort_roster, unfiltered) when the caller has just read it, so the
    roster page counts the rows it already holds rather than asking the database again.
    """
    if everyone is None:
        everyone = (
            cohort.participants.filter(status=Participant.Status.ACCEPTED)
            .annotate(training_attended=trained())
            .values("role", "status", "ready_to_match", "training_attended")
            .order_by()
        )
    programme = cohort.programme
    accepted, ready, untrained = Counter(), Counter(), 0
    for person in everyone:
        if person["status"] == Participant.Status.ACCEPTED:
            accepted[person["role"]] += 1
            ready[person["role"]] += person["ready_to_match"]
            untrained += programme.training_required_for(person["role"]) and not person["training_attended"]
    mentor, mentee = Participant.Role.MENTOR, Participant.Role.MENTEE
    return CohortFacts(
        status=cohort.status,
        accepted_mentors=accepted[mentor],
        accepted_mentees=accepted[mentee],
        ready_mentors=ready[mentor],
        ready_mentees=ready[mentee],
        untrained_accepted=untrained,
        training_required=programme.training_required,
        next_steps_recorded=bool(cohort.next_steps),
        # Through the reverse relation: programmes does not import matching.
        current_pairings=cohort.pairings.filter(status__in=["introduced", "active"]).count(),
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
