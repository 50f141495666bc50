from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.limits import DOCUMENT, LONG_TEXT, SHORT_TEXT, TEXT, TextLimit

# The nine protected characteristics of the Equality Act 2010, then the
# further topics every organisation starts with. Each organisation edits its list.
PROTECTED_CHARACTERISTICS = [
    "Age",
    "Disability",
    "Gender reassignment",
    "Marriage and civil partnership",
    "Pregnancy and maternity",
    "Race",
    "Religion or belief",
    "Sex",
    "Sexual orientation",
]
FURTHER_TOPICS = ["Neurodiversity", "Carers", "Veterans", "Social mobility", "Mental health"]

# Weekday × morning/afternoon, as stored in Participant.availability.
_DAYS = [("mon", "Monday"), ("tue", "Tuesday"), ("wed", "Wednesday"), ("thu", "Thursday"), ("fri", "Friday")]
AVAILABILITY_SLOTS = [
    (f"{day}_{half}", f"{name} {label}")
    for day, name in _DAYS
    for half, label in (("am", "morning"), ("pm", "afternoon"))
]


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    privacy_notice = models.TextField(
        blank=True,
        validators=[TextLimit(DOCUMENT)],
        help_text="Shown beside every question about protected characteristics.",
    )
    privacy_notice_version = models.PositiveIntegerField(default=1)
    retention_days = models.PositiveIntegerField(
        default=365, help_text="How long personal data is kept after a cohort closes."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A person on an organisation's staff; administrators manage its settings."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    is_admin = models.BooleanField("organisation administrator", default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} at {self.organisation}"


class Grade(models.Model):
    """A grade on one of the organisation's ladders; `level` makes ladders comparable."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="grades")
    ladder = models.CharField(max_length=100, help_text="e.g. Police officers, Police staff")
    name = models.CharField(max_length=100)
    level = models.PositiveSmallIntegerField(help_text="Seniority: 1 is the most junior.")

    class Meta:
        ordering = ["level", "ladder", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "ladder", "name"], name="grade_unique")]

    def __str__(self):
        return self.name


class Directorate(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="directorates")
    name = models.CharField(max_length=150)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="directorate_unique")]

    def __str__(self):
        return self.name


class StaffNetwork(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="networks")
    name = models.CharField(max_length=150)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="network_unique")]

    def __str__(self):
        return self.name


class Topic(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=100)
    is_protected_characteristic = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_protected_characteristic", "name"]
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="topic_unique")]

    def __str__(self):
        return self.name


class Programme(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(max_length=200)
    focus = models.CharField(max_length=200, blank=True, help_text="e.g. race, religion and belief")
    description = models.TextField(blank=True, validators=[TextLimit(TEXT)])
    expected_outcomes = models.TextField("expected organisational outcomes", blank=True, validators=[TextLimit(TEXT)])
    mentor_max_level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Mentors up to this seniority level."
    )
    mentee_min_level = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Mentees from this seniority level."
    )
    mentor_networks = models.ManyToManyField(
        StaffNetwork, blank=True, related_name="+", help_text="If any are chosen, mentors must belong to one."
    )
    min_grade_gap = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    agreement_text = models.TextField(blank=True, validators=[TextLimit(DOCUMENT)])
    agreement_version = models.PositiveIntegerField(default=1)
    length_months = models.PositiveSmallIntegerField(default=6, validators=[MinValueValidator(1)])
    suggested_meetings = models.PositiveSmallIntegerField(default=4, validators=[MinValueValidator(1)])
    nudge_after_days = models.PositiveSmallIntegerField(default=28, validators=[MinValueValidator(7)])
    min_reporting_group = models.PositiveSmallIntegerField(
        default=5, validators=[MinValueValidator(3)], help_text="Never below 3."
    )
    # Per role (DHSC trained its mentors; its senior leaders had a briefing instead). Attending training in any
    # cohort of the programme counts, so people carried into the next cohort keep it.
    mentor_training_required = models.BooleanField(
        _("Mentors must attend training before they are matched"), default=False
    )
    mentee_training_required = models.BooleanField(
        _("Mentees must attend training before they are matched"), default=False
    )
    # Off (the Leicestershire pilot had none): a published pairing needs only the partners' signatures, or is
    # active at once when there is no agreement to sign.
    rapport_check = models.BooleanField(
        _("Ask each partner privately whether to continue after their first conversation"), default=True
    )

    class Completion(models.TextChoices):
        MEETINGS = "meetings", _("A number of meetings held")
        LEAD = "lead", _("The lead decides for each person")

    # Who has completed the programme (and so gets a certificate): by meetings held, or the lead's choice alone.
    completion_rule = models.CharField(
        _("who has completed the programme"), max_length=8, choices=Completion.choices, default=Completion.MEETINGS
    )
    completion_meetings = models.PositiveSmallIntegerField(
        _("meetings held to complete"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Left empty, the suggested number of meetings."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(min_reporting_group__gte=3), name="programme_min_group_at_least_3"),
        ]

    def __str__(self):
        return self.name

    @property
    def meetings_to_complete(self) -> int | None:
        """Meetings a person must have held to complete, or None when the lead decides for each person."""
        if self.completion_rule == self.Completion.LEAD:
            return None
        return self.completion_meetings or self.suggested_meetings

    def training_required_for(self, role: str) -> bool:
        """Whether people in this role must have attended training before they are matched."""
        return self.mentor_training_required if role == "mentor" else self.mentee_training_required

    @property
    def training_required(self) -> bool:
        """Whether training is required of anyone before matching (of mentors, mentees or both)."""
        return self.mentor_training_required or self.mentee_training_required

    @staticmethod
    def lived_experience_asked_of(role: str) -> bool:
        """Whether people in this role are asked about their lived experience (behind consent). Only mentors are:
        the disclosure questions are about what a mentor is comfortable sharing (programmes.forms.participant)."""
        return role == Participant.Role.MENTOR


class ProgrammeRole(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Programme lead"
        STEERING = "steering", "Steering group member"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_roles")
    role = models.CharField(max_length=16, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["programme", "user", "role"], name="programme_role_unique")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} of {self.programme}"


class MeetingGuideItem(models.Model):
    """A suggested agenda for the pair's Nth meeting. Pairs may ignore it."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="meeting_guide")
    meeting_number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    agenda = models.TextField(validators=[TextLimit(TEXT)])

    class Meta:
        ordering = ["programme", "meeting_number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "meeting_number"], name="meeting_guide_once_per_number")
        ]


class Cohort(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        RECRUITING = "recruiting", "Recruiting"
        MATCHING = "matching", "Matching"
        ACTIVE = "active", "Active"
        EVALUATING = "evaluating", "Evaluating"
        CLOSED = "closed", "Closed"

    class NextSteps(models.TextChoices):
        CONTINUE = "continue", "Continue"
        ROLL_OUT = "roll_out", "Roll out"
        DISCONTINUE = "discontinue", "Discontinue"
        OTHER = "other", "Other"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=150, help_text="e.g. Pilot 2020, Phase 2")
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    next_steps = models.CharField(max_length=16, choices=NextSteps.choices, blank=True)
    next_steps_notes = models.TextField(blank=True, validators=[TextLimit(LONG_TEXT)])
    # The options the steering group weighed (continue, roll out, discontinue...), as NextSteps values.
    next_steps_options = models.JSONField(default=list, blank=True)
    continued_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Who may take part, when this cohort has its own rule (a second wave run by another network with other
    # grades); otherwise the programme's. Stored here once set, so a later change to the programme never
    # rewrites what this cohort's people were judged by (programmes.services.leads.programme_update).
    own_eligibility = models.BooleanField(default=False)
    mentor_max_level = models.PositiveSmallIntegerField(null=True, blank=True)
    mentee_min_level = models.PositiveSmallIntegerField(null=True, blank=True)
    mentor_networks = models.ManyToManyField(StaffNetwork, blank=True, related_name="+")

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="cohort_name_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(starts_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="cohort_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.programme} – {self.name}"

    @property
    def rules(self):
        """Whoever holds this cohort's eligibility rule: the cohort itself or its programme.

        Both have mentor_max_level, mentee_min_level and mentor_networks.
        """
        return self if self.own_eligibility else self.programme


class Participant(models.Model):
    """One person in one cohort, as mentor or mentee: their application profile."""

    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"

    class Status(models.TextChoices):
        INVITED = "invited", "Invited"
        APPLIED = "applied", "Applied"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        EITHER = "either", "Either"

    class Visibility(models.TextChoices):
        LEADS = "leads", "Programme leads only, for matching"
        PARTNER = "partner", "Programme leads and my matched partner"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations")
    # What the lead typed when inviting, kept until the person accepts (saves their application) and blanked then.
    # Until then the leads see these, never the account's own name: the email may belong to someone with an
    # account in another organisation, whose name is not theirs to learn by inviting an address.
    invited_name = models.CharField(max_length=150, blank=True)
    invited_email = models.EmailField(blank=True)
    role = models.CharField(max_length=8, choices=Role.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.APPLIED)
    grade = models.ForeignKey(Grade, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    directorate = models.ForeignKey(Directorate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    networks = models.ManyToManyField(StaffNetwork, blank=True, related_name="+")
    # An email, not an account: managers need not use Remento. Matching follows
    # the chain through participants whose own line manager is known.
    line_manager_email = models.EmailField("line manager's email", blank=True)
    objectives = models.TextField(blank=True, validators=[TextLimit(TEXT)])
    # Weekday × morning/afternoon slot codes such as "mon_am", "thu_pm".
    availability = models.JSONField(default=list, blank=True)
    meeting_format = models.CharField(max_length=10, choices=Format.choices, default=Format.EITHER)
    location = models.CharField(max_length=150, blank=True)
    capacity = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1), MaxValueValidator(5)])
    profile_completed_at = models.DateTimeField(null=True, blank=True)
    wishes_to_continue = models.BooleanField(default=False)
    # The lead's judgement after training (DHSC). Visible to leads only.
    ready_to_match = models.BooleanField(default=False)
    lead_note = models.TextField(blank=True, validators=[TextLimit(TEXT)])

    # Special-category data: only with consent, each answer optional.
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_version = models.PositiveIntegerField(null=True, blank=True)
    shared_topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    shared_text = models.TextField(blank=True, validators=[TextLimit(SHORT_TEXT)])
    shared_prefer_not_to_say = models.BooleanField(default=False)
    avoid_topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    avoid_text = models.TextField(blank=True, validators=[TextLimit(SHORT_TEXT)])
    avoid_prefer_not_to_say = models.BooleanField(default=False)
    # Who may see each answer: what they share, and what they would rather not discuss.
    disclosure_visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.LEADS)
    avoid_visibility = models.CharField(max_length=8, choices=Visibility.choices, default=Visibility.LEADS)

    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cohort", "role", "user__name"]
        constraints = [models.UniqueConstraint(fields=["cohort", "user"], name="participant_once_per_cohort")]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.cohort.name})"

    # The choices above are the participant's own words ("my matched partner"); others read the same choice so.
    VISIBLE_TO = {
        Visibility.LEADS: _("programme leads only, for matching"),
        Visibility.PARTNER: _("programme leads and their matched partner"),
    }

    def disclosure_visible_to(self) -> str:
        """Who may see what this person is comfortable sharing, as someone else (a lead) reads it."""
        return self.VISIBLE_TO[self.disclosure_visibility]

    def avoid_visible_to(self) -> str:
        """Who may see the topics this person would rather not discuss, as someone else reads it."""
        return self.VISIBLE_TO[self.avoid_visibility]

    @property
    def awaiting_acceptance(self) -> bool:
        """Invited by a lead and not yet accepted: the leads know only what they typed."""
        return bool(self.invited_email)

    @property
    def name_for_leads(self) -> str:
        if self.awaiting_acceptance:
            return self.invited_name or self.invited_email
        return str(self.user)

    @property
    def email_for_leads(self) -> str:
        return self.invited_email if self.awaiting_acceptance else self.user.email

    def availability_labels(self) -> list[str]:
        chosen = set(self.availability or [])
        return [label for code, label in AVAILABILITY_SLOTS if code in chosen]


