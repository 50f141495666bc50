"""Changes to match runs and pairings. The ORM edge of matching.algorithm: build its input, store its output.

Every write is one transaction; rows that two leads (or two partners) could change at once are locked first.
"""

from collections import Counter
from dataclasses import asdict, dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from matching import algorithm
from matching.models import (
    AgreementSignature,
    Concern,
    Exclusion,
    MatchRun,
    Pairing,
    ProposedPair,
    RapportAnswer,
    Unmatched,
)
from notifications.services import notification_queue, notification_queue_many
from programmes.models import Cohort, LearningTopic, Participant, ProgrammeRole
from programmes.selectors_leads import trained

MATCHING_STAGES = (Cohort.Status.MATCHING, Cohort.Status.ACTIVE)
NOT_READY = gettext_lazy("not ready (lead's judgement)")
NOT_YET_TRAINED = {
    Participant.Role.MENTOR: gettext_lazy("has not attended training yet, which this programme requires of mentors"),
    Participant.Role.MENTEE: gettext_lazy("has not attended training yet, which this programme requires of mentees"),
}
NO_GRADE = gettext_lazy("has no grade recorded; add their grade to match them")


def matching_blocker(cohort) -> str | None:
    """Why a match cannot be run for this cohort now, in words for the lead; None when it can."""
    if cohort.status in MATCHING_STAGES:
        return None
    if cohort.status in (Cohort.Status.DRAFT, Cohort.Status.RECRUITING):
        return "Matching starts when the cohort reaches its matching stage: close recruitment first."
    return f"This cohort is {cohort.get_status_display().lower()}: its pairs are no longer matched."


# --- Building the algorithm's input --------------------------------------------


def _person(participant, capacity: int) -> algorithm.Person:
    is_mentor = participant.role == Participant.Role.MENTOR
    if is_mentor:
        topics = tuple(t.pk for t in participant.shared_topics.all())
    else:
        topics = tuple(lt.topic_id for lt in participant.learning_topics.all())
    return algorithm.Person(
        id=participant.pk,
        user_id=participant.user_id,
        level=participant.grade.level,
        grade_name=participant.grade.name,
        email=participant.user.email,
        line_manager_email=participant.line_manager_email,
        directorate=participant.directorate_id,
        topics=topics,
        avoid=frozenset(t.pk for t in participant.avoid_topics.all()) if is_mentor else frozenset(),
        objectives=participant.objectives,
        availability=frozenset(participant.availability or []),
        format=participant.meeting_format,
        location=participant.location,
        capacity=capacity,
    )


@dataclass
class Pool:
    """The people a run may pair, and those left out before the algorithm sees them (with why)."""

    data: algorithm.MatchInput
    participants: dict = field(default_factory=dict)  # id -> Participant
    left_out: dict = field(default_factory=dict)  # Participant -> reason


def left_out_reasons(participant, programme) -> list[str]:
    """Every reason this accepted person is kept out of matching, each true; [] when they are in.

    Only people the lead marked ready to match; only people who attended training, where the programme
    requires it of their role (attended in any of its cohorts, `trained`); only people with a grade.
    """
    reasons = []
    if not participant.ready_to_match:
        reasons.append(str(NOT_READY))
    if programme.training_required_for(participant.role) and not participant.trained:
        reasons.append(str(NOT_YET_TRAINED[participant.role]))
    if participant.grade is None:
        reasons.append(str(NO_GRADE))
    return reasons


def left_out_in_words(participant, left_out: dict) -> str:
    """How a pair made by hand names someone left out of matching, and why (kept in its broken rules)."""
    return f"{participant.user}: {left_out[participant]}"


