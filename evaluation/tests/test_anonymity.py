"""Nobody can link a survey response to a person: not the pages, not the admin, not a copy of the database.

After real submissions through the answering pages and a reseal, these tests
read every table and column (every model Django knows, plus raw SQL on the
response and answer tables and their physical order) and look for any way
back: a key, a token, a user id, a submission time, or an order of rows that
matches the order people answered in. Copies taken between answers, the sealed
holding and the data files themselves are in test_database_copies.py. See
docs/anonymity.md.
"""

import re
import uuid

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from evaluation import services, tasks
from evaluation.models import Answer, Invitation, Question, Response, SealedResponse, Survey
from evaluation.tests.factories import invitation_for, open_survey, valid_answers
from evaluation.tests.results_factories import answer
from notifications.models import Notification
from programmes.models import Participant
from programmes.tests.factories import ParticipantFactory

ALLOWED_RELATIONS = {Response: {Survey}, Answer: {Response, Question}, SealedResponse: {Survey}}
TIME_FIELDS = (models.DateField, models.DateTimeField, models.TimeField, models.DurationField)


# --- the schema ------------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [Response, Answer, SealedResponse])
def test_a_response_and_its_answers_relate_to_nothing_but_the_survey_and_its_questions(model):
    for field in model._meta.get_fields():
        if field.is_relation and field.concrete:
            assert field.related_model in ALLOWED_RELATIONS[model], f"{model.__name__}.{field.name} links elsewhere"
        elif field.is_relation:  # a reverse relation: only answers may point at a response
            assert (model, field.related_model) == (Response, Answer), f"{field.related_model} points at {model}"
        assert not isinstance(field, TIME_FIELDS), f"{model.__name__}.{field.name} would date a response"
    assert isinstance(model._meta.pk, models.UUIDField), "sequential ids would give away submission order"


def test_a_response_holds_its_survey_and_role_and_nothing_else():
    assert {f.name for f in Response._meta.concrete_fields} == {"id", "survey", "role"}


def test_a_sealed_response_holds_its_survey_its_role_and_ciphertext_and_nothing_else():
    assert {f.name for f in SealedResponse._meta.concrete_fields} == {"id", "survey", "role", "sealed"}


def test_no_model_anywhere_points_at_a_response_except_its_answers():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model in (Response, Answer, SealedResponse):
                assert (model, field.name) == (Answer, "response"), f"{model.__name__}.{field.name}"


def test_the_invitation_records_only_that_it_was_used_and_never_when():
    names = {f.name for f in Invitation._meta.concrete_fields}
    assert names == {"id", "survey", "participant", "token_hash", "used", "reminders_sent"}
    assert not any(isinstance(f, TIME_FIELDS) for f in Invitation._meta.concrete_fields)


def test_responses_and_answers_are_not_in_the_django_admin():
    assert not {Response, Answer, SealedResponse} & set(admin.site._registry)


# --- the data, after real submissions and a reseal ------------------------------------------------


def _all_rows():
    """(table, column, value as text) for every column of every row Django knows of."""
    for model in apps.get_models():
        columns = [f.column for f in model._meta.concrete_fields]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT {', '.join(connection.ops.quote_name(c) for c in columns)} "
                f"FROM {connection.ops.quote_name(model._meta.db_table)}"
            )
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    yield model._meta.db_table, column, value


