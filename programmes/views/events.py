"""The participant's home: what comes next, their events and the programme's resources."""

from dataclasses import dataclass
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Min, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from programmes import access
from programmes.forms.events import AttendanceFilterForm, AttendanceForm, EventForm, ReplyForm, ResourceForm
from programmes.models import Attendance, Participant, Resource
from programmes.selectors_leads import name_for_leads, trained
from programmes.services import events as services


@dataclass(frozen=True)
class Step:
    """One line of the participant's checklist: whether it is done, and where it is done (if anywhere)."""

    label: str
    done: bool
    url: str = ""
    note: str = ""


# matching.models.Pairing.CURRENT, by value: programmes does not import matching (it reads pairings through the
# reverse relations, as cohort_facts does).
CURRENT_PAIRING = ["introduced", "active"]


def _pairing_state():
    """Annotations for the checklist's last step: the person's current pairings, how many of them have logged a
    meeting, and the pairing to link to (one still to meet first). Either relation is empty for a given person."""

    def per_role(relation, **extra):
        return Q(**{f"{relation}__status__in": CURRENT_PAIRING}, **{f"{relation}__{k}": v for k, v in extra.items()})

    mentor, mentee = "pairings_as_mentor", "pairings_as_mentee"
    return {
        "pairings_current": Count(mentor, filter=per_role(mentor), distinct=True)
        + Count(mentee, filter=per_role(mentee), distinct=True),
        "pairings_met": Count(mentor, filter=per_role(mentor, meetings__isnull=False), distinct=True)
        + Count(mentee, filter=per_role(mentee, meetings__isnull=False), distinct=True),
        "pairing_link": Coalesce(
            Min(mentor, filter=per_role(mentor, meetings__isnull=True)),
            Min(mentee, filter=per_role(mentee, meetings__isnull=True)),
            Min(mentor, filter=per_role(mentor)),
            Min(mentee, filter=per_role(mentee)),
        ),
    }


def _next_steps(participant) -> list[Step]:
    """The participant's checklist, in the order the programme runs, each step read from what is recorded."""
    programme = participant.cohort.programme
    steps = [
        Step(
            _("Complete your application"),
            bool(participant.profile_completed_at),
            reverse("programmes:apply", args=[participant.pk]),
        )
    ]
    if programme.lived_experience_asked_of(participant.role):
        steps.append(
            Step(
                _("Choose what you are comfortable sharing (optional)"),
                bool(participant.consent_given_at),
                reverse("programmes:disclosures", args=[participant.pk]),
            )
        )
    if programme.training_required_for(participant.role):
        steps.append(Step(_("Come to training"), participant.trained, f"#events-{participant.pk}"))
    accepted = participant.status == Participant.Status.ACCEPTED
    steps.append(
        Step(
            _("Wait for the programme lead to accept you"),
            accepted,
            note="" if accepted else _("Your programme lead will let you know."),
        )
    )
    if participant.pairing_link:
        pair_url = reverse("meetings:pair", args=[participant.pairing_link])
        met = participant.pairings_met == participant.pairings_current
        steps.append(
            Step(
                _("Meet your match"),
                met,
                pair_url,
                note="" if met else _("Log your first meeting on your pairing's page once you have met."),
            )
        )
    else:
        steps.append(Step(_("Meet your match"), False, note=_("You will be introduced by email when you are matched.")))
    return steps


@never_cache
@login_required
def my_programme(request):
    now = timezone.now()
    participations = list(
        Participant.objects.filter(user=request.user)
        .exclude(status__in=[Participant.Status.DECLINED, Participant.Status.WITHDRAWN])
        .select_related("cohort__programme__organisation")
        .annotate(trained=trained(), **_pairing_state())
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
    # The filters are in the address, for the page and for a posted list ("select all shown" uses them).
    filters = AttendanceFilterForm(request.GET or None)
    shown = filters.apply(event.attendances.all())
    attendance_form = AttendanceForm(request.POST if "attendance" in request.POST else None, shown=shown)
    edit_form = EventForm(request.POST if "edit" in request.POST else None, instance=event)
    if attendance_form.is_bound and attendance_form.is_valid():
        shown_ids = list(shown.values_list("pk", flat=True))
        came = shown_ids if attendance_form.cleaned_data["everyone_shown"] else attendance_form.cleaned_data["attended"]
        services.attendance_mark(event=event, attended_ids=came, shown_ids=shown_ids)
        messages.success(request, "Attendance saved.")
        return redirect(request.get_full_path())
    if edit_form.is_bound and edit_form.is_valid():
        services.event_save(form=edit_form, cohort=event.cohort)
        messages.success(request, "Event saved.")
        return redirect("programmes:event", event.pk)
    invitees = list(
        shown.select_related("participant__user")
        .annotate(shown_name=name_for_leads("participant__"))
        .order_by("shown_name")
    )
    return render(
        request,
        "programmes/events/event.html",
        {
            "event": event,
            "cohort": event.cohort,
            "invitees": invitees,
            "anyone": bool(invitees) or event.attendances.exists(),
            "filters": filters,
            "filtered": filters.is_valid() and any(filters.cleaned_data.values()),
            "edit_form": edit_form,
        },
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
