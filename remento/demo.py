"""Realistic demo data: invented people in invented organisations.

Idempotent: every object is found by its natural key before it is created,
so `make demo` can be run again safely. No name here belongs to anyone quoted
in the seed write-ups (a test checks).
"""

import functools
import importlib
import importlib.util
import random

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.services import user_get_or_invite
from programmes.models import (
    FURTHER_TOPICS,
    PROTECTED_CHARACTERISTICS,
    Attendance,
    Cohort,
    Directorate,
    Event,
    Grade,
    LearningTopic,
    MeetingGuideItem,
    Membership,
    Organisation,
    Participant,
    Programme,
    ProgrammeRole,
    Resource,
    RoleInvitation,
    StaffNetwork,
    Topic,
)

DEMO_PASSWORD = "correct-horse-battery-staple"

FIRST_NAMES = [
    "Amara", "Bilal", "Chloe", "Darius", "Efua", "Farah", "Gareth", "Hana", "Imran", "Jade", "Kwame", "Leah",
    "Marcus", "Nadia", "Owen", "Priya", "Rhys", "Saira", "Tomasz", "Uche", "Valentina", "Wei", "Yasmin", "Zain",
    "Aisha", "Ben", "Carys", "Deepak", "Elif", "Fergus", "Grace", "Hamza", "Ines", "Joel", "Kiran", "Lowri",
    "Malik", "Niamh", "Obi", "Parveen", "Rosa", "Sanjay", "Tariq", "Una", "Vikram", "Wren", "Xander", "Yusuf",
]  # fmt: skip
LAST_NAMES = [
    "Okafor", "Hussain", "Patel", "Williams", "Nowak", "Mensah", "Evans", "Begum", "Campbell", "Kaur", "Osei",
    "Davies", "Ali", "Singh", "Jones", "Ahmed", "Clarke", "Bennett", "Chowdhury", "Murphy", "Adeyemi", "Price",
    "Rahman", "Thomas", "Kowalski", "Boateng", "Hughes", "Iqbal", "Walsh", "Lewis",
]  # fmt: skip

POLICE_LADDERS = {
    "Police officers": [
        ("Constable", 1), ("Sergeant", 2), ("Inspector", 3), ("Chief Inspector", 4), ("Superintendent", 5),
        ("Chief Superintendent", 6), ("Assistant Chief Constable", 7), ("Deputy Chief Constable", 8),
        ("Chief Constable", 9),
    ],
    "Police staff": [
        ("Scale 1–3", 1), ("Scale 4–6", 2), ("SO1–SO2", 3), ("PO1–PO3", 4), ("Senior Manager", 5),
        ("Head of Department", 6), ("Director", 7),
    ],
}  # fmt: skip
COUNCIL_LADDERS = {
    "Council grades": [
        ("Grade A–C", 1), ("Grade D–E", 2), ("Grade F–G", 3), ("Grade H–I", 4), ("Grade J–K", 5),
        ("Head of Service", 6), ("Director", 7), ("Corporate Director", 8), ("Chief Executive", 9),
    ],
}  # fmt: skip

OBJECTIVES_MENTOR = [
    "I want senior leaders to understand what it is like to be the only Black officer on a shift.",
    "Help leaders see how promotion processes feel from the outside looking in.",
    "Share how faith shapes my working day, from prayer times to rota planning.",
    "Explain the everyday barriers colleagues with a disability meet in our buildings and systems.",
    "Talk openly about coming out at work and why visible allies matter.",
    "Show how shift patterns affect colleagues who are carers.",
    "Build my confidence speaking to senior leaders and grow my own career.",
    "Help shape recruitment so our communities can see themselves in the service.",
]
OBJECTIVES_MENTEE = [
    "Understand the lived experience of ethnic minority colleagues and what I can change in my command.",
    "Learn where our promotion and recruitment processes shut people out.",
    "Become a more visible and confident ally to LGBT+ colleagues.",
    "Hear honest feedback about our culture that does not reach the leadership team.",
    "Understand religion and belief at work and make our policies fairer.",
    "Improve how my directorate supports disabled and neurodivergent staff.",
    "Challenge my own assumptions and change how I lead.",
    "Learn what would make our staff networks more effective.",
]
SLOTS = [f"{day}_{half}" for day in ("mon", "tue", "wed", "thu", "fri") for half in ("am", "pm")]