def match_pool(
    *,
    cohort,
    weights: algorithm.Weights,
    allow_repeat: bool,
    participant_ids=None,
    with_left_out: bool = False,
    hand_made=(),
) -> Pool:
    """The cohort's accepted people not in a current pairing, ready to match and trained where required.

    Mentors already paired come with the places they have left. Exclusions, pairs that already ended in this
    cohort, and pairs from the programme's earlier cohorts are passed on as hard constraints; the cohort's rule
    on who may take part (its own, or the programme's) as the grade limits.

    A lead may pair someone left out by hand, giving a reason: `hand_made` pairs ((mentor id, mentee id, the
    rules it breaks), locked in the run being replaced) keep such a person in, for that pair only, while the
    reason they are left out is still one the lead overrode for it. `with_left_out`: everyone left out (with a
    grade) is given to the algorithm too, to check one pair made by hand.
    """
    programme = cohort.programme
    people = (
        cohort.participants.filter(status=Participant.Status.ACCEPTED)
        .select_related("user", "grade")
        .annotate(trained=trained())
        .prefetch_related(
            "shared_topics",
            "avoid_topics",
            Prefetch("learning_topics", queryset=LearningTopic.objects.order_by("priority")),
        )
        .order_by("pk")
    )
    if participant_ids is not None:
        people = people.filter(pk__in=participant_ids)
    current = dict(
        Pairing.objects.current()
        .filter(cohort=cohort)
        .values_list("mentor_id")
        .annotate(n=Count("id"))
        .values_list("mentor_id", "n")
    )
    paired_mentees = set(Pairing.objects.current().filter(cohort=cohort).values_list("mentee_id", flat=True))
    pool = Pool(data=None)
    available, set_aside = {}, {}  # id -> (participant, places): in the run, or left out but with a grade
    for participant in people:
        if participant.role == Participant.Role.MENTEE and participant.pk in paired_mentees:
            continue
        places = participant.capacity - current.get(participant.pk, 0)
        if participant.role == Participant.Role.MENTOR and places <= 0:
            continue
        reasons = left_out_reasons(participant, programme)
        if not reasons:
            available[participant.pk] = (participant, places)
            continue
        pool.left_out[participant] = "; ".join(reasons)
        if participant.grade is not None:
            set_aside[participant.pk] = (participant, places)
    if with_left_out:
        available.update(set_aside)
    else:
        # Someone left out stays in only for a pair the lead made by hand, with places for those pairs alone.
        kept = Counter()
        for mentor_id, mentee_id, broken_rules in hand_made:
            ids = (mentor_id, mentee_id)
            overridden = [
                pk
                for pk in ids
                if pk in set_aside and left_out_in_words(set_aside[pk][0], pool.left_out) in broken_rules
            ]
            if overridden and all(pk in available or pk in overridden for pk in ids):
                kept.update(overridden)
        for pk, n in kept.items():
            participant, places = set_aside[pk]
            available[pk] = (participant, min(places, n))
            del pool.left_out[participant]
    mentors, mentees = [], []
    for participant, places in sorted(available.values(), key=lambda item: item[0].pk):
        pool.participants[participant.pk] = participant
        if participant.role == Participant.Role.MENTOR:
            mentors.append(_person(participant, places))
        else:
            mentees.append(_person(participant, 1))
    excluded = set(cohort.exclusions.values_list("mentor_id", "mentee_id"))
    excluded |= set(
        Pairing.objects.filter(cohort=cohort).exclude(status__in=Pairing.CURRENT).values_list("mentor_id", "mentee_id")
    )
    earlier = frozenset(
        Pairing.objects.filter(cohort__programme=programme)
        .exclude(cohort=cohort)
        .values_list("mentor__user_id", "mentee__user_id")
    )
    # Line managers as far as the organisation knows them: the chain may run through people outside this cohort.
    managers = dict(
        Participant.objects.filter(cohort__programme__organisation_id=programme.organisation_id)
        .exclude(line_manager_email="")
        .values_list("user__email", "line_manager_email")
    )
    pool.data = algorithm.MatchInput(
        mentors=mentors,
        mentees=mentees,
        topic_names=dict(programme.organisation.topics.values_list("pk", "name")),
        excluded=frozenset(excluded),
        previous_pairs=earlier,
        allow_repeat=allow_repeat,
        min_gap=programme.min_grade_gap,
        mentor_max_level=cohort.rules.mentor_max_level,
        mentee_min_level=cohort.rules.mentee_min_level,
        line_managers=managers,
        weights=weights,
        left_out_mentors=sum(1 for p in pool.left_out if p.role == Participant.Role.MENTOR),
        left_out_mentees=sum(1 for p in pool.left_out if p.role == Participant.Role.MENTEE),
    )
    return pool


