"""Copies of the database, and its data files, link no survey answer to a person beyond a batch of k.

The attacks of issue 13, run for real against PostgreSQL: a copy is every column of every table (as `pg_dump`
writes them) with each row's transaction stamp (`xmin`) and place (`ctid`); the data files are read page by page
with `pageinspect`, dead row versions and all. See docs/anonymity.md.
"""

import struct
import uuid
from collections import Counter

import psycopg2
import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.management import call_command
from django.db import IntegrityError, connection

from evaluation import services, tasks
from evaluation.forms import AnswerForm
from evaluation.models import Answer, Invitation, Response, SealedResponse, Survey
from evaluation.tests.factories import invitation_for, open_survey, valid_answers
from programmes.models import Participant
from programmes.tests.factories import ParticipantFactory

RESPONSE_TABLES = ("evaluation_response", "evaluation_answer")


# --- what an attacker reads ----------------------------------------------------------------------------------


def _copy() -> dict[str, list[dict]]:
    """Every table of the database, every column as text, with each row's xmin and ctid: a dump, as read."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, array_agg(column_name::text ORDER BY ordinal_position) FROM information_schema.columns "
            "WHERE table_schema = 'public' GROUP BY table_name"
        )
        tables = cursor.fetchall()
        copy = {}
        for table, columns in tables:
            names = ", ".join(f'"{c}"::text' for c in columns)
            cursor.execute(f'SELECT xmin::text, ctid::text, {names} FROM "{table}" ORDER BY ctid')
            copy[table] = [dict(zip(["xmin", "ctid", *columns], row, strict=True)) for row in cursor.fetchall()]
    return copy


def _readable_responses(copy) -> Counter:
    """The responses a copy shows, by content (role and answers, ids left out): fresh ids do not hide a new one."""
    answers = {}
    for row in copy["evaluation_answer"]:
        answers.setdefault(row["response_id"], []).append(
            (row["question_id"], row["number"], row["choice"], row["choices"], row["text"])
        )
    return Counter(
        (row["survey_id"], row["role"], tuple(sorted(answers.get(row["id"], []), key=str)))
        for row in copy["evaluation_response"]
    )


def _used_invitations(copy) -> set[str]:
    return {row["participant_id"] for row in copy["evaluation_invitation"] if row["used"] == "true"}


def _anywhere(copy, text: str) -> list[str]:
    return [f"{table}.{column}" for table, rows in copy.items() for row in rows for column, v in row.items()
            if v and text in v]  # fmt: skip


def _pages(relation: str) -> list[bytes]:
    """Every page of a table, of its TOAST table and of their indexes, as stored."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.oid::regclass::text FROM pg_class c WHERE c.oid IN (%s::regclass, "
            "(SELECT reltoastrelid FROM pg_class WHERE oid = %s::regclass)) UNION ALL "
            "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid IN (%s::regclass, "
            "(SELECT reltoastrelid FROM pg_class WHERE oid = %s::regclass))",
            [relation] * 4,
        )
        pages = []
        for (name,) in cursor.fetchall():
            cursor.execute("SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int", [name])
            for block in range(cursor.fetchone()[0]):
                cursor.execute("SELECT get_raw_page(%s, %s)", [name, block])
                pages.append(bytes(cursor.fetchone()[0]))
    return pages


