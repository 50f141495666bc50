"""Survey pages: leads build and open surveys; an invited participant answers one, anonymously.

The answer form posts to one fixed address (`surveys/answer/`) with its one-time
token in the body, so no request line, log or stored link names an invitation
or carries a token. The view never logs the person, the token or the answers,
and marks its POST parameters sensitive so an error report cannot show them.
"""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from evaluation import access, identifying, services
from evaluation.forms import AnswerForm, QuestionForm, SectionForm, SurveyCreateForm, SurveySettingsForm
from evaluation.models import Survey
from programmes.access import cohort_for_lead

logger = logging.getLogger(__name__)


# --- leads ---------------------------------------------------------------------


@login_required
def surveys(request, cohort_id):
    cohort = cohort_for_lead(request, cohort_id)
    form = SurveyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = services.survey_create(
            cohort=cohort,
            title=form.cleaned_data["title"],
            kind=form.cleaned_data["kind"],
            from_template=form.cleaned_data["start"] == "template",
        )
        messages.success(request, f"“{survey.title}” created as a draft. Check the questions, then open it.")
        return redirect("evaluation:survey", survey.pk)
    listed = cohort.surveys.annotate(
        question_count=Count("questions", distinct=True),
        invited=Count("invitations", distinct=True),
        answered=Count("invitations", filter=Q(invitations__used=True), distinct=True),
    ).order_by("-created_at")
    return render(request, "evaluation/surveys/list.html", {"cohort": cohort, "surveys": listed, "form": form})


def _grouped_questions(survey):
    """[(section or None, [question, ...])]: questions without a section first, then each section in order. Each
    question has its `warnings`: what Remento already records that its answers could be matched against."""
    sections = list(survey.sections.all())
    groups = [(None, [])] + [(section, []) for section in sections]
    index = {None: 0} | {section.pk: i + 1 for i, section in enumerate(sections)}
    questions = list(survey.questions.order_by("order", "pk"))
    identifying.annotate_warnings(questions, survey.cohort.programme.organisation_id)
    for question in questions:
        groups[index[question.section_id]][1].append(question)
    return [group for group in groups if group[0] is not None or group[1]]


@login_required
def survey(request, survey_id):
    survey = access.survey_for_lead(request, survey_id)
    context = {
        "survey": survey,
        "cohort": survey.cohort,
        "groups": _grouped_questions(survey),
        "counts": services.survey_counts(survey),
        "section_form": SectionForm(),
        "editable": survey.status == Survey.Status.DRAFT,
    }
    return render(request, "evaluation/surveys/survey.html", context)


def _locked(request, survey):
    messages.error(request, "The questions and settings cannot change once the survey has opened.")
    return redirect("evaluation:survey", survey.pk)


@login_required
def survey_settings(request, survey_id):
    survey = access.survey_for_lead(request, survey_id)
    if survey.status != Survey.Status.DRAFT:
        return _locked(request, survey)
    form = SurveySettingsForm(request.POST or None, instance=survey)
    if request.method == "POST" and form.is_valid():
        services.survey_settings_save(survey=survey, form=form)
        messages.success(request, "Settings saved.")
        return redirect("evaluation:survey", survey.pk)
    return render(request, "evaluation/surveys/settings.html", {"survey": survey, "form": form})


@require_POST
@login_required
def survey_delete(request, survey_id):
    survey = access.survey_for_lead(request, survey_id)
    cohort_id = survey.cohort_id
    try:
        services.survey_delete(survey=survey)
    except services.SurveyLocked:
        messages.error(request, "An opened survey cannot be deleted: its answers are kept.")
        return redirect("evaluation:survey", survey.pk)
    messages.success(request, "Draft survey deleted.")
    return redirect("evaluation:surveys", cohort_id)


@require_POST
@login_required
def section_add(request, survey_id):
    survey = access.survey_for_lead(request, survey_id)
    form = SectionForm(request.POST)
    if survey.status != Survey.Status.DRAFT:
        return _locked(request, survey)
    if form.is_valid():
        services.section_add(survey=survey, title=form.cleaned_data["title"])
        messages.success(request, f"Section “{form.cleaned_data['title']}” added.")
    else:
        messages.error(request, "Give the new section a title.")
    return redirect("evaluation:survey", survey.pk)


def _question_page(request, survey, question=None):
    if survey.status != Survey.Status.DRAFT:
        return _locked(request, survey)
    form = QuestionForm(request.POST or None, instance=question, survey=survey)
    if request.method == "POST" and form.is_valid():
        saved = services.question_save(survey=survey, form=form)
        messages.success(request, "Question saved." if question else "Question added.")
        recorded = identifying.recorded_names(survey.cohort.programme.organisation_id)
        for warning in identifying.question_warnings(saved, recorded):
            messages.warning(request, _("“%(question)s”: %(warning)s") % {"question": saved.text, "warning": warning})
        return redirect(reverse("evaluation:survey", args=[survey.pk]) + f"#question-{saved.pk}")
    return render(request, "evaluation/surveys/question.html", {"survey": survey, "form": form, "question": question})


