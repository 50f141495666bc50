"""Matching's pages: who may use each one, what they show, and a fixed number of queries at any size."""

import re
from html import escape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matching import services
from matching.algorithm import Weights
from matching.models import AgreementSignature, Concern, Exclusion, MatchRun, Pairing, ProposedPair, RapportAnswer
from matching.tests.factories import add_person, matching_cohort
from programmes.models import Cohort, LearningTopic, Participant, Programme

pytestmark = pytest.mark.django_db

LEADS = {"lead": 302, "co_lead": 302}
PARTNERS = {"mentor": 302, "mentee": 302}


def _proposals(world):
    world.cohort.status = Cohort.Status.MATCHING
    world.cohort.save()
    run = MatchRun.objects.create(cohort=world.cohort)
    mentor = Participant.objects.create(
        cohort=world.cohort,
        user=world.users["steering"],
        role="mentor",
        grade=world.objects["grades"][1],
        status="accepted",
    )
    mentee = Participant.objects.create(
        cohort=world.cohort,
        user=world.users["org_admin"],
        role="mentee",
        grade=world.objects["grades"][6],
        status="accepted",
    )
    pair = ProposedPair.objects.create(run=run, mentor=mentor, mentee=mentee, score=1.2)
    return run, pair


# --- Who may post ---------------------------------------------------------------------


def test_only_the_cohorts_leads_run_a_match(world):
    world.cohort.status = Cohort.Status.MATCHING
    world.cohort.save()
    url = reverse("matching:run_create", args=[world.cohort.pk])
    data = {**Weights().__dict__, "allow_repeat": ""}
    world.assert_only(url, LEADS, method="post", data=data)
    assert MatchRun.objects.filter(cohort=world.cohort).count() == 2


def test_only_the_cohorts_leads_lock_and_exclude_proposals(world):
    run, pair = _proposals(world)
    world.assert_only(reverse("matching:pair_lock", args=[pair.pk]), LEADS, method="post", data={"locked": "1"})
    pair.refresh_from_db()
    assert pair.locked
    world.assert_only(reverse("matching:pair_exclude", args=[pair.pk]), {"lead": 302, "co_lead": None}, method="post")
    assert Exclusion.objects.filter(mentee=pair.mentee).exists()


def test_only_the_cohorts_leads_publish(world):
    run, pair = _proposals(world)
    world.assert_only(reverse("matching:run_publish", args=[run.pk]), LEADS, method="post")
    run.refresh_from_db()
    assert run.status == MatchRun.Status.PUBLISHED
    assert Pairing.objects.filter(mentor=pair.mentor, mentee=pair.mentee).count() == 1


def test_only_the_cohorts_leads_make_a_pair_by_hand(world):
    run, pair = _proposals(world)
    data = {"mentor": pair.mentor.pk, "mentee": pair.mentee.pk, "reason": "Chosen together"}
    world.assert_only(reverse("matching:manual_pair", args=[run.pk]), LEADS, method="post", data=data)


def test_only_the_cohorts_leads_end_a_pairing(world):
    pairing = world.objects["pairing"]
    url = reverse("matching:pairing_end", args=[pairing.pk])
    world.assert_only(url, {"lead": 302, "co_lead": None}, method="post", data={"reason": "Moved away"})
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ENDED


@pytest.mark.parametrize("name", ["matching:rapport", "matching:sign", "matching:concern"])
def test_only_the_two_partners_answer_sign_or_raise_a_concern(world, name):
    pairing = world.objects["pairing"]
    pairing.status = Pairing.Status.INTRODUCED
    pairing.save()
    data = {"answer": "yes", "version": 1, "message": "Worried about confidentiality"}
    world.cohort.programme.agreement_text = "We agree."
    world.cohort.programme.save()
    world.assert_only(reverse(name, args=[pairing.pk]), PARTNERS, method="post", data=data)


def test_a_partner_sees_only_their_own_pairing(world):
    other = world.objects["other_pairing"]
    client = world.client_for("mentor")
    assert client.get(reverse("meetings:pair", args=[other.pk])).status_code == 404
    assert client.post(reverse("matching:rapport", args=[other.pk]), {"answer": "no"}).status_code == 404
    other.refresh_from_db()
    assert other.status == Pairing.Status.ACTIVE


