"""Matching's part of the demo: the police pilot with a published match, the council cohort waiting for review.

Called by remento.demo.seed_demo(context). Idempotent: each part is skipped when its match run exists.
Demo pairings are written directly (no introduction emails): they stand for a match published weeks ago.
"""

from dataclasses import asdict

from django.utils import timezone

from matching import algorithm, services
from matching.models import AgreementSignature, MatchRun, Pairing, ProposedPair, RapportAnswer, Unmatched
from programmes.models import Attendance, Cohort, Event, Participant

COUNCIL_AGREEMENT = (
    "We keep what is said in our conversations confidential, except where someone may be at risk of harm or "
    "the law requires it to be shared. We treat each other with mutual respect and listen without judging. "
    "We agree our own ground rules: how often we meet, how we stay in touch and what is off limits. "
    "Either of us may end the mentoring at any time, without fault, by telling the programme lead."
)


def seed(context) -> None:
    _pilot(context)
    _council(context)
    context["logins"]["Programme lead with proposals to review (Westbury Council)"] = context["council_lead"].email


def _pilot(context) -> None:
    pilot = context["pilot"]
    if MatchRun.objects.filter(cohort=pilot).exists():
        return
    mentor, mentee = context["mentors"][0], context["mentees"][0]
    weights = algorithm.Weights()
    pool = services.match_pool(cohort=pilot, weights=weights, allow_repeat=False)
    # The demo Mentor and Mentee logins are partners: the lead locked their pair before publishing.
    in_pool = mentor.pk in pool.participants and mentee.pk in pool.participants
    pool.data.locked = ((mentor.pk, mentee.pk),) if in_pool else ()
    result = algorithm.run_match(pool.data)
    # Three months ago: long enough for the lead to see pairs meeting well, and pairs flagged after two nudges.
    published_at = timezone.now() - timezone.timedelta(days=90)
    run = MatchRun.objects.create(
        cohort=pilot,
        created_by=context["lead"],
        status=MatchRun.Status.PUBLISHED,
        weights=asdict(weights),
        total_score=result.total_score,
        published_at=published_at,
    )
    ProposedPair.objects.bulk_create(
        ProposedPair(
            run=run,
            mentor_id=p.mentor_id,
            mentee_id=p.mentee_id,
            score=p.score,
            explanation=p.explanation,
            locked=p.locked,
        )
        for p in result.pairs
    )
    Unmatched.objects.bulk_create(
        [Unmatched(run=run, participant_id=pid, reason=reason) for pid, reason in result.unmatched.items()]
        + [Unmatched(run=run, participant=p, reason=reason) for p, reason in pool.left_out.items()]
    )
    programme = pilot.programme
    # The demo pair first (active), then the others by score.
    ordered = sorted(result.pairs, key=lambda p: (not p.locked, -p.score))
    for index, pair in enumerate(ordered):
        pairing = Pairing.objects.create(
            cohort=pilot,
            mentor_id=pair.mentor_id,
            mentee_id=pair.mentee_id,
            match_run=run,
            score=pair.score,
            explanation=pair.explanation,
        )
        Pairing.objects.filter(pk=pairing.pk).update(created_at=published_at)
        partners = (pair.mentor_id, pair.mentee_id)
        # Most are active; near the end: one waiting for the rapport check, one not yet signed, one re-match.
        story = {len(ordered) - 3: "rapport_pending", len(ordered) - 2: "not_signed", len(ordered) - 1: "rematch"}
        state = story.get(index, "active") if index else "active"
        if state == "rapport_pending":
            RapportAnswer.objects.create(pairing=pairing, participant_id=pair.mentor_id, wants_to_continue=True)
            continue
        if state == "rematch":
            RapportAnswer.objects.create(pairing=pairing, participant_id=pair.mentee_id, wants_to_continue=False)
            Pairing.objects.filter(pk=pairing.pk).update(
                status=Pairing.Status.REMATCH, ended_at=published_at + timezone.timedelta(days=9)
            )
            continue
        for participant_id in partners:
            RapportAnswer.objects.create(pairing=pairing, participant_id=participant_id, wants_to_continue=True)
        signers = partners[:1] if state == "not_signed" else partners
        for participant_id in signers:
            AgreementSignature.objects.create(
                pairing=pairing,
                participant_id=participant_id,
                version=programme.agreement_version,
                text=programme.agreement_text,
            )
        if state == "active":
            Pairing.objects.filter(pk=pairing.pk).update(
                status=Pairing.Status.ACTIVE, activated_at=published_at + timezone.timedelta(days=10)
            )
    # Answered and signed in the pairings' first fortnight, not on the day the demo was loaded.
    RapportAnswer.objects.filter(pairing__match_run=run).update(answered_at=published_at + timezone.timedelta(days=7))
    AgreementSignature.objects.filter(pairing__match_run=run).update(
        signed_at=published_at + timezone.timedelta(days=9)
    )