def _stored_tuples(relation: str) -> list[tuple[int, str]]:
    """(xmin, data) of every row version in the relation's pages, dead or alive."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_relation_size(%s::regclass) / current_setting('block_size')::int", [relation])
        tuples = []
        for block in range(cursor.fetchone()[0]):
            cursor.execute(
                "SELECT t_xmin::text, t_data FROM heap_page_items(get_raw_page(%s, %s)) WHERE lp_flags = 1",
                [relation, block],
            )
            tuples += [(xmin, bytes(data)) for xmin, data in cursor.fetchall()]
    return tuples


def _live_count(table: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT count(*) FROM "{table}"')
        return cursor.fetchone()[0]


@pytest.fixture
def pageinspect(db):
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")


@pytest.fixture
def older_transaction():
    """A transaction elsewhere in the cluster that began before the reseal and stays open through it, as a
    backup, a long report or an idle session does. It touches none of the survey tables."""
    settings = connection.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"], user=settings["USER"], host=settings["HOST"] or "127.0.0.1",
        port=settings["PORT"] or 5432, password=settings["PASSWORD"] or None,
    )  # fmt: skip
    other.set_session(isolation_level="REPEATABLE READ")
    with other.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM programmes_organisation")  # takes its snapshot now
    yield other
    other.rollback()
    other.close()


# --- how people answer ----------------------------------------------------------------------------------------


def _people(world, mentors: int, mentees: int, minimum: int):
    """The world's cohort with this many mentors and mentees, and the programme's minimum group set."""
    world.programme.min_reporting_group = minimum
    world.programme.save()
    have = Counter(world.cohort.participants.values_list("role", flat=True))
    for role, wanted in ((Participant.Role.MENTOR, mentors), (Participant.Role.MENTEE, mentees)):
        for _ in range(wanted - have[role]):
            ParticipantFactory(cohort=world.cohort, role=role)


def _answer(survey, participant, **by_code):
    invitation = invitation_for(survey, participant)
    form = AnswerForm({"token": "x", **valid_answers(survey, **by_code)}, questions=survey.questions.all())
    assert form.is_valid(), form.errors
    services.response_submit(invitation=invitation, answers=form.answers())


def _survey_people(survey, role):
    return [i.participant for i in survey.invitations.filter(participant__role=role).select_related("participant")]


# --- 1. two backups -------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_copies_either_side_of_one_answer_show_no_new_readable_response(world):
    _people(world, mentors=2, mentees=10, minimum=5)
    survey = open_survey(world.cohort)
    mentees = _survey_people(survey, Participant.Role.MENTEE)
    for n, person in enumerate(mentees[:5]):
        _answer(survey, person, benefits=f"Earlier answer {n}")
    tasks.reseal_open_surveys()
    before = _copy()

    _answer(survey, mentees[5], benefits="Only the sixth mentee wrote this")
    tasks.reseal_open_surveys()
    after = _copy()

    # The attacker knows exactly who answered in between...
    assert _used_invitations(after) - _used_invitations(before) == {str(mentees[5].pk)}
    # ...but the copies differ by no readable response, and the answer is nowhere to be read.
    assert _readable_responses(after) - _readable_responses(before) == Counter()
    assert _anywhere(after, "Only the sixth mentee wrote this") == []
    held = [row["sealed"] for row in after["evaluation_sealedresponse"]]
    assert len(held) == 1 and b"sixth" not in bytes.fromhex(held[0][2:])

    # Four more mentees answer: the five waiting are opened together, as one batch.
    for n, person in enumerate(mentees[6:10]):
        _answer(survey, person, benefits=f"Later answer {n}")
    later = _copy()
    new = _readable_responses(later) - _readable_responses(after)
    assert sum(new.values()) == 5 and {role for _, role, _ in new} == {"mentee"}
    assert len(_used_invitations(later) - _used_invitations(before)) == 5
    batch = [r for r in later["evaluation_response"] if r["id"] not in {x["id"] for x in after["evaluation_response"]}]
    assert len({r["xmin"] for r in batch}) == 1, "the batch was written in one transaction"
    assert later["evaluation_sealedresponse"] == []


@pytest.mark.django_db(transaction=True)
def test_a_response_of_a_role_with_fewer_than_k_waiting_stays_sealed_until_close(world):
    _people(world, mentors=2, mentees=2, minimum=3)
    survey = open_survey(world.cohort)
    _answer(survey, world.objects["mentor"], benefits="A mentor's view")
    _answer(survey, world.objects["mentee"], benefits="A mentee's view")
    _answer(survey, world.objects["other_mentor"])
    tasks.reseal_open_surveys()
    assert not Response.objects.filter(survey=survey).exists() and SealedResponse.objects.count() == 3
    services.survey_close(survey_id=survey.pk)
    assert SealedResponse.objects.count() == 0
    assert sorted(Response.objects.filter(survey=survey).values_list("role", flat=True)) == [
        "mentee", "mentor", "mentor",
    ]  # fmt: skip
    assert set(Answer.objects.exclude(text="").values_list("text", flat=True)) == {"A mentor's view", "A mentee's view"}


# --- what a sealed response gives away: nothing, and it loses nothing -----------------------------------------


@pytest.mark.django_db
def test_every_sealed_response_has_the_same_length_and_says_it_was_made_at_the_epoch(world):
    _people(world, mentors=2, mentees=2, minimum=5)
    survey = open_survey(world.cohort)
    _answer(survey, world.objects["mentor"], benefits="", improvements="", learning="")
    _answer(survey, world.objects["mentee"], benefits="é" * 5000, improvements="\x01" * 5000, learning="x" * 5000)
    sealed = [bytes(s) for s in SealedResponse.objects.values_list("sealed", flat=True)]
    assert len(sealed) == 2 and len(sealed[0]) == len(sealed[1])
    for token in sealed:
        assert token[0] == 0x80 and struct.unpack(">Q", token[1:9])[0] == 0  # Fernet: version, then the time


@pytest.mark.django_db(transaction=True)
def test_a_failure_between_sealing_and_opening_loses_nothing(world, monkeypatch):
    _people(world, mentors=4, mentees=2, minimum=3)
    survey = open_survey(world.cohort)
    mentors = _survey_people(survey, Participant.Role.MENTOR)

    def crash(*args, **kwargs):
        raise RuntimeError("worker killed")

    monkeypatch.setattr(services, "_open_sealed", crash)
    for n, person in enumerate(mentors[:3]):
        _answer(survey, person, benefits=f"Kept {n}")  # the person sees their answer accepted
    assert SealedResponse.objects.count() == 3 and not Response.objects.exists()
    assert Invitation.objects.filter(survey=survey, used=True).count() == 3
    monkeypatch.undo()

    tasks.reseal_open_surveys()  # the nightly round opens what is due
    assert SealedResponse.objects.count() == 0
    assert sorted(Answer.objects.exclude(text="").values_list("text", flat=True)) == ["Kept 0", "Kept 1", "Kept 2"]


@pytest.mark.django_db(transaction=True)
def test_if_sealing_fails_the_invitation_is_released_and_nothing_is_kept(world, monkeypatch):
    survey = open_survey(world.cohort)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(SealedResponse.objects, "create", broken)
    with pytest.raises(RuntimeError):
        _answer(survey, world.objects["mentor"])
    assert not invitation_for(survey, world.objects["mentor"]).used and not SealedResponse.objects.exists()


# --- key rotation ---------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_a_new_seal_key_goes_first_the_rotation_reseals_with_it_and_the_old_key_can_then_go(
    world, settings, pageinspect
):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.SURVEY_SEAL_KEYS = [old]
    survey = open_survey(world.cohort)
    _answer(survey, world.objects["mentor"], benefits="Sealed with the old key")
    _answer(survey, world.objects["mentee"], benefits="Also sealed with the old key")
    before = {bytes(s) for s in SealedResponse.objects.values_list("sealed", flat=True)}

    settings.SURVEY_SEAL_KEYS = [new, old]
    call_command("rotate_survey_seal_key")
    after = {bytes(s) for s in SealedResponse.objects.values_list("sealed", flat=True)}
    assert len(after) == 2 and not after & before
    pages = b"".join(_pages("evaluation_sealedresponse"))
    assert not any(token in pages for token in before), "the rotation leaves no old ciphertext in the files"

    settings.SURVEY_SEAL_KEYS = [new]
    services.survey_close(survey_id=survey.pk)
    assert set(Answer.objects.exclude(text="").values_list("text", flat=True)) == {
        "Sealed with the old key", "Also sealed with the old key",
    }  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_without_the_key_that_sealed_them_nothing_is_opened_and_nothing_is_lost(world, settings):
    old = Fernet.generate_key().decode()
    settings.SURVEY_SEAL_KEYS = [old]
    survey = open_survey(world.cohort)
    _answer(survey, world.objects["mentor"], benefits="Waiting for its key")
    settings.SURVEY_SEAL_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(InvalidToken):
        services.survey_close(survey_id=survey.pk)
    assert Survey.objects.get(pk=survey.pk).status == Survey.Status.OPEN and SealedResponse.objects.count() == 1
    settings.SURVEY_SEAL_KEYS = [old]
    services.survey_close(survey_id=survey.pk)
    assert Answer.objects.filter(text="Waiting for its key").exists()


# --- 3. the reseal leaves nothing earlier in the data files -----------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_with_an_older_transaction_open_the_reseal_leaves_no_earlier_row_version_in_the_files(
    world, pageinspect, older_transaction
):
    _people(world, mentors=3, mentees=2, minimum=3)
    survey = open_survey(world.cohort)
    for n, person in enumerate(_survey_people(survey, Participant.Role.MENTOR)):
        _answer(survey, person, benefits=f"Comment {n} before the reseal")
    old_ids = [*Response.objects.values_list("pk", flat=True), *Answer.objects.values_list("pk", flat=True)]
    assert len(old_ids) > 3

    tasks.reseal_open_surveys()

    for table in RESPONSE_TABLES:
        stored = _stored_tuples(table)
        assert len(stored) == _live_count(table), f"{table} keeps dead row versions in its files"
        assert len({xmin for xmin, _ in stored}) == 1, f"{table}: every row carries the reseal's stamp"
        pages = b"".join(_pages(table))
        leftover = [pk for pk in old_ids if pk.bytes in pages]
        assert leftover == [], f"{table} still holds {len(leftover)} ids from before the reseal"
    assert len(_stored_tuples("evaluation_sealedresponse")) == 0


@pytest.mark.django_db(transaction=True)
def test_the_rewritten_tables_keep_their_constraints_indexes_and_keys(world):
    def shape():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid::regclass::text LIKE 'evaluation_%%' AND contype <> 'n' ORDER BY 1, 2"
            )
            constraints = cursor.fetchall()
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'evaluation_%%' ORDER BY 1")
            return constraints, cursor.fetchall()

    survey = open_survey(world.cohort)
    _answer(survey, world.objects["mentor"], benefits="Kept with its keys")
    services.survey_close(survey_id=survey.pk)
    Answer.objects.filter(text="Kept with its keys").update(quote=Answer.Quote.APPROVED)
    before = shape()
    services.survey_reseal(survey_id=survey.pk)
    assert shape() == before
    assert Answer.objects.get(text="Kept with its keys").quote == Answer.Quote.APPROVED
    with pytest.raises(IntegrityError, match="foreign key"), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO evaluation_answer (id, response_id, question_id, number, choice, choices, text, quote) "
            "VALUES (%s, %s, %s, NULL, '', '[]', '', '')",
            [uuid.uuid4(), uuid.uuid4(), survey.questions.first().pk],
        )
    Survey.objects.filter(pk=survey.pk).delete()  # the keys still cascade
    assert not Response.objects.exists() and not Answer.objects.exists()


# --- all of it: every table, column, stamp, place and page, after each answer and each reseal ------------------


@pytest.mark.django_db(transaction=True)
def test_after_each_answer_and_reseal_nothing_links_an_answer_to_its_person_beyond_its_batch(
    world, pageinspect, older_transaction
):
    _people(world, mentors=10, mentees=10, minimum=5)
    survey = open_survey(world.cohort)
    mentors, mentees = _survey_people(survey, Participant.Role.MENTOR), _survey_people(survey, Participant.Role.MENTEE)
    order = [person for pair in zip(mentors, mentees, strict=True) for person in pair]  # roles interleaved
    written = {}  # comment -> who wrote it: the truth no copy may reveal beyond a batch
    batches = []  # [(the batch's comments in the order they were written, in the order they are stored)]
    previous = _copy()
    for n, person in enumerate(order):
        comment = f"Comment number {n} from someone"
        written[comment] = person
        _answer(survey, person, benefits=comment)
        copy = _copy()
        # A comment can be read only once it is in a batch, and only where answers are kept.
        readable = {a["text"] for a in copy["evaluation_answer"] if a["text"]}
        pages = b"".join(p for table in (*RESPONSE_TABLES, "evaluation_sealedresponse") for p in _pages(table))
        for text in written:
            assert _anywhere(copy, text) == (["evaluation_answer.text"] if text in readable else []), text
            assert text in readable or text.encode() not in pages, f"{text!r} is in the files before its batch"
        # Readable responses arrive in batches of at least five of one role, written in one transaction.
        known = {r["id"] for r in previous["evaluation_response"]}
        new = [r for r in copy["evaluation_response"] if r["id"] not in known]
        if new:
            assert len(new) >= 5 and len({r["xmin"] for r in new}) == 1 and len({r["role"] for r in new}) == 1
            texts = {a["response_id"]: a["text"] for a in copy["evaluation_answer"] if a["text"]}
            stored = [texts[r["id"]] for r in new]  # in storage (ctid) order
            batches.append(([text for text in written if text in stored], stored))
        # Sealed rows: nothing in the clear but the survey and the role; ciphertext all of one length.
        held = copy["evaluation_sealedresponse"]
        assert len({len(row["sealed"]) for row in held}) <= 1
        assert all(set(row) == {"xmin", "ctid", "id", "survey_id", "role", "sealed"} for row in held)
        previous = copy
        if n in (6, 13):  # the nightly reseal, with an older transaction open all along
            before = [uuid.UUID(r["id"]).bytes for table in RESPONSE_TABLES for r in copy[table]]
            tasks.reseal_open_surveys()
            for table in RESPONSE_TABLES:
                assert len(_stored_tuples(table)) == _live_count(table), f"{table} keeps dead row versions"
            pages = b"".join(p for table in RESPONSE_TABLES for p in _pages(table))
            assert not [pk for pk in before if pk in pages], "an id from before the reseal is still in the files"
            previous = _copy()
            assert len({r["xmin"] for r in previous["evaluation_response"]}) <= 1

    # Ten mentors and ten mentees: four batches of five.
    assert [len(stored) for _, stored in batches] == [5, 5, 5, 5]
    # Within a batch, storage order is no order: over the batches it is neither the order people answered in nor
    # its reverse (each would happen by chance once in 200 million runs).
    assert not all(stored == order_ for order_, stored in batches)
    assert not all(stored == order_[::-1] for order_, stored in batches)

    services.survey_close(survey_id=survey.pk)
    tasks.reseal_survey(survey.pk)
    final = _copy()
    assert final["evaluation_sealedresponse"] == [] and len(final["evaluation_response"]) == 20
    assert len({r["xmin"] for r in final["evaluation_response"] + final["evaluation_answer"]}) == 1
    ids = {r["id"] for r in final["evaluation_response"]} | {a["id"] for a in final["evaluation_answer"]}
    for table, rows in final.items():
        if table not in RESPONSE_TABLES:
            assert not [c for row in rows for c, v in row.items() if v in ids], f"{table} holds a response's id"
    for table in RESPONSE_TABLES:
        assert len(_stored_tuples(table)) == _live_count(table)
    assert sorted(a.text for a in Answer.objects.exclude(text="")) == sorted(written)
    pages = b"".join(_pages("evaluation_sealedresponse"))
    assert not any(text.encode() in pages for text in written)
