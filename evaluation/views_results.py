"""Results pages: dashboards and committee reports (steering members and leads), quote moderation,
testimonials and certificates (leads), a participant's own certificate and testimonial. Aggregates only, and
testimonials their authors offered under their names; see evaluation/selectors.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from evaluation import access, pdf, reports, selectors, selectors_results, services_results
from evaluation.forms import CertificateFilterForm, TestimonialForm
from evaluation.models import Testimonial
from programmes.access import cohort_for_lead, own_participation, programme_for_steering
from programmes.models import Participant, ProgrammeRole


def _is_lead(request, programme) -> bool:
    return programme.roles.filter(user=request.user, role=ProgrammeRole.Role.LEAD).exists()


@login_required
def programme_results(request, programme_id):
    programme = programme_for_steering(request, programme_id)
    cohorts = programme.cohorts.order_by("-starts_on", "-created_at")
    return render(request, "evaluation/results/programme.html", {"programme": programme, "cohorts": cohorts})


def _results(request, cohort, *, numbered: bool) -> dict:
    """What the dashboard and the report show: the same data and sections, numbered in the report."""
    data = selectors.programme_dashboard(cohort)
    is_lead = _is_lead(request, cohort.programme)
    return {
        "cohort": cohort,
        "programme": cohort.programme,
        "d": data,
        "is_lead": is_lead,
        "testimonials_waiting": selectors_results.testimonials_waiting(cohort) if is_lead else 0,
        "headings": reports.headings(numbered=numbered),
        "equality_intro": reports.equality_intro(data),
        "at_a_glance": reports.AT_A_GLANCE,
        "before_and_after": reports.BEFORE_AND_AFTER,
        "activities_caption": reports.ACTIVITIES,
        "meeting_bands_caption": _("%(caption)s (the programme suggests %(n)s)")
        % {"caption": reports.MEETING_BANDS, "n": cohort.programme.suggested_meetings},
        "no_testimonials": reports.NO_TESTIMONIALS,
        "one_cohort": reports.ONE_COHORT,
    }


@login_required
def dashboard(request, cohort_id):
    cohort = access.cohort_for_results(request, cohort_id)
    return render(request, "evaluation/results/dashboard.html", _results(request, cohort, numbered=False))


@login_required
def report(request, cohort_id):
    cohort = access.cohort_for_results(request, cohort_id)
    context = _results(request, cohort, numbered=True)
    context.update(purpose=reports.purpose(cohort), method=reports.method(context["d"]))
    return render(request, "evaluation/results/report.html", context)


def _filename(cohort, extension):
    return f"{slugify(cohort.programme.name)}-{slugify(cohort.name)}-report.{extension}"


@login_required
def report_pdf(request, cohort_id):
    cohort = access.cohort_for_results(request, cohort_id)
    data = selectors.programme_dashboard(cohort)
    response = HttpResponse(pdf.committee_report(data), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_filename(cohort, "pdf")}"'
    return response


@login_required
def report_csv(request, cohort_id):
    cohort = access.cohort_for_results(request, cohort_id)
    data = selectors.programme_dashboard(cohort)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(cohort, "csv")}"'
    reports.write_csv(data, response)
    return response


@login_required
def quotes(request, cohort_id):
    cohort = cohort_for_lead(request, cohort_id)
    return render(
        request,
        "evaluation/results/quotes.html",
        {"cohort": cohort, "programme": cohort.programme, "themes": selectors.quotes_for_moderation(cohort)},
    )


@require_POST
@login_required
def quote_decide(request, cohort_id, answer_id):
    cohort = cohort_for_lead(request, cohort_id)
    answer = access.answer_for_moderation(cohort, answer_id)
    try:
        moderated = answer is not None and services_results.answer_moderate(
            answer=answer, decision=request.POST.get("decision", "?")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{_quotes_url(cohort)}#question-{answer.question_id}")
    if not moderated:
        # 404 as for any id that is not there, with the likely reason: the page was opened before the reseal.
        return render(request, "evaluation/results/quote_gone.html", {"cohort": cohort}, status=404)
    messages.success(request, f"Comment marked “{answer.get_quote_display().lower()}”.")
    return redirect(f"{_quotes_url(cohort)}#question-{answer.question_id}")


def _quotes_url(cohort):
    return reverse("evaluation:quotes", args=[cohort.pk])


# The certificates page's buttons: each acts on the people ticked.
COMPLETION_ACTIONS = {"complete": True, "not_complete": False, "follow_rule": None}


@login_required
def certificates(request, cohort_id):
    cohort = cohort_for_lead(request, cohort_id)
    # The filters are in the address, for the page and for a posted action ("select all shown" uses them).
    filters = CertificateFilterForm(request.GET or None)
    people = selectors_results.cohort_completion(cohort)
    shown = [c for c in people if filters.keep(c)]
    if request.method == "POST":
        if request.POST.get("everyone_shown"):
            ids = [c.participant.pk for c in shown]
        else:
            ids = [int(v) for v in request.POST.getlist("participants") if v.isdigit()]
        action = request.POST.get("action")
        if not ids:
            messages.error(request, _("Choose at least one person."))
        elif action == "withdraw":
            count = services_results.certificates_withdraw(cohort=cohort, participant_ids=ids)
            messages.success(
                request, ngettext("%(n)s certificate withdrawn.", "%(n)s certificates withdrawn.", count) % {"n": count}
            )
        elif action in COMPLETION_ACTIONS:
            count = services_results.completion_decide(
                cohort=cohort, participant_ids=ids, completed=COMPLETION_ACTIONS[action], decided_by=request.user
            )
            messages.success(
                request,
                ngettext("Completion changed for %(n)s person.", "Completion changed for %(n)s people.", count)
                % {"n": count},
            )
        else:
            count = services_results.certificates_issue(cohort=cohort, participant_ids=ids, issued_by=request.user)
            messages.success(
                request, ngettext("%(n)s certificate issued.", "%(n)s certificates issued.", count) % {"n": count}
            )
        return redirect(request.get_full_path())
    return render(
        request,
        "evaluation/results/certificates.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "people": shown,
            "anyone": bool(people),
            "filters": filters,
            "filtered": filters.is_valid() and any(filters.cleaned_data.values()),
        },
    )


@login_required
def certificate(request, certificate_id):
    cert = access.certificate_for_reader(request, certificate_id)
    return render(request, "evaluation/results/certificate.html", {"certificate": cert})


@login_required
def certificate_pdf(request, certificate_id):
    cert = access.certificate_for_reader(request, certificate_id)
    response = HttpResponse(pdf.certificate(cert), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{slugify(cert.participant.user)}.pdf"'
    return response


# --- Named testimonials: the participant offers, a lead approves ------------------------------------------------


@never_cache
@login_required
def testimonial(request, participant_id):
    participant = own_participation(request, participant_id)
    existing = Testimonial.objects.filter(participant=participant).first()
    can_change = selectors_results.testimonials_can_change(participant.cohort)
    can_offer = can_change and participant.status == Participant.Status.ACCEPTED
    form = TestimonialForm(
        request.POST or None,
        instance=existing if existing and existing.status != Testimonial.Status.WITHDRAWN else None,
        default_name=participant.user.get_full_name(),
    )
    if request.method == "POST" and can_offer and form.is_valid():
        try:
            services_results.testimonial_offer(
                participant=participant,
                text=form.cleaned_data["text"],
                shown_name=form.cleaned_data["shown_name"],
                job_title=form.cleaned_data["job_title"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Thank you. A programme lead will read your testimonial before it is shown."))
            return redirect("evaluation:testimonial", participant.pk)
    return render(
        request,
        "evaluation/results/testimonial.html",
        {
            "participant": participant,
            "testimonial": existing,
            "form": form,
            "can_change": can_change,
            "can_offer": can_offer,
        },
    )


@require_POST
@login_required
def testimonial_withdraw(request, participant_id):
    participant = own_participation(request, participant_id)
    try:
        withdrawn = services_results.testimonial_withdraw(participant=participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if withdrawn:
            messages.success(
                request, _("Your testimonial is withdrawn: it is no longer shown and its words are deleted.")
            )
    return redirect("evaluation:testimonial", participant.pk)


@login_required
def testimonials(request, cohort_id):
    cohort = cohort_for_lead(request, cohort_id)
    return render(
        request,
        "evaluation/results/testimonials.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "testimonials": selectors_results.testimonials_for_moderation(cohort),
            "can_change": selectors_results.testimonials_can_change(cohort),
        },
    )


@require_POST
@login_required
def testimonial_decide(request, cohort_id, testimonial_id):
    cohort = cohort_for_lead(request, cohort_id)
    item = access.testimonial_for_lead(cohort, testimonial_id)
    try:
        item = services_results.testimonial_decide(
            testimonial=item, decision=request.POST.get("decision", ""), decided_by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Testimonial by %(name)s: %(status)s.") % {"name": item.shown_name, "status": item.get_status_display()},
        )
    return redirect(f"{reverse('evaluation:testimonials', args=[cohort.pk])}#testimonial-{item.pk}")
