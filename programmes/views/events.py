"""The participant's home: what comes next, their events and the programme's resources."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from programmes import access
from programmes.forms.events import AttendanceForm, EventForm, ReplyForm, ResourceForm
from programmes.models import Attendance, Participant, Resource
from programmes.selectors_leads import trained
from programmes.services import events as services


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
        .annotate(trained=trained())
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


@login_required
def events(request, cohort_id):
    cohort = access.cohort_for_lead(request, cohort_id)
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        event = services.event_save(form=form, cohort=cohort)
        messages.success(request, f"“{event.title}” added and its audience invited.")
        return redirect("programmes:event", event.pk)
    listed = cohort.events.annotate(
        invited=Count("attendances"),
        coming=Count("attendances", filter=Q(attendances__reply=Attendance.Reply.YES)),
        came=Count("attendances", filter=Q(attendances__attended=True)),
    ).order_by("starts_at")
    return render(request, "programmes/events/events.html", {"cohort": cohort, "events": listed, "form": form})


@never_cache
@login_required
def event_detail(request, event_id):
    event = access.event_for_lead(request, event_id)
    attendance_form = AttendanceForm(request.POST if "attendance" in request.POST else None, event=event)
    edit_form = EventForm(request.POST if "edit" in request.POST else None, instance=event)
    if attendance_form.is_bound and attendance_form.is_valid():
        services.attendance_mark(event=event, attended_ids=attendance_form.cleaned_data["attended"])
        messages.success(request, "Attendance saved.")
        return redirect("programmes:event", event.pk)
    if edit_form.is_bound and edit_form.is_valid():
        services.event_save(form=edit_form, cohort=event.cohort)
        messages.success(request, "Event saved.")
        return redirect("programmes:event", event.pk)
    invitees = event.attendances.select_related("participant__user").order_by("participant__user__name")
    return render(
        request,
        "programmes/events/event.html",
        {"event": event, "cohort": event.cohort, "invitees": invitees, "edit_form": edit_form},
    )


@require_POST
@login_required
def event_reply(request, attendance_id):
    attendance = access.own_attendance(request, attendance_id)
    form = ReplyForm(request.POST)
    if form.is_valid():
        services.attendance_reply(attendance=attendance, reply=form.cleaned_data["reply"])
        messages.success(request, f"Thank you. Your reply to “{attendance.event.title}” is saved.")
    return redirect("programmes:my_programme")


@login_required
def resources(request, programme_id):
    programme = access.programme_for_lead(request, programme_id)
    form = ResourceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        resource = form.save(commit=False)
        resource.programme = programme
        resource.save()
        messages.success(request, f"Added “{resource.title}”.")
        return redirect("programmes:resources", programme.pk)
    return render(
        request,
        "programmes/events/resources.html",
        {"programme": programme, "resources": programme.resources.order_by("title"), "form": form},
    )


@require_POST
@login_required
def resource_delete(request, resource_id):
    resource = access.resource_for_lead(request, resource_id)
    resource.file.delete(save=False)
    resource.delete()
    messages.success(request, f"Deleted “{resource.title}”.")
    return redirect("programmes:resources", resource.programme_id)


@login_required
def resource_file(request, resource_id):
    resource = access.resource_for_reader(request, resource_id)
    if not resource.file:
        raise Http404
    return FileResponse(resource.file.open("rb"), as_attachment=True, filename=Path(resource.file.name).name)
