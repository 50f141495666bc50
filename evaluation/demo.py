"""Evaluation's part of the demo, called by remento.demo.seed_demo(context).

`_seed_surveys` (surveys and anonymous responses) runs first; `_seed_results`
(quote approvals, certificates), if defined below, runs after it.

A closed "Pilot 2025" cohort with results shaped like the Leicestershire pilot
(49 invited, 21 answered: 43%; 18 of 21, 86%, agree they could have
meaningful and honest conversations; most undecided about changing their
behaviour), with a baseline taken at its start; and an open survey on the
active "Pilot 2026" with a few answers, still waiting for the demo Mentee.
The open survey's answers go in as people's do (`response_submit`): sealed,
until enough of one role have answered to open them together.

Demo invitations, and the closed surveys' responses, are written directly (no
emails): they stand for surveys sent months or days ago. Idempotent: each survey is found by its
cohort and title and filled only when it is first created.
"""

import hashlib
import random
import secrets

from django.db import transaction
from django.utils import timezone

from evaluation import services
from evaluation.models import Answer, Invitation, Response, Survey
from matching.models import Pairing
from meetings.models import Meeting
from programmes.models import Cohort, Participant
from remento.demo import _participants, _people

PILOT_2025 = "Pilot 2025"
END_SURVEY = "End of pilot evaluation"
BASELINE_SURVEY = "Start of pilot baseline"
OPEN_SURVEY = "Mid-point check-in"
PER_PAIR_SURVEY = "After your fourth meeting"

BENEFITS = [
    "Hearing first-hand what it is like to join us from an ethnic minority background.",
    "A safe space to ask questions I would not have asked in a meeting.",
    "My mentee listened and then acted: the promotion board briefing changed.",
    "Confidence to speak to senior leaders as equals.",
    "I understand how our stop and search data looks from the community's side.",
    "A relationship across ranks that will last beyond the scheme.",
    "Seeing that leaders want to learn, which gave me hope.",
    "Learning how decisions are made at the top and who to talk to.",
    "Understanding micro-aggressions I had never noticed in my own team.",
    "Time to reflect on my own assumptions.",
    "Being heard.",
    "A better sense of what our staff networks do and why they matter.",
]
LEARNING = [
    "Agree ground rules in the first meeting; it made honesty easier.",
    "Meet away from headquarters so rank matters less.",
    "Report back on actions: my mentor saw the lanyard change go through.",
    "Listen more than you speak, especially as the senior person.",
    "Write one action after each meeting and check it the next time.",
    "Our recruitment adverts put off people like my mentor; we are rewriting them.",
    "Shadowing a shift taught me more than any briefing.",
    "Be patient: trust took three meetings.",
    "Share the scheme's purpose with line managers so time is protected.",
    "Ask about the person, not only the issue.",
]
IMPROVEMENTS = [
    "Protected time to meet: shifts made it hard.",
    "A suggested structure for the first two meetings.",
    "More briefing for mentors on how to raise difficult subjects.",
    "Let pairs decide how often to meet.",
    "A mid-point check-in with the programme lead.",
    "Include line managers in the launch.",
    "Longer than six months.",
    "A celebration event at the end.",
]


def seed(context) -> None:
    _seed_surveys(context)
    seed_results = globals().get("_seed_results")
    if seed_results:
        seed_results(context)


def _seed_surveys(context) -> None:
    pilot_2025 = _closed_pilot(context)
    _closed_pilot_surveys(context, pilot_2025)
    _open_survey(context)
    _per_pair_survey(context)


# --- the closed Pilot 2025 cohort: people, pairings, a few meetings -----------------------------------------


def _closed_pilot(context) -> Cohort:
    programme = context["programme"]
    today = timezone.localdate()
    cohort, _ = Cohort.objects.get_or_create(
        programme=programme,
        name=PILOT_2025,
        defaults={
            "status": Cohort.Status.CLOSED,
            "starts_on": today - timezone.timedelta(days=540),
            "ends_on": today - timezone.timedelta(days=360),
            "closed_at": timezone.now() - timezone.timedelta(days=330),
            "next_steps": Cohort.NextSteps.CONTINUE,
            "next_steps_options": [Cohort.NextSteps.CONTINUE, Cohort.NextSteps.ROLL_OUT, Cohort.NextSteps.DISCONTINUE],
            "next_steps_notes": "The steering group agreed to run a second cohort and to protect time to meet.",
        },
    )
    police = context["police"]
    grades = list(police.grades.all())
    directorates, networks, topics = (
        list(police.directorates.all()),
        list(police.networks.all()),
        list(police.topics.all()),
    )
    # Its own seed, so the people drawn do not change the rest of the demo; used_names keeps them unique.
    rng = random.Random("evaluation-pilot-2025")
    domain = "midshire-police.invalid"
    mentors = _participants(
        cohort, Participant.Role.MENTOR, _people(rng, domain, 25, context["used_names"]),
        [g for g in grades if g.level <= 2], directorates, networks, topics, Participant.Status.ACCEPTED,
    )  # fmt: skip
    mentees = _participants(
        cohort, Participant.Role.MENTEE, _people(rng, domain, 24, context["used_names"]),
        [g for g in grades if g.level >= 4], directorates, networks, topics, Participant.Status.ACCEPTED,
    )  # fmt: skip
    _pairings_and_meetings(cohort, mentors, mentees, rng)
    return cohort


