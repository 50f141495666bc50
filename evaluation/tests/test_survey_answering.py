"""Answering a survey: once per invitation, anonymously; clear pages for used, expired, tampered and closed links."""

import logging
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.views.debug import SafeExceptionReporterFilter

from evaluation import services
from evaluation.models import Answer, Invitation, Response, SealedResponse, Survey
from evaluation.tests.factories import QuestionFactory, invitation_for, open_survey, template_survey, valid_answers

pytestmark = pytest.mark.django_db

ANSWER_URL = reverse("evaluation:answer")


def _stored() -> int:
    """Responses kept, sealed or opened."""
    return Response.objects.count() + SealedResponse.objects.count()


def _token(client, invitation) -> str:
    page = client.get(reverse("evaluation:invitation", args=[invitation.pk])).content.decode()
    return re.search(r'name="token" value="([^"]+)"', page).group(1)


@pytest.fixture
def survey(world):
    return open_survey(world.cohort)


@pytest.fixture
def mentor(world):
    return world.client_for("mentor")


def test_the_invitation_page_issues_a_fresh_token_and_stores_only_its_hash(world, survey, mentor):
    invitation = invitation_for(survey, world.objects["mentor"])
    token = _token(mentor, invitation)
    invitation.refresh_from_db()
    assert invitation.token_hash == services.token_hash(token) and token not in invitation.token_hash
    assert _token(mentor, invitation) != token


def test_a_participant_answers_and_only_their_role_and_answers_are_stored(world, survey, mentor):
    invitation = invitation_for(survey, world.objects["mentor"])
    data = valid_answers(survey, benefits="  I understood the barriers colleagues face.  ", honest_conversations="5")
    response = mentor.post(ANSWER_URL, {"token": _token(mentor, invitation), **data})
    assert response.status_code == 302 and response.url == reverse("evaluation:thanks")
    sealed = SealedResponse.objects.get()  # held sealed until a batch can be opened (test_database_copies.py)
    assert sealed.role == "mentor" and sealed.survey == survey and not Response.objects.exists()
    invitation.refresh_from_db()
    assert invitation.used
    services.survey_close(survey_id=survey.pk)
    stored = Response.objects.get()
    assert stored.role == "mentor" and stored.survey == survey
    by_code = {a.question.code: a for a in stored.answers.select_related("question")}
    assert by_code["benefits"].text == "I understood the barriers colleagues face."
    assert by_code["honest_conversations"].number == 5 and by_code["purpose_clear"].number == 4
    assert by_code["behaviour_change"].choice == "undecided"
    assert "improvements" not in by_code  # optional and left empty: no row


def test_sending_the_same_form_twice_stores_one_response_and_says_so(world, survey, mentor):
    invitation = invitation_for(survey, world.objects["mentor"])
    data = {"token": _token(mentor, invitation), **valid_answers(survey)}
    mentor.post(ANSWER_URL, data)
    again = mentor.post(ANSWER_URL, data)
    assert again.status_code == 200 and "already answered" in again.content.decode()
    assert _stored() == 1
    page = mentor.get(reverse("evaluation:invitation", args=[invitation.pk]))
    assert "You have already answered this survey" in page.content.decode()


def test_a_missing_answer_is_shown_beside_its_question_and_nothing_typed_is_lost(world, survey, mentor):
    invitation = invitation_for(survey, world.objects["mentor"])
    token = _token(mentor, invitation)
    data = valid_answers(survey, benefits="Time to listen")
    honest = survey.questions.get(code="honest_conversations")
    del data[f"q{honest.pk}"]
    response = mentor.post(ANSWER_URL, {"token": token, **data})
    html = response.content.decode()
    assert response.status_code == 200 and "This field is required" in html
    assert "Time to listen" in html and f'value="{token}"' in html
    assert not _stored()
    invitation.refresh_from_db()
    assert not invitation.used
    data[f"q{honest.pk}"] = "5"
    assert mentor.post(ANSWER_URL, {"token": token, **data}).status_code == 302


def test_a_number_that_is_not_a_number_is_refused_beside_the_field(world, mentor):
    survey = template_survey(world.cohort)
    QuestionFactory(survey=survey, code="pages_read", text="How many pages of the guide did you read?", kind="number")
    services.survey_open(survey_id=survey.pk)
    invitation = invitation_for(survey, world.objects["mentor"])
    response = mentor.post(
        ANSWER_URL, {"token": _token(mentor, invitation), **valid_answers(survey, pages_read="lots")}
    )
    assert "Enter a whole number" in response.content.decode() and not _stored()


def test_a_tampered_token_gets_a_clear_page_and_stores_nothing(world, survey, mentor):
    invitation = invitation_for(survey, world.objects["mentor"])
    token = _token(mentor, invitation)
    response = mentor.post(ANSWER_URL, {"token": token[:-2] + "xx", **valid_answers(survey)})
    assert response.status_code == 200 and "This form has expired" in response.content.decode()
    assert not _stored()


def test_a_form_replaced_by_a_newer_one_is_shown_again_with_its_answers_and_a_fresh_token(world, survey, mentor):
    invitation = invitation_for(survey, world.objects["mentor"])
    old = _token(mentor, invitation)
    newer = _token(mentor, invitation)  # opened again in another tab
    data = {"invitation": invitation.pk, **valid_answers(survey, benefits="Keep me")}
    response = mentor.post(ANSWER_URL, {"token": old, **data})
    html = response.content.decode()
    assert "opened again in another window" in html and "Keep me" in html and not _stored()
    fresh = re.search(r'name="token" value="([^"]+)"', html).group(1)
    assert fresh not in (old, newer)
    assert mentor.post(ANSWER_URL, {"token": fresh, **data}).status_code == 302
    assert _stored() == 1