@functools.cache
def _demo_password_hash() -> str:
    # Hashing once keeps `make demo` quick; every demo account shares the password anyway.
    return make_password(DEMO_PASSWORD)


def _user(email, name, **extra):
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        email=email, defaults={"name": name, "password": _demo_password_hash(), **extra}
    )
    EmailAddress.objects.get_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
    return user


def _organisation(name, ladders, directorates, networks, privacy_notice):
    org, _ = Organisation.objects.get_or_create(name=name, defaults={"privacy_notice": privacy_notice})
    for ladder, grades in ladders.items():
        for grade_name, level in grades:
            Grade.objects.get_or_create(organisation=org, ladder=ladder, name=grade_name, defaults={"level": level})
    for directorate in directorates:
        Directorate.objects.get_or_create(organisation=org, name=directorate)
    for network in networks:
        StaffNetwork.objects.get_or_create(organisation=org, name=network)
    for topic in PROTECTED_CHARACTERISTICS:
        Topic.objects.get_or_create(organisation=org, name=topic, defaults={"is_protected_characteristic": True})
    for topic in FURTHER_TOPICS:
        Topic.objects.get_or_create(organisation=org, name=topic)
    return org


def _people(rng, domain, count, used):
    people = []
    while len(people) < count:
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        if (first, last) in used:
            continue
        used.add((first, last))
        people.append((f"{first} {last}", f"{first}.{last}@{domain}".lower()))
    return people


def _participants(cohort, role, people, grades, directorates, networks, topics, status):
    result = []
    objectives = OBJECTIVES_MENTOR if role == Participant.Role.MENTOR else OBJECTIVES_MENTEE
    for name, email in people:
        # Each person's details come from their own seed, so a re-run draws the same values.
        rng = random.Random(f"{cohort.name}:{email}")
        user = _user(email, name)
        Membership.objects.get_or_create(organisation=cohort.programme.organisation, user=user)
        participant, created = Participant.objects.get_or_create(
            cohort=cohort,
            user=user,
            defaults={
                "role": role,
                "status": status,
                "grade": rng.choice(grades),
                "directorate": rng.choice(directorates),
                "objectives": rng.choice(objectives),
                "availability": sorted(rng.sample(SLOTS, rng.randint(2, 6))),
                "meeting_format": rng.choice(list(Participant.Format.values)),
                "location": rng.choice(["Headquarters", "North division", "South division", "Online"]),
                "capacity": 2 if role == Participant.Role.MENTOR and rng.random() < 0.15 else 1,
                "profile_completed_at": timezone.now(),
                "consent_given_at": timezone.now(),
                "consent_version": 1,
                "ready_to_match": status == Participant.Status.ACCEPTED,
                "disclosure_visibility": rng.choice(list(Participant.Visibility.values)),
                "avoid_visibility": Participant.Visibility.LEADS,
            },
        )
        if created:
            participant.networks.set(rng.sample(networks, rng.randint(0, min(2, len(networks)))))
            if role == Participant.Role.MENTOR:
                participant.shared_topics.set(rng.sample(topics, rng.randint(1, 3)))
                participant.avoid_topics.set(rng.sample(topics, rng.randint(0, 1)))
            else:
                for priority, topic in enumerate(rng.sample(topics, rng.randint(1, 3)), start=1):
                    LearningTopic.objects.create(participant=participant, topic=topic, priority=priority)
        result.append(participant)
    return result


MEETING_GUIDE = [
    "Get to know each other: why you joined, what you hope to learn, and how you would like to work together.",
    "The mentor's story: lived experience at work, and the moments that shaped it.",
    "Looking at the organisation together: one policy, process or place through the mentor's eyes.",
    "What will change: actions the mentee will take, and how you will report back to close the loop.",
]


