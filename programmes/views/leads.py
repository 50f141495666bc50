"""The programme lead's pages: programme overview, cohorts, roster and lifecycle."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import audit
from programmes import access
from programmes import selectors_leads as selectors
from programmes.forms.leads import (
    CohortForm,
    InviteForm,
    InviteUploadForm,
    LeadJudgementForm,
    MeetingGuideForm,
    NextStepsForm,
    PersonByEmailForm,
    ProgrammeSettingsForm,
    RosterActionForm,
    RosterFilterForm,
)
from programmes.invitations import MAX_BYTES, InvitationRow, parse_invitations
from programmes.lifecycle import BUTTON, blocker, next_status, warning
from programmes.models import ProgrammeRole
from programmes.services import leads as services


@login_required
def programme_overview(request, programme_id):
    programme = access.programme_for_lead(request, programme_id)
    roles = programme.roles.select_related("user").order_by("user__name")
    grade_names = selectors.grade_names_by_level(programme.organisation)
    return render(
        request,
        "programmes/leads/programme.html",
        {
            "programme": programme,
            "cohorts": selectors.programme_cohorts(programme),
            "leads": [r.user for r in roles if r.role == ProgrammeRole.Role.LEAD],
            "steering": [r.user for r in roles if r.role == ProgrammeRole.Role.STEERING],
            "mentor_grades": grade_names.get(programme.mentor_max_level, ""),
            "mentee_grades": grade_names.get(programme.mentee_min_level, ""),
        },
    )


@login_required
def cohort_create(request, programme_id):
    programme = access.programme_for_lead(request, programme_id)
    form = CohortForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        cohort = services.cohort_create(programme=programme, **form.cleaned_data)
        messages.success(request, f"Cohort “{cohort.name}” created as a draft.")
        return redirect("programmes:cohort", cohort.pk)
    return render(request, "programmes/leads/cohort_form.html", {"programme": programme, "form": form})


@never_cache
@login_required
def cohort_roster(request, cohort_id):
    cohort = access.cohort_for_lead(request, cohort_id)
    if request.method == "POST":
        # Only a posted form reads the cohort's people (to refuse anyone else's id).
        action_form = RosterActionForm(request.POST or None, cohort=cohort)
        if action_form.is_valid():
            changed = services.participants_bulk_update(
                cohort=cohort,
                participant_ids=action_form.cleaned_data["participants"],
                action=action_form.cleaned_data["action"],
            )
            label = dict(action_form.fields["action"].choices)[action_form.cleaned_data["action"]]
            messages.success(request, f"{label}: {changed} {'person' if changed == 1 else 'people'} updated.")
            if action_form.cleaned_data["action"] in services.FOR_THOSE_WHO_ACCEPTED and changed < len(
                action_form.cleaned_data["participants"]
            ):
                messages.info(
                    request,
                    gettext(
                        "People who have not accepted their invitation yet are left as they are: they can be "
                        "accepted once they have."
                    ),
                )
            return redirect(request.get_full_path())
        messages.error(request, " ".join(e for errors in action_form.errors.values() for e in errors))
    filters = RosterFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    participants = selectors.cohort_roster(
        cohort,
        role=chosen.get("role", ""),
        status=chosen.get("status", ""),
        ready=chosen.get("ready", ""),
        search=chosen.get("q", ""),
    )
    # Unfiltered, the roster is everyone the stage card counts: no second query for the same people.
    facts = selectors.cohort_facts(cohort, everyone=None if any(chosen.values()) else participants)
    target = next_status(cohort.status)
    # Reversed once, not once a row: a {% url %} for each of fifty people cost nearly a millisecond.
    participant_url_prefix = reverse("programmes:participant", args=[0]).removesuffix("0/")
    return render(
        request,
        "programmes/leads/cohort.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "participants": participants,
            "participant_url_prefix": participant_url_prefix,
            "filters": filters,
            "actions": RosterActionForm.base_fields["action"].choices,
            "facts": facts,
            "next_status": target,
            "next_button": BUTTON.get(target),
            "blocker": blocker(facts),
            "warning": warning(facts),
        },
    )


@require_POST
@login_required
def cohort_advance(request, cohort_id):
    cohort = access.cohort_for_lead(request, cohort_id)
    try:
        cohort = services.cohort_advance(cohort_id=cohort.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"“{cohort.name}” is now {cohort.get_status_display().lower()}.")
    return redirect("programmes:cohort", cohort.pk)


@login_required
def cohort_next_steps(request, cohort_id):
    cohort = access.cohort_for_lead(request, cohort_id)
    form = NextStepsForm(request.POST or None, instance=cohort)
    if request.method == "POST" and form.is_valid():
        services.cohort_record_next_steps(
            cohort=cohort,
            decision=form.cleaned_data["next_steps"],
            notes=form.cleaned_data["next_steps_notes"],
            options=form.cleaned_data["next_steps_options"],
        )
        messages.success(request, "Next-steps decision recorded.")
        return redirect("programmes:cohort", cohort.pk)
    return render(request, "programmes/leads/next_steps.html", {"cohort": cohort, "form": form})


@login_required
def invite(request, cohort_id):
    cohort = access.cohort_for_lead(request, cohort_id)
    sent = request.POST.get("form") if request.method == "POST" else None
    one = InviteForm(request.POST if sent == "one" else None, cohort=cohort)
    upload = InviteUploadForm(request.POST if sent == "csv" else None, request.FILES if sent == "csv" else None)
    rows, line_errors = [], []
    if sent == "one" and one.is_valid():
        rows = [InvitationRow(**one.cleaned_data)]
    elif sent == "csv" and upload.is_valid():
        organisation = cohort.programme.organisation
        rows, line_errors = parse_invitations(
            upload.cleaned_data["file"].read(MAX_BYTES + 1),
            grades={g.name.lower(): g for g in organisation.grades.all()},
            directorates={d.name.lower(): d for d in organisation.directorates.all()},
            already_invited={e.lower() for e in cohort.participants.values_list("user__email", flat=True)},
        )
    if rows:
        invited = services.invitations_send(cohort=cohort, rows=rows)
        messages.success(request, f"Invited {len(invited)} {'person' if len(invited) == 1 else 'people'}.")
        return redirect("programmes:cohort", cohort.pk)
    return render(
        request,
        "programmes/leads/invite.html",
        {"cohort": cohort, "one": one, "upload": upload, "line_errors": line_errors},
    )


@never_cache
@login_required
@reauthentication_required  # the page shows what the person disclosed about themselves
def participant_detail(request, participant_id):
    participant = access.participant_for_lead(request, participant_id)
    form = LeadJudgementForm(request.POST or None, instance=participant)
    if request.method == "POST" and form.is_valid():
        services.participant_judge(participant=participant, **form.cleaned_data)
        messages.success(request, "Saved.")
        return redirect("programmes:participant", participant.pk)
    if participant.consent_given_at:
        # The audit log records that this lead saw what the person shared, never what it says.
        audit.record(
            actor=request.user,
            action=audit.VIEWED_DISCLOSURES,
            target_user=participant.user,
            programme_id=participant.cohort.programme_id,
            detail=f"participant {participant.pk}",
        )
    return render(
        request,
        "programmes/leads/participant.html",
        {
            "participant": participant,
            "cohort": participant.cohort,
            "form": form,
            "learning": participant.learning_topics.select_related("topic"),
        },
    )


@login_required
def programme_settings(request, programme_id):
    programme = access.programme_for_lead(request, programme_id)
    form = ProgrammeSettingsForm(
        request.POST or None,
        instance=programme,
        level_names=selectors.grade_names_by_level(programme.organisation),
    )
    if request.method == "POST" and form.is_valid():
        services.programme_update(form=form)
        messages.success(request, "Programme settings saved.")
        return redirect("programmes:programme", programme.pk)
    return render(request, "programmes/leads/settings.html", {"programme": programme, "form": form})


@login_required
def programme_people(request, programme_id):
    programme = access.programme_for_lead(request, programme_id)
    person_form = PersonByEmailForm(request.POST if request.POST.get("form") == "person" else None, programme=programme)
    guide_form = MeetingGuideForm(request.POST if request.POST.get("form") == "guide" else None)
    if person_form.is_bound and person_form.is_valid():
        services.programme_role_add(
            programme=programme, user=person_form.user, role=person_form.cleaned_data["role"], actor=request.user
        )
        messages.success(request, f"Added {person_form.user}.")
        return redirect("programmes:programme_people", programme.pk)
    if guide_form.is_bound and guide_form.is_valid():
        services.meeting_guide_set(programme=programme, **guide_form.cleaned_data)
        messages.success(request, f"Saved the agenda for meeting {guide_form.cleaned_data['meeting_number']}.")
        return redirect("programmes:programme_people", programme.pk)
    if request.method == "POST" and request.POST.get("form") == "remove":
        try:
            services.programme_role_remove(
                programme=programme, role_id=int(request.POST.get("role_id", 0)), actor=request.user
            )
        except (ObjectDoesNotExist, ValueError):
            raise Http404 from None
        except services.RoleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Removed.")
        return redirect("programmes:programme_people", programme.pk)
    return render(
        request,
        "programmes/leads/people.html",
        {
            "programme": programme,
            "roles": programme.roles.select_related("user").order_by("role", "user__name"),
            "guide": programme.meeting_guide.all(),
            "person_form": person_form,
            "guide_form": guide_form,
        },
    )


@login_required
def cohort_continue(request, cohort_id):
    cohort = access.cohort_for_lead(request, cohort_id)
    if cohort.status != cohort.Status.CLOSED:
        raise Http404
    form = CohortForm(request.POST or None, programme=cohort.programme)
    if request.method == "POST" and form.is_valid():
        new, carried = services.cohort_continue(cohort=cohort, **form.cleaned_data)
        messages.success(
            request, f"“{new.name}” started with {carried} {'person' if carried == 1 else 'people'} from {cohort.name}."
        )
        return redirect("programmes:cohort", new.pk)
    return render(request, "programmes/leads/continue.html", {"cohort": cohort, "form": form})


@require_POST
@login_required
def participant_continue(request, participant_id):
    participant = access.own_participation(request, participant_id)
    services.participant_set_continue(participant=participant, wishes=request.POST.get("wishes") == "yes")
    messages.success(request, "Thank you. Your programme lead will see your answer when the next cohort starts.")
    return redirect("programmes:my_programme")