def test_a_form_naming_someone_elses_invitation_has_expired_and_reveals_nothing(world, survey, mentor):
    theirs = invitation_for(survey, world.objects["mentee"])
    response = mentor.post(ANSWER_URL, {"token": "made-up", "invitation": theirs.pk, **valid_answers(survey)})
    html = response.content.decode()
    assert "This form has expired" in html and survey.title not in html and not _stored()


def test_someone_elses_token_does_not_work_even_when_signed_in(world, survey, mentor):
    token = _token(world.client_for("mentee"), invitation_for(survey, world.objects["mentee"]))
    response = mentor.post(ANSWER_URL, {"token": token, **valid_answers(survey)})
    assert "This form has expired" in response.content.decode() and not _stored()
    assert not Invitation.objects.filter(used=True).exists()


def test_a_closed_survey_shows_a_closed_page_and_takes_no_answer(world, survey, mentor):
    invitation = invitation_for(survey, world.objects["mentor"])
    token = _token(mentor, invitation)
    services.survey_close(survey_id=survey.pk)
    response = mentor.post(ANSWER_URL, {"token": token, **valid_answers(survey)})
    assert response.status_code == 200 and "This survey is not open" in response.content.decode()
    page = mentor.get(reverse("evaluation:invitation", args=[invitation.pk]))
    assert page.status_code == 200 and "no longer takes answers" in page.content.decode()
    assert not _stored()


def test_a_survey_past_its_last_day_takes_no_answer_even_before_the_scan_closes_it(world, survey, mentor):
    invitation = invitation_for(survey, world.objects["mentor"])
    Survey.objects.filter(pk=survey.pk).update(closes_on="2020-01-01")
    page = mentor.get(reverse("evaluation:invitation", args=[invitation.pk]))
    assert "This survey is not open" in page.content.decode()


def test_if_storing_fails_the_invitation_is_released_and_the_answers_are_shown_again(
    world, survey, mentor, monkeypatch, caplog
):
    invitation = invitation_for(survey, world.objects["mentor"])
    token = _token(mentor, invitation)

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(SealedResponse.objects, "create", broken)
    response = mentor.post(ANSWER_URL, {"token": token, **valid_answers(survey, benefits="Keep this")})
    html = response.content.decode()
    assert response.status_code == 200 and "could not be saved" in html and "Keep this" in html
    assert not _stored()
    invitation.refresh_from_db()
    assert not invitation.used
    assert token not in caplog.text and world.users["mentor"].email not in caplog.text
    monkeypatch.undo()
    assert mentor.post(ANSWER_URL, {"token": token, **valid_answers(survey)}).status_code == 302
    assert _stored() == 1


def test_submitting_logs_no_token_person_or_address(world, survey, caplog):
    caplog.set_level(logging.DEBUG)
    client = Client(REMOTE_ADDR="203.0.113.77")
    client.force_login(world.users["mentor"])
    invitation = invitation_for(survey, world.objects["mentor"])
    token = _token(client, invitation)
    client.post(ANSWER_URL, {"token": token, **valid_answers(survey, benefits="A private thought")})
    client.post(ANSWER_URL, {"token": token, **valid_answers(survey)})  # a refused second try logs nothing either
    user = world.users["mentor"]
    for secret in (token, services.token_hash(token), user.email, user.name, "203.0.113.77", "A private thought"):
        assert secret not in caplog.text
    assert not [r for r in caplog.records if str(invitation.pk) in r.getMessage() and "survey" in r.getMessage()]


def test_an_error_while_answering_cannot_report_the_posted_answers(world, survey, monkeypatch, caplog):
    invitation = invitation_for(survey, world.objects["mentor"])
    client = Client(raise_request_exception=False)
    client.force_login(world.users["mentor"])
    token = _token(client, invitation)
    monkeypatch.setattr(services, "invitation_state", lambda *a, **k: 1 / 0)
    response = client.post(ANSWER_URL, {"token": token, **valid_answers(survey, benefits="A private thought")})
    assert response.status_code == 500
    record = next(r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR)
    shown = SafeExceptionReporterFilter().get_post_parameters(record.request)
    assert token not in str(shown.values()) and "A private thought" not in str(shown.values())
    assert token not in caplog.text and "A private thought" not in caplog.text


def test_an_answer_page_for_another_persons_invitation_is_not_found(world, survey):
    invitation = invitation_for(survey, world.objects["mentee"])
    assert world.client_for("mentor").get(reverse("evaluation:invitation", args=[invitation.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_submits_at_the_same_moment_store_one_response(world):
    survey = open_survey(world.cohort)
    invitation = invitation_for(survey, world.objects["mentor"])
    questions = list(survey.questions.filter(kind="likert"))
    answers = [(question, 4) for question in questions]
    barrier = threading.Barrier(4)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.response_submit(invitation=Invitation.objects.get(pk=invitation.pk), answers=answers)
            outcomes.append("stored")
        except services.InvitationSpent:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused", "refused", "refused", "stored"]
    assert SealedResponse.objects.filter(survey=survey).count() == 1
    services.survey_close(survey_id=survey.pk)
    assert Response.objects.filter(survey=survey).count() == 1
    assert Answer.objects.filter(response__survey=survey).count() == len(questions)