def _comments_in_physical_order(survey) -> tuple[list[str], list[str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT a.text FROM evaluation_response r JOIN evaluation_answer a ON a.response_id = r.id "
            "WHERE r.survey_id = %s AND a.text <> '' ORDER BY r.ctid",
            [survey.pk],
        )
        by_response = [row[0] for row in cursor.fetchall()]
        cursor.execute("SELECT text FROM evaluation_answer WHERE text <> '' ORDER BY ctid")
        by_answer = [row[0] for row in cursor.fetchall()]
    return by_response, by_answer


@pytest.mark.django_db(transaction=True)
def test_after_submissions_and_a_reseal_no_table_leads_back_to_a_person(world):
    for role in (Participant.Role.MENTOR, Participant.Role.MENTEE) * 3:
        ParticipantFactory(cohort=world.cohort, role=role)
    world.programme.min_reporting_group = 5
    world.programme.save()
    survey = open_survey(world.cohort)
    invitations = list(survey.invitations.select_related("participant__user").order_by("pk"))
    assert len(invitations) == 10
    clients = []
    for invitation in invitations:
        client = Client()
        client.force_login(invitation.participant.user)  # sign-in times are written before the window below
        clients.append(client)

    started = timezone.now()
    tokens, submitted = [], []
    for n, (invitation, client) in enumerate(zip(invitations, clients, strict=True)):
        page = client.get(reverse("evaluation:invitation", args=[invitation.pk])).content.decode()
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        tokens.append(token)
        data = valid_answers(survey, benefits=f"Benefit number {n + 1}")
        assert client.post(reverse("evaluation:answer"), {"token": token, **data}).status_code == 302
        submitted.append(f"Benefit number {n + 1}")
    finished = timezone.now()
    assert Response.objects.count() == 10 and not SealedResponse.objects.exists()  # two batches of five
    old_response_ids = {str(pk) for pk in Response.objects.values_list("pk", flat=True)}
    old_answer_ids = {str(pk) for pk in Answer.objects.values_list("pk", flat=True)}

    assert tasks.reseal_survey(survey.pk) == 10  # as the worker runs it

    response_ids = {str(pk) for pk in Response.objects.values_list("pk", flat=True)}
    answer_ids = {str(pk) for pk in Answer.objects.values_list("pk", flat=True)}
    assert len(response_ids) == 10 and not response_ids & old_response_ids and not answer_ids & old_answer_ids
    people = {str(i.participant.user.pk) for i in invitations} | {str(i.participant.pk) for i in invitations}
    names = {i.participant.user.email for i in invitations} | {i.participant.user.name for i in invitations}
    secrets = set(tokens) | old_response_ids | old_answer_ids

    for table, column, value in _all_rows():
        text = str(value)
        # 1. No key: response and answer ids appear only in their own tables.
        if (table, column) not in {("evaluation_response", "id"), ("evaluation_answer", "response_id")}:
            assert text not in response_ids, f"{table}.{column} holds a response id"
        if (table, column) != ("evaluation_answer", "id"):
            assert text not in answer_ids, f"{table}.{column} holds an answer id"
        # 2. No token or earlier id anywhere (the invitation keeps a hash of its last token, not the token).
        assert not any(secret in text for secret in secrets), f"{table}.{column} holds a token or an old id"
        # 3. No person in the response or answer tables: no user or participant id, email or name.
        if table in {"evaluation_response", "evaluation_answer"}:
            assert not any(name in text for name in names), f"{table}.{column} names a person"
            if column in {"id", "response_id"}:
                assert text not in people, f"{table}.{column} holds a person's id"
        # 4. No time of submission in any table.
        if hasattr(value, "year") and hasattr(value, "hour"):
            assert not (started <= value <= finished), f"{table}.{column} = {value} dates a submission"

    # 5. Columns, as the database has them (not only as the models say).
    with connection.cursor() as cursor:
        for table, expected in {
            "evaluation_response": {"id", "survey_id", "role"},
            "evaluation_answer": {"id", "response_id", "question_id", "number", "choice", "choices", "text", "quote"},
            "evaluation_sealedresponse": {"id", "survey_id", "role", "sealed"},
        }.items():
            columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
            assert columns == expected, f"{table} has columns {columns - expected}"

    # 6. No order: neither physical order, nor id order, nor transaction stamps follow submission order.
    by_response, by_answer = _comments_in_physical_order(survey)
    assert sorted(by_response) == sorted(submitted)
    assert by_response != submitted and by_response != submitted[::-1]
    assert by_answer != submitted and by_answer != submitted[::-1]
    by_id = [a.text for a in Answer.objects.exclude(text="").order_by("response_id")]  # random UUIDs: no order
    assert by_id != submitted
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT xmin::text) FROM evaluation_response WHERE survey_id = %s", [survey.pk])
        assert cursor.fetchone()[0] == 1, "every response carries the reseal's transaction stamp, not its own"
        cursor.execute(
            "SELECT count(DISTINCT a.xmin::text) FROM evaluation_answer a JOIN evaluation_response r "
            "ON r.id = a.response_id WHERE r.survey_id = %s",
            [survey.pk],
        )
        assert cursor.fetchone()[0] == 1
        cursor.execute(
            "SELECT count(*) FROM evaluation_invitation i, evaluation_response r "
            "WHERE i.xmin = r.xmin AND r.survey_id = %s",
            [survey.pk],
        )
        assert cursor.fetchone()[0] == 0, "no invitation shares a transaction with a response"

    # 7. Invitations and emails say who was asked and who answered, never which response.
    for notification in Notification.objects.all():
        assert notification.subject_type != ContentType.objects.get_for_model(Response)
        assert notification.subject_type != ContentType.objects.get_for_model(Answer)
    assert Invitation.objects.filter(survey=survey, used=True).count() == 10


# --- the reseal keeps everything but ids and order -------------------------------------------------


def _submit(survey, participant, **by_code):
    invitation = invitation_for(survey, participant)
    from evaluation.forms import AnswerForm

    form = AnswerForm({"token": "x", **valid_answers(survey, **by_code)}, questions=survey.questions.all())
    assert form.is_valid(), form.errors
    services.response_submit(invitation=invitation, answers=form.answers())