def _pairings_and_meetings(cohort, mentors, mentees, rng) -> None:
    """24 pairs that met between none and seven times; the 25th mentor joined too late to be matched."""
    for index, (mentor, mentee) in enumerate(zip(mentors, mentees, strict=False)):
        pairing, created = Pairing.objects.get_or_create(
            mentor=mentor,
            mentee=mentee,
            defaults={"cohort": cohort, "status": Pairing.Status.ENDED, "ended_at": cohort.closed_at},
        )
        if not created:
            continue
        times = [0, 1, 3][index] if index < 3 else rng.choice([2, 3, 4, 4, 4, 5, 5, 6, 7])
        for n in range(times):
            Meeting.objects.create(
                pairing=pairing,
                logged_by=mentor,
                held_on=cohort.starts_on + timezone.timedelta(days=20 + 25 * n + rng.randint(0, 6)),
                duration_minutes=rng.choice([60, 60, 90, 90, 120]),
                format=rng.choice(list(Meeting.Format.values)),
                activity=rng.choice([Meeting.Activity.CONVERSATION] * 4 + [Meeting.Activity.SHADOWING]),
            )


# --- its surveys: a baseline at the start and the end-of-pilot evaluation -----------------------------------


def _likert(agree: int, neutral: int, disagree: int, rng) -> list[int]:
    values = [rng.choice([4, 5]) for _ in range(agree)] + [3] * neutral + [rng.choice([1, 2]) for _ in range(disagree)]
    rng.shuffle(values)
    return values


def _spread(counts: dict, rng) -> list:
    values = [value for value, count in counts.items() for _ in range(count)]
    rng.shuffle(values)
    return values


def _texts(options, count, total, rng) -> list[str]:
    """`count` answers drawn from `options`, the rest of `total` left empty (optional questions)."""
    values = [options[i % len(options)] for i in range(count)] + [""] * (total - count)
    rng.shuffle(values)
    return values


def _invite(survey, participants, answered: int, rng) -> list[Participant]:
    """Invitations for everyone (a random hash: no token exists), `answered` of them used; returns who answered."""
    respondents = rng.sample(participants, answered)
    used = {p.pk for p in respondents}
    Invitation.objects.bulk_create(
        Invitation(
            survey=survey,
            participant=p,
            token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
            used=p.pk in used,
            reminders_sent=0 if p.pk in used else 2,
        )
        for p in participants
    )
    return respondents


def _store(survey, roles: list[str], columns: dict[str, list]) -> None:
    """One response per role, with each question's value from its column (an empty value: not answered)."""
    questions = {q.code: q for q in survey.questions.all()}
    for index, role in enumerate(roles):
        response = Response.objects.create(survey=survey, role=role)
        rows = []
        for code, values in columns.items():
            value, question = values[index], questions[code]
            if value in ("", None):
                continue
            row = Answer(response=response, question=question)
            if question.kind in ("likert", "number"):
                row.number = value
            elif question.kind == "text":
                row.text = value
            else:
                row.choice = value
            rows.append(row)
        Answer.objects.bulk_create(rows)


def _closed_survey(cohort, title, kind, opened_days_after_start, open_for_days) -> tuple[Survey, bool]:
    survey = Survey.objects.filter(cohort=cohort, title=title).first()
    if survey:
        return survey, False
    survey = services.survey_create(cohort=cohort, title=title, kind=kind, from_template=True)
    survey.status = Survey.Status.CLOSED
    survey.opens_on = cohort.starts_on + timezone.timedelta(days=opened_days_after_start)
    survey.closes_on = survey.opens_on + timezone.timedelta(days=open_for_days)
    survey.save()
    return survey, True


