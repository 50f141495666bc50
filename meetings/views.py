"""The pair's space and the lead's monitoring page and outcomes register."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from matching import access as matching_access
from matching.selectors import pairing_panel
from meetings import access, selectors, services
from meetings.calendar import ics_for
from meetings.forms import (
    ActionForm,
    ActionUpdateForm,
    MeetingForm,
    MeetingLogForm,
    OutcomeForm,
    ReflectionForm,
    ScheduleForm,
)
from meetings.models import Reflection
from programmes import access as programmes_access


def _pair_url(pairing, anchor=""):
    return reverse("meetings:pair", args=[pairing.pk]) + (f"#{anchor}" if anchor else "")


@never_cache
@login_required
def pair(request, pairing_id):
    """Where the pair is: their meetings, actions, next meeting and progress. Each change has a page of its own
    (log a meeting, schedule the next one, add an action), so this page is a quick read."""
    pairing, me = matching_access.pairing_for_partner(request, pairing_id)
    context = {
        "pairing": pairing,
        "me": me,
        "partner": pairing.partner_of(me),
        "panel": pairing_panel(pairing=pairing, participant=me),
        **selectors.pair_page(pairing=pairing, me=me),
    }
    return render(request, "meetings/pair.html", context)


def _pair_form_page(request, pairing, form, *, title: str, intro: str, submit: str, current=None):
    return render(
        request,
        "meetings/pair_form.html",
        {"pairing": pairing, "form": form, "title": title, "intro": intro, "submit": submit, "current": current},
    )


def _ended(request, pairing):
    """An ended pairing's record is read-only: its forms send the person back to it, saying why."""
    if pairing.status in pairing.CURRENT:
        return None
    messages.info(request, services.READ_ONLY)
    return redirect(_pair_url(pairing))