def _events_and_resources(programme, cohort, participants, today):
    for number, agenda in enumerate(MEETING_GUIDE, start=1):
        MeetingGuideItem.objects.get_or_create(programme=programme, meeting_number=number, defaults={"agenda": agenda})
    now = timezone.now()
    events = [
        (Event.Kind.BRIEFING, "Launch briefing for mentors and mentees", -115, "Headquarters, Room 2", "all"),
        (Event.Kind.TRAINING, "Mentoring skills training (mentors)", -108, "Training Centre, Room 4", "mentors"),
        (Event.Kind.BRIEFING, "Briefing for senior leaders (mentees)", -106, "Online (Teams)", "mentees"),
        (Event.Kind.PEER_SUPPORT, "Mentors' peer support session", 10, "Online (Teams)", "mentors"),
        (Event.Kind.CELEBRATION, "Celebration and certificates", 115, "Headquarters, Atrium", "all"),
    ]
    for kind, title, days, place, audience in events:
        event, created = Event.objects.get_or_create(
            cohort=cohort,
            title=title,
            defaults={
                "kind": kind,
                "starts_at": (now + timezone.timedelta(days=days)).replace(hour=10, minute=0, second=0, microsecond=0),
                "place": place,
                "audience": audience,
            },
        )
        if not created:
            continue
        invited = [p for p in participants if audience == "all" or p.role == audience.rstrip("s")]
        for index, participant in enumerate(invited):
            past = days < 0
            Attendance.objects.create(
                event=event,
                participant=participant,
                reply=Attendance.Reply.YES if index % 7 else Attendance.Reply.NO,
                # In the past: most came; two in every nine missed it.
                attended=(index % 9 not in (3, 7)) if past else None,
            )
    for title, description, url, audience in [
        ("What is reverse mentoring?", "A two-page guide for mentees and mentors.", "https://example.org/guide", "all"),
        (
            "Mentoring skills handbook",
            "Notes from the mentoring skills training.",
            "https://example.org/skills",
            "mentors",
        ),
        (
            "Having courageous conversations",
            "Prompts for leaders before each meeting.",
            "https://example.org/talk",
            "mentees",
        ),
    ]:
        Resource.objects.get_or_create(
            programme=programme, title=title, defaults={"description": description, "url": url, "audience": audience}
        )


def _waiting_invitations(organisation, programme, org_admin, lead) -> None:
    """Invitations sent and not yet accepted: a second administrator, and a co-lead from the external partner
    who runs the training. Their accounts have no password and no name yet, as an invitation leaves them."""
    waiting = [
        ("daniel.price@midshire-police.invalid", RoleInvitation.Role.ADMIN, None, org_admin),
        ("samira.khan@inclusive-futures.invalid", RoleInvitation.Role.LEAD, programme, lead),
    ]
    for email, role, for_programme, invited_by in waiting:
        RoleInvitation.objects.get_or_create(
            organisation=organisation,
            programme=for_programme,
            role=role,
            user=user_get_or_invite(email=email),
            defaults={"invited_by": invited_by},
        )


def _phase_two(organisation, programme, today):
    """Phase 2 is recruiting: a few applications in, some invitations out.

    The two invited have not accepted: the roster shows the name the lead typed ("A. Mehta" from a network list)
    and they join the organisation's staff list only when they accept.
    """
    cohort = Cohort.objects.get(programme=programme, name="Phase 2")
    grades = list(organisation.grades.all())
    statuses = [Participant.Status.APPLIED] * 3 + [Participant.Status.INVITED] * 2 + [Participant.Status.DECLINED]
    people = [
        ("Noor Haddad", "noor.haddad@midshire-police.invalid", Participant.Role.MENTOR, 1),
        ("Callum Reid", "callum.reid@midshire-police.invalid", Participant.Role.MENTEE, 5),
        ("Sade Okonjo", "sade.okonjo@midshire-police.invalid", Participant.Role.MENTOR, 2),
        ("Helen Ward", "helen.ward@midshire-police.invalid", Participant.Role.MENTEE, 6),
        ("Arjun Mehta", "arjun.mehta@midshire-police.invalid", Participant.Role.MENTOR, 1),
        ("Gavin Lowe", "gavin.lowe@midshire-police.invalid", Participant.Role.MENTEE, 5),
    ]
    typed = {"arjun.mehta@midshire-police.invalid": "A. Mehta"}
    joined = []
    for (name, email, role, level), status in zip(people, statuses, strict=True):
        user = _user(email, name)
        invited = status == Participant.Status.INVITED
        if not invited:
            Membership.objects.get_or_create(organisation=organisation, user=user)
        participant, _ = Participant.objects.get_or_create(
            cohort=cohort,
            user=user,
            defaults={
                "role": role,
                "status": status,
                "invited_name": typed.get(email, name) if invited else "",
                "invited_email": email if invited else "",
                "grade": next(g for g in grades if g.level == level),
                "profile_completed_at": timezone.now() if status == Participant.Status.APPLIED else None,
            },
        )
        joined.append(participant)
    # An information session arranged while recruiting: everyone applying or invited so far is on its list (written
    # directly, as if emailed weeks ago). Someone the lead invites now is invited to it too, by email.
    starts_at = (timezone.now() + timezone.timedelta(days=21)).replace(hour=12, minute=30, second=0, microsecond=0)
    session, created = Event.objects.get_or_create(
        cohort=cohort,
        title="Phase 2 information session",
        defaults={"kind": Event.Kind.BRIEFING, "starts_at": starts_at, "place": "Online (Teams)", "audience": "all"},
    )
    if created:
        Attendance.objects.bulk_create(
            Attendance(event=session, participant=p) for p in joined if p.status != Participant.Status.DECLINED
        )