@transaction.atomic
def _closed_pilot_surveys(context, cohort) -> None:
    participants = list(cohort.participants.order_by("pk"))
    rng = random.Random("evaluation-pilot-2025-surveys")

    end, created = _closed_survey(cohort, END_SURVEY, Survey.Kind.END, 185, 21)
    if created:
        # Leicestershire's shape: 21 of 49 answered (43%); 86% could have honest conversations; most undecided.
        respondents = _invite(end, participants, 21, rng)
        roles = [p.role for p in respondents]
        rng.shuffle(roles)
        _store(
            end,
            roles,
            {
                "purpose_clear": _likert(17, 3, 1, rng),
                "briefings_suitable": _likert(15, 4, 2, rng),
                "honest_conversations": _likert(18, 2, 1, rng),
                "protected_time": _spread({"yes": 14, "no": 4, "undecided": 3}, rng),
                "behaviour_change": _spread({"undecided": 12, "yes": 7, "no": 2}, rng),
                "benefits": _texts(BENEFITS, 12, 21, rng),
                "learning": _texts(LEARNING, 10, 21, rng),
                "improvements": _texts(IMPROVEMENTS, 8, 21, rng),
                "recommend": _spread({"yes": 17, "undecided": 3, "no": 1}, rng),
            },
        )
        services.survey_reseal(survey_id=end.pk)

    baseline, created = _closed_survey(cohort, BASELINE_SURVEY, Survey.Kind.BASELINE, 0, 14)
    if created:
        # At the start, fewer were clear on the purpose; the later questions wait for the end survey.
        Survey.objects.filter(pk=baseline.pk).update(introduction="Before your first meeting: how clear is it?")
        baseline.questions.exclude(code__in=["purpose_clear", "briefings_suitable"]).delete()
        respondents = _invite(baseline, participants, 30, rng)
        roles = [p.role for p in respondents]
        _store(
            baseline,
            roles,
            {"purpose_clear": _likert(16, 9, 5, rng), "briefings_suitable": _likert(19, 7, 4, rng)},
        )
        services.survey_reseal(survey_id=baseline.pk)


# --- an open survey on the active Pilot 2026, waiting for the demo Mentee -----------------------------------


@transaction.atomic
def _open_survey(context) -> None:
    pilot = context["pilot"]
    if Survey.objects.filter(cohort=pilot, title=OPEN_SURVEY).exists():
        return
    today = timezone.localdate()
    survey = services.survey_create(cohort=pilot, title=OPEN_SURVEY, kind=Survey.Kind.END, from_template=True)
    survey.introduction = "Halfway through the pilot: tell us how it is going, so we can help while there is time."
    survey.status = Survey.Status.OPEN
    survey.opens_on = today - timezone.timedelta(days=5)
    survey.closes_on = today + timezone.timedelta(days=16)
    survey.save()
    participants = list(pilot.participants.filter(status=Participant.Status.ACCEPTED).order_by("pk"))
    waiting = {context["mentors"][0].pk, context["mentees"][0].pk}  # the demo logins still have it to answer
    rng = random.Random("evaluation-pilot-2026")
    respondents = rng.sample([p for p in participants if p.pk not in waiting], 6)
    Invitation.objects.bulk_create(
        Invitation(survey=survey, participant=p, token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest())
        for p in participants
    )
    columns = {
        "purpose_clear": _likert(5, 1, 0, rng),
        "briefings_suitable": _likert(4, 2, 0, rng),
        "honest_conversations": _likert(5, 1, 0, rng),
        "protected_time": _spread({"yes": 4, "undecided": 2}, rng),
        "behaviour_change": _spread({"undecided": 4, "yes": 2}, rng),
        "benefits": _texts(BENEFITS[6:], 3, 6, rng),
        "learning": _texts(LEARNING[5:], 2, 6, rng),
        "improvements": _texts(IMPROVEMENTS[:3], 2, 6, rng),
        "recommend": _spread({"yes": 5, "undecided": 1}, rng),
    }
    # Answered as people answer: each response waits sealed until enough of its role can be opened together.
    questions = {q.code: q for q in survey.questions.all()}
    invitations = {i.participant_id: i for i in survey.invitations.select_related("participant")}
    for index, person in enumerate(respondents):
        answers = [
            (questions[code], values[index]) for code, values in columns.items() if values[index] not in ("", None)
        ]
        services.response_submit(invitation=invitations[person.pk], answers=answers)
    services.survey_reseal(survey_id=survey.pk)


