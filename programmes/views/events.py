"""The participant's home: what comes next, their events and the programme's resources."""

from django.contrib.auth.decorators import login_required
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from programmes.models import Attendance, Event, Participant, Resource


def _next_steps(participant) -> list[tuple[str, bool]]:
    """The participant's checklist, in the order the programme runs."""
    programme = participant.cohort.programme
    steps = [("Complete your application", bool(participant.profile_completed_at))]
    if participant.role == Participant.Role.MENTOR:
        steps.append(("Choose what you are comfortable sharing (optional)", bool(participant.consent_given_at)))
    if programme.training_required:
        steps.append(("Come to training", participant.trained))
    steps.append(("Wait for the programme lead to accept you", participant.status == Participant.Status.ACCEPTED))
    steps.append(("Meet your match", False))
    return steps


@never_cache
@login_required
def my_programme(request):
    now = timezone.now()
    participations = list(
        Participant.objects.filter(user=request.user)
        .exclude(status__in=[Participant.Status.DECLINED, Participant.Status.WITHDRAWN])
        .select_related("cohort__programme__organisation")
        .annotate(
            trained=Exists(
                Attendance.objects.filter(participant=OuterRef("pk"), attended=True, event__kind=Event.Kind.TRAINING)
            )
        )
        .prefetch_related(
            Prefetch(
                "attendances",
                queryset=Attendance.objects.filter(event__starts_at__gte=now).select_related("event"),
                to_attr="upcoming",
            ),
            Prefetch(
                "cohort__programme__resources", queryset=Resource.objects.order_by("title"), to_attr="all_resources"
            ),
        )
        .order_by("-cohort__created_at")
    )
    for participant in participations:
        participant.steps = _next_steps(participant)
        audience = participant.role + "s"
        participant.resources = [
            r for r in participant.cohort.programme.all_resources if r.audience in ("all", audience)
        ]
    return render(request, "programmes/events/my_programme.html", {"participations": participations})