# --- Runs --------------------------------------------------------------------------


def latest_run(cohort) -> MatchRun | None:
    return cohort.match_runs.order_by("-created_at", "-pk").first()


@transaction.atomic
def match_run_create(*, cohort, user, weights: algorithm.Weights, allow_repeat: bool = False) -> MatchRun:
    """Run the algorithm over the cohort's unpaired people, keeping the locked pairs of the run it replaces.

    Only in the matching stage, or while active to re-match people whose pairing ended.
    """
    cohort = Cohort.objects.select_for_update(of=("self",)).select_related("programme__organisation").get(pk=cohort.pk)
    reason = matching_blocker(cohort)
    if reason:
        raise ValidationError(reason)
    previous = latest_run(cohort)
    open_before = previous and previous.status == MatchRun.Status.PROPOSED
    locked = list(previous.pairs.filter(locked=True)) if open_before else []
    pool = match_pool(
        cohort=cohort,
        weights=weights,
        allow_repeat=allow_repeat,
        hand_made=[(pair.mentor_id, pair.mentee_id, pair.broken_rules) for pair in locked if pair.manual],
    )
    mentor_ids = {p.id for p in pool.data.mentors}
    mentee_ids = {p.id for p in pool.data.mentees}
    kept = [pair for pair in locked if pair.mentor_id in mentor_ids and pair.mentee_id in mentee_ids]
    pool.data.locked = tuple((pair.mentor_id, pair.mentee_id) for pair in kept)
    result = algorithm.run_match(pool.data)

    run = MatchRun.objects.create(
        cohort=cohort,
        created_by=user,
        previous=previous,
        weights=asdict(weights),
        allow_repeat=allow_repeat,
        total_score=result.total_score,
    )
    manual = {(pair.mentor_id, pair.mentee_id): pair for pair in kept}
    rows = []
    for pair in result.pairs:
        by_hand = manual.get((pair.mentor_id, pair.mentee_id))
        rows.append(
            ProposedPair(
                run=run,
                mentor_id=pair.mentor_id,
                mentee_id=pair.mentee_id,
                score=pair.score,
                explanation=pair.explanation,
                fit_parts=pair.parts,
                warning=pair.warning,
                locked=pair.locked,
                manual=bool(by_hand and by_hand.manual),
                broken_rules=by_hand.broken_rules if by_hand else "",
                reason=by_hand.reason if by_hand else "",
            )
        )
    ProposedPair.objects.bulk_create(rows)
    Unmatched.objects.bulk_create(
        [Unmatched(run=run, participant_id=pid, reason=reason) for pid, reason in result.unmatched.items()]
        + [Unmatched(run=run, participant=p, reason=reason) for p, reason in pool.left_out.items()]
    )
    cohort.match_runs.filter(status=MatchRun.Status.PROPOSED).exclude(pk=run.pk).update(
        status=MatchRun.Status.SUPERSEDED
    )
    return run


def _proposed(run) -> None:
    if run.status != MatchRun.Status.PROPOSED:
        raise ValidationError("This run is no longer open for changes: run a new match to change the proposals.")


@transaction.atomic
def proposed_pair_lock(*, pair: ProposedPair, locked: bool) -> ProposedPair:
    """A locked pair is kept as it is when the lead runs the match again."""
    run = MatchRun.objects.select_for_update().get(pk=pair.run_id)
    _proposed(run)
    pair.locked = locked
    pair.save(update_fields=["locked"])
    return pair


