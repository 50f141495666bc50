"""Surveys: building, opening, inviting, reminding, answering anonymously, opening sealed batches, resealing.

The anonymity rules (DESIGN privacy rule 4; the whole argument is in
docs/anonymity.md) are enforced here:

- an Invitation keeps only a SHA-256 hash of its one-time token, and the only
  thing that changes when someone answers is `used`;
- marking the invitation used and sealing the answers are two transactions, so
  the sealed row shares no transaction with anything that names a person;
  if sealing fails the invitation is released again;
- a submitted response is held sealed (encrypted with a key from settings, see
  evaluation/sealing.py) and becomes a readable Response only in a batch of at
  least the programme's minimum group of the same role, written in a random
  order in one transaction (`responses_open`), or at close, when suppression
  decides what shows; so two copies of the database taken either side of one
  answer show no readable response that was not there before;
- a Response holds the survey and the respondent's role, nothing else, with a
  random id; nothing records when it was written;
- `responses_reseal` rewrites surveys' responses in a random order with fresh
  ids and rewrites the tables' files (evaluation/storage.py), so neither storage
  order, transaction stamps nor dead row versions in the files say anything.
"""

import hashlib
import logging
import secrets
import uuid
from datetime import date, timedelta

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from evaluation import sealing, storage
from evaluation.defaults import DEFAULT_TEMPLATE
from evaluation.emails import SURVEY_INVITATION, SURVEY_REMINDER
from evaluation.models import Answer, Invitation, Question, Response, SealedResponse, Section, Survey
from evaluation.suppression import ABSOLUTE_MINIMUM
from notifications.models import Notification
from notifications.services import notification_queue
from programmes.models import Cohort, Participant

logger = logging.getLogger(__name__)

TOKEN_BYTES = 32
MAX_REMINDERS = 2
REMINDER_AFTER_DAYS = 7


class SurveyLocked(Exception):
    """The survey has opened: its questions may already have been answered, so they cannot change."""


class InvitationSpent(Exception):
    """The invitation was used already, or the survey is not open to answers."""


# --- tokens ------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _fresh_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_hash(token)


# --- building ----------------------------------------------------------------


def _require_draft(survey: Survey) -> None:
    if survey.status != Survey.Status.DRAFT:
        raise SurveyLocked("The questions cannot change once the survey has opened: people may have answered them.")


def _unique_code(survey: Survey, text: str, exclude_pk=None) -> str:
    base = slugify(text)[:50] or "question"
    taken = set(survey.questions.exclude(pk=exclude_pk).values_list("code", flat=True))
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


@transaction.atomic
def survey_create(*, cohort: Cohort, title: str, kind: str, from_template: bool) -> Survey:
    """A draft survey for the cohort, from the default template (with stable codes) or with no questions."""
    survey = Survey.objects.create(cohort=cohort, title=title, kind=kind)
    if from_template:
        order = 0
        for section_order, (section_title, questions) in enumerate(DEFAULT_TEMPLATE):
            section = Section.objects.create(survey=survey, title=section_title, order=section_order)
            for code, text, question_kind, theme, level, required in questions:
                Question.objects.create(
                    survey=survey,
                    section=section,
                    order=order,
                    code=code,
                    text=text,
                    kind=question_kind,
                    theme=theme,
                    level=level,
                    required=required,
                )
                order += 1
    return survey


@transaction.atomic
def survey_settings_save(*, survey: Survey, form) -> Survey:
    """Settings change only while the survey is a draft: once people are invited, the rules they were told stand."""
    _require_draft(survey)
    return form.save()


@transaction.atomic
def survey_delete(*, survey: Survey) -> None:
    """Only a draft can be deleted: an opened survey may hold answers, which are kept."""
    _require_draft(survey)
    survey.delete()


@transaction.atomic
def section_add(*, survey: Survey, title: str) -> Section:
    _require_draft(survey)
    last = survey.sections.aggregate(m=Max("order"))["m"]
    return Section.objects.create(survey=survey, title=title, order=0 if last is None else last + 1)


