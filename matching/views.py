"""Matching pages: the lead runs, reviews and publishes matches and follows pairings; partners answer on the pair page.

The pair page itself is meetings:pair; the partners' forms here post back to it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import audit
from accounts.decorators import reauthentication_required
from matching import access, selectors, services
from matching.forms import ConcernForm, EndPairingForm, ManualPairForm, RapportForm, RunForm, SignForm
from matching.models import Pairing
from programmes import access as programmes_access


def _error(request, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


# --- The lead -----------------------------------------------------------------------


# The review names the topics people shared for matching (and the manual pair's check, what a mentor would rather
# not discuss): the same rule as a participant's page, a recent sign-in and an audit entry for each look.


@never_cache
@login_required
@reauthentication_required
def cohort_matching(request, cohort_id):
    cohort = programmes_access.cohort_for_lead(request, cohort_id)
    run = services.latest_run(cohort)
    form = RunForm(initial=RunForm.initial_from(run))
    return _matching_page(request, cohort, run, form)


def _matching_page(request, cohort, run, form, status=200):
    review = selectors.run_review(run)
    if run is not None:
        # Explanations name the topics people shared for matching: the audit log records the look, not the topics.
        audit.record(
            actor=request.user,
            action=audit.VIEWED_DISCLOSURES,
            programme_id=cohort.programme_id,
            detail=f"matching proposals, cohort {cohort.pk}, run {run.pk}",
        )
    waiting = cohort.pairings.filter(status=Pairing.Status.REMATCH).count()
    paired = cohort.pairings.filter(status__in=Pairing.CURRENT).count()
    return render(
        request,
        "matching/cohort.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "form": form,
            "blocker": services.matching_blocker(cohort),
            "rematch_waiting": waiting,
            "paired": paired,
            **review,
        },
        status=status,
    )


@require_POST
@login_required
@reauthentication_required  # a refused run shows the review again
def run_create(request, cohort_id):
    cohort = programmes_access.cohort_for_lead(request, cohort_id)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "The match was not run: check the weights below.")
        return _matching_page(request, cohort, services.latest_run(cohort), form, status=400)
    try:
        run = services.match_run_create(
            cohort=cohort, user=request.user, weights=form.weights(), allow_repeat=form.cleaned_data["allow_repeat"]
        )
    except ValidationError as error:
        _error(request, error)
    else:
        count = run.pairs.count()
        if count:
            messages.success(
                request,
                ngettext(
                    "Match run: %(count)s pair proposed. Review it below, then publish.",
                    "Match run: %(count)s pairs proposed. Review them below, then publish.",
                    count,
                )
                % {"count": count},
            )
        else:
            messages.warning(
                request,
                _("Match run: no pairs could be proposed, so there is nothing to publish. See below why each person "
                  "was not matched."),
            )  # fmt: skip
    return redirect("matching:cohort", cohort.pk)


@require_POST
@login_required
def pair_lock(request, pair_id):
    pair = access.proposed_pair_for_lead(request, pair_id)
    locked = request.POST.get("locked") == "1"
    try:
        services.proposed_pair_lock(pair=pair, locked=locked)
    except ValidationError as error:
        _error(request, error)
    else:
        what = "locked: it stays when you run the match again" if locked else "unlocked"
        messages.success(request, f"{pair.mentor.user} and {pair.mentee.user} {what}.")
    return redirect("matching:cohort", pair.run.cohort_id)


@require_POST
@login_required
def pair_exclude(request, pair_id):
    pair = access.proposed_pair_for_lead(request, pair_id)
    try:
        services.proposed_pair_exclude(pair=pair, user=request.user)
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(
            request,
            f"{pair.mentor.user} and {pair.mentee.user} will not be paired in this cohort. "
            "Run the match again to find each another partner.",
        )
    return redirect("matching:cohort", pair.run.cohort_id)


@never_cache
@login_required
@reauthentication_required
def manual_pair(request, run_id):
    run = access.run_for_lead(request, run_id)
    cohort = run.cohort
    form = ManualPairForm(request.POST or None, cohort=cohort)
    check = None
    if request.method == "POST" and form.is_valid():
        try:
            services.proposed_pair_manual(
                run=run,
                mentor=form.cleaned_data["mentor"],
                mentee=form.cleaned_data["mentee"],
                reason=form.cleaned_data["reason"],
            )
        except services.NeedsReason as needs:
            check = needs.check
            form.add_error("reason", "This pair breaks a rule: say why you are making it anyway.")
            # A broken rule may name a topic the mentor would rather not discuss.
            audit.record(
                actor=request.user,
                action=audit.VIEWED_DISCLOSURES,
                programme_id=cohort.programme_id,
                detail=f"manual pair check, cohort {cohort.pk}, run {run.pk}",
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your pair is added to the proposals and locked.")
            return redirect("matching:cohort", cohort.pk)
    return render(
        request,
        "matching/manual_pair.html",
        {"run": run, "cohort": cohort, "programme": cohort.programme, "form": form, "check": check},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def run_publish(request, run_id):
    run = access.run_for_lead(request, run_id)
    try:
        published = services.match_run_publish(run_id=run.pk)
    except ValidationError as error:
        _error(request, error)
        return redirect("matching:cohort", run.cohort_id)
    if published.already:
        messages.info(request, "This match was already published; nobody was introduced twice.")
    else:
        count = len(published.created)
        messages.success(request, f"Published: {count} pairing{'s' if count != 1 else ''} introduced by email.")
        for why in published.skipped:
            messages.warning(request, f"Not published: {why}.")
    return redirect("matching:pairings", run.cohort_id)


@never_cache
@login_required
def pairings(request, cohort_id):
    cohort = programmes_access.cohort_for_lead(request, cohort_id)
    listed = list(selectors.cohort_pairings(cohort))
    return render(
        request,
        "matching/pairings.html",
        {
            "cohort": cohort,
            "programme": cohort.programme,
            "pairings": listed,
            "rematch": [p for p in listed if p.status == Pairing.Status.REMATCH],
            "has_agreement": bool(cohort.programme.agreement_text.strip()),
            "blocker": services.matching_blocker(cohort),
        },
    )


@login_required
def pairing_end(request, pairing_id):
    pairing = access.pairing_for_lead(request, pairing_id)
    form = EndPairingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.pairing_end(pairing_id=pairing.pk, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, f"The pairing of {pairing.mentor.user} and {pairing.mentee.user} has ended.")
        return redirect("matching:pairings", pairing.cohort_id)
    return render(
        request,
        "matching/pairing_end.html",
        {"pairing": pairing, "cohort": pairing.cohort, "form": form},
        status=400 if request.method == "POST" else 200,
    )


# --- The pair (forms on the pair page, meetings:pair) ----------------------------------


@require_POST
@login_required
def rapport(request, pairing_id):
    pairing, me = access.pairing_for_partner(request, pairing_id)
    form = RapportForm(request.POST)
    if form.is_valid():
        try:
            services.rapport_answer(
                pairing_id=pairing.pk, participant=me, wants_to_continue=form.cleaned_data["answer"] == "yes"
            )
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, "Thank you: your answer is saved. Your partner does not see it.")
    else:
        messages.error(request, "Choose yes or no.")
    return redirect("meetings:pair", pairing.pk)


@require_POST
@login_required
def sign(request, pairing_id):
    pairing, me = access.pairing_for_partner(request, pairing_id)
    form = SignForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Please read the agreement below and sign again.")
        return redirect("meetings:pair", pairing.pk)
    try:
        services.agreement_sign(pairing_id=pairing.pk, participant=me, version=form.cleaned_data["version"])
    except ValidationError as error:
        _error(request, error)
    else:
        messages.success(request, "You have signed the agreement.")
    return redirect("meetings:pair", pairing.pk)


@login_required
def concern(request, pairing_id):
    pairing, me = access.pairing_for_partner(request, pairing_id)
    form = ConcernForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.concern_raise(pairing=pairing, participant=me, message=form.cleaned_data["message"])
        messages.success(request, "Your concern has been sent to your programme lead. Your partner does not see it.")
        return redirect("meetings:pair", pairing.pk)
    return render(
        request,
        "matching/concern.html",
        {"pairing": pairing, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
@login_required
def pairing_end_without_fault(request, pairing_id):
    """Either partner asks to end the pairing, without fault: a page that says what happens, then one button."""
    pairing, me = access.pairing_for_partner(request, pairing_id)
    if pairing.status not in Pairing.CURRENT:
        messages.info(request, _("This pairing has already ended."))
        return redirect("meetings:pair", pairing.pk)
    if request.method == "POST":
        try:
            services.pairing_end_without_fault(pairing_id=pairing.pk, participant=me)
        except ValidationError as error:
            _error(request, error)
        else:
            messages.success(request, _("Your pairing has ended, without fault. Your programme lead will be in touch."))
        return redirect("meetings:pair", pairing.pk)
    return render(
        request,
        "matching/pairing_end_without_fault.html",
        {"pairing": pairing, "concern_url": reverse("matching:concern", args=[pairing.pk])},
    )
