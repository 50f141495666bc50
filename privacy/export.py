"""Everything held about a person, as plain data: the My data page and its JSON download read the same sections.

Each section says which models it covers. `privacy/tests/test_export_completeness.py`
walks every model that refers (directly or through other models) to an account
or a participant and fails unless a section here covers it or it is on that
test's allow-list: a model added later cannot be left out by accident.

What a partner wrote privately (their reflections, their rapport answer) is
never in the other person's export; of the partner, only the name is.
Survey answers are not here because they cannot be found: a response has no
link to the person who gave it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.db.models import Q
from django.utils import timezone

from evaluation.models import Certificate, Invitation
from matching.models import AgreementSignature, Concern, Exclusion, MatchRun, Pairing, ProposedPair, RapportAnswer
from matching.models import Unmatched as UnmatchedRecord
from meetings.models import Action, Meeting, Nudge, Outcome, Reflection, ScheduledMeeting
from notifications.models import EmailPreference, Notification
from privacy.models import AuditEvent
from programmes.models import Attendance, ConsentEvent, LearningTopic, Membership, Participant, ProgrammeRole


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    about: str
    models: tuple[str, ...]
    rows: Callable


def _name(user) -> str:
    return user.name or "(no name given)"


def _cohort(cohort) -> str:
    return f"{cohort.programme.name}: {cohort.name}"


def _pairings(user):
    return Pairing.objects.filter(Q(mentor__user=user) | Q(mentee__user=user))


def _topics(manager) -> list[str]:
    return [topic.name for topic in manager.all()]


def _account(user):
    return [
        {
            "name": user.name,
            "email": user.email,
            "joined": user.date_joined,
            "last_signed_in": user.last_login,
            "account_active": user.is_active,
        }
    ]


def _email_addresses(user):
    return [
        {"email": a.email, "verified": a.verified, "primary": a.primary}
        for a in EmailAddress.objects.filter(user=user).order_by("email")
    ]


def _memberships(user):
    return [
        {"organisation": m.organisation.name, "organisation_administrator": m.is_admin}
        for m in Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")
    ]


def _programme_roles(user):
    return [
        {"programme": r.programme.name, "role": r.get_role_display()}
        for r in ProgrammeRole.objects.filter(user=user).select_related("programme").order_by("programme__name")
    ]


def _participations(user):
    participants = (
        Participant.objects.filter(user=user)
        .select_related("cohort__programme", "grade", "directorate")
        .prefetch_related("networks", "shared_topics", "avoid_topics")
        .order_by("created_at")
    )
    return [
        {
            "cohort": _cohort(p.cohort),
            "role": p.get_role_display(),
            "status": p.get_status_display(),
            # Until you accept an invitation, the name and email the lead typed are all the leads see.
            "name_your_lead_typed_when_inviting_you": p.invited_name,
            "email_your_lead_typed_when_inviting_you": p.invited_email,
            "applied": p.created_at,
            "grade": p.grade.name if p.grade else None,
            "directorate": p.directorate.name if p.directorate else None,
            "staff_networks": _topics(p.networks),
            "line_manager_email": p.line_manager_email,
            "objectives": p.objectives,
            "availability": p.availability_labels(),
            "meeting_format": p.get_meeting_format_display(),
            "location": p.location,
            "capacity": p.capacity if p.role == Participant.Role.MENTOR else None,
            "profile_completed": p.profile_completed_at,
            "wishes_to_continue": p.wishes_to_continue,
            "lead_judged_ready_to_match": p.ready_to_match,
            "lead_note_about_you": p.lead_note,
            "consent_given": p.consent_given_at,
            "consent_privacy_notice_version": p.consent_version,
            "comfortable_sharing": _topics(p.shared_topics),
            "comfortable_sharing_in_your_words": p.shared_text,
            "sharing_prefer_not_to_say": p.shared_prefer_not_to_say,
            "sharing_visible_to": p.get_disclosure_visibility_display(),
            "would_rather_not_discuss": _topics(p.avoid_topics),
            "would_rather_not_discuss_in_your_words": p.avoid_text,
            "not_discuss_prefer_not_to_say": p.avoid_prefer_not_to_say,
            "not_discuss_visible_to": p.get_avoid_visibility_display(),
        }
        for p in participants
    ]


def _consent_history(user):
    return [
        {"cohort": _cohort(e.participant.cohort), "what": e.get_action_display(), "notice_version": e.notice_version,
         "when": e.at}
        for e in ConsentEvent.objects.filter(participant__user=user).select_related("participant__cohort__programme")
    ]  # fmt: skip


def _learning_topics(user):
    return [
        {"cohort": _cohort(t.participant.cohort), "priority": t.priority, "topic": t.topic.name}
        for t in LearningTopic.objects.filter(participant__user=user).select_related(
            "participant__cohort__programme", "topic"
        )
    ]


def _attendances(user):
    return [
        {"event": a.event.title, "kind": a.event.get_kind_display(), "starts": a.event.starts_at,
         "your_reply": a.get_reply_display(), "attended": a.attended}
        for a in Attendance.objects.filter(participant__user=user).select_related("event").order_by("event__starts_at")
    ]  # fmt: skip


def _pairings_rows(user):
    rows = []
    for p in _pairings(user).select_related("cohort__programme", "mentor__user", "mentee__user").order_by("created_at"):
        you_mentor = p.mentor.user_id == user.pk
        partner = p.mentee if you_mentor else p.mentor
        rows.append(
            {
                "cohort": _cohort(p.cohort),
                "your_role": "Mentor" if you_mentor else "Mentee",
                "partner": _name(partner.user),
                "status": p.get_status_display(),
                "introduced": p.created_at,
                "active_since": p.activated_at,
                "ended": p.ended_at,
            }
        )
    return rows


def _match_proposals(user):
    mine = Q(mentor__user=user) | Q(mentee__user=user)
    rows = []
    for p in ProposedPair.objects.filter(mine).select_related("run", "mentor__user", "mentee__user"):
        partner = p.mentee if p.mentor.user_id == user.pk else p.mentor
        rows.append({"proposed": p.run.created_at, "run_status": p.run.get_status_display(),
                     "proposed_partner": _name(partner.user), "made_by_hand": p.manual})  # fmt: skip
    for u in UnmatchedRecord.objects.filter(participant__user=user).select_related("run"):
        rows.append({"proposed": u.run.created_at, "run_status": u.run.get_status_display(),
                     "proposed_partner": None, "reason_left_unmatched": u.reason})  # fmt: skip
    for e in Exclusion.objects.filter(mine).select_related("mentor__user", "mentee__user"):
        partner = e.mentee if e.mentor.user_id == user.pk else e.mentor
        rows.append({"proposed": e.created_at, "run_status": "Ruled out by the programme lead",
                     "proposed_partner": _name(partner.user)})  # fmt: skip
    return rows


def _meetings(user):
    meetings = (
        Meeting.objects.filter(pairing__in=_pairings(user))
        .select_related("pairing__cohort__programme", "logged_by")
        .prefetch_related("topics")
        .order_by("held_on")
    )
    return [
        {"cohort": _cohort(m.pairing.cohort), "held_on": m.held_on, "duration_minutes": m.duration_minutes,
         "format": m.get_format_display(), "activity": m.get_activity_display(), "topics": _topics(m.topics),
         "summary_shared_with_your_partner": m.summary,
         "logged_by_you": bool(m.logged_by and m.logged_by.user_id == user.pk)}
        for m in meetings
    ]  # fmt: skip


def _reflections(user):
    return [
        {"meeting_on": r.meeting.held_on, "your_private_reflection": r.text, "last_changed": r.updated_at}
        for r in Reflection.objects.filter(author__user=user).select_related("meeting").order_by("meeting__held_on")
    ]


def _actions(user):
    actions = Action.objects.filter(pairing__in=_pairings(user)).select_related("register_entry").order_by("created_at")
    rows = []
    for a in actions:
        entry = getattr(a, "register_entry", None)
        rows.append({"action": a.description, "owner": a.get_owner_display(), "due_on": a.due_on,
                     "status": a.get_status_display(), "outcome_reported": a.outcome,
                     "outcome_shared_with_leads": a.outcome_shared,
                     "in_the_outcomes_register_as": entry.title if entry else None})  # fmt: skip
    return rows


def _scheduled_meetings(user):
    return [
        {"starts": s.starts_at, "duration_minutes": s.duration_minutes, "place": s.place, "cancelled": s.cancelled}
        for s in ScheduledMeeting.objects.filter(pairing__in=_pairings(user)).order_by("starts_at")
    ]


def _nudges(user):
    return [
        {"reminder_number": n.number, "sent_on": n.sent_on, "quiet_since": n.since}
        for n in Nudge.objects.filter(pairing__in=_pairings(user)).order_by("sent_on")
    ]


def _rapport(user):
    return [
        {"after_introduction_in": _cohort(a.pairing.cohort), "you_wanted_to_continue": a.wants_to_continue,
         "answered": a.answered_at}
        for a in RapportAnswer.objects.filter(participant__user=user).select_related("pairing__cohort__programme")
    ]  # fmt: skip


def _signatures(user):
    return [
        {"agreement_version": s.version, "signed": s.signed_at, "words_signed": s.text}
        for s in AgreementSignature.objects.filter(participant__user=user).order_by("signed_at")
    ]


def _concerns(user):
    return [
        {"raised": c.created_at, "message": c.message, "resolved": c.resolved_at}
        for c in Concern.objects.filter(raised_by__user=user).order_by("created_at")
    ]


def _survey_invitations(user):
    return [
        {"survey": i.survey.title, "cohort": _cohort(i.survey.cohort), "used": i.used,
         "reminders_sent": i.reminders_sent}
        for i in Invitation.objects.filter(participant__user=user).select_related("survey__cohort__programme")
    ]  # fmt: skip


def _certificates(user):
    return [
        {"cohort": _cohort(c.participant.cohort), "issued_on": c.issued_on}
        for c in Certificate.objects.filter(participant__user=user).select_related("participant__cohort__programme")
    ]


def _records_made(user):
    """What a lead or administrator made that names them as its maker (not what it says about others)."""
    rows = [
        {"what": "Started a matching run", "when": r.created_at, "programme": r.cohort.programme.name}
        for r in MatchRun.objects.filter(created_by=user).select_related("cohort__programme")
    ]
    rows += [
        {"what": "Ruled out a pair", "when": e.created_at, "programme": e.cohort.programme.name}
        for e in Exclusion.objects.filter(created_by=user).select_related("cohort__programme")
    ]
    rows += [
        {"what": f"Added an outcome: {o.title}", "when": o.created_at, "programme": o.programme.name}
        for o in Outcome.objects.filter(created_by=user).select_related("programme")
    ]
    rows += [
        {"what": "Issued a certificate", "when": c.issued_on, "programme": c.participant.cohort.programme.name}
        for c in Certificate.objects.filter(issued_by=user).select_related("participant__cohort__programme")
    ]
    return rows


def _notifications(user):
    return [
        {"kind": n.kind, "created": n.created_at, "status": n.get_status_display(), "sent": n.sent_at, "link": n.link}
        for n in Notification.objects.filter(recipient=user).order_by("created_at")
    ]


def _email_preferences(user):
    return [{"kind": p.kind, "wanted": p.enabled} for p in EmailPreference.objects.filter(user=user)]


def _audit(user):
    events = AuditEvent.objects.filter(Q(target_user=user) | Q(actor=user)).select_related("actor", "programme")
    return [
        {"when": e.at, "what": e.get_action_display(),
         "by": "you" if e.actor_id == user.pk else (_name(e.actor) if e.actor else "the retention schedule"),
         "about_you": e.target_user_id == user.pk, "programme": e.programme.name if e.programme else None}
        for e in events
    ]  # fmt: skip


def _authenticators(user):
    return [
        {"kind": a.get_type_display(), "added": a.created_at, "last_used": a.last_used_at}
        for a in Authenticator.objects.filter(user=user)
    ]


SECTIONS = [
    Section("account", "Your account", "", ("accounts.user",), _account),
    Section("email_addresses", "Email addresses", "", ("account.emailaddress",), _email_addresses),
    Section("memberships", "Organisations", "The organisations whose staff you are listed among.",
            ("programmes.membership",), _memberships),
    Section("programme_roles", "Programme roles", "Programmes you lead or oversee as a steering-group member.",
            ("programmes.programmerole",), _programme_roles),
    Section("participations", "Your applications", "Your profile in each cohort, including what you chose to share "
            "for matching and your programme lead's note about you.", ("programmes.participant",), _participations),
    Section("consent_history", "Consent history", "Each time you gave or withdrew consent, and the version of the "
            "privacy notice you were shown.", ("programmes.consentevent",), _consent_history),
    Section("learning_topics", "Topics you want to learn about", "", ("programmes.learningtopic",), _learning_topics),
    Section("attendances", "Events", "Briefings, training, peer support and celebrations you were invited to.",
            ("programmes.attendance",), _attendances),
    Section("pairings", "Pairings", "Of your partner, only their name is included here.", ("matching.pairing",),
            _pairings_rows),
    Section("match_proposals", "Matching", "Pairs the matching proposed with you, and why you were left unmatched "
            "if you were.", ("matching.proposedpair", "matching.unmatched", "matching.exclusion"), _match_proposals),
    Section("meetings", "Meetings", "Meetings of your pairings. The summary is shared within your pair, so your "
            "partner holds it too.", ("meetings.meeting",), _meetings),
    Section("reflections", "Your private reflections", "Only you can read these. Your partner's reflections are "
            "theirs and are not included.", ("meetings.reflection",), _reflections),
    Section("actions", "Actions", "Actions agreed in your pairings.", ("meetings.action",), _actions),
    Section("scheduled_meetings", "Scheduled meetings", "", ("meetings.scheduledmeeting",), _scheduled_meetings),
    Section("nudges", "Reminders to meet", "", ("meetings.nudge",), _nudges),
    Section("rapport", "After your introduction", "Your own answer on whether to continue with your partner.",
            ("matching.rapportanswer",), _rapport),
    Section("signatures", "Agreements signed", "", ("matching.agreementsignature",), _signatures),
    Section("concerns", "Concerns you raised", "", ("matching.concern",), _concerns),
    Section("survey_invitations", "Survey invitations", "Whether you were invited and whether your link was used. "
            "Your answers are not here because they cannot be found: a survey response has no link to the person "
            "who gave it, by design, so nobody (you included) can look it up.", ("evaluation.invitation",),
            _survey_invitations),
    Section("certificates", "Certificates", "", ("evaluation.certificate",), _certificates),
    Section("records_made", "Records that name you as their maker", "For leads: matching runs, ruled-out pairs, "
            "outcomes and certificates you made.", ("matching.matchrun", "meetings.outcome"), _records_made),
    Section("notifications", "Emails sent to you", "What each email was about and where it linked; emails carry "
            "no personal details beyond that.", ("notifications.notification",), _notifications),
    Section("email_preferences", "Email choices", "", ("notifications.emailpreference",), _email_preferences),
    Section("audit", "Audit log", "Who viewed what you shared for matching, downloaded or erased data about you, or "
            "changed your roles; and what you did that the log records.", ("privacy.auditevent",), _audit),
    Section("authenticators", "Two-step sign-in", "The kinds of second step you set up (never their secrets).",
            ("mfa.authenticator",), _authenticators),
]  # fmt: skip


def exported_models() -> set[str]:
    return {label for section in SECTIONS for label in section.models}


def person_export(*, user) -> dict:
    """Every section for this person, in a fixed number of queries whatever they hold."""
    return {
        "generated_at": timezone.now(),
        "person": user.email,
        "sections": {s.key: {"title": s.title, "about": s.about, "rows": s.rows(user)} for s in SECTIONS},
    }