# --- results (the results half of issue 6): quotes approved, the decision, certificates, outcomes -----------

RESULTS_QUOTES = [
    "A safe space to ask questions I would not have asked in a meeting.",
    "My mentee listened and then acted: the promotion board briefing changed.",
    "Confidence to speak to senior leaders as equals.",
    "Understanding micro-aggressions I had never noticed in my own team.",
    "Meet away from headquarters so rank matters less.",
    "Report back on actions: my mentor saw the lanyard change go through.",
    "Protected time to meet: shifts made it hard.",
    "A suggested structure for the first two meetings.",
]


@transaction.atomic
def _seed_results(context) -> None:
    """On the closed Pilot 2025: a lead's chosen quotes, the roll-out decision, certificates and two outcomes.

    Idempotent: quotes are chosen only while none of the survey's comments has been reviewed; certificates are
    issued once per person; the decision and outcomes are written to the same values each time.
    """
    from evaluation.selectors_results import completed_participant_ids
    from evaluation.services_results import certificates_issue
    from meetings.models import Outcome

    cohort = Cohort.objects.filter(programme=context["programme"], name=PILOT_2025).first()
    survey = cohort and Survey.objects.filter(cohort=cohort, title=END_SURVEY, status=Survey.Status.CLOSED).first()
    if not survey:
        return
    comments = Answer.objects.filter(question__survey=survey, question__kind="text").exclude(text="")
    if not comments.exclude(quote="").exists():
        # One answer per chosen text: the same words from several people would read as a chorus.
        chosen = {}
        for answer_id, text in comments.filter(text__in=RESULTS_QUOTES).values_list("id", "text").order_by("id"):
            chosen.setdefault(text, answer_id)
        Answer.objects.filter(pk__in=chosen.values()).update(quote=Answer.Quote.APPROVED)
        comments.filter(text="Being heard.").update(quote=Answer.Quote.REJECTED)

    Cohort.objects.filter(pk=cohort.pk).update(
        next_steps=Cohort.NextSteps.ROLL_OUT,
        next_steps_options=[Cohort.NextSteps.CONTINUE, Cohort.NextSteps.ROLL_OUT, Cohort.NextSteps.DISCONTINUE],
        next_steps_notes="The steering group chose to roll the scheme out to the LGBT+ & Allies and Disability "
        "networks in Phase 2, with protected time to meet and a suggested structure for the first two meetings.",
    )
    _seed_activities(cohort)
    _seed_completion(context, cohort)
    certificates_issue(
        cohort=cohort,
        participant_ids=completed_participant_ids(cohort),
        issued_by=context["lead"],
        issued_on=cohort.ends_on or timezone.localdate(),
    )
    _seed_testimonials(context, cohort)
    for title, category, description in [
        ("Promotion board briefing rewritten", Outcome.Category.RECRUITMENT,
         "Candidates from ethnic minority backgrounds now get the same informal briefing as everyone else."),
        ("Reverse mentoring added to the leadership development programme", Outcome.Category.LEADERSHIP,
         "New Chief Inspectors are offered a mentor in their first year."),
    ]:  # fmt: skip
        Outcome.objects.get_or_create(
            programme=context["programme"],
            cohort=cohort,
            title=title,
            defaults={
                "category": category,
                "description": description,
                "achieved_on": cohort.ends_on or timezone.localdate(),
            },
        )


# --- completion and named testimonials ---------------------------------------------------------------------------


def _first_pairings(cohort) -> list[Pairing]:
    """The closed pilot's pairings in the order they were made (the first met never, the second once)."""
    return list(Pairing.objects.filter(cohort=cohort).select_related("mentor__user", "mentee__user").order_by("pk"))


def _seed_activities(cohort) -> None:
    """Beyond talk, as Wiltshire's pairs did: some meetings were an event attended together, role play or work on a
    shared project. Chosen by meeting id, so a second run changes nothing."""
    for meeting in Meeting.objects.filter(pairing__cohort=cohort, activity=Meeting.Activity.CONVERSATION):
        for every, activity in ((7, Meeting.Activity.EVENT), (11, Meeting.Activity.ROLE_PLAY),
                                (13, Meeting.Activity.PROJECT)):  # fmt: skip
            if meeting.pk % every == 0:
                Meeting.objects.filter(pk=meeting.pk).update(activity=activity)
                break


