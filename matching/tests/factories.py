"""A small cohort ready for matching: grades, topics, a lead, accepted mentors and mentees."""

from dataclasses import dataclass, field

from accounts.tests.factories import UserFactory
from programmes.models import Cohort, LearningTopic, Participant, ProgrammeRole
from programmes.tests.factories import (
    CohortFactory,
    DirectorateFactory,
    GradeFactory,
    OrganisationFactory,
    ParticipantFactory,
    ProgrammeFactory,
    ProgrammeRoleFactory,
    TopicFactory,
)

AGREEMENT = (
    "We keep what is said between us confidential, except where someone is at risk. We treat each other with respect."
)


@dataclass
class Setup:
    cohort: object
    lead: object
    mentors: list = field(default_factory=list)
    mentees: list = field(default_factory=list)
    topics: dict = field(default_factory=dict)
    grades: dict = field(default_factory=dict)


def matching_cohort(mentors: int = 2, mentees: int = 2, *, agreement: str = AGREEMENT, **programme) -> Setup:
    organisation = OrganisationFactory()
    grades = {
        level: GradeFactory(organisation=organisation, name=name, level=level)
        for level, name in [(1, "Constable"), (2, "Sergeant"), (4, "Chief Inspector"), (6, "Chief Superintendent")]
    }
    topics = {name: TopicFactory(organisation=organisation, name=name) for name in ("Race", "Religion", "Disability")}
    programme = ProgrammeFactory(organisation=organisation, agreement_text=agreement, **programme)
    lead = ProgrammeRoleFactory(programme=programme, role=ProgrammeRole.Role.LEAD).user
    cohort = CohortFactory(programme=programme, status=Cohort.Status.MATCHING)
    setup = Setup(cohort=cohort, lead=lead, topics=topics, grades=grades)
    for _ in range(mentors):
        setup.mentors.append(add_person(setup, Participant.Role.MENTOR))
    for _ in range(mentees):
        setup.mentees.append(add_person(setup, Participant.Role.MENTEE))
    return setup


def add_person(setup: Setup, role: str, level: int | None = None, topics=("Race",), **extra) -> Participant:
    is_mentor = role == Participant.Role.MENTOR
    extra.setdefault("ready_to_match", True)  # the lead's judgement: matching takes only people marked ready
    participant = ParticipantFactory(
        cohort=setup.cohort,
        role=role,
        user=UserFactory(),
        grade=setup.grades[level or (1 if is_mentor else 6)],
        directorate=DirectorateFactory(organisation=setup.cohort.programme.organisation),
        objectives="Talk about promotion barriers and belonging at work",
        **extra,
    )
    if is_mentor:
        participant.shared_topics.set([setup.topics[name] for name in topics])
    else:
        for priority, name in enumerate(topics, start=1):
            LearningTopic.objects.create(participant=participant, topic=setup.topics[name], priority=priority)
    return participant
