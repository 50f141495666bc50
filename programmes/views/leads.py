"""The programme lead's pages: programme overview, cohorts, roster and lifecycle."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from programmes import access
from programmes import selectors_leads as selectors
from programmes.forms.leads import (
    CohortForm,
    InviteForm,
    InviteUploadForm,
    NextStepsForm,
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
    action_form = RosterActionForm(request.POST or None, cohort=cohort)
    if request.method == "POST":
        if action_form.is_valid():
            changed = services.participants_bulk_update(
                cohort=cohort,
                participant_ids=action_form.cleaned_data["participants"],
                action=action_form.cleaned_data["action"],
            )
            label = dict(action_form.fields["action"].choices)[action_form.cleaned_data["action"]]
            messages.success(request, f"{label}: {changed} {'person' if changed == 1 else 'people'} updated.")
            return redirect(request.get_full_path())
        messages.error(request, " ".join(e for errors in action_form.errors.values() for e in errors))
    filters = RosterFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    facts = selectors.cohort_facts(cohort)
    target = next_status(cohort.status)
    return render(
        request,
        "programmes/leads/cohort.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "participants": selectors.cohort_roster(
                cohort,
                role=chosen.get("role", ""),
                status=chosen.get("status", ""),
                ready=chosen.get("ready", ""),
                search=chosen.get("q", ""),
            ),
            "filters": filters,
            "actions": action_form.fields["action"].choices,
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
            cohort=cohort, decision=form.cleaned_data["next_steps"], notes=form.cleaned_data["next_steps_notes"]
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