@never_cache
@login_required
def meeting_log(request, pairing_id):
    pairing, me = matching_access.pairing_for_partner(request, pairing_id)
    if ended := _ended(request, pairing):
        return ended
    form = MeetingLogForm(request.POST or None, pairing=pairing, prefix="log")
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_log(
                pairing=pairing, by=me, fields=form.meeting_fields(), topics=form.cleaned_data["topics"],
                reflection=form.cleaned_data["reflection"], action=form.action(),
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Meeting logged. Your partner can now confirm or correct it.")
            return redirect(_pair_url(pairing, "meetings-heading"))
    return _pair_form_page(
        request, pairing, form,
        title=f"Log a meeting with {pairing.partner_of(me).user.name}",
        intro="The summary is shared with your partner only; your reflection is for you alone. The programme "
        "leads see only that you met, when and for how long.",
        submit="Log the meeting",
    )  # fmt: skip


@never_cache
@login_required
def meeting(request, meeting_id):
    meeting, me = access.meeting_for_partner(request, meeting_id)
    pairing = meeting.pairing
    # The ModelForm takes the meeting's topics from the instance.
    form = MeetingForm(request.POST or None, instance=meeting, pairing=pairing)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_correct(
                meeting=meeting, by=me, fields=form.meeting_fields(), topics=form.cleaned_data["topics"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Meeting corrected.")
            return redirect(_pair_url(pairing, f"meeting-{meeting.pk}"))
    return _meeting_page(request, meeting, me, form=form)


def _meeting_page(request, meeting, me, *, form, reflection_form=None, status=200):
    pairing = meeting.pairing
    if reflection_form is None:
        mine = Reflection.objects.filter(meeting=meeting, author=me).first()
        reflection_form = ReflectionForm(initial={"text": mine.text if mine else ""})
    return render(
        request,
        "meetings/meeting.html",
        {
            "meeting": meeting,
            "pairing": pairing,
            "me": me,
            "form": form,
            "reflection_form": reflection_form,
            "editable": pairing.status in pairing.CURRENT,
            "can_confirm": me.pk != meeting.logged_by_id and not meeting.confirmed_at,
        },
        status=status,
    )


@require_POST
@login_required
def meeting_confirm(request, meeting_id):
    meeting, me = access.meeting_for_partner(request, meeting_id)
    try:
        services.meeting_confirm(meeting=meeting, by=me)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Meeting confirmed.")
    return redirect(_pair_url(meeting.pairing, f"meeting-{meeting.pk}"))


@require_POST
@login_required
def reflection(request, meeting_id):
    meeting, me = access.meeting_for_partner(request, meeting_id)
    form = ReflectionForm(request.POST)
    if not form.is_valid():
        # Back to the meeting's page with the message beside the box and every word still in it.
        meeting_form = MeetingForm(instance=meeting, pairing=meeting.pairing)
        return _meeting_page(request, meeting, me, form=meeting_form, reflection_form=form, status=400)
    saved = services.reflection_save(meeting=meeting, author=me, text=form.cleaned_data["text"])
    messages.success(request, "Your private reflection is saved." if saved else "Your private reflection is deleted.")
    return redirect("meetings:meeting", meeting.pk)


@never_cache
@login_required
def action_add(request, pairing_id):
    pairing, me = matching_access.pairing_for_partner(request, pairing_id)
    if ended := _ended(request, pairing):
        return ended
    form = ActionForm(request.POST or None, prefix="action")
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(pairing=pairing, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Action added.")
            return redirect(_pair_url(pairing, "actions-heading"))
    return _pair_form_page(
        request, pairing, form,
        title="Add an action",
        intro="Something one of you will do. Whoever does it reports back on how it went, and may share the "
        "outcome with the programme leads.",
        submit="Add the action",
    )  # fmt: skip


@never_cache
@login_required
def action(request, action_id):
    action, me = access.action_for_partner(request, action_id)
    pairing = action.pairing
    form = ActionUpdateForm(request.POST or None, instance=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_update(
                action=action, by_user=request.user, status=data["status"], outcome=data["outcome"],
                due_on=data["due_on"], share_outcome=data["share_outcome"], outcome_title=data["outcome_title"],
                outcome_category=data["outcome_category"] or "culture",
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            shared = " and its outcome shared with the programme leads" if data["share_outcome"] else ""
            messages.success(request, f"Action saved{shared}.")
            return redirect(_pair_url(pairing, "actions-heading"))
    return render(
        request,
        "meetings/action.html",
        {"action": action, "pairing": pairing, "me": me, "form": form, "editable": pairing.status in pairing.CURRENT},
    )


@never_cache
@login_required
def schedule(request, pairing_id):
    pairing, me = matching_access.pairing_for_partner(request, pairing_id)
    if ended := _ended(request, pairing):
        return ended
    form = ScheduleForm(request.POST or None, prefix="next")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.next_meeting_schedule(
                pairing=pairing, by=me, starts_at=data["starts_at"], duration_minutes=data["duration_minutes"],
                place=data["place"],
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Next meeting scheduled. You will both get a reminder the day before.")
            return redirect(_pair_url(pairing, "next-heading"))
    current = selectors.next_meeting(pairing)
    return _pair_form_page(
        request, pairing, form,
        title="Move the next meeting" if current else "Schedule the next meeting",
        intro="You will both get a reminder the day before, with a calendar invite.",
        submit="Schedule the next meeting",
        current=current,
    )  # fmt: skip


@require_POST
@login_required
def next_meeting_cancel(request, scheduled_id):
    scheduled, me = access.scheduled_for_partner(request, scheduled_id)
    try:
        services.next_meeting_cancel(scheduled=scheduled)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Next meeting cancelled.")
    return redirect(_pair_url(scheduled.pairing, "next-heading"))


@login_required
def next_meeting_ics(request, scheduled_id):
    scheduled, me = access.scheduled_for_partner(request, scheduled_id)
    partner = scheduled.pairing.partner_of(me)
    response = HttpResponse(ics_for(scheduled=scheduled, partner_name=partner.user.name), content_type="text/calendar")
    response["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response


# --- Programme leads ---------------------------------------------------------


@never_cache
@login_required
def monitoring(request, cohort_id):
    cohort = programmes_access.cohort_for_lead(request, cohort_id)
    rows = selectors.monitoring_rows(cohort=cohort)
    return render(
        request,
        "meetings/monitoring.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "rows": rows,
            "totals": selectors.monitoring_totals(rows),
        },
    )


@never_cache
@login_required
def outcomes(request, programme_id):
    programme = programmes_access.programme_for_lead(request, programme_id)
    form = OutcomeForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = services.outcome_add(programme=programme, by_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("“%(title)s” added to the outcomes register for %(cohort)s.")
                % {"title": outcome.title, "cohort": outcome.cohort.name},
            )
            return redirect("meetings:outcomes", programme.pk)
    return render(
        request,
        "meetings/outcomes.html",
        {"programme": programme, "outcomes": selectors.outcomes_register(programme=programme), "form": form},
    )
