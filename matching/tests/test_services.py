"""Running, reviewing and publishing matches; the rapport check, the agreement and concerns."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from matching import services
from matching.algorithm import Weights
from matching.models import Exclusion, MatchRun, Pairing
from matching.tests.factories import add_person, matching_cohort
from programmes.models import Attendance, Cohort, Event, Participant
from programmes.tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def run(setup, **kw):
    return services.match_run_create(cohort=setup.cohort, user=setup.lead, weights=Weights(), **kw)


def pairs_of(run):
    return {(p.mentor_id, p.mentee_id) for p in run.pairs.all()}


def test_a_match_runs_only_in_the_matching_or_active_stage_and_says_why_not():
    setup = matching_cohort()
    setup.cohort.status = Cohort.Status.RECRUITING
    setup.cohort.save()
    with pytest.raises(ValidationError, match="close recruitment first"):
        run(setup)
    setup.cohort.status = Cohort.Status.MATCHING
    setup.cohort.save()
    assert run(setup).pairs.count() == 2


def trained(setup, people, cohort=None):
    training = Event.objects.create(
        cohort=cohort or setup.cohort, kind=Event.Kind.TRAINING, title="Skills", starts_at="2026-01-01T10:00Z"
    )
    for person in people:
        Attendance.objects.create(event=training, participant=person, attended=True)


def reasons_of(run):
    return {u.participant_id: u.reason for u in run.unmatched.all()}


def test_only_people_who_attended_training_are_matched_when_the_programme_requires_it_of_both_roles():
    setup = matching_cohort(2, 2, mentor_training_required=True, mentee_training_required=True)
    trained(setup, setup.mentors + setup.mentees[:1])
    result = run(setup)
    assert {p.mentee_id for p in result.pairs.all()} == {setup.mentees[0].pk}
    assert reasons_of(result)[setup.mentees[1].pk] == (
        "has not attended training yet, which this programme requires of mentees"
    )


def test_dhsc_trained_its_mentors_only_and_its_senior_leaders_are_matched_without_training():
    setup = matching_cohort(2, 2, min_grade_gap=2, mentor_training_required=True)
    trained(setup, setup.mentors)
    result = run(setup)
    assert result.pairs.count() == 2
    assert reasons_of(result) == {}


def test_when_every_mentee_is_left_out_the_mentors_are_told_so_and_there_is_nothing_to_publish():
    setup = matching_cohort(2, 2, min_grade_gap=2, mentee_training_required=True)
    result = run(setup)
    assert result.pairs.count() == 0
    reasons = reasons_of(result)
    for mentor in setup.mentors:
        assert (
            reasons[mentor.pk]
            == "no mentee is available in this run (2 mentees are not in this run: see why beside each)"
        )
    with pytest.raises(ValidationError, match="nothing to publish"):
        services.match_run_publish(run_id=result.pk)
    result.refresh_from_db()
    assert result.status == MatchRun.Status.PROPOSED and not Pairing.objects.exists()


def test_a_mentor_the_lead_unticked_as_ready_is_never_proposed_in_a_run_or_a_rematch():
    setup = matching_cohort(2, 2)
    judged = setup.mentors[0]
    judged.ready_to_match, judged.lead_note = False, "Not yet: talked over others throughout the training."
    judged.save()
    first = run(setup)
    assert judged.pk not in {p.mentor_id for p in first.pairs.all()}
    assert reasons_of(first)[judged.pk] == "not ready (lead's judgement)"
    services.match_run_publish(run_id=first.pk)
    ended = Pairing.objects.get()
    services.rapport_answer(pairing_id=ended.pk, participant=ended.mentee, wants_to_continue=False)
    setup.cohort.status = Cohort.Status.ACTIVE
    setup.cohort.save()
    rematch = run(setup)
    assert judged.pk not in {p.mentor_id for p in rematch.pairs.all()}
    assert reasons_of(rematch)[judged.pk] == "not ready (lead's judgement)"


def test_someone_left_out_is_given_every_true_reason():
    setup = matching_cohort(1, 1, mentor_training_required=True)
    mentor = setup.mentors[0]
    mentor.ready_to_match = False
    mentor.save()
    assert reasons_of(run(setup))[mentor.pk] == (
        "not ready (lead's judgement); has not attended training yet, which this programme requires of mentors"
    )


def test_training_in_an_earlier_cohort_of_the_programme_counts_after_continuing():
    """Phase 2: mentors trained in phase 1 and carried over are trained there too."""
    setup = matching_cohort(0, 1, mentor_training_required=True)
    programme = setup.cohort.programme
    phase_1 = Cohort.objects.create(programme=programme, name="Phase 1", status=Cohort.Status.CLOSED)
    veteran = add_person(setup, Participant.Role.MENTOR)
    earlier_self = Participant.objects.create(cohort=phase_1, user=veteran.user, role="mentor", status="accepted")
    trained(setup, [earlier_self], cohort=phase_1)
    elsewhere = add_person(setup, Participant.Role.MENTOR)
    other_programme = Cohort.objects.create(programme=ProgrammeFactory(organisation=programme.organisation), name="X")
    trained(
        setup, [Participant.objects.create(cohort=other_programme, user=elsewhere.user, role="mentor")], other_programme
    )
    result = run(setup)
    assert {p.mentor_id for p in result.pairs.all()} == {veteran.pk}
    assert "requires of mentors" in reasons_of(result)[elsewhere.pk]


def test_a_pair_made_by_hand_with_someone_not_ready_needs_a_reason_and_survives_a_rerun():
    setup = matching_cohort(1, 1)
    waiting = add_person(setup, Participant.Role.MENTOR, ready_to_match=False)
    first = run(setup)
    with pytest.raises(services.NeedsReason) as needed:
        services.proposed_pair_manual(run=first, mentor=waiting, mentee=setup.mentees[0])
    assert needed.value.check.broken == [f"{waiting.user}: not ready (lead's judgement)"]
    services.proposed_pair_manual(run=first, mentor=waiting, mentee=setup.mentees[0], reason="Ready after a chat")
    second = run(setup)
    assert pairs_of(second) == {(waiting.pk, setup.mentees[0].pk)}
    assert waiting.pk not in reasons_of(second)
    assert setup.mentors[0].pk in reasons_of(second)
    # The lead overrode "not ready" for this pair, not anything that comes up later.
    Participant.objects.filter(pk=setup.mentees[0].pk).update(ready_to_match=False)
    third = run(setup)
    assert third.pairs.count() == 0
    assert reasons_of(third)[waiting.pk] == "not ready (lead's judgement)"


def test_a_cohorts_own_grade_limits_are_the_ones_matching_keeps():
    setup = matching_cohort(1, 1)  # a Constable mentor and a Chief Superintendent mentee
    inspector = add_person(setup, Participant.Role.MENTEE, level=4)
    setup.cohort.programme.mentee_min_level = 2
    setup.cohort.programme.save()
    setup.cohort.own_eligibility, setup.cohort.mentee_min_level = True, 6
    setup.cohort.save()
    result = run(setup)
    assert {p.mentee_id for p in result.pairs.all()} == {setup.mentees[0].pk}
    assert reasons_of(result)[inspector.pk].startswith("their grade, Chief Inspector, is below this cohort's limit")


def test_a_rerun_keeps_locked_pairs_and_points_at_the_run_before():
    setup = matching_cohort(2, 2)
    first = run(setup)
    locked = first.pairs.first()
    services.proposed_pair_lock(pair=locked, locked=True)
    second = run(setup)
    assert second.previous == first
    assert (locked.mentor_id, locked.mentee_id) in pairs_of(second)
    assert second.pairs.get(mentee_id=locked.mentee_id).locked
    first.refresh_from_db()
    assert first.status == MatchRun.Status.SUPERSEDED


def test_an_excluded_pair_leaves_the_proposals_and_is_never_proposed_again():
    setup = matching_cohort(1, 1)
    first = run(setup)
    pair = first.pairs.get()
    services.proposed_pair_exclude(pair=pair, user=setup.lead)
    assert first.pairs.count() == 0
    assert Exclusion.objects.filter(mentor=pair.mentor, mentee=pair.mentee).exists()
    assert "excluded" in first.unmatched.get(participant=pair.mentee).reason
    second = run(setup)
    assert second.pairs.count() == 0
    assert "excluded" in second.unmatched.get(participant=pair.mentee).reason


def test_a_manual_pair_that_breaks_a_rule_needs_a_reason_and_keeps_it():
    setup = matching_cohort(1, 1)
    senior_mentor = add_person(setup, Participant.Role.MENTOR, level=6)
    first = run(setup)
    with pytest.raises(services.NeedsReason) as needed:
        services.proposed_pair_manual(run=first, mentor=senior_mentor, mentee=setup.mentees[0])
    assert needed.value.check.broken == ["the mentor is 0 levels below the mentee, not at least 1"]
    pair = services.proposed_pair_manual(
        run=first, mentor=senior_mentor, mentee=setup.mentees[0], reason="Agreed with both: shared project"
    )
    assert (pair.manual, pair.locked, pair.reason) == (True, True, "Agreed with both: shared project")
    assert "not at least 1" in pair.broken_rules
    # The mentee's earlier proposal went; that mentor is now unmatched with a reason.
    assert first.pairs.count() == 1
    assert first.unmatched.filter(participant=setup.mentors[0]).exists()
    # A re-run keeps the hand-made pair, rule, reason and all.
    kept = run(setup).pairs.get(mentee=setup.mentees[0])
    assert (kept.mentor_id, kept.manual, kept.reason) == (senior_mentor.pk, True, "Agreed with both: shared project")


def test_a_manual_pair_that_breaks_no_rule_needs_no_reason():
    setup = matching_cohort(2, 2)
    first = run(setup)
    other = first.pairs.exclude(mentor=setup.mentors[0]).get()
    pair = services.proposed_pair_manual(run=first, mentor=setup.mentors[0], mentee=other.mentee)
    assert pair.broken_rules == "" and pair.locked


def test_a_manual_pair_swaps_out_the_mentors_unlocked_proposal_but_never_passes_capacity():
    setup = matching_cohort(1, 2)
    first = run(setup)
    taken = first.pairs.get()
    free = next(m for m in setup.mentees if m.pk != taken.mentee_id)
    services.proposed_pair_manual(run=first, mentor=setup.mentors[0], mentee=free)
    assert pairs_of(first) == {(setup.mentors[0].pk, free.pk)}
    assert "paired with someone else" in first.unmatched.get(participant_id=taken.mentee_id).reason
    with pytest.raises(ValidationError, match="capacity 1"):
        services.proposed_pair_manual(run=first, mentor=setup.mentors[0], mentee=taken.mentee)


def test_publishing_creates_introduced_pairings_and_introduces_each_person_once(
    django_capture_on_commit_callbacks,
):
    setup = matching_cohort(2, 2)
    first = run(setup)
    with django_capture_on_commit_callbacks(execute=True):
        published = services.match_run_publish(run_id=first.pk)
    assert len(published.created) == 2
    assert set(Pairing.objects.values_list("status", flat=True)) == {Pairing.Status.INTRODUCED}
    assert len(mail.outbox) == 4
    with django_capture_on_commit_callbacks(execute=True):
        again = services.match_run_publish(run_id=first.pk)
    assert again.already and Pairing.objects.count() == 2 and len(mail.outbox) == 4


def test_the_introduction_names_the_partner_links_the_pair_page_and_carries_no_disclosures(
    django_capture_on_commit_callbacks,
):
    setup = matching_cohort(1, 1)
    mentor = setup.mentors[0]
    mentor.user.name = "Siobhan O'Neill"  # an apostrophe: plain-text emails must not HTML-escape it
    mentor.user.save()
    mentor.shared_text = "I am a practising Sikh"
    mentor.disclosure_visibility = Participant.Visibility.PARTNER
    mentor.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.match_run_publish(run_id=run(setup).pk)
    pairing = Pairing.objects.get()
    to_mentee = next(m for m in mail.outbox if m.to == [setup.mentees[0].user.email])
    assert mentor.user.name in to_mentee.subject and mentor.user.name in to_mentee.body
    assert f"/pairings/{pairing.pk}/" in to_mentee.body
    for message in mail.outbox:
        assert "Sikh" not in message.body and "Race" not in message.body
        assert "Sikh" not in message.alternatives[0][0]


def test_a_later_run_never_gives_a_mentee_a_second_pairing_or_a_mentor_more_than_capacity():
    setup = matching_cohort(1, 2)
    first = run(setup)
    services.match_run_publish(run_id=first.pk)
    # A stale run made before the publish, proposing the same mentor for the other mentee.
    stale = MatchRun.objects.create(cohort=setup.cohort)
    other = next(m for m in setup.mentees if not Pairing.objects.filter(mentee=m).exists())
    stale.pairs.create(mentor=setup.mentors[0], mentee=other, score=1)
    stale.pairs.create(mentor=add_person(setup, Participant.Role.MENTOR), mentee=first.pairs.get().mentee, score=1)
    published = services.match_run_publish(run_id=stale.pk)
    assert published.created == []
    assert len(published.skipped) == 2
    assert Pairing.objects.count() == 1


def test_a_rematch_pairs_only_the_people_left_and_never_the_same_two_again():
    setup = matching_cohort(2, 2)
    services.match_run_publish(run_id=run(setup).pk)
    ended = Pairing.objects.first()
    services.rapport_answer(pairing_id=ended.pk, participant=ended.mentee, wants_to_continue=False)
    setup.cohort.status = Cohort.Status.ACTIVE
    setup.cohort.save()
    second = run(setup)
    assert (ended.mentor_id, ended.mentee_id) not in pairs_of(second)
    assert {p.mentee_id for p in second.pairs.all()} <= {ended.mentee_id}
    still = Pairing.objects.current().get()
    assert still.mentee_id not in {p.mentee_id for p in second.pairs.all()}


def test_pairs_from_an_earlier_cohort_are_not_proposed_unless_allowed():
    setup = matching_cohort(1, 1)
    mentor, mentee = setup.mentors[0], setup.mentees[0]
    earlier = Cohort.objects.create(programme=setup.cohort.programme, name="Earlier", status=Cohort.Status.CLOSED)
    Pairing.objects.create(
        cohort=earlier,
        mentor=Participant.objects.create(cohort=earlier, user=mentor.user, role="mentor", grade=mentor.grade),
        mentee=Participant.objects.create(cohort=earlier, user=mentee.user, role="mentee", grade=mentee.grade),
        status=Pairing.Status.ENDED,
    )
    assert run(setup).pairs.count() == 0
    assert run(setup, allow_repeat=True).pairs.count() == 1


# --- The pair ----------------------------------------------------------------------


def published_pair(**programme):
    setup = matching_cohort(1, 1, **programme)
    services.match_run_publish(run_id=run(setup).pk)
    return setup, Pairing.objects.get()


def test_a_pairing_becomes_active_only_when_both_want_to_continue_and_both_signed_the_current_version():
    setup, pairing = published_pair()
    version = setup.cohort.programme.agreement_version
    services.rapport_answer(pairing_id=pairing.pk, participant=pairing.mentor, wants_to_continue=True)
    services.agreement_sign(pairing_id=pairing.pk, participant=pairing.mentor, version=version)
    services.rapport_answer(pairing_id=pairing.pk, participant=pairing.mentee, wants_to_continue=True)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.INTRODUCED
    services.agreement_sign(pairing_id=pairing.pk, participant=pairing.mentee, version=version)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE and pairing.activated_at


def test_a_signature_keeps_who_when_the_version_and_the_words_and_a_stale_version_is_refused():
    setup, pairing = published_pair()
    programme = setup.cohort.programme
    signature = services.agreement_sign(pairing_id=pairing.pk, participant=pairing.mentor, version=1)
    assert (signature.participant, signature.version, signature.text) == (pairing.mentor, 1, programme.agreement_text)
    assert signature.signed_at
    programme.agreement_text += " Ground rule: we start on time."
    programme.agreement_version = 2
    programme.save()
    with pytest.raises(services.AgreementChanged, match="version 2"):
        services.agreement_sign(pairing_id=pairing.pk, participant=pairing.mentee, version=1)
    for person in (pairing.mentor, pairing.mentee):
        services.rapport_answer(pairing_id=pairing.pk, participant=person, wants_to_continue=True)
    services.agreement_sign(pairing_id=pairing.pk, participant=pairing.mentee, version=2)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.INTRODUCED  # the mentor signed version 1 only
    services.agreement_sign(pairing_id=pairing.pk, participant=pairing.mentor, version=2)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE
    assert signature.text != pairing.signatures.get(participant=pairing.mentor, version=2).text


def test_without_a_rapport_check_the_signatures_alone_activate_the_pairing_and_no_answer_is_taken():
    setup, pairing = published_pair(rapport_check=False)
    assert pairing.status == Pairing.Status.INTRODUCED
    with pytest.raises(ValidationError, match="no rapport check"):
        services.rapport_answer(pairing_id=pairing.pk, participant=pairing.mentor, wants_to_continue=False)
    version = setup.cohort.programme.agreement_version
    services.agreement_sign(pairing_id=pairing.pk, participant=pairing.mentor, version=version)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.INTRODUCED
    services.agreement_sign(pairing_id=pairing.pk, participant=pairing.mentee, version=version)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE and pairing.activated_at


def test_without_a_rapport_check_or_an_agreement_a_published_pairing_is_active_at_once():
    _, pairing = published_pair(rapport_check=False, agreement="")
    assert pairing.status == Pairing.Status.ACTIVE and pairing.activated_at


def test_without_an_agreement_text_rapport_alone_activates_the_pairing():
    _, pairing = published_pair(agreement="")
    for person in (pairing.mentor, pairing.mentee):
        services.rapport_answer(pairing_id=pairing.pk, participant=person, wants_to_continue=True)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.ACTIVE


def test_one_no_ends_the_pairing_and_the_leads_get_a_rematch_request(django_capture_on_commit_callbacks):
    setup, pairing = published_pair()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.rapport_answer(pairing_id=pairing.pk, participant=pairing.mentor, wants_to_continue=False)
    pairing.refresh_from_db()
    assert pairing.status == Pairing.Status.REMATCH and pairing.ended_at
    assert [m.to for m in mail.outbox] == [[setup.lead.email]]
    assert pairing.mentor.user.name not in mail.outbox[0].body
    with pytest.raises(ValidationError):
        services.rapport_answer(pairing_id=pairing.pk, participant=pairing.mentee, wants_to_continue=True)


def test_a_concern_reaches_the_leads_by_email_without_its_words(django_capture_on_commit_callbacks):
    setup, pairing = published_pair()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.concern_raise(pairing=pairing, participant=pairing.mentee, message="They keep cancelling late")
    assert [m.to for m in mail.outbox] == [[setup.lead.email]]
    assert "cancelling" not in mail.outbox[0].body and "cancelling" not in mail.outbox[0].alternatives[0][0]
    assert "/pairings/" in mail.outbox[0].body


def test_a_lead_ends_a_pairing_with_a_reason_and_it_cannot_end_twice():
    _, pairing = published_pair()
    services.pairing_end(pairing_id=pairing.pk, reason="Mentor moved to another force")
    pairing.refresh_from_db()
    assert (pairing.status, pairing.end_reason) == (Pairing.Status.ENDED, "Mentor moved to another force")
    with pytest.raises(ValidationError):
        services.pairing_end(pairing_id=pairing.pk, reason="again")