# --- What the pages say ------------------------------------------------------------------


def _panel(client, pairing) -> str:
    html = client.get(reverse("meetings:pair", args=[pairing.pk])).content.decode()
    start = html.index('aria-labelledby="pairing-heading"')
    return re.sub(r"\s+", " ", html[start : html.index("</main>")])


@pytest.mark.parametrize("who_says_no", ["mentor", "mentee"])
def test_the_ended_message_is_the_same_whoever_said_no_and_never_says_who(client, who_says_no):
    setup = matching_cohort(1, 1)
    services.match_run_publish(
        run_id=services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights()).pk
    )
    pairing = Pairing.objects.get()
    no, yes = (pairing.mentor, pairing.mentee) if who_says_no == "mentor" else (pairing.mentee, pairing.mentor)
    services.rapport_answer(pairing_id=pairing.pk, participant=yes, wants_to_continue=True)
    services.rapport_answer(pairing_id=pairing.pk, participant=no, wants_to_continue=False)
    pages = {}
    for person in (pairing.mentor, pairing.mentee):
        client.force_login(person.user)
        pages[person.role] = _panel(client, pairing)
    assert pages["mentor"] == pages["mentee"]
    assert "This pairing won't continue; your programme lead will be in touch about a new match" in pages["mentor"]
    for text in pages.values():
        names = (pairing.mentor.user.name, pairing.mentee.user.name)
        for word in ("You said", "partner said", "said no", *names, *map(escape, names)):
            assert word not in text


def test_the_ended_page_is_identical_in_both_cases(client):
    """Mentor's view when the mentor said no == mentor's view when the mentee said no (same names aside)."""
    seen = []
    for who in ("mentor", "mentee"):
        setup = matching_cohort(1, 1)
        services.match_run_publish(
            run_id=services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights()).pk
        )
        pairing = Pairing.objects.get(cohort=setup.cohort)
        services.rapport_answer(pairing_id=pairing.pk, participant=getattr(pairing, who), wants_to_continue=False)
        client.force_login(pairing.mentor.user)
        seen.append(_panel(client, pairing).replace(str(pairing.pk), "N"))
    assert seen[0] == seen[1]


def test_the_partner_sees_only_what_was_chosen_for_their_partner(world):
    mentor, pairing = world.objects["mentor"], world.objects["pairing"]
    mentor.shared_text = "Growing up as a British Sikh"
    mentor.avoid_text = "My family's immigration case"
    mentor.objectives = "Help leaders see stop and search from the street"
    mentor.disclosure_visibility = Participant.Visibility.PARTNER
    mentor.avoid_visibility = Participant.Visibility.LEADS
    mentor.save()
    mentor.shared_topics.set([world.objects["topic"]])
    page = world.client_for("mentee").get(reverse("meetings:pair", args=[pairing.pk])).content.decode()
    assert "Growing up as a British Sikh" in page and "Race" in page
    assert "immigration" not in page
    assert "stop and search" in page and escape(mentor.user.name) in page and "Constable" in page


def test_a_partner_never_sees_the_others_concern_or_rapport_answer(world):
    pairing = world.objects["pairing"]
    Concern.objects.create(pairing=pairing, raised_by=world.objects["mentee"], message="Keeps cancelling")
    pairing.status = Pairing.Status.INTRODUCED
    pairing.save()
    RapportAnswer.objects.create(pairing=pairing, participant=world.objects["mentee"], wants_to_continue=True)
    page = world.client_for("mentor").get(reverse("meetings:pair", args=[pairing.pk])).content.decode()
    assert "Keeps cancelling" not in page
    assert "You said" not in page
    lead_page = world.client_for("lead").get(reverse("matching:pairings", args=[world.cohort.pk])).content.decode()
    assert "Keeps cancelling" in lead_page


