"""The cohort dashboard: figures from aggregates, suppression everywhere, and no free text unless approved."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from evaluation import services
from evaluation.models import Answer, Invitation, Response, SealedResponse, Survey, Testimonial
from evaluation.tests.factories import invitation_for, open_survey
from evaluation.tests.results_factories import answer, answer_many, make_survey
from matching.models import Pairing
from meetings.models import Action, Meeting, Outcome
from programmes.models import Cohort, Participant, StaffNetwork, Topic
from programmes.tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def dashboard(world, role="steering", cohort=None):
    response = world.client_for(role).get(reverse("evaluation:dashboard", args=[(cohort or world.cohort).pk]))
    assert response.status_code == 200
    return response


def invite(survey, count):
    participants = [ParticipantFactory(cohort=survey.cohort, role="mentor") for _ in range(count)]
    Invitation.objects.bulk_create(
        [Invitation(survey=survey, participant=p, token_hash=f"{survey.pk}-{p.pk}") for p in participants]
    )


def test_the_response_rate_reads_like_the_committee_report(world):
    survey = make_survey(world.cohort)
    invite(survey, 49)
    answer_many(survey, "mentor", 11, honest=4)
    answer_many(survey, "mentee", 10, honest=5)
    page = dashboard(world).content.decode()
    assert "21 of 49" in page
    assert "43%" in page


def test_a_likert_question_shows_its_distribution_and_share_who_agree(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 9, honest=5)
    answer_many(survey, "mentee", 9, honest=4)
    answer_many(survey, "mentee", 3, honest=2)
    d = dashboard(world).context["d"]
    result = next(r for r in d.surveys[0].all_questions() if r.question.code == "honest")
    assert result.overall.agree_pct == 86  # 18 of 21, as in the Leicestershire pilot
    assert [bar.count for bar in result.overall.bars] == [0, 3, 0, 9, 9]
    # Three mentees disagreed: a cell that small is not shown by role (and so neither are the mentors).
    assert [group.shown for group in result.by_role] == [False, False]
    assert "fewer than 5 mentors or mentees gave one of these answers" in result.by_role[0].visibility.reason

    answer_many(survey, "mentee", 2, honest=2)
    d = dashboard(world).context["d"]
    result = next(r for r in d.surveys[0].all_questions() if r.question.code == "honest")
    assert [group.agree_pct for group in result.by_role] == [100, 64]  # 9 of 9, 9 of 14


def test_groups_of_four_are_hidden_and_groups_of_five_shown(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 4, honest=5)
    answer_many(survey, "mentee", 5, honest=4)
    d = dashboard(world).context["d"]
    result = next(r for r in d.surveys[0].all_questions() if r.question.code == "honest")
    assert result.overall.shown  # 9 together
    assert [group.shown for group in result.by_role] == [False, False]  # 4 hidden, so its sibling too
    page = dashboard(world).content.decode()
    assert "fewer than 5 people answered" in page

    answer(survey, "mentor", honest=5)
    d = dashboard(world).context["d"]
    result = next(r for r in d.surveys[0].all_questions() if r.question.code == "honest")
    assert [group.shown for group in result.by_role] == [True, True]


def test_a_seven_pair_pilot_with_six_responses_still_gets_its_overall_results(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 3, honest=5, change_behaviour="undecided")
    answer_many(survey, "mentee", 3, honest=4, change_behaviour="yes")
    d = dashboard(world).context["d"]
    honest = next(r for r in d.surveys[0].all_questions() if r.question.code == "honest")
    assert honest.overall.shown and honest.overall.agree_pct == 100
    assert not any(group.shown for group in honest.by_role)
    behaviour = next(r for r in d.surveys[0].all_questions() if r.question.code == "change_behaviour")
    assert [(bar.label, bar.count) for bar in behaviour.overall.bars] == [("Yes", 3), ("No", 0), ("Undecided", 3)]


def test_a_survey_with_four_answers_shows_no_scores_and_says_why(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 4, honest=5, times_met=4)
    d = dashboard(world).context["d"]
    for result in d.surveys[0].all_questions():
        assert not result.overall.shown
        assert result.overall.bars == []
    assert "Hidden: fewer than 5 people answered" in dashboard(world).content.decode()


def test_steering_never_sees_free_text_that_a_lead_has_not_approved(world):
    survey = make_survey(world.cohort)
    answer_many(survey, "mentor", 5, benefits="Unapproved remark about the night shift")
    answer(survey, "mentee", benefits="Approved remark about listening")
    Answer.objects.filter(text__startswith="Approved").update(quote=Answer.Quote.APPROVED)
    for role in ("steering", "lead"):
        page = dashboard(world, role).content.decode()
        assert "Approved remark about listening" in page
        assert "Unapproved remark" not in page
    report = world.client_for("steering").get(reverse("evaluation:report", args=[world.cohort.pk])).content.decode()
    assert "Unapproved remark" not in report
    csv = world.client_for("steering").get(reverse("evaluation:report_csv", args=[world.cohort.pk])).content.decode()
    assert "remark" not in csv


def test_an_approved_quote_stays_hidden_while_its_question_has_too_few_answers(world):
    survey = make_survey(world.cohort, comments_min_group=8)
    answer_many(survey, "mentor", 6, benefits="Approved but from a small group")
    Answer.objects.update(quote=Answer.Quote.APPROVED)
    page = dashboard(world).content.decode()
    assert "Approved but from a small group" not in page
    assert "fewer than 8 people answered" in page


def test_results_of_an_open_survey_wait_until_it_closes(world):
    survey = make_survey(world.cohort, status=Survey.Status.OPEN)
    answer_many(survey, "mentor", 10, honest=5)
    page = dashboard(world).content.decode()
    assert "The results appear when the survey closes" in page
    assert "% agree" not in page


def test_meetings_pairs_and_actions_are_counted(world):
    pairing, other = world.objects["pairing"], world.objects["other_pairing"]
    for day in range(5):
        Meeting.objects.create(pairing=pairing, held_on=datetime.date(2026, 3, 1 + day), duration_minutes=90,
                               format="in_person")  # fmt: skip
    Action.objects.create(pairing=pairing, description="Review the lanyards", owner="mentee", status="done",
                          outcome="New lanyards ordered")  # fmt: skip
    Action.objects.create(pairing=other, description="Read the policy", owner="mentee")
    Outcome.objects.create(programme=world.programme, cohort=world.cohort, title="New lanyards",
                           achieved_on=datetime.date(2026, 4, 1))  # fmt: skip
    f = dashboard(world).context["d"].figures
    assert (f.pairs, f.pairs_met, f.pairs_met_pct) == (2, 1, 50)
    assert [(bar.label, bar.count) for bar in f.meeting_bands] == [
        ("No meetings", 1), ("1 to 3 meetings", 0), ("4 or more meetings", 1)
    ]  # fmt: skip
    assert f.median_meetings == 2.5
    assert (f.meetings, f.hours) == (5, 8)
    assert (f.actions, f.actions_closed, f.actions_closed_pct) == (2, 1, 50)
    page = dashboard(world).content.decode()
    assert "New lanyards" in page
    assert "Review the lanyards" not in page  # action texts stay with the pair


def test_equality_monitoring_counts_only_consented_disclosures_under_suppression(world):
    network = StaffNetwork.objects.create(organisation=world.organisation, name="BAME Network")
    small = StaffNetwork.objects.create(organisation=world.organisation, name="Tiny Network")
    race, faith = world.objects["topic"], Topic.objects.create(organisation=world.organisation, name="Faith")
    people = [ParticipantFactory(cohort=world.cohort, role="mentor", status="accepted") for _ in range(12)]
    for person in people[:7]:
        person.networks.add(network)
        person.shared_topics.add(race)
        person.consent_given_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        person.save()
    people[7].networks.add(small)
    for person in people[8:12]:
        person.shared_topics.add(faith)  # no consent: never counted
    withdrawn = ParticipantFactory(
        cohort=world.cohort, role="mentee", status="withdrawn", consent_given_at=people[0].consent_given_at
    )
    withdrawn.networks.add(network)  # no longer taking part: never counted
    withdrawn.shared_topics.add(faith)
    d = dashboard(world).context["d"]
    networks = {g.label: (g.shown, g.n) for g in d.networks}
    assert networks == {"BAME Network": (True, 7), "Tiny Network": (False, 0)}
    assert {g.label: g.shown for g in d.characteristics} == {"Race": True}


def test_other_cohorts_are_compared_side_by_side(world):
    make_survey(world.cohort)
    phase_two = world.objects["other_cohort"]
    second = make_survey(phase_two, title="Phase 2 survey")
    answer_many(second, "mentor", 5, honest=5)
    answer_many(second, "mentee", 5, honest=2)
    d = dashboard(world).context["d"]
    assert [f.cohort.name for f in d.comparison] == [c.name for c in Cohort.objects.filter(programme=world.programme)
                                                      .order_by("starts_on", "created_at", "pk")]  # fmt: skip
    honest = next(row for row in d.comparison_rows if row["code"] == "honest")
    assert 50 in honest["values"]


def _expected_figures(cohort):
    """A cohort's headline counts asked of the models one by one, for the selector's statements to match."""
    people = Participant.objects.filter(cohort=cohort)
    pairings = Pairing.objects.filter(cohort=cohort).exclude(status=Pairing.Status.REMATCH)
    meetings = Meeting.objects.filter(pairing__cohort=cohort)
    actions = Action.objects.filter(pairing__cohort=cohort)
    evaluations = Survey.objects.filter(cohort=cohort, kind=Survey.Kind.END).exclude(status=Survey.Status.DRAFT)
    return {
        "mentors": people.filter(status="accepted", role="mentor").count(),
        "mentees": people.filter(status="accepted", role="mentee").count(),
        "withdrawn": people.filter(status="withdrawn").count(),
        "pairs": pairings.count(),
        "pairs_met": pairings.filter(meetings__isnull=False).distinct().count(),
        "meetings": meetings.count(),
        "minutes": sum(meetings.values_list("duration_minutes", flat=True)),
        "actions": actions.count(),
        "actions_closed": actions.filter(status="done").exclude(outcome="").count(),
        "outcomes": Outcome.objects.filter(cohort=cohort).count(),
        "invited": Invitation.objects.filter(survey__in=evaluations).count(),
        "responses": Response.objects.filter(survey__in=evaluations).count()
        + SealedResponse.objects.filter(survey__in=evaluations).count(),
    }


def _pair(cohort, meetings, status="active"):
    pairing = Pairing.objects.create(
        cohort=cohort,
        mentor=ParticipantFactory(cohort=cohort, role="mentor"),
        mentee=ParticipantFactory(cohort=cohort, role="mentee"),
        status=status,
    )
    for day in range(meetings):
        Meeting.objects.create(pairing=pairing, held_on=datetime.date(2026, 3, 1 + day),
                               duration_minutes=25 + 10 * day, format="online")  # fmt: skip
    return pairing


def test_every_cohorts_figures_in_the_comparison_match_the_models_own_counts(world):
    phase_two = world.objects["other_cohort"]
    empty = Cohort.objects.create(programme=world.programme, name="Phase 3")
    for cohort, meetings_per_pair in ((world.cohort, [0, 1, 3, 6]), (phase_two, [2, 2, 0])):
        for meetings in meetings_per_pair:
            _pair(cohort, meetings)
        rematched = _pair(cohort, 1, status="rematch")  # its meeting counts, the pairing does not
        Action.objects.create(pairing=rematched, description="x", owner="mentor", status="done", outcome="Done")
        Action.objects.create(pairing=rematched, description="y", owner="mentor", status="done")
        Action.objects.create(pairing=rematched, description="z", owner="mentee")
        for status in ("withdrawn", "declined", "applied"):
            ParticipantFactory(cohort=cohort, role="mentee", status=status)
        Outcome.objects.create(programme=world.programme, cohort=cohort, title="t", achieved_on="2026-01-01")
        # Only evaluations that are not drafts count towards the response rate: not a baseline, not a draft.
        for kind, status, invited, responses in (("end", "open", 4, 3), ("end", "closed", 2, 2),
                                                  ("end", "draft", 3, 0), ("baseline", "closed", 5, 5)):  # fmt: skip
            survey = make_survey(cohort, kind=kind, status=status)
            invite(survey, invited)
            answer_many(survey, "mentee", responses, honest=4)
    Outcome.objects.create(programme=world.programme, title="Programme-wide", achieved_on="2026-01-01")

    d = dashboard(world).context["d"]
    cohorts = Cohort.objects.filter(programme=world.programme).order_by("starts_on", "created_at", "pk")
    assert [(f.cohort.pk, f.cohort.name) for f in d.comparison] == [(c.pk, c.name) for c in cohorts]
    for f, cohort in zip(d.comparison, cohorts, strict=True):
        assert {name: getattr(f, name) for name in _expected_figures(cohort)} == _expected_figures(cohort)
    assert (d.figures.invited, d.figures.responses) == (6, 5)
    assert next(f for f in d.comparison if f.cohort.pk == empty.pk).pairs == 0
    # The current cohort's world pairs (no meetings) and the four above, rematched pairing left out.
    assert [(bar.label, bar.count) for bar in d.figures.meeting_bands] == [
        ("No meetings", 3), ("1 to 3 meetings", 2), ("4 or more meetings", 1)
    ]  # fmt: skip
    assert d.figures.median_meetings == 0.5


def _fill(world, pairs, responses):
    """More of everything: pairs with meetings and actions, survey answers of every kind, disclosures."""
    survey = Survey.objects.filter(cohort=world.cohort).first() or make_survey(world.cohort)
    network = StaffNetwork.objects.get_or_create(organisation=world.organisation, name="Network")[0]
    for _ in range(pairs):
        mentor = ParticipantFactory(cohort=world.cohort, role="mentor", status="accepted")
        mentee = ParticipantFactory(cohort=world.cohort, role="mentee", status="accepted")
        mentor.networks.add(network)
        mentee.shared_topics.add(world.objects["topic"])
        pairing = Pairing.objects.create(cohort=world.cohort, mentor=mentor, mentee=mentee, status="active")
        Meeting.objects.create(pairing=pairing, held_on=datetime.date(2026, 3, 1), duration_minutes=60,
                               format="online", activity=ACTIVITIES[pairing.pk % len(ACTIVITIES)])  # fmt: skip
        Action.objects.create(pairing=pairing, description="x", owner="mentor")
        Testimonial.objects.create(participant=mentor, text="Named words", shown_name=f"Name {mentor.pk}",
                                   job_title="Sergeant", consent_at=timezone.now(),
                                   status=["approved", "pending"][pairing.pk % 2])  # fmt: skip
    for i in range(responses):
        answer(survey, "mentor" if i % 2 else "mentee", honest=1 + i % 5, times_met=i % 7, change_behaviour="yes",
               format="Online", activities=["Talk"], benefits=f"Comment {i}", purpose_clear=4)  # fmt: skip
    Answer.objects.filter(question__code="benefits").update(quote="approved")
    Outcome.objects.create(programme=world.programme, cohort=world.cohort, title="t", achieved_on="2026-01-01")


@pytest.mark.parametrize("role", ["steering", "lead"])
@pytest.mark.parametrize("page", ["evaluation:dashboard", "evaluation:report"])
def test_the_dashboard_runs_the_same_number_of_queries_at_two_sizes(world, role, page):
    _fill(world, pairs=2, responses=6)
    client = world.client_for(role)
    url = reverse(page, args=[world.cohort.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _fill(world, pairs=15, responses=40)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
        assert response.status_code == 200
    assert len(small) == len(large), "\n".join(q["sql"][:200] for q in large.captured_queries)
    d = response.context["d"]
    assert len(d.testimonials) == Testimonial.objects.filter(status="approved").count() > 2
    assert sum(a.meetings for a in d.activities) == d.figures.meetings == 17


ACTIVITIES = [Meeting.Activity.SHADOWING, Meeting.Activity.EVENT, Meeting.Activity.ROLE_PLAY, Meeting.Activity.PROJECT]


def test_the_activities_pairs_logged_are_totalled_as_wiltshire_reported_them(world):
    pairing, other = world.objects["pairing"], world.objects["other_pairing"]
    for pair, activity, minutes in [
        (pairing, "shadowing", 240),
        (pairing, "shadowing", 180),
        (other, "shadowing", 60),
        (pairing, "role_play", 60),
        (other, "project", 90),
        (other, "conversation", 60),
    ]:
        Meeting.objects.create(pairing=pair, held_on=datetime.date(2026, 3, 1), duration_minutes=minutes,
                               format="in_person", activity=activity)  # fmt: skip
    d = dashboard(world).context["d"]
    totals = {a.label: (a.meetings, a.pairs, a.hours) for a in d.activities}
    assert totals == {
        "Conversation": (1, 1, 1),
        "Shadowing": (3, 2, 8),
        "Attending an event together": (0, 0, 0),
        "Role play": (1, 1, 1),
        "Shared project": (1, 1, 2),
        "Informal activity": (0, 0, 0),
    }
    page = dashboard(world).content.decode()
    assert "What pairs did together" in page and "Attending an event together" in page
    report = world.client_for("steering").get(reverse("evaluation:report", args=[world.cohort.pk])).content.decode()
    assert "What pairs did together" in report and "Shared project" in report


def test_the_meeting_bands_follow_the_programmes_suggested_number_of_meetings(world):
    world.programme.suggested_meetings = 6
    world.programme.save()
    for times, pairing in ((6, world.objects["pairing"]), (5, world.objects["other_pairing"])):
        for day in range(times):
            Meeting.objects.create(pairing=pairing, held_on=datetime.date(2026, 3, 1 + day), duration_minutes=60,
                                   format="online")  # fmt: skip
    d = dashboard(world).context["d"]
    assert [(bar.label, bar.count) for bar in d.figures.meeting_bands] == [
        ("No meetings", 0), ("1 to 5 meetings", 1), ("6 or more meetings", 1)
    ]  # fmt: skip
    assert "the programme suggests 6" in dashboard(world).content.decode()


def test_steering_sees_approved_testimonials_with_their_authors_names_and_nothing_else(world):
    shown = Testimonial.objects.create(
        participant=world.objects["mentee"], text="It changed how I chair promotion boards.", shown_name="Dana Reyes",
        job_title="Chief Inspector, Local Policing", consent_at=timezone.now(), status="approved",
    )  # fmt: skip
    for person, status, text in [(world.objects["mentor"], "pending", "Waiting words"),
                                 (world.objects["other_mentor"], "declined", "Declined words")]:  # fmt: skip
        Testimonial.objects.create(participant=person, text=text, shown_name="Hidden Person", job_title="Constable",
                                   consent_at=timezone.now(), status=status)  # fmt: skip
    Testimonial.objects.create(participant=world.objects["other_pair"], text="", shown_name="", job_title="",
                               status="withdrawn")  # fmt: skip
    for name in ("evaluation:dashboard", "evaluation:report"):
        page = world.client_for("steering").get(reverse(name, args=[world.cohort.pk])).content.decode()
        assert shown.text in page and "Dana Reyes, Chief Inspector, Local Policing" in page
        assert "Waiting words" not in page and "Declined words" not in page and "Hidden Person" not in page
    csv = world.client_for("steering").get(reverse("evaluation:report_csv", args=[world.cohort.pk])).content.decode()
    assert "Dana Reyes, Chief Inspector, Local Policing" in csv and "Waiting words" not in csv


def test_withdrawn_participants_are_counted_apart(world):
    ParticipantFactory(cohort=world.cohort, role=Participant.Role.MENTOR, status=Participant.Status.WITHDRAWN)
    f = dashboard(world).context["d"].figures
    assert f.withdrawn == 1


def test_baseline_and_end_answers_to_the_same_question_are_set_side_by_side(world):
    baseline = make_survey(world.cohort, title="Baseline", kind=Survey.Kind.BASELINE)
    end = make_survey(world.cohort, title="End")
    answer_many(baseline, "mentor", 6, purpose_clear=2)
    answer_many(baseline, "mentee", 4, purpose_clear=4)
    answer_many(end, "mentor", 5, purpose_clear=5)
    answer_many(end, "mentee", 3, purpose_clear=4)
    d = dashboard(world).context["d"]
    row = next(r for r in d.baseline_vs_end if r["question"].code == "purpose_clear")
    assert (row["before"].agree_pct, row["after"].agree_pct) == (40, 100)
    assert [s.survey.title for s in d.surveys] == ["End", "Baseline"]
    assert "Before and after" in dashboard(world).content.decode()


def test_only_leads_get_the_links_to_choose_quotes_and_issue_certificates(world):
    url = reverse("evaluation:quotes", args=[world.cohort.pk])
    assert url in dashboard(world, "lead").content.decode()
    assert url not in dashboard(world, "steering").content.decode()


def test_each_surveys_invitations_and_responses_by_role_match_the_models_own_counts(world):
    end, baseline = make_survey(world.cohort), make_survey(world.cohort, kind=Survey.Kind.BASELINE, title="Baseline")
    make_survey(world.cohort, status=Survey.Status.DRAFT, title="Draft")  # not shown at all
    invite(end, 12)
    invite(baseline, 7)
    answer_many(end, "mentor", 6, honest=4)
    answer_many(end, "mentee", 5, honest=4)
    answer_many(baseline, "mentee", 3, honest=2)
    d = dashboard(world).context["d"]
    assert [s.survey.title for s in d.surveys] == ["End of pilot survey", "Baseline"]
    for result in d.surveys:
        responses = Response.objects.filter(survey=result.survey)
        assert result.invited == Invitation.objects.filter(survey=result.survey).count()
        assert result.responses == responses.count()
        assert [g.n for g in result.responses_by_role] == [
            responses.filter(role="mentor").count(),
            responses.filter(role="mentee").count(),
        ]


def test_answers_still_sealed_count_as_answers_while_the_survey_is_open_and_show_no_results(world):
    survey = open_survey(world.cohort)
    likert = list(survey.questions.filter(kind="likert"))
    for role in ("mentor", "mentee", "other_pair"):
        services.response_submit(
            invitation=invitation_for(survey, world.objects[role]), answers=[(q, 4) for q in likert]
        )
    assert SealedResponse.objects.count() == 3 and not Response.objects.exists()  # waiting for a batch of five
    d = dashboard(world).context["d"]
    assert d.surveys[0].responses == 3 and [g.n for g in d.surveys[0].responses_by_role] == [1, 2]
    assert d.figures.responses == 3 and d.figures.invited == 4
    assert not d.surveys[0].results_available and not d.surveys[0].themes


def test_the_comparison_escapes_each_cohorts_name(world):
    for name in ("<b>Early</b> & co", "<i>Late</i>"):
        Cohort.objects.create(programme=world.programme, name=name)
    world.cohort.name = "<s>Pilot</s>"
    world.cohort.save()
    page = dashboard(world).content.decode()
    assert "<b>Early</b>" not in page and "<i>Late</i>" not in page and "<s>Pilot</s>" not in page
    assert "&lt;b&gt;Early&lt;/b&gt; &amp; co" in page
    assert '<th scope="col" class="text-end current-cohort">&lt;s&gt;Pilot&lt;/s&gt;</th>' in page


def test_an_empty_cohort_says_not_started_rather_than_zero_percent(world):
    import csv
    import io

    from programmes.tests.factories import CohortFactory

    empty = CohortFactory(programme=world.programme, name="Phase 3")
    make_survey(empty)  # open, but nobody invited yet
    page = dashboard(world, cohort=empty).content.decode()
    figures = page[page.index('aria-label="Key figures"') : page.index("</ul>", page.index('aria-label="Key figures"'))]
    assert "not started" in figures.lower() and "0%" not in figures
    assert "Not started: nobody invited yet" in page
    assert "No actions agreed yet: not started." in page
    assert "(0%)" not in page
    report = world.client_for("steering").get(reverse("evaluation:report", args=[empty.pk])).content.decode()
    assert "not started: nobody has been invited yet" in report and "(0%)" not in report
    rows = list(
        csv.reader(
            io.StringIO(
                world.client_for("steering").get(reverse("evaluation:report_csv", args=[empty.pk])).content.decode()
            )
        )
    )
    assert ["Pairs", "", "Met at least once", "0", ""] in [row[1:] for row in rows]
    assert ["Actions", "", "Closed with an outcome", "0", ""] in [row[1:] for row in rows]
    pdf = world.client_for("steering").get(reverse("evaluation:report_pdf", args=[empty.pk]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