@transaction.atomic
def question_save(*, survey: Survey, form) -> Question:
    """Add or change a question of a draft survey; a new one goes last, and every question gets a code."""
    _require_draft(survey)
    question = form.save(commit=False)
    question.survey = survey
    if question.pk is None:
        last = survey.questions.aggregate(m=Max("order"))["m"]
        question.order = 0 if last is None else last + 1
    question.code = _unique_code(survey, question.code or question.text, exclude_pk=question.pk)
    question.save()
    return question


@transaction.atomic
def question_delete(*, question: Question) -> None:
    _require_draft(question.survey)
    question.delete()


@transaction.atomic
def question_move(*, question: Question, up: bool) -> None:
    """Swap the question with its neighbour in the same section (renumbering the survey's order first)."""
    survey = question.survey
    _require_draft(survey)
    questions = list(survey.questions.select_for_update().order_by("order", "pk"))
    for index, item in enumerate(questions):
        item.order = index
    siblings = [q for q in questions if q.section_id == question.section_id]
    position = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = position - 1 if up else position + 1
    if 0 <= other < len(siblings):
        a, b = siblings[position], siblings[other]
        a.order, b.order = b.order, a.order
    Question.objects.bulk_update(questions, ["order"])


# --- opening, inviting, closing ----------------------------------------------


def _audience_roles(survey: Survey) -> list[str]:
    return {
        Survey.Audience.MENTORS: [Participant.Role.MENTOR],
        Survey.Audience.MENTEES: [Participant.Role.MENTEE],
    }.get(survey.audience, [Participant.Role.MENTOR, Participant.Role.MENTEE])


def survey_candidates(survey: Survey):
    """Participants who should be invited now and have not been: accepted, in the audience, and for the
    meetings trigger, in a pairing that has logged the programme's suggested number of meetings."""
    candidates = Participant.objects.filter(
        cohort_id=survey.cohort_id, status=Participant.Status.ACCEPTED, role__in=_audience_roles(survey)
    ).exclude(survey_invitations__survey=survey)
    if survey.trigger == Survey.Trigger.MEETINGS:
        candidates = candidates.annotate(
            logged=Count("pairings_as_mentor__meetings", distinct=True)
            + Count("pairings_as_mentee__meetings", distinct=True)
        ).filter(logged__gte=survey.cohort.programme.suggested_meetings)
    return candidates.select_related("user")


def invitations_create(*, survey: Survey, participants) -> list[Invitation]:
    """Invite each participant once and queue their email, inside the caller's transaction.

    The token made here is thrown away: only its hash is kept, and the email
    links to the invitation page, which issues a fresh token to the signed-in
    participant (so no stored link, and no copy of the database, opens a survey).
    """
    invitations = []
    for participant in participants:
        _, hashed = _fresh_token()
        invitation = Invitation.objects.create(survey=survey, participant=participant, token_hash=hashed)
        notification_queue(
            kind=SURVEY_INVITATION,
            recipient=participant.user,
            subject=invitation,
            link=reverse("evaluation:invitation", args=[invitation.pk]),
        )
        invitations.append(invitation)
    return invitations


def _invite_due(survey: Survey) -> int:
    return len(invitations_create(survey=survey, participants=list(survey_candidates(survey))))


def survey_open(*, survey_id: int) -> int:
    """Open a draft survey and invite its audience (or, for the meetings trigger, those who qualify now).

    Returns how many were invited. The survey row is locked so two openings,
    or an opening and a scan, never invite anyone twice.
    """
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("cohort__programme").get(pk=survey_id)
        _require_draft(survey)
        if not survey.questions.exists():
            raise SurveyLocked("Add at least one question before opening the survey.")
        survey.status = Survey.Status.OPEN
        today = timezone.localdate()
        if not survey.opens_on or survey.opens_on > today:  # opened early by the button: it opened today
            survey.opens_on = today
        survey.save(update_fields=["status", "opens_on"])
        return _invite_due(survey)