def test_signing_a_stale_version_asks_to_read_the_new_one(world):
    pairing = world.objects["pairing"]
    programme = world.cohort.programme
    programme.agreement_text, programme.agreement_version = "New words", 3
    programme.save()
    client = world.client_for("mentor")
    response = client.post(reverse("matching:sign", args=[pairing.pk]), {"version": 2}, follow=True)
    assert "Please read version 3" in response.content.decode()
    assert not pairing.signatures.exists()
    response = client.post(reverse("matching:sign", args=[pairing.pk]), {"version": 3}, follow=True)
    assert "You signed this version" in response.content.decode()


def test_the_mentor_sees_what_the_mentee_wants_to_learn_in_the_mentee_s_order(world):
    mentee, pairing = world.objects["mentee"], world.objects["pairing"]
    for priority, name in ((2, "Promotion boards"), (1, "Flexible working"), (3, "Allyship")):
        topic = world.organisation.topics.create(name=name)
        LearningTopic.objects.create(participant=mentee, topic=topic, priority=priority)
    page = world.client_for("mentor").get(reverse("meetings:pair", args=[pairing.pk])).content.decode()
    assert "Flexible working, Promotion boards, Allyship" in page
    # The mentee, looking at their mentor, sees no such list.
    page = world.client_for("mentee").get(reverse("meetings:pair", args=[pairing.pk])).content.decode()
    assert "Wants to learn about" not in page


def test_each_partner_sees_who_signed_the_current_agreement_and_is_asked_again_after_a_change(world):
    pairing, mentor, mentee = world.objects["pairing"], world.objects["mentor"], world.objects["mentee"]
    programme = world.programme
    programme.agreement_text, programme.agreement_version = "We meet monthly.", 1
    programme.save()
    AgreementSignature.objects.create(pairing=pairing, participant=mentor, version=1, text="We meet monthly.")
    programme.agreement_text, programme.agreement_version = "We meet monthly and keep notes.", 2
    programme.save()
    AgreementSignature.objects.create(pairing=pairing, participant=mentee, version=2, text=programme.agreement_text)
    url = reverse("meetings:pair", args=[pairing.pk])
    page = world.client_for("mentor").get(url).content.decode()
    assert "has changed since you signed version 1" in page and "I agree: sign version 2" in page
    assert f"{escape(mentee.user.name)} has signed this version." in page
    page = world.client_for("mentee").get(url).content.decode()
    assert "You signed this version on" in page and "has changed since" not in page
    assert f"{escape(mentor.user.name)} has not signed this version yet." in page


def test_an_empty_concern_is_refused_beside_the_field(world):
    url = reverse("matching:concern", args=[world.objects["pairing"].pk])
    response = world.client_for("mentee").post(url, {"message": ""})
    assert response.status_code == 400 and "Write what concerns you" in response.content.decode()


def test_a_manual_pair_breaking_a_rule_shows_the_rule_and_asks_for_a_reason(client):
    setup = matching_cohort(1, 1)
    senior = add_person(setup, Participant.Role.MENTOR, level=6)
    run = services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights())
    client.force_login(setup.lead)
    url = reverse("matching:manual_pair", args=[run.pk])
    response = client.post(url, {"mentor": senior.pk, "mentee": setup.mentees[0].pk})
    page = response.content.decode()
    assert response.status_code == 400
    assert "The mentor is 0 levels below the mentee" in page and "say why" in page
    response = client.post(url, {"mentor": senior.pk, "mentee": setup.mentees[0].pk, "reason": "Shared project"})
    assert response.status_code == 302
    assert run.pairs.get(mentee=setup.mentees[0]).reason == "Shared project"


def test_the_matching_page_says_why_a_match_cannot_be_run_yet(world):
    page = world.client_for("lead").get(reverse("matching:cohort", args=[world.cohort.pk])).content.decode()
    assert "close recruitment first" in page
    assert "Run the match</button>" not in page


def test_bad_weights_are_refused_with_the_message_beside_the_field(client):
    setup = matching_cohort(1, 1)
    client.force_login(setup.lead)
    data = {**Weights().__dict__, "topics": "-1"}
    response = client.post(reverse("matching:run_create", args=[setup.cohort.pk]), data)
    assert response.status_code == 400
    assert "greater than or equal to 0" in response.content.decode()
    assert not MatchRun.objects.exists()