def _content(survey):
    return sorted(
        (a.response.role, a.question.code, a.number, a.choice, tuple(a.choices), a.text, a.quote)
        for a in Answer.objects.filter(response__survey=survey).select_related("response", "question")
    )


@pytest.mark.django_db
def test_a_reseal_keeps_every_answer_role_and_quote_decision_and_can_run_again(world):
    survey = open_survey(world.cohort)
    _submit(survey, world.objects["mentor"], benefits="Seeing the force through another's eyes", purpose_clear="3")
    _submit(survey, world.objects["mentee"], benefits="Listening more", purpose_clear="5")
    services.survey_close(survey_id=survey.pk)
    Answer.objects.filter(text="Listening more").update(quote=Answer.Quote.APPROVED)
    before, ids = _content(survey), set(Response.objects.values_list("pk", flat=True))
    assert len(before) > 2 and len(ids) == 2
    assert services.survey_reseal(survey_id=survey.pk) == 2
    assert _content(survey) == before and not ids & set(Response.objects.values_list("pk", flat=True))
    assert Answer.objects.get(text="Listening more").quote == Answer.Quote.APPROVED
    assert services.survey_reseal(survey_id=survey.pk) == 2 and _content(survey) == before


@pytest.mark.django_db
def test_a_reseal_leaves_other_surveys_alone(world):
    survey, other = open_survey(world.cohort), open_survey(world.cohort)
    answer(survey, "mentor", purpose_clear=4)
    answer(other, "mentor", purpose_clear=4)
    other_ids = set(other.responses.values_list("pk", flat=True))
    services.survey_reseal(survey_id=survey.pk)
    assert set(other.responses.values_list("pk", flat=True)) == other_ids


@pytest.mark.django_db
def test_closing_a_survey_opens_every_sealed_response_and_then_reseals_it(world, django_capture_on_commit_callbacks):
    survey = open_survey(world.cohort)
    _submit(survey, world.objects["mentor"])
    assert SealedResponse.objects.count() == 1 and not Response.objects.exists()
    with django_capture_on_commit_callbacks() as callbacks:
        services.survey_close(survey_id=survey.pk)
    assert not SealedResponse.objects.exists() and Response.objects.count() == 1  # opened as the survey closed
    ids = set(Response.objects.values_list("pk", flat=True))
    for callback in callbacks:
        callback()
    assert Response.objects.count() == 1 and not ids & set(Response.objects.values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_nightly_reseal_rewrites_open_surveys_only(world):
    opened, closed = open_survey(world.cohort), open_survey(world.cohort)
    answer(opened, "mentor", purpose_clear=4)
    answer(closed, "mentor", purpose_clear=4)
    Survey.objects.filter(pk=closed.pk).update(status=Survey.Status.CLOSED)
    opened_ids, closed_ids = (
        set(opened.responses.values_list("pk", flat=True)),
        set(closed.responses.values_list("pk", flat=True)),
    )
    assert tasks.reseal_open_surveys() == 1
    assert not opened_ids & set(opened.responses.values_list("pk", flat=True))
    assert closed_ids == set(closed.responses.values_list("pk", flat=True))


@pytest.mark.django_db
def test_response_ids_are_random_not_sequential(world):
    survey = open_survey(world.cohort)
    _submit(survey, world.objects["mentor"])
    _submit(survey, world.objects["mentee"])
    for pk in SealedResponse.objects.values_list("pk", flat=True):
        assert isinstance(pk, uuid.UUID) and pk.version == 4
    services.survey_close(survey_id=survey.pk)
    for pk in [*Response.objects.values_list("pk", flat=True), *Answer.objects.values_list("pk", flat=True)]:
        assert isinstance(pk, uuid.UUID) and pk.version == 4


@pytest.mark.django_db(transaction=True)
def test_answers_sent_while_a_reseal_runs_are_neither_lost_nor_split(world):
    import threading

    for _ in range(6):
        ParticipantFactory(cohort=world.cohort, role=Participant.Role.MENTOR)
    survey = open_survey(world.cohort)
    likert = list(survey.questions.filter(kind="likert"))
    invitations = list(survey.invitations.select_related("participant"))
    errors = []

    def submit_all():
        try:
            for invitation in invitations:
                services.response_submit(invitation=invitation, answers=[(q, 3) for q in likert])
        except Exception as error:  # noqa: BLE001 (reported below)
            errors.append(error)
        finally:
            connection.close()

    def reseal_repeatedly():
        try:
            for _ in range(15):
                services.survey_reseal(survey_id=survey.pk)
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit_all), threading.Thread(target=reseal_repeatedly)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    services.survey_close(survey_id=survey.pk)  # opens what still waits (the two mentees)
    assert Response.objects.filter(survey=survey).count() == len(invitations)
    per_response = Answer.objects.filter(response__survey=survey).values("response").annotate(n=models.Count("pk"))
    assert {row["n"] for row in per_response} == {len(likert)}
