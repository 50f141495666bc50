"""Results pages: dashboards and committee reports (steering members and leads), quote moderation and
certificates (leads), a participant's own certificate. Aggregates only; see evaluation/selectors.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from evaluation import access, pdf, reports, selectors, services_results
from evaluation.forms import CertificateFilterForm
from programmes.access import cohort_for_lead, programme_for_steering
from programmes.models import ProgrammeRole


def _is_lead(request, programme) -> bool:
    return programme.roles.filter(user=request.user, role=ProgrammeRole.Role.LEAD).exists()


@login_required
def programme_results(request, programme_id):
    programme = programme_for_steering(request, programme_id)
    cohorts = programme.cohorts.order_by("-starts_on", "-created_at")
    return render(request, "evaluation/results/programme.html", {"programme": programme, "cohorts": cohorts})


@login_required
def dashboard(request, cohort_id):
    cohort = access.cohort_for_results(request, cohort_id)
    data = selectors.programme_dashboard(cohort)
    return render(
        request,
        "evaluation/results/dashboard.html",
        {"cohort": cohort, "programme": cohort.programme, "d": data, "is_lead": _is_lead(request, cohort.programme)},
    )


@login_required
def report(request, cohort_id):
    cohort = access.cohort_for_results(request, cohort_id)
    data = selectors.programme_dashboard(cohort)
    return render(
        request,
        "evaluation/results/report.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "d": data,
            "purpose": reports.purpose(cohort),
            "method": reports.method(data),
        },
    )


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


@login_required
def certificates(request, cohort_id):
    cohort = cohort_for_lead(request, cohort_id)
    # The filters are in the address, for the page and for a posted action ("select all shown" uses them).
    filters = CertificateFilterForm(request.GET or None)
    eligible = set(selectors.eligible_for_certificate(cohort))
    participants = list(
        cohort.participants.exclude(status__in=["declined", "invited"])
        .select_related("user", "certificate")
        .order_by("role", "user__name")
    )
    for participant in participants:
        participant.completed = participant.pk in eligible
        participant.has_certificate = hasattr(participant, "certificate")
    shown = [p for p in participants if filters.keep(p)]
    if request.method == "POST":
        if request.POST.get("everyone_shown"):
            ids = [p.pk for p in shown]
        else:
            ids = [int(v) for v in request.POST.getlist("participants") if v.isdigit()]
        if not ids:
            messages.error(request, _("Choose at least one person."))
        elif request.POST.get("action") == "withdraw":
            count = services_results.certificates_withdraw(cohort=cohort, participant_ids=ids)
            messages.success(request, f"{count} certificate{'s' if count != 1 else ''} withdrawn.")
        else:
            count = services_results.certificates_issue(cohort=cohort, participant_ids=ids, issued_by=request.user)
            messages.success(request, f"{count} certificate{'s' if count != 1 else ''} issued.")
        return redirect(request.get_full_path())
    return render(
        request,
        "evaluation/results/certificates.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "participants": shown,
            "anyone": bool(participants),
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