# --- Queries ---------------------------------------------------------------------------


def _count(client, url) -> CaptureQueriesContext:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return context


def test_the_review_and_pairings_pages_run_the_same_queries_at_any_size(client):
    small, large = matching_cohort(2, 2), matching_cohort(12, 12)
    counts = {}
    for name, setup in (("small", small), ("large", large)):
        first = services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights())
        services.proposed_pair_lock(pair=first.pairs.first(), locked=True)
        services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights())
        add_person(setup, Participant.Role.MENTEE, level=1)  # someone nobody can mentor
        latest = services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights())
        assert latest.unmatched.exists()
        client.force_login(setup.lead)
        review = _count(client, reverse("matching:cohort", args=[setup.cohort.pk]))
        services.match_run_publish(run_id=latest.pk)
        for pairing in Pairing.objects.filter(cohort=setup.cohort):
            Concern.objects.create(pairing=pairing, raised_by=pairing.mentee, message="A worry")
        listing = _count(client, reverse("matching:pairings", args=[setup.cohort.pk]))
        counts[name] = (review, listing)
    for index in range(2):
        small_queries, large_queries = counts["small"][index], counts["large"][index]
        assert len(small_queries) == len(large_queries), [q["sql"] for q in large_queries.captured_queries]


def test_the_pair_panel_runs_the_same_queries_however_much_is_shared(world):
    client = world.client_for("mentee")
    url = reverse("meetings:pair", args=[world.objects["pairing"].pk])
    mentor = world.objects["mentor"]
    mentor.disclosure_visibility = mentor.avoid_visibility = Participant.Visibility.PARTNER
    mentor.save()
    small = _count(client, url)
    organisation = world.organisation
    topics = [organisation.topics.create(name=f"Topic {n}") for n in range(6)]
    mentor.shared_topics.set(topics[:3])
    mentor.avoid_topics.set(topics[3:])
    large = _count(client, url)
    assert len(small) == len(large)


def test_every_matching_url_has_a_row_in_the_access_matrix():
    from django.urls import get_resolver

    from matching.tests.access_urls import MATRIX

    resolver = get_resolver().namespace_dict["matching"][1]
    names = {f"matching:{p.name}" for p in resolver.url_patterns}
    assert names == set(MATRIX)


def test_a_partner_finds_their_pairing_from_home_and_the_menu(world):
    pairing = world.objects["pairing"]
    page = world.client_for("mentee").get(reverse("home")).content.decode()
    link = f'href="{reverse("meetings:pair", args=[pairing.pk])}"'
    assert page.count(link) == 2  # the menu and the home page
    assert "Your pairing" in page
    other = world.client_for("other_cohort_participant").get(reverse("home")).content.decode()
    assert "Your pairing" not in other


def test_the_lead_sees_a_rematch_request_without_being_told_who_answered(world):
    pairing = world.objects["pairing"]
    pairing.status = Pairing.Status.INTRODUCED
    pairing.save()
    services.rapport_answer(pairing_id=pairing.pk, participant=world.objects["mentee"], wants_to_continue=False)
    page = world.client_for("lead").get(reverse("matching:pairings", args=[world.cohort.pk])).content.decode()
    assert "Re-match requests" in page and "Nobody is told which partner asked" in page
    matching_page = world.client_for("co_lead").get(reverse("matching:cohort", args=[world.cohort.pk]))
    assert "waiting for a new match" in matching_page.content.decode()


def test_after_a_pairing_ends_both_still_find_it_from_home_but_not_in_the_menu(world):
    pairing = world.objects["pairing"]
    services.pairing_end(pairing_id=pairing.pk, reason="Moved to another force")
    for role in ("mentor", "mentee"):
        page = world.client_for(role).get(reverse("home")).content.decode()
        assert page.count(f'href="{reverse("meetings:pair", args=[pairing.pk])}"') == 1
        assert "Your earlier pairing (ended)" in page


# --- The review page in words a lead reads ------------------------------------------------


def _review(client, setup) -> str:
    client.force_login(setup.lead)
    return re.sub(r"\s+", " ", client.get(reverse("matching:cohort", args=[setup.cohort.pk])).content.decode())