def _seed_completion(context, cohort) -> None:
    """The programme counts a person as having completed it after 3 meetings held (it suggests 4); the lead marked
    one mentor complete by hand: their mentee retired after the first meeting, and they helped run the celebration.
    """
    from evaluation.models import CompletionDecision
    from programmes.models import Programme

    Programme.objects.filter(pk=context["programme"].pk).update(
        completion_rule=Programme.Completion.MEETINGS, completion_meetings=3
    )
    context["programme"].refresh_from_db()
    pairings = _first_pairings(cohort)
    if len(pairings) > 1:
        CompletionDecision.objects.get_or_create(
            participant=pairings[1].mentor,
            defaults={"completed": True, "decided_by": context["lead"], "decided_at": cohort.closed_at},
        )


TESTIMONIALS = [
    # (pairing index, "mentor" or "mentee", text)
    (3, "mentee", "I thought I knew what it was like to join us from an ethnic minority background. Five "
     "conversations with my mentor showed me how much I had not seen, and I now chair promotion boards "
     "differently."),
    (4, "mentor", "Being listened to by a Chief Superintendent, as an equal, was not something I expected. I speak "
     "up now in meetings I would once have sat through in silence."),
    (6, "mentee", "The most useful development I have had in twenty years of service, and it cost an hour a "
     "month."),
    (8, "mentor", "It gave me a way to turn my experience into change: the lanyards I asked about are in every "
     "station now."),
]  # fmt: skip


def _seed_testimonials(context, cohort) -> None:
    """Named testimonials on the closed pilot, approved by the lead before it closed, and one on the active pilot
    waiting for the lead's decision."""
    from evaluation.models import Testimonial

    pairings = _first_pairings(cohort)
    consent_at = cohort.closed_at - timezone.timedelta(days=40)
    for index, side, text in TESTIMONIALS:
        if index >= len(pairings):
            continue
        person = getattr(pairings[index], side)
        Testimonial.objects.get_or_create(
            participant=person,
            defaults={
                "text": text,
                "shown_name": person.user.name,
                "job_title": _job_title(person),
                "consent_at": consent_at,
                "status": Testimonial.Status.APPROVED,
                "decided_by": context["lead"],
                "decided_at": consent_at + timezone.timedelta(days=3),
            },
        )

    pilot = context["pilot"]
    waiting = (
        Pairing.objects.filter(cohort=pilot, status=Pairing.Status.ACTIVE)
        .exclude(mentor=context["mentors"][0])
        .select_related("mentor__user", "mentor__grade", "mentor__directorate")
        .order_by("pk")
        .first()
    )
    if waiting:
        Testimonial.objects.get_or_create(
            participant=waiting.mentor,
            defaults={
                "text": "Three meetings in, my mentee has already changed how the shift briefings are run. I would "
                "recommend it to anyone who has ever felt unheard at work.",
                "shown_name": waiting.mentor.user.name,
                "job_title": _job_title(waiting.mentor),
                "consent_at": timezone.now() - timezone.timedelta(days=2),
            },
        )


# Police staff grades are pay scales, not what anyone calls their job: staff give a job title instead.
STAFF_TITLES = {1: "Contact Centre Adviser", 2: "Intelligence Analyst", 3: "HR Business Partner",
                4: "Head of Learning and Development", 5: "Director of Finance"}  # fmt: skip


def _job_title(participant) -> str:
    grade = participant.grade
    if grade is None:
        title = "Police officer"
    elif grade.ladder == "Police staff":
        title = STAFF_TITLES.get(grade.level, "Police staff")
    else:
        title = grade.name
    return f"{title}, {participant.directorate.name}" if participant.directorate else title


# --- a survey that opens for each pair once it has logged the suggested number of meetings (4) ---------------


@transaction.atomic
def _per_pair_survey(context) -> None:
    """Open, with the "after N meetings" trigger, and nobody invited yet: the schedule's survey scan (which
    `make demo` runs at start and every minute, manage.py rundemo) invites the pairs that have met four times,
    and the demo Mentor and Mentee, who have met three times, once they log their fourth meeting."""
    pilot = context["pilot"]
    if Survey.objects.filter(cohort=pilot, title=PER_PAIR_SURVEY).exists():
        return
    survey = services.survey_create(cohort=pilot, title=PER_PAIR_SURVEY, kind=Survey.Kind.END, from_template=True)
    survey.introduction = "You have met four times: how is it going? Your answer is anonymous."
    survey.trigger = Survey.Trigger.MEETINGS
    survey.status = Survey.Status.OPEN
    survey.opens_on = timezone.localdate() - timezone.timedelta(days=30)
    survey.closes_on = context["pilot"].ends_on
    survey.save()