class ConsentEvent(models.Model):
    """The history of a participant's consent to special-category processing."""

    class Action(models.TextChoices):
        GIVEN = "given", "Consent given"
        WITHDRAWN = "withdrawn", "Consent withdrawn"

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="consent_events")
    action = models.CharField(max_length=10, choices=Action.choices)
    notice_version = models.PositiveIntegerField()
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at"]


class LearningTopic(models.Model):
    """A topic a mentee wants to learn about; priority 1 matters most."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="learning_topics")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="+")
    priority = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["participant", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "topic"], name="learning_topic_once"),
            models.UniqueConstraint(fields=["participant", "priority"], name="learning_topic_priority_once"),
        ]


class Event(models.Model):
    class Kind(models.TextChoices):
        BRIEFING = "briefing", "Briefing"
        TRAINING = "training", "Training"
        PEER_SUPPORT = "peer_support", "Peer support"
        CELEBRATION = "celebration", "Celebration"

    class Audience(models.TextChoices):
        ALL = "all", "Everyone"
        MENTORS = "mentors", "Mentors"
        MENTEES = "mentees", "Mentees"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    title = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField("place or joining link", max_length=300, blank=True)
    audience = models.CharField(max_length=8, choices=Audience.choices, default=Audience.ALL)
    # Peer-support notes by the lead or facilitator: leads only.
    notes = models.TextField(blank=True, validators=[TextLimit(LONG_TEXT)])

    class Meta:
        ordering = ["starts_at"]

    def __str__(self):
        return self.title


class Attendance(models.Model):
    class Reply(models.TextChoices):
        NONE = "", "No reply yet"
        YES = "yes", "Will come"
        NO = "no", "Cannot come"

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="attendances")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendances")
    reply = models.CharField(max_length=3, choices=Reply.choices, blank=True, default="")
    attended = models.BooleanField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "participant"], name="attendance_once")]


class Resource(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, validators=[TextLimit(TEXT)])
    url = models.URLField(blank=True)
    file = models.FileField(upload_to="resources/", blank=True)
    audience = models.CharField(max_length=8, choices=Event.Audience.choices, default=Event.Audience.ALL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["title"]

    def __str__(self):
        return self.title


class RoleInvitation(models.Model):
    """An invitation to administer an organisation, or to lead or oversee one of its programmes.

    The role is given only when the person follows the emailed link and accepts
    (programmes.services.roles): until then they hold nothing in the
    organisation. An account without a password is made for someone new, so
    they can sign in with an emailed code. Following the link proves the
    address, so it also marks the address verified.
    """

    class Role(models.TextChoices):
        ADMIN = "admin", _("Organisation administrator")
        LEAD = "lead", _("Programme lead")
        STEERING = "steering", _("Steering group member")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="role_invitations")
    # Empty for an organisation administrator; the programme for a lead or steering-group member.
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.CASCADE, related_name="role_invitations"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_invitations")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="admin") & Q(programme__isnull=True))
                | (Q(role__in=["lead", "steering"]) & Q(programme__isnull=False)),
                name="role_invitation_programme_matches_role",
            ),
            # One invitation waiting per person and role: inviting again replaces it.
            models.UniqueConstraint(
                fields=["organisation", "role", "user"],
                condition=Q(accepted_at__isnull=True, programme__isnull=True),
                name="role_invitation_admin_waiting_once",
            ),
            models.UniqueConstraint(
                fields=["programme", "role", "user"],
                condition=Q(accepted_at__isnull=True, programme__isnull=False),
                name="role_invitation_programme_waiting_once",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.user}"