def survey_close(*, survey_id: int) -> None:
    """Close an open survey: no more answers, no more reminders. Every response still sealed is opened in the
    same transaction, however few (the results pages then hide groups that are too small), so the results are
    whole from the moment they show; the responses are resealed once closed."""
    from evaluation.tasks import reseal_survey

    with transaction.atomic():
        # FOR UPDATE waits for answers being sealed (they hold a share lock), so none is left behind.
        survey = Survey.objects.select_for_update(of=("self",)).select_related("cohort__programme").get(pk=survey_id)
        if survey.status != Survey.Status.OPEN:
            return
        today = timezone.localdate()
        survey.status = Survey.Status.CLOSED
        if not survey.closes_on or survey.closes_on > today:
            survey.closes_on = today
        survey.save(update_fields=["status", "closes_on"])
        _open_sealed(survey, everything=True)
        transaction.on_commit(lambda: reseal_survey.delay(survey_id))


def _reminder_due(now) -> Q:
    """An invitation owes its next reminder: not answered, fewer than MAX_REMINDERS so far, its survey open, emailed
    about, and nothing emailed about it in the last REMINDER_AFTER_DAYS. Conditions on the row and its own
    subqueries only, so the claim can hold them in the very statement that writes."""
    emails = Notification.objects.filter(
        subject_type=ContentType.objects.get_for_model(Invitation),
        subject_id=OuterRef("pk"),
        kind__in=[SURVEY_INVITATION, SURVEY_REMINDER],
    )
    return (
        Q(used=False, reminders_sent__lt=MAX_REMINDERS)
        & Q(Exists(Survey.objects.filter(pk=OuterRef("survey_id"), status=Survey.Status.OPEN)))
        # An invitation never emailed, such as the demo's, has nothing to remind of.
        & Q(Exists(emails))
        & ~Q(Exists(emails.filter(created_at__gt=now - timedelta(days=REMINDER_AFTER_DAYS))))
    )


def reminders_send(*, now=None) -> int:
    """Remind each person who has not answered an open survey, at most MAX_REMINDERS times.

    Reminder n is due REMINDER_AFTER_DAYS after the last email about the invitation. Whether it is due is decided
    inside the conditional update that claims it (on `reminders_sent`, `used=False` and the emails recorded so
    far), in the transaction that records the reminder: a second scan running at the same time (two beats) either
    waits for the first's row and finds `reminders_sent` moved on, or starts after it and sees its email, so
    reminder n+1 can never follow reminder n in the same run. None goes after answering.
    """
    now = now or timezone.now()
    due = _reminder_due(now)
    sent = 0
    for invitation in Invitation.objects.filter(due).select_related("participant__user"):
        number = invitation.reminders_sent + 1
        with transaction.atomic():
            claimed = (
                Invitation.objects.filter(due, pk=invitation.pk, reminders_sent=invitation.reminders_sent).update(
                    reminders_sent=number
                )  # fmt: skip
            )
            if claimed:
                notification_queue(
                    kind=SURVEY_REMINDER,
                    recipient=invitation.participant.user,
                    subject=invitation,
                    period=f"reminder-{number}",
                    link=reverse("evaluation:invitation", args=[invitation.pk]),
                )
                sent += 1
    return sent


def surveys_scan(*, today: date | None = None) -> dict:
    """The beat's round: open surveys whose date has come, close those past their last day, invite people
    who have now logged enough meetings, and send due reminders. Safe to run at any time, any number of times."""
    today = today or timezone.localdate()
    opened = closed = invited = 0
    due_to_open = Survey.objects.filter(status=Survey.Status.DRAFT, trigger=Survey.Trigger.DATES, opens_on__lte=today)
    for survey_id in due_to_open.exclude(closes_on__lt=today).values_list("pk", flat=True):
        try:
            invited += survey_open(survey_id=survey_id)
            opened += 1
        except SurveyLocked:
            continue  # opened meanwhile, or has no questions yet
    for survey_id in Survey.objects.filter(status=Survey.Status.OPEN, closes_on__lt=today).values_list("pk", flat=True):
        survey_close(survey_id=survey_id)
        closed += 1
    for survey_id in Survey.objects.filter(status=Survey.Status.OPEN, trigger=Survey.Trigger.MEETINGS).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            survey = Survey.objects.select_for_update().select_related("cohort__programme").get(pk=survey_id)
            if survey.status == Survey.Status.OPEN:
                invited += _invite_due(survey)
    reminded = reminders_send()
    return {"opened": opened, "closed": closed, "invited": invited, "reminded": reminded}