def test_each_proposal_shows_its_fit_in_words_and_what_it_is_made_of_not_a_bare_score(client):
    setup = matching_cohort(1, 1)
    run = services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights())
    pair = run.pairs.get()
    page = _review(client, setup)
    assert f"{pair.score:.2f}" not in page and f"{run.total_score:.2f}" not in page
    assert re.search(r"<strong>(Strong|Good|Fair|Weak) fit</strong>", page)
    assert f"{round(100 * (pair.score - 1))} points of 100" in page
    assert "What it is made of" in page
    assert re.search(r"<li>learning topics the mentor shares: (\d+) of \1</li>", page)  # it shares every topic
    made_of = re.findall(r"<li>[a-z ]+: (\d+) of (\d+)</li>", page)
    assert sum(int(got) for got, _ in made_of) == round(100 * (pair.score - 1))
    assert sum(int(most) for _, most in made_of) == 100
    assert "1 pair proposed, a " in page


def test_a_proposal_whose_mentor_will_not_discuss_one_of_the_mentees_topics_is_flagged_before_publishing(client):
    setup = matching_cohort(0, 0)
    mentor = add_person(setup, Participant.Role.MENTOR, topics=("Race",))
    mentor.avoid_topics.set([setup.topics["Disability"]])
    add_person(setup, Participant.Role.MENTEE, topics=("Race", "Disability"))
    run = services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights())
    pair = run.pairs.get()
    assert pair.warning == "the mentor will not discuss Disability (the mentee's topic 2 of 2)"
    assert pair.explanation.endswith("; check: " + pair.warning)
    page = _review(client, setup)
    assert "1 proposal needs checking before you publish" in page
    assert "Check before publishing" in page and 'aria-describedby="proposal-warnings"' in page


def test_a_run_with_no_pairs_says_so_in_a_warning_and_offers_nothing_to_publish(client):
    setup = matching_cohort(2, 2, mentee_training_required=True)
    client.force_login(setup.lead)
    response = client.post(
        reverse("matching:run_create", args=[setup.cohort.pk]), {**Weights().__dict__, "allow_repeat": ""}, follow=True
    )
    page = re.sub(r"\s+", " ", response.content.decode())
    assert "no pairs could be proposed, so there is nothing to publish" in page
    assert "alert-success" not in page and "alert-warning" in page
    assert "Publish 0 pairs" not in page and "Publish " not in page
    assert "Has not attended training yet, which this programme requires of mentees" in page
    assert "No mentee is available in this run (2 mentees are not in this run: see why beside each)" in page
    run = MatchRun.objects.get()
    response = client.post(reverse("matching:run_publish", args=[run.pk]), follow=True)
    assert "nothing to publish" in response.content.decode() and not Pairing.objects.exists()


def test_the_matching_page_says_who_is_matched_by_role(client):
    setup = matching_cohort(1, 1, mentor_training_required=True)
    page = _review(client, setup)
    assert "Only accepted people you marked ready to match are matched." in page
    assert "Mentors must also have attended training (in any cohort of this programme); mentees need not." in page


def test_without_a_rapport_check_the_pair_page_asks_only_for_signatures(client):
    setup = matching_cohort(1, 1, rapport_check=False)
    services.match_run_publish(
        run_id=services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights()).pk
    )
    pairing = Pairing.objects.get()
    client.force_login(pairing.mentor.user)
    panel = _panel(client, pairing)
    assert "Your pairing becomes active once you have both signed the agreement." in panel
    assert "shall you continue" not in panel and "Yes, let's continue" not in panel
    client.force_login(setup.lead)
    listing = client.get(reverse("matching:pairings", args=[setup.cohort.pk])).content.decode()
    assert "Not used in this programme" in listing
    monitoring = client.get(reverse("meetings:monitoring", args=[setup.cohort.pk])).content.decode()
    assert "Rapport check pending" not in monitoring
    Programme.objects.filter(pk=setup.cohort.programme_id).update(rapport_check=True)
    monitoring = client.get(reverse("meetings:monitoring", args=[setup.cohort.pk])).content.decode()
    assert "Rapport check pending" in monitoring