@login_required
def question_add(request, survey_id):
    return _question_page(request, access.survey_for_lead(request, survey_id))


@login_required
def question_edit(request, question_id):
    question = access.question_for_lead(request, question_id)
    return _question_page(request, question.survey, question)


@require_POST
@login_required
def question_delete(request, question_id):
    question = access.question_for_lead(request, question_id)
    try:
        services.question_delete(question=question)
    except services.SurveyLocked:
        return _locked(request, question.survey)
    messages.success(request, f"Question “{question.text}” deleted.")
    return redirect("evaluation:survey", question.survey_id)


@require_POST
@login_required
def question_move(request, question_id):
    question = access.question_for_lead(request, question_id)
    try:
        services.question_move(question=question, up=request.POST.get("direction") == "up")
    except services.SurveyLocked:
        return _locked(request, question.survey)
    return redirect(reverse("evaluation:survey", args=[question.survey_id]) + f"#question-{question.pk}")


@require_POST
@login_required
def survey_open(request, survey_id):
    survey = access.survey_for_lead(request, survey_id)
    try:
        invited = services.survey_open(survey_id=survey.pk)
    except services.SurveyLocked as error:
        messages.error(request, str(error))
        return redirect("evaluation:survey", survey.pk)
    if survey.trigger == Survey.Trigger.MEETINGS:
        messages.success(
            request,
            f"Survey started. {invited} {'person has' if invited == 1 else 'people have'} logged enough meetings "
            "and were invited now; others are invited as their pairing reaches the suggested number.",
        )
    else:
        messages.success(request, f"Survey opened: {invited} {'person' if invited == 1 else 'people'} invited.")
    return redirect("evaluation:survey", survey.pk)


@require_POST
@login_required
def survey_close(request, survey_id):
    survey = access.survey_for_lead(request, survey_id)
    services.survey_close(survey_id=survey.pk)
    messages.success(request, "Survey closed. No more answers or reminders; the answers are kept anonymously.")
    return redirect("evaluation:survey", survey.pk)


# --- the invited participant ---------------------------------------------------


def _link_page(request, state: str, invitation=None):
    return render(request, "evaluation/surveys/link_state.html", {"state": state, "invitation": invitation})


@never_cache
@login_required
def invitation(request, invitation_id):
    invitation = access.own_invitation(request, invitation_id)
    state = services.invitation_state(invitation)
    if state != "open":
        return _link_page(request, state, invitation)
    token = services.invitation_issue_token(invitation=invitation)
    form = AnswerForm(initial={"token": token}, questions=_questions(invitation.survey))
    return render(request, "evaluation/surveys/answer.html", {"invitation": invitation, "form": form})


def _questions(survey):
    return survey.questions.select_related("section").order_by("order", "pk")


@never_cache
@require_POST
@sensitive_post_parameters()
@login_required
@sensitive_variables()
def answer(request):
    invitation = access.own_invitation_for_token(request, request.POST.get("token", ""))
    if invitation is None:
        return _replaced_form(request)
    state = services.invitation_state(invitation)
    if state != "open":
        return _link_page(request, state, invitation)
    form = AnswerForm(request.POST, questions=_questions(invitation.survey))
    context = {"invitation": invitation, "form": form}
    if not form.is_valid():
        return render(request, "evaluation/surveys/answer.html", context)
    try:
        services.response_submit(invitation=invitation, answers=form.answers())
    except services.InvitationSpent:
        invitation.refresh_from_db()
        return _link_page(request, services.invitation_state(invitation), invitation)
    except Exception as error:
        # The invitation was released: the person can send again. Log only the kind of failure.
        logger.error("A survey response could not be stored (%s); its invitation was released.", type(error).__name__)
        context["store_failed"] = True
        return render(request, "evaluation/surveys/answer.html", context)
    return redirect("evaluation:thanks")


def _replaced_form(request):
    """The token is not the invitation's current one: the survey was opened again in another window, or the
    form was changed. If the form names the person's own open invitation, show their answers again on a
    fresh form (nothing lost); otherwise say the form has expired."""
    invitation_id = request.POST.get("invitation", "")
    invitation = access.own_invitation_or_none(request, invitation_id) if invitation_id.isdigit() else None
    if invitation is None:
        return _link_page(request, "expired")
    state = services.invitation_state(invitation)
    if state != "open":
        return _link_page(request, state, invitation)
    data = request.POST.copy()
    data["token"] = services.invitation_issue_token(invitation=invitation)
    form = AnswerForm(data, questions=_questions(invitation.survey))
    return render(request, "evaluation/surveys/answer.html", {"invitation": invitation, "form": form, "replaced": True})


@login_required
def thanks(request):
    # The same page for everyone, with nothing in its address or session that says who answered.
    return render(request, "evaluation/surveys/thanks.html")