@transaction.atomic
def proposed_pair_exclude(*, pair: ProposedPair, user) -> Exclusion:
    """Rule the pair out for this cohort: it leaves the proposals, and no later run proposes it again."""
    run = MatchRun.objects.select_for_update(of=("self",)).select_related("cohort").get(pk=pair.run_id)
    _proposed(run)
    exclusion, _ = Exclusion.objects.get_or_create(
        mentor_id=pair.mentor_id, mentee_id=pair.mentee_id, defaults={"cohort": run.cohort, "created_by": user}
    )
    pair.delete()
    reason = "their proposed pair was excluded by a lead; run the match again to find another"
    for participant_id in (pair.mentee_id, pair.mentor_id):
        if participant_id == pair.mentor_id and run.pairs.filter(mentor_id=participant_id).exists():
            continue
        Unmatched.objects.update_or_create(run=run, participant_id=participant_id, defaults={"reason": reason})
    run.total_score = sum(run.pairs.values_list("score", flat=True))
    run.save(update_fields=["total_score"])
    return exclusion


@dataclass
class ManualCheck:
    broken: list  # the hard constraints the pair breaks, in words
    score: float
    explanation: str
    parts: dict = field(default_factory=dict)
    warning: str = ""


def manual_pair_check(*, run: MatchRun, mentor: Participant, mentee: Participant) -> ManualCheck:
    """What the algorithm would say about this one pair: the rules it breaks, its score and explanation."""
    pool = match_pool(
        cohort=run.cohort,
        weights=algorithm.Weights(**run.weights) if run.weights else algorithm.Weights(),
        allow_repeat=run.allow_repeat,
        participant_ids=[mentor.pk, mentee.pk],
        with_left_out=True,
    )
    left_out = [left_out_in_words(person, pool.left_out) for person in (mentor, mentee) if person in pool.left_out]
    mentor_person = next((p for p in pool.data.mentors if p.id == mentor.pk), None)
    mentee_person = next((p for p in pool.data.mentees if p.id == mentee.pk), None)
    if mentor_person is None or mentee_person is None:
        missing = mentor if mentor_person is None else mentee
        if not left_out:
            left_out = [_("%(person)s: is already paired or not accepted") % {"person": missing.user}]
        return ManualCheck(broken=left_out, score=0.0, explanation="")
    pool.data.mentors, pool.data.mentees = [mentor_person], [mentee_person]
    scores = algorithm.score_matrix(pool.data)
    return ManualCheck(
        broken=left_out + algorithm.breaches(pool.data),
        score=float(1 + scores.total[0, 0]),
        explanation=algorithm.explain(pool.data, scores, 0, 0),
        parts=algorithm.fit_parts(pool.data, scores, 0, 0),
        warning=algorithm.warning(pool.data, 0, 0),
    )


class NeedsReason(Exception):
    def __init__(self, check: ManualCheck):
        super().__init__("; ".join(check.broken))
        self.check = check


