"""Named testimonials: offered with explicit consent, withdrawable until the report is issued (the cohort closes),
approved by a lead, then shown with the author's name to the steering group; survey comments stay anonymous."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.limits import SHORT_TEXT
from evaluation.models import Answer, Testimonial
from evaluation.tests.results_factories import answer_many, make_survey
from programmes.models import Cohort, Participant
from remento.testing.text_limits import assert_refused_beside_the_field, too_long

pytestmark = pytest.mark.django_db

WORDS = "My mentee changed how promotion boards are briefed, and I was heard."


@pytest.fixture
def active(world):
    world.cohort.status = Cohort.Status.ACTIVE
    world.cohort.save()
    return world


def offer(world, role="mentor", **changes):
    data = {"text": WORDS, "shown_name": "Asha Patel", "job_title": "Police Constable, Response", "consent": "on"}
    data.update(changes)
    participant = world.objects[role]
    return world.client_for(role).post(reverse("evaluation:testimonial", args=[participant.pk]), data)


def decide(world, testimonial, decision, role="lead"):
    url = reverse("evaluation:testimonial_decide", args=[world.cohort.pk, testimonial.pk])
    return world.client_for(role).post(url, {"decision": decision})


def steering_sees(world) -> str:
    url = reverse("evaluation:dashboard", args=[world.cohort.pk])
    return world.client_for("steering").get(url).content.decode()


def test_a_participant_offers_a_testimonial_that_steering_sees_named_only_once_a_lead_approves_it(active):
    response = offer(active)
    assert response.status_code == 302
    testimonial = Testimonial.objects.get(participant=active.objects["mentor"])
    assert testimonial.status == Testimonial.Status.PENDING and testimonial.consent_at is not None
    assert WORDS not in steering_sees(active)

    moderation = active.client_for("lead").get(reverse("evaluation:testimonials", args=[active.cohort.pk]))
    assert WORDS in moderation.content.decode()
    assert active.objects["mentor"].user.name in moderation.content.decode()  # the lead knows who offered it
    assert decide(active, testimonial, "approved").status_code == 302
    page = steering_sees(active)
    assert WORDS in page and "Asha Patel, Police Constable, Response" in page
    testimonial.refresh_from_db()
    assert testimonial.decided_by == active.users["lead"] and testimonial.decided_at


def test_without_the_consent_tick_nothing_is_saved_and_the_words_typed_stay_in_the_form(active):
    response = offer(active, consent="")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tick this to offer your testimonial" in page
    assert WORDS in page and "Asha Patel" in page
    assert not Testimonial.objects.exists()


def test_a_name_and_job_title_are_required(active):
    page = offer(active, shown_name="", job_title="").content.decode()
    assert page.count("This field is required.") == 2
    assert not Testimonial.objects.exists()


def test_changing_an_approved_testimonial_sends_it_back_to_the_lead(active):
    offer(active)
    testimonial = Testimonial.objects.get()
    decide(active, testimonial, "approved")
    offer(active)  # saved again unchanged: still approved
    assert Testimonial.objects.get().status == Testimonial.Status.APPROVED
    offer(active, text="Different words entirely.")
    testimonial.refresh_from_db()
    assert testimonial.status == Testimonial.Status.PENDING and testimonial.decided_by is None
    assert "Different words entirely." not in steering_sees(active)


def test_withdrawing_hides_the_testimonial_at_once_and_deletes_its_words(active):
    offer(active)
    decide(active, Testimonial.objects.get(), "approved")
    mentor = active.objects["mentor"]
    response = active.client_for("mentor").post(reverse("evaluation:testimonial_withdraw", args=[mentor.pk]))
    assert response.status_code == 302
    testimonial = Testimonial.objects.get()
    assert testimonial.status == Testimonial.Status.WITHDRAWN
    assert (testimonial.text, testimonial.shown_name, testimonial.job_title, testimonial.consent_at) == (
        "",
        "",
        "",
        None,
    )
    assert WORDS not in steering_sees(active) and "Asha Patel" not in steering_sees(active)
    assert (
        "Asha Patel"
        not in active.client_for("lead")
        .get(reverse("evaluation:testimonials", args=[active.cohort.pk]))
        .content.decode()
    )
    # A lead cannot approve what its author withdrew.
    decide(active, testimonial, "approved")
    assert Testimonial.objects.get().status == Testimonial.Status.WITHDRAWN
    # And it can be offered again.
    offer(active)
    assert Testimonial.objects.get().status == Testimonial.Status.PENDING


def test_once_the_cohort_closes_the_report_is_issued_and_testimonials_stay_as_they_are(active):
    offer(active)
    decide(active, Testimonial.objects.get(), "approved")
    Cohort.objects.filter(pk=active.cohort.pk).update(status=Cohort.Status.CLOSED)
    mentor = active.objects["mentor"]
    page = active.client_for("mentor").get(reverse("evaluation:testimonial", args=[mentor.pk])).content.decode()
    assert "its report has been issued" in page
    assert "Withdraw my testimonial" not in page
    active.client_for("mentor").post(reverse("evaluation:testimonial_withdraw", args=[mentor.pk]))
    offer(active, text="Changed after the report")
    decide(active, Testimonial.objects.get(), "declined")
    testimonial = Testimonial.objects.get()
    assert (testimonial.status, testimonial.text) == (Testimonial.Status.APPROVED, WORDS)
    assert WORDS in steering_sees(active)


def test_the_page_states_when_a_testimonial_stops_being_changeable(active):
    mentor = active.objects["mentor"]
    page = active.client_for("mentor").get(reverse("evaluation:testimonial", args=[mentor.pk])).content.decode()
    assert "until the report is issued, which is when the cohort closes" in page
    assert "Offer my testimonial" in page


def test_only_people_taking_part_can_offer_one_and_not_before_the_cohort_is_active(world):
    response = offer(world)  # the world's cohort is still recruiting
    assert response.status_code == 200 and not Testimonial.objects.exists()
    assert "once the cohort is active" in response.content.decode()
    world.cohort.status = Cohort.Status.ACTIVE
    world.cohort.save()
    Participant.objects.filter(pk=world.objects["mentor"].pk).update(status=Participant.Status.WITHDRAWN)
    assert offer(world).status_code == 200 and not Testimonial.objects.exists()


def test_nobody_else_can_offer_withdraw_or_decide_on_a_testimonial(active):
    offer(active)
    testimonial = Testimonial.objects.get()
    mentor = active.objects["mentor"]
    for role in ("mentee", "lead", "steering", "other_pair", "org_admin", "site_admin"):
        client = active.client_for(role)
        assert client.post(reverse("evaluation:testimonial_withdraw", args=[mentor.pk])).status_code == 404
        assert client.post(reverse("evaluation:testimonial", args=[mentor.pk]), {"text": "x"}).status_code == 404
    for role in ("steering", "mentor", "other_programme_lead", "org_admin", "site_admin"):
        assert decide(active, testimonial, "approved", role=role).status_code == 404
    # A lead of the programme reaches it through its own cohort only.
    other = active.objects["other_cohort"]
    url = reverse("evaluation:testimonial_decide", args=[other.pk, testimonial.pk])
    assert active.client_for("lead").post(url, {"decision": "approved"}).status_code == 404
    assert Testimonial.objects.get().status == Testimonial.Status.PENDING


def test_survey_comments_stay_anonymous_beside_named_testimonials(active):
    survey = make_survey(active.cohort)
    answer_many(active.cohort.surveys.get(), "mentor", 6, benefits="An anonymous comment about shifts")
    Answer.objects.filter(question__survey=survey, question__kind="text").update(quote=Answer.Quote.APPROVED)
    Testimonial.objects.create(participant=active.objects["mentor"], text=WORDS, shown_name="Asha Patel",
                               job_title="Constable", consent_at=timezone.now(), status="approved")  # fmt: skip
    page = steering_sees(active)
    assert "An anonymous comment about shifts" in page and WORDS in page
    quote = page.index("An anonymous comment about shifts")
    assert "Asha Patel" not in page[quote - 300 : quote + 300]


def test_my_programme_links_to_the_testimonial_page_while_the_cohort_runs(active):
    mentor = active.objects["mentor"]
    url = reverse("evaluation:testimonial", args=[mentor.pk])
    assert url in active.client_for("mentor").get(reverse("programmes:my_programme")).content.decode()
    Cohort.objects.filter(pk=active.cohort.pk).update(status=Cohort.Status.RECRUITING)
    assert url not in active.client_for("mentor").get(reverse("programmes:my_programme")).content.decode()


def test_a_testimonial_that_is_too_long_is_refused_beside_the_field_with_every_word_kept(active):
    typed = too_long(SHORT_TEXT)
    response = offer(active, text=typed)
    assert_refused_beside_the_field(response, "id_text", typed, SHORT_TEXT)
    assert not Testimonial.objects.exists()