# --- answering ---------------------------------------------------------------


def invitation_state(invitation: Invitation, today: date | None = None) -> str:
    """ "open", "used" or "closed" (the survey is not taking answers): what the invitation page shows."""
    if invitation.used:
        return "used"
    survey = invitation.survey
    today = today or timezone.localdate()
    if survey.status != Survey.Status.OPEN or (survey.closes_on and survey.closes_on < today):
        return "closed"
    return "open"


def invitation_issue_token(*, invitation: Invitation) -> str:
    """A fresh one-time token for the form on the invitation page. Only its hash is stored; an earlier
    form (another window) stops working, which the page explains."""
    token, hashed = _fresh_token()
    Invitation.objects.filter(pk=invitation.pk, used=False).update(token_hash=hashed)
    return token


def _answer_row(response: Response, question: Question, value) -> Answer:
    answer = Answer(id=uuid.uuid4(), response=response, question=question)
    if question.kind in (Question.Kind.LIKERT, Question.Kind.NUMBER):
        answer.number = int(value)
    elif question.kind == Question.Kind.MULTIPLE:
        answer.choices = list(value)
    elif question.kind == Question.Kind.TEXT:
        answer.text = value
    else:
        answer.choice = value
    return answer


def _sealed_value(question: Question, value):
    if question.kind in (Question.Kind.LIKERT, Question.Kind.NUMBER):
        return int(value)
    if question.kind == Question.Kind.MULTIPLE:
        return [str(choice) for choice in value]
    return str(value)


def response_submit(*, invitation: Invitation, answers: list[tuple[Question, object]]) -> None:
    """Store one anonymous response for an invitation, at most once, sealed until a batch can be opened.

    Transaction 1 claims the invitation (`used` False → True, a conditional
    update, so a double or concurrent submit stores nothing twice). Transaction
    2 seals the answers into the holding table: the survey, the role and
    ciphertext, with a random id. The two never share a transaction, so no
    transaction stamp ties the sealed row to the invitation (and it could not be
    read if one did). If sealing fails, the invitation is released so the person
    can answer again. Then, if enough responses of the role are waiting, they
    are opened as a batch; if that fails, nothing is lost: they stay sealed for
    the next opening (the next answer, the nightly reseal or the close). Nothing
    here logs the person, the token or the time.
    """
    role = invitation.participant.role
    survey_id = invitation.survey_id
    with transaction.atomic():
        if not Survey.objects.filter(pk=survey_id, status=Survey.Status.OPEN).exists():
            raise InvitationSpent
        claimed = Invitation.objects.filter(pk=invitation.pk, used=False).update(used=True)
    if not claimed:
        raise InvitationSpent
    try:
        with transaction.atomic():
            _lock_survey_open(survey_id)
            size = sealing.payload_size(Question.objects.filter(survey_id=survey_id))
            sealed = sealing.seal([(q.pk, _sealed_value(q, value)) for q, value in answers], size=size)
            SealedResponse.objects.create(survey_id=survey_id, role=role, sealed=sealed)
    except BaseException:
        Invitation.objects.filter(pk=invitation.pk).update(used=False)
        raise
    try:
        responses_open(survey_id=survey_id)
    except Exception as error:  # noqa: BLE001 (the answer is stored: log only the kind of failure)
        logger.error(
            "Sealed survey responses could not be opened (%s); they wait for the next opening.", type(error).__name__
        )


