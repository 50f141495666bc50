"""Joining a programme: open recruitment, the application profile and the consent-gated questions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from programmes import access
from programmes.eligibility import rule_in_words
from programmes.forms.participant import ApplicationForm, DisclosureForm, ExpressInterestForm
from programmes.models import Cohort, Grade, Participant, StaffNetwork
from programmes.services import participant as services


def _recruiting_cohorts(user):
    return Cohort.objects.filter(
        status=Cohort.Status.RECRUITING, programme__organisation__memberships__user=user
    ).select_related("programme__organisation")


@login_required
def open_recruitment(request):
    cohorts = list(
        _recruiting_cohorts(request.user)
        .prefetch_related(
            Prefetch("programme__mentor_networks", queryset=StaffNetwork.objects.order_by("name")),
            Prefetch("mentor_networks", queryset=StaffNetwork.objects.order_by("name")),
            Prefetch("participants", queryset=Participant.objects.filter(user=request.user), to_attr="mine"),
        )
        .order_by("programme__name", "name")
    )
    # Grades named, not seniority levels: one query for every organisation on the page.
    names: dict = {}
    grades = Grade.objects.filter(organisation__in={c.programme.organisation_id for c in cohorts})
    for grade in grades.order_by("level", "ladder"):
        names.setdefault(grade.organisation_id, {}).setdefault(grade.level, []).append(grade.name)
    for cohort in cohorts:
        levels = {level: " / ".join(n) for level, n in names.get(cohort.programme.organisation_id, {}).items()}
        cohort.rule_words = rule_in_words(cohort.rules, levels)
    return render(request, "programmes/participant/recruitment.html", {"cohorts": cohorts})


@require_POST
@login_required
def express_interest(request, cohort_id):
    cohort = get_object_or_404(_recruiting_cohorts(request.user), pk=cohort_id)
    form = ExpressInterestForm(request.POST)
    if not form.is_valid():
        raise Http404
    try:
        participant = services.participant_express_interest(
            cohort=cohort, user=request.user, role=form.cleaned_data["role"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("programmes:recruitment")
    messages.success(request, "Thank you. Tell us a little about yourself so the programme can match you well.")
    return redirect("programmes:apply", participant.pk)


@never_cache
@login_required
def apply(request, participant_id):
    participant = access.own_participation(request, participant_id)
    topics = participant.cohort.programme.organisation.topics.all()
    form = ApplicationForm(request.POST or None, instance=participant, topics=topics)
    if request.method == "POST" and form.is_valid():
        services.participant_save_application(participant=participant, form=form)
        messages.success(request, "Your application is saved.")
        if participant.role == Participant.Role.MENTOR:
            return redirect("programmes:disclosures", participant.pk)
        return redirect("programmes:my_programme")
    return render(request, "programmes/participant/apply.html", {"participant": participant, "form": form})


@never_cache
@login_required
def disclosures(request, participant_id):
    participant = access.own_participation(request, participant_id)
    organisation = participant.cohort.programme.organisation
    form = DisclosureForm(request.POST or None, instance=participant, topics=organisation.topics.all())
    if request.method == "POST" and form.is_valid():
        services.participant_save_disclosures(participant=participant, form=form, consent=form.cleaned_data["consent"])
        messages.success(request, "Your answers are saved. Only the people you chose can see them.")
        return redirect("programmes:my_programme")
    return render(
        request,
        "programmes/participant/disclosures.html",
        {"participant": participant, "form": form, "organisation": organisation},
    )


@require_POST
@login_required
def withdraw_consent(request, participant_id):
    participant = access.own_participation(request, participant_id)
    services.participant_withdraw_consent(participant=participant)
    messages.success(request, "Consent withdrawn. Everything you shared on this page has been deleted.")
    return redirect("programmes:disclosures", participant.pk)