@transaction.atomic
def proposed_pair_manual(*, run: MatchRun, mentor: Participant, mentee: Participant, reason: str = "") -> ProposedPair:
    """A pair the lead makes by hand, locked. If it breaks a hard constraint, the lead must say why.

    A mentor is never given more mentees than their capacity in one run; the mentee's earlier proposal goes.
    """
    run = (
        MatchRun.objects.select_for_update(of=("self",))
        .select_related("cohort__programme__organisation")
        .get(pk=run.pk)
    )
    _proposed(run)
    check = manual_pair_check(run=run, mentor=mentor, mentee=mentee)
    if check.broken and not reason.strip():
        raise NeedsReason(check)
    others = list(run.pairs.filter(mentor=mentor).exclude(mentee=mentee).order_by("locked", "score"))
    if len(others) + 1 > mentor.capacity:
        # The mentor's place is freed from their weakest unlocked proposal; locked ones are the lead's choice.
        free = [pair for pair in others if not pair.locked][: len(others) + 1 - mentor.capacity]
        if len(others) - len(free) + 1 > mentor.capacity:
            raise ValidationError(
                f"{mentor.user} already has {len(others)} locked mentee{'s' if len(others) != 1 else ''} in this "
                f"run (capacity {mentor.capacity}). Unlock or exclude one of those pairs first."
            )
        for pair in free:
            pair.delete()
            Unmatched.objects.update_or_create(
                run=run,
                participant_id=pair.mentee_id,
                defaults={"reason": "their proposed mentor was paired with someone else by a lead"},
            )
    replaced = run.pairs.filter(mentee=mentee).exclude(mentor=mentor).first()
    if replaced:
        replaced.delete()
        if not run.pairs.filter(mentor_id=replaced.mentor_id).exists():
            Unmatched.objects.update_or_create(
                run=run,
                participant_id=replaced.mentor_id,
                defaults={"reason": "their mentee was paired with someone else by a lead"},
            )
    pair, _ = ProposedPair.objects.update_or_create(
        run=run,
        mentee=mentee,
        defaults={
            "mentor": mentor,
            "score": check.score,
            "explanation": check.explanation,
            "fit_parts": check.parts,
            "warning": check.warning,
            "locked": True,
            "manual": True,
            "broken_rules": "; ".join(check.broken),
            "reason": reason.strip(),
        },
    )
    run.unmatched.filter(participant__in=[mentor, mentee]).delete()
    run.total_score = sum(run.pairs.values_list("score", flat=True))
    run.save(update_fields=["total_score"])
    return pair


@dataclass
class Published:
    created: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # why a proposal was not published, in words
    already: bool = False


@transaction.atomic
def match_run_publish(*, run_id: int) -> Published:
    """Turn a run's proposals into pairings (introduced) and introduce each pair by email. Idempotent.

    Safe when two leads publish at once: the cohort, the run and the mentors are locked (always in that
    order, mentors by id, so two publishes queue and never deadlock); a mentor is never taken past capacity;
    the database refuses a second current pairing for a mentee or the same two people twice, and such a
    proposal is skipped, not fatal.
    """
    # Locks in one order everywhere (cohort, run, mentors): two publishes of one cohort queue, never deadlock.
    cohort_id = MatchRun.objects.values_list("cohort_id", flat=True).get(pk=run_id)
    cohort = Cohort.objects.select_for_update(of=("self",)).select_related("programme").get(pk=cohort_id)
    run = MatchRun.objects.select_for_update().get(pk=run_id)
    if run.status == MatchRun.Status.PUBLISHED:
        return Published(already=True)
    if run.status == MatchRun.Status.SUPERSEDED:
        raise ValidationError("A later run replaced this one. Publish the latest run instead.")
    reason = matching_blocker(cohort)
    if reason:
        raise ValidationError(reason)
    pairs = list(run.pairs.select_related("mentor__user", "mentee__user").order_by("-locked", "-score", "pk"))
    if not pairs:
        raise ValidationError(_("This run proposes no pairs, so there is nothing to publish."))
    # Without a rapport check or an agreement to sign there is nothing to wait for: the pairing starts at once.
    programme = cohort.programme
    starts_active = not programme.rapport_check and not programme.agreement_text.strip()
    mentors = {
        m.pk: m
        for m in Participant.objects.select_for_update().filter(pk__in={p.mentor_id for p in pairs}).order_by("pk")
    }
    used = dict(
        Pairing.objects.current()
        .filter(mentor_id__in=mentors)
        .values_list("mentor_id")
        .annotate(n=Count("id"))
        .values_list("mentor_id", "n")
    )
    result = Published()
    introductions = []  # (recipient, pairing, period, link): queued together once every pairing is made
    for pair in pairs:
        if used.get(pair.mentor_id, 0) >= mentors[pair.mentor_id].capacity:
            result.skipped.append(f"{pair.mentor.user} has no place left for {pair.mentee.user}")
            continue
        try:
            with transaction.atomic():
                pairing = Pairing.objects.create(
                    cohort=cohort,
                    mentor=pair.mentor,
                    mentee=pair.mentee,
                    match_run=run,
                    score=pair.score,
                    explanation=pair.explanation,
                    status=Pairing.Status.ACTIVE if starts_active else Pairing.Status.INTRODUCED,
                    activated_at=timezone.now() if starts_active else None,
                )
        except IntegrityError:
            result.skipped.append(f"{pair.mentee.user} is already paired, or was paired with {pair.mentor.user}")
            continue
        used[pair.mentor_id] = used.get(pair.mentor_id, 0) + 1
        result.created.append(pairing)
        link = reverse("meetings:pair", args=[pairing.pk])
        introductions += [(person.user_id, pairing.pk, "", link) for person in (pair.mentor, pair.mentee)]
    # One insert and one send task for the whole cohort, not two of each per pair.
    notification_queue_many(kind="pairing_introduction", subject_model=Pairing, rows=introductions)
    run.status, run.published_at = MatchRun.Status.PUBLISHED, timezone.now()
    run.save(update_fields=["status", "published_at"])
    cohort.match_runs.filter(status=MatchRun.Status.PROPOSED).update(status=MatchRun.Status.SUPERSEDED)
    return result