def _lock_survey_open(survey_id: int) -> None:
    """Hold the survey open while this response is sealed (a share lock, so answers do not wait on each other):
    closing, opening and resealing wait for it, and a survey that closed meanwhile takes no answer."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT 1 FROM {Survey._meta.db_table} WHERE id = %s AND status = %s FOR SHARE",
                [survey_id, Survey.Status.OPEN],
            )
            still_open = cursor.fetchone() is not None
    else:
        still_open = Survey.objects.filter(pk=survey_id, status=Survey.Status.OPEN).exists()
    if not still_open:
        raise InvitationSpent


# --- opening sealed responses in batches ---------------------------------------


def batch_minimum(survey: Survey) -> int:
    """The fewest responses of one role that are opened together: the programme's minimum reporting group."""
    return max(survey.cohort.programme.min_reporting_group, ABSOLUTE_MINIMUM)


def responses_open(*, survey_id: int) -> int:
    """Open the survey's sealed responses of each role that has at least the minimum group waiting, as one batch
    (see `_open_sealed`). Returns how many were opened. Safe to run at any time, any number of times."""
    with transaction.atomic():
        survey = Survey.objects.select_for_update(of=("self",)).select_related("cohort__programme").get(pk=survey_id)
        return _open_sealed(survey, everything=survey.status == Survey.Status.CLOSED)


def _open_sealed(survey: Survey, *, everything: bool) -> int:
    """Write sealed responses as plain responses, in the caller's transaction with the survey locked.

    A role's waiting responses are opened only when at least `batch_minimum` of them wait (or, with `everything`,
    at close, however few), all together, in a random order, with fresh random ids, and their sealed rows deleted
    in the same transaction. So whoever compares two copies of the database sees new responses only in batches
    of at least that many people of one role, all with one transaction stamp, and cannot tell which is whose.
    Batches are per role because the role is stored with each response: in a batch of four mentors and one
    mentee, the mentee's response would be the one mentee's.
    """
    waiting = dict(SealedResponse.objects.filter(survey=survey).values_list("role").annotate(n=Count("pk")).order_by())
    roles = [role for role, n in waiting.items() if everything or n >= batch_minimum(survey)]
    if not roles:
        return 0
    batch = list(SealedResponse.objects.filter(survey=survey, role__in=roles).values_list("pk", "role", "sealed"))
    questions = {question.pk: question for question in survey.questions.all()}
    rng = secrets.SystemRandom()
    rng.shuffle(batch)
    responses, answers = [], []
    for _, role, sealed in batch:
        response = Response(id=uuid.uuid4(), survey=survey, role=role)
        responses.append(response)
        answers += [
            _answer_row(response, questions[question_id], value)
            for question_id, value in sealing.unseal(sealed)
            if question_id in questions  # questions cannot change once a survey opens; this is belt and braces
        ]
    rng.shuffle(answers)
    Response.objects.bulk_create(responses)
    Answer.objects.bulk_create(answers, batch_size=1000)
    SealedResponse.objects.filter(pk__in=[pk for pk, _, _ in batch]).delete()
    return len(batch)


# --- resealing -----------------------------------------------------------------

# Where a submitted response is kept, in the order an opening batch writes them (an answer points at its response).
SURVEY_ANSWER_TABLES = [SealedResponse, Response, Answer]