def _council(context) -> None:
    """Westbury's cohort has closed recruitment: everyone accepted and trained, one proposed run to review."""
    cohort = context["council_cohort"]
    if MatchRun.objects.filter(cohort=cohort).exists():
        return
    programme = context["council_programme"]
    if not programme.agreement_text:
        programme.agreement_text = COUNCIL_AGREEMENT
        programme.save(update_fields=["agreement_text"])
    people = list(cohort.participants.exclude(status__in=[Participant.Status.DECLINED, Participant.Status.WITHDRAWN]))
    cohort.participants.filter(pk__in=[p.pk for p in people]).update(
        status=Participant.Status.ACCEPTED, ready_to_match=True
    )
    now = timezone.now()
    training, _ = Event.objects.get_or_create(
        cohort=cohort,
        title="Reverse mentoring skills workshop",
        defaults={
            "kind": Event.Kind.TRAINING,
            "starts_at": (now - timezone.timedelta(days=7)).replace(hour=10, minute=0, second=0, microsecond=0),
            "place": "County Hall, Committee Room 3",
        },
    )
    # One mentor missed the workshop, and the lead judged another not ready yet: the lead sees why neither is
    # matched.
    mentors = [p for p in people if p.role == Participant.Role.MENTOR]
    absent = mentors[-1:]
    Participant.objects.filter(pk=mentors[-2].pk).update(
        ready_to_match=False,
        lead_note="Keen, but asked to wait for the next cohort: a new role starts next month.",
    )
    for participant in people:
        missed = participant in absent
        Attendance.objects.get_or_create(
            event=training,
            participant=participant,
            defaults={"reply": Attendance.Reply.YES, "attended": not missed},
        )
    if cohort.status == Cohort.Status.RECRUITING:
        cohort.status = Cohort.Status.MATCHING
        cohort.save(update_fields=["status"])
    run = services.match_run_create(cohort=cohort, user=context["council_lead"], weights=algorithm.Weights())
    _council_pair_by_hand(run)


def _council_pair_by_hand(run) -> None:
    """The lead paired two people by hand who asked to work together, though the mentor will not discuss the
    mentee's second topic: the review page flags the pair to check before publishing."""
    spare = [u.participant for u in run.unmatched.select_related("participant") if "later cohort" in u.reason]
    mentees = [
        p
        for p in run.cohort.participants.filter(role=Participant.Role.MENTEE).order_by("pk")
        if p.learning_topics.count() >= 2
    ]
    if not spare or not mentees:
        return
    mentor, mentee = spare[0], mentees[0]
    second = mentee.learning_topics.get(priority=2).topic
    mentor.shared_topics.remove(second)
    mentor.avoid_topics.add(second)
    services.proposed_pair_manual(
        run=run,
        mentor=mentor,
        mentee=mentee,
        reason="They asked to work together after meeting at the staff network launch.",
    )