# --- The pair ----------------------------------------------------------------------


def _lead_users(programme):
    return [role.user for role in programme.roles.filter(role=ProgrammeRole.Role.LEAD).select_related("user")]


def _activate_if_ready(pairing: Pairing) -> None:
    """Active once both partners want to continue and both signed the programme's current agreement.

    Without a rapport check (Programme.rapport_check off) the signatures alone decide.
    """
    if pairing.status != Pairing.Status.INTRODUCED:
        return
    partners = {pairing.mentor_id, pairing.mentee_id}
    programme = pairing.cohort.programme
    if programme.rapport_check:
        yes = set(pairing.rapport_answers.filter(wants_to_continue=True).values_list("participant_id", flat=True))
        if yes != partners:
            return
    if programme.agreement_text.strip():
        signed = set(
            pairing.signatures.filter(version=programme.agreement_version).values_list("participant_id", flat=True)
        )
        if signed != partners:
            return
    pairing.status, pairing.activated_at = Pairing.Status.ACTIVE, timezone.now()
    pairing.save(update_fields=["status", "activated_at"])


def _locked_pairing(pairing_id: int) -> Pairing:
    return Pairing.objects.select_for_update(of=("self",)).select_related("cohort__programme").get(pk=pairing_id)


@transaction.atomic
def rapport_answer(*, pairing_id: int, participant: Participant, wants_to_continue: bool) -> Pairing:
    """Each partner says privately whether to continue. One "no" ends the pairing without fault.

    Both partners then see the same message, and the leads a re-match request: nobody is told who answered.
    """
    pairing = _locked_pairing(pairing_id)
    if not pairing.cohort.programme.rapport_check:
        raise ValidationError(_("Your programme has no rapport check: there is nothing to answer."))
    if pairing.status != Pairing.Status.INTRODUCED:
        raise ValidationError("The rapport check is over for this pairing.")
    RapportAnswer.objects.update_or_create(
        pairing=pairing, participant=participant, defaults={"wants_to_continue": wants_to_continue}
    )
    if wants_to_continue:
        _activate_if_ready(pairing)
        return pairing
    pairing.status, pairing.ended_at = Pairing.Status.REMATCH, timezone.now()
    pairing.save(update_fields=["status", "ended_at"])
    link = reverse("matching:pairings", args=[pairing.cohort_id]) + f"#pairing-{pairing.pk}"
    for lead in _lead_users(pairing.cohort.programme):
        notification_queue(kind="rematch_request", recipient=lead, subject=pairing, link=link)
    return pairing