def responses_reseal(*, survey_ids: list[int]) -> int:
    """Rewrite these surveys' responses and answers in a random order with fresh random ids, and the tables'
    files, in one transaction.

    First any batch that is due is opened (all waiting responses, for a closed survey). Afterwards every row
    has the same transaction stamp and a storage position that says nothing about when it was written, and the
    response, answer and holding tables hold their live rows and nothing else (evaluation/storage.py): no
    earlier row version, with an old id, stamp or comment, stays in their files or indexes, even while an older
    transaction is open elsewhere. Quote moderation is kept. Idempotent; returns the number of responses rewritten.
    """
    rng = secrets.SystemRandom()
    with transaction.atomic():
        # FOR UPDATE waits for answers being sealed (they hold a share lock) and keeps new ones out meanwhile.
        surveys = list(
            Survey.objects.select_for_update(of=("self",))
            .select_related("cohort__programme")
            .filter(pk__in=survey_ids)
            .order_by("pk")
        )
        if not surveys:
            return 0
        # The tables before any row in them: in the order an opening batch uses them, so nobody waits in a circle.
        storage.tables_lock(SURVEY_ANSWER_TABLES)
        count = 0
        for survey in surveys:
            _open_sealed(survey, everything=survey.status == Survey.Status.CLOSED)
            count += _rewrite(survey, rng)
        storage.tables_rewrite(SURVEY_ANSWER_TABLES)
    return count


def survey_reseal(*, survey_id: int) -> int:
    """`responses_reseal` for one survey (at close)."""
    return responses_reseal(survey_ids=[survey_id])


def _rewrite(survey: Survey, rng) -> int:
    responses = list(Response.objects.filter(survey=survey).values_list("pk", "role"))
    if not responses:
        return 0
    answers = list(
        Answer.objects.filter(response__survey=survey).values_list(
            "response_id", "question_id", "number", "choice", "choices", "text", "quote"
        )
    )
    Answer.objects.filter(response__survey=survey).delete()
    Response.objects.filter(survey=survey).delete()
    rng.shuffle(responses)
    rng.shuffle(answers)
    fresh = {old: uuid.uuid4() for old, _ in responses}
    Response.objects.bulk_create([Response(id=fresh[old], survey=survey, role=role) for old, role in responses])
    Answer.objects.bulk_create(
        [
            Answer(
                id=uuid.uuid4(),
                response_id=fresh[response_id],
                question_id=question_id,
                number=number,
                choice=choice,
                choices=choices,
                text=text,
                quote=quote,
            )
            for response_id, question_id, number, choice, choices, text, quote in answers
        ],
        batch_size=1000,
    )
    return len(responses)


def sealed_responses_rekey() -> int:
    """Seal every waiting response again with the first key in SURVEY_SEAL_KEYS, and rewrite the holding table so
    that no ciphertext made with an older key stays in its files, alive or dead. Afterwards the older keys can be
    removed from the settings (docs/deploy.md, "Survey seal keys"). Returns how many were sealed again."""
    with transaction.atomic():
        # The whole table at once: answers sealed meanwhile, and batches opened meanwhile, wait for the new key.
        storage.tables_lock([SealedResponse])
        rows = list(SealedResponse.objects.values_list("pk", "sealed"))
        for pk, sealed in rows:
            SealedResponse.objects.filter(pk=pk).update(sealed=sealing.with_newest_key(sealed))
        storage.tables_rewrite([SealedResponse])
    return len(rows)


def open_survey_ids() -> list[int]:
    return list(Survey.objects.filter(status=Survey.Status.OPEN).values_list("pk", flat=True))


def survey_counts(survey: Survey) -> dict:
    """Invitations and answers so far: totals only."""
    counts = survey.invitations.aggregate(invited=Count("pk"), answered=Count("pk", filter=Q(used=True)))
    return counts


def invitations_open_for(user) -> list[dict]:
    """The person's surveys still waiting for their answer (for the home page): the invitation's pk, the
    survey's title and closing date, the cohort's and programme's names. Plain values: the home page is
    the most visited page, and whole rows of four models cost more to build than to show."""
    if not user.is_authenticated:
        return []
    return list(
        Invitation.objects.filter(participant__user=user, used=False, survey__status=Survey.Status.OPEN)
        .order_by("survey__closes_on", "pk")
        .values(
            "pk",
            title=F("survey__title"),
            closes_on=F("survey__closes_on"),
            cohort_name=F("survey__cohort__name"),
            programme_name=F("survey__cohort__programme__name"),
        )
    )