@transaction.atomic
def seed_demo() -> dict[str, str]:
    """Create the demo data and return one login (email) per role."""
    rng = random.Random(2026)
    used_names: set = set()

    site_admin = _user("robin.ashdown@remento.invalid", "Robin Ashdown", is_staff=True, is_superuser=True)

    police = _organisation(
        "Midshire Police",
        POLICE_LADDERS,
        [
            "Local Policing",
            "Crime and Intelligence",
            "Operations",
            "People and Organisational Development",
            "Corporate Services",
        ],  # fmt: skip
        [
            "BAME Network",
            "LGBT+ & Allies",
            "Disability Support Network",
            "Women's Network",
            "Christian Police Network",
            "Muslim Police Association",
        ],  # fmt: skip
        "Midshire Police processes the information you choose to share about protected characteristics only to "
        "match you with a partner and to report anonymous totals. You can withdraw at any time.",
    )
    org_admin = _user("olivia.hartley@midshire-police.invalid", "Olivia Hartley")
    Membership.objects.update_or_create(organisation=police, user=org_admin, defaults={"is_admin": True})
    lead = _user("femi.adebayo@midshire-police.invalid", "Femi Adebayo")
    steering = _user("catherine.moss@midshire-police.invalid", "Catherine Moss")
    for user in (lead, steering):
        Membership.objects.get_or_create(organisation=police, user=user)

    programme, _ = Programme.objects.get_or_create(
        organisation=police,
        name="Reverse Mentoring: Race and Inclusion",
        defaults={
            "focus": "Race, ethnicity, religion and belief",
            "description": "Officers and staff from ethnic minority backgrounds at Constable and Sergeant grades "
            "(and staff equivalents) mentor leaders of Chief Inspector rank and above about their lived experience.",
            "expected_outcomes": "Leaders who understand barriers to recruitment, retention and progression; "
            "actions reported back to close the loop; a more inclusive culture.",
            "mentor_max_level": 2,
            "mentee_min_level": 4,
            "agreement_text": "We agree to keep what is said between us confidential, except where there is a risk "
            "of harm or a legal duty to report. We treat each other with mutual respect. Either of us may end the "
            "mentoring without fault by telling the programme lead.",
            # As DHSC did: mentors are trained before matching; senior leaders have a briefing instead.
            "mentor_training_required": True,
        },
    )
    ProgrammeRole.objects.get_or_create(programme=programme, user=lead, role=ProgrammeRole.Role.LEAD)
    ProgrammeRole.objects.get_or_create(programme=programme, user=steering, role=ProgrammeRole.Role.STEERING)

    today = timezone.localdate()
    pilot, _ = Cohort.objects.get_or_create(
        programme=programme,
        name="Pilot 2026",
        defaults={
            "status": Cohort.Status.ACTIVE,
            "starts_on": today - timezone.timedelta(days=100),
            "ends_on": today + timezone.timedelta(days=120),
        },  # fmt: skip
    )
    Cohort.objects.get_or_create(
        programme=programme,
        name="Phase 2",
        defaults={
            "status": Cohort.Status.RECRUITING,
            "starts_on": today + timezone.timedelta(days=150),
            # A second wave with its own rule, as Derbyshire's wave 2 was: Inspectors and staff equivalents may
            # mentor, and the mentees are Superintendents and above.
            "own_eligibility": True,
            "mentor_max_level": 3,
            "mentee_min_level": 5,
        },
    )
    grades = list(police.grades.all())
    junior = [g for g in grades if g.level <= 2]
    senior = [g for g in grades if g.level >= 4]
    directorates = list(police.directorates.all())
    networks = list(police.networks.all())
    topics = list(police.topics.all())
    mentors = _participants(
        pilot, Participant.Role.MENTOR, _people(rng, "midshire-police.invalid", 24, used_names),
        junior, directorates, networks, topics, Participant.Status.ACCEPTED,
    )  # fmt: skip
    mentees = _participants(
        pilot, Participant.Role.MENTEE, _people(rng, "midshire-police.invalid", 24, used_names),
        senior, directorates, networks, topics, Participant.Status.ACCEPTED,
    )  # fmt: skip

    _events_and_resources(programme, pilot, mentors + mentees, today)
    _phase_two(police, programme, today)
    _waiting_invitations(police, programme, org_admin, lead)

    council = _organisation(
        "Westbury Council",
        COUNCIL_LADDERS,
        ["Adult Social Care", "Children's Services", "Place and Environment", "Resources", "Public Health"],
        [
            "Race Equality Network",
            "LGBT+ Network",
            "Disability and Carers Network",
            "Young Professionals",
            "Armed Forces Network",
        ],  # fmt: skip
        "Westbury Council uses what you choose to share only to match you and to report anonymous totals.",
    )
    council_lead = _user("hollie.marsh@westbury-council.invalid", "Hollie Marsh")
    Membership.objects.get_or_create(organisation=council, user=council_lead)
    council_programme, _ = Programme.objects.get_or_create(
        organisation=council,
        name="Council-wide Reverse Mentoring",
        defaults={
            "focus": "All protected characteristics, carers, veterans and social mobility",
            "description": "Colleagues across the council mentor the Corporate Leadership Team on what they are "
            "comfortable sharing, through conversation, shadowing, shared projects and more.",
            "mentor_max_level": 4,
            "mentee_min_level": 6,
            # Wiltshire trained everyone first.
            "mentor_training_required": True,
            "mentee_training_required": True,
        },
    )
    ProgrammeRole.objects.get_or_create(programme=council_programme, user=council_lead, role=ProgrammeRole.Role.LEAD)
    council_cohort, _ = Cohort.objects.get_or_create(
        programme=council_programme, name="Cohort 1", defaults={"status": Cohort.Status.RECRUITING}
    )
    council_grades = list(council.grades.all())
    _participants(
        council_cohort, Participant.Role.MENTOR, _people(rng, "westbury-council.invalid", 12, used_names),
        [g for g in council_grades if g.level <= 4], list(council.directorates.all()), list(council.networks.all()),
        list(council.topics.all()), Participant.Status.APPLIED,
    )  # fmt: skip
    _participants(
        council_cohort, Participant.Role.MENTEE, _people(rng, "westbury-council.invalid", 8, used_names),
        [g for g in council_grades if g.level >= 6], list(council.directorates.all()), list(council.networks.all()),
        list(council.topics.all()), Participant.Status.APPLIED,
    )  # fmt: skip

    logins = {
        "Site administrator": site_admin.email,
        "Organisation administrator": org_admin.email,
        "Programme lead": lead.email,
        "Steering group member": steering.email,
        "Mentor": mentors[0].user.email,
        "Mentee": mentees[0].user.email,
    }
    # Each later app adds its part of the story (matching/demo.py, meetings/demo.py, ...), in
    # the order the programme runs: `seed(context)` may add to context["logins"].
    context = {
        "logins": logins,
        "rng": rng,
        "used_names": used_names,
        "site_admin": site_admin,
        "police": police,
        "org_admin": org_admin,
        "lead": lead,
        "steering": steering,
        "programme": programme,
        "pilot": pilot,
        "phase_two": Cohort.objects.get(programme=programme, name="Phase 2"),
        "mentors": mentors,
        "mentees": mentees,
        "council": council,
        "council_lead": council_lead,
        "council_programme": council_programme,
        "council_cohort": council_cohort,
    }
    for app in ("matching", "meetings", "evaluation", "privacy"):
        if importlib.util.find_spec(f"{app}.demo"):
            importlib.import_module(f"{app}.demo").seed(context)
    return logins