class AgreementChanged(ValidationError):
    pass


@transaction.atomic
def agreement_sign(*, pairing_id: int, participant: Participant, version: int) -> AgreementSignature:
    """Sign the programme's agreement as it stands now; the signature keeps the words and their version.

    `version` is the one the partner read: if the text changed meanwhile they must read the new one first.
    """
    pairing = _locked_pairing(pairing_id)
    programme = pairing.cohort.programme
    if pairing.status not in Pairing.CURRENT:
        raise ValidationError("This pairing has ended; there is nothing to sign.")
    if not programme.agreement_text.strip():
        raise ValidationError("Your programme has no agreement to sign yet.")
    if version != programme.agreement_version:
        raise AgreementChanged(
            f"The agreement changed while you were reading it. Please read version {programme.agreement_version} "
            "below and sign again."
        )
    signature, _ = AgreementSignature.objects.get_or_create(
        pairing=pairing,
        participant=participant,
        version=programme.agreement_version,
        defaults={"text": programme.agreement_text},
    )
    _activate_if_ready(pairing)
    return signature


@transaction.atomic
def concern_raise(*, pairing: Pairing, participant: Participant, message: str) -> Concern:
    """A private message to the programme's leads; the partner never sees it, and the email only links to it."""
    concern = Concern.objects.create(pairing=pairing, raised_by=participant, message=message.strip())
    link = reverse("matching:pairings", args=[pairing.cohort_id]) + f"#pairing-{pairing.pk}"
    for lead in _lead_users(pairing.cohort.programme):
        notification_queue(kind="pairing_concern", recipient=lead, subject=concern, link=link)
    return concern


@transaction.atomic
def pairing_end(*, pairing_id: int, reason: str) -> Pairing:
    """A lead ends a pairing; the reason stays with the leads. Both partners see the same neutral message."""
    pairing = _locked_pairing(pairing_id)
    if pairing.status not in Pairing.CURRENT:
        raise ValidationError("This pairing has already ended.")
    pairing.status, pairing.ended_at, pairing.end_reason = Pairing.Status.ENDED, timezone.now(), reason.strip()
    pairing.save(update_fields=["status", "ended_at", "end_reason"])
    return pairing


@transaction.atomic
def pairing_end_without_fault(*, pairing_id: int, participant: Participant) -> Pairing:
    """Either partner, mentor or mentee, ends the pairing at any time, without fault and without a reason.

    The same as a "no" at the rapport check: the pairing waits for a re-match, the leads are told by email and
    on the cohort's Pairings page (never which partner asked, which is not recorded), and both partners read the
    same neutral words on the pair page and in one email each. The pair's record stays for them to read.
    """
    pairing = _locked_pairing(pairing_id)
    if participant.pk not in (pairing.mentor_id, pairing.mentee_id):
        raise ValidationError(_("Only the two people in a pairing can end it."))
    if pairing.status not in Pairing.CURRENT:
        raise ValidationError(_("This pairing has already ended."))
    pairing.status, pairing.ended_at = Pairing.Status.REMATCH, timezone.now()
    pairing.save(update_fields=["status", "ended_at"])
    link = reverse("matching:pairings", args=[pairing.cohort_id]) + f"#pairing-{pairing.pk}"
    for lead in _lead_users(pairing.cohort.programme):
        notification_queue(kind="rematch_request", recipient=lead, subject=pairing, link=link)
    partners = Participant.objects.filter(pk__in=[pairing.mentor_id, pairing.mentee_id]).select_related("user")
    notification_queue_many(
        kind="pairing_ended",
        subject_model=Pairing,
        rows=[(person.user_id, pairing.pk, "", reverse("meetings:pair", args=[pairing.pk])) for person in partners],
    )
    return pairing
