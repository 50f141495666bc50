"""Surveys and anonymous responses (DESIGN privacy rule 4).

A Response holds the respondent's role and nothing else about them: no key to
an Invitation, Participant or User, a random id, and no time. Answers carry
random ids too. Storage order is scrubbed by the reseal task.
"""

import uuid

from django.core.validators import MinValueValidator
from django.db import models

from accounts.limits import SHORT_TEXT, TextLimit
from programmes.models import Cohort, Participant


class Survey(models.Model):
    class Kind(models.TextChoices):
        BASELINE = "baseline", "Baseline (at the start)"
        END = "end", "Evaluation"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Trigger(models.TextChoices):
        MANUAL = "manual", "When I open it"
        DATES = "dates", "On the opening date"
        MEETINGS = "meetings", "For each pair, once they have logged the suggested number of meetings"

    class Audience(models.TextChoices):
        ALL = "all", "Mentors and mentees"
        MENTORS = "mentors", "Mentors"
        MENTEES = "mentees", "Mentees"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="surveys")
    title = models.CharField(max_length=200)
    introduction = models.TextField(blank=True, validators=[TextLimit(SHORT_TEXT)])
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.END)
    audience = models.CharField(max_length=8, choices=Audience.choices, default=Audience.ALL)
    trigger = models.CharField(max_length=10, choices=Trigger.choices, default=Trigger.MANUAL)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    opens_on = models.DateField(null=True, blank=True)
    closes_on = models.DateField(null=True, blank=True)
    # A programme may set a higher bar for showing free-text answers than for scores.
    comments_min_group = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MinValueValidator(3)])
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class Section(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        LIKERT = "likert", "Agree or disagree (1–5)"
        YES_NO = "yes_no", "Yes / no / undecided"
        SINGLE = "single", "One choice"
        MULTIPLE = "multiple", "Several choices"
        NUMBER = "number", "A number"
        TEXT = "text", "Free text"

    class Theme(models.TextChoices):
        PROCESS = "process", "Process and expectations"
        TIME = "time", "Time"
        CONVERSATIONS = "conversations", "Quality of conversations"
        IMPACT = "impact", "Impact and behaviour change"
        BENEFITS = "benefits", "Benefits"
        LEARNING = "learning", "Learning"
        IMPROVEMENTS = "improvements", "Improvements"

    class Level(models.TextChoices):
        REACTION = "reaction", "Reaction"
        LEARNING = "learning", "Learning"
        BEHAVIOUR = "behaviour", "Behaviour"
        RESULTS = "results", "Results"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    # The same code in a baseline and an end survey lets the two be compared.
    code = models.SlugField(max_length=60, blank=True)
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    required = models.BooleanField(default=True)
    choices = models.JSONField(default=list, blank=True)
    theme = models.CharField(max_length=14, choices=Theme.choices)
    level = models.CharField("Kirkpatrick level", max_length=10, choices=Level.choices, default=Level.REACTION)

    class Meta:
        ordering = ["survey", "order", "pk"]

    def __str__(self):
        return self.text


class Invitation(models.Model):
    """A participant's personal link to a survey.

    Only a hash of the token is kept, so a copy of the database opens no survey.
    `used` is the only thing that changes when someone answers; nothing says when.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="survey_invitations")
    token_hash = models.CharField(max_length=64, unique=True)
    used = models.BooleanField(default=False)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "participant"], name="invitation_once")]


class Response(models.Model):
    """One anonymous set of answers. Never add a field that links to a person or a time (a test fails if you do)."""

    class Role(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    role = models.CharField(max_length=6, choices=Role.choices)


class Answer(models.Model):
    class Quote(models.TextChoices):
        PENDING = "", "Not reviewed"
        APPROVED = "approved", "Approved as a quote"
        REJECTED = "rejected", "Not for quoting"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    # Likert 1–5, a number, or yes/no/undecided as 1/0/2 would hide meaning: yes/no/undecided goes in `choice`.
    number = models.IntegerField(null=True, blank=True)
    choice = models.CharField(max_length=200, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    # A lead's moderation of a free-text answer; steering members see approved quotes only.
    quote = models.CharField(max_length=8, choices=Quote.choices, blank=True, default="")

    class Meta:
        indexes = [models.Index(fields=["question", "number"]), models.Index(fields=["question", "choice"])]


class Certificate(models.Model):
    """A certificate of completion issued at a cohort's celebration (ReMEDI exchanged them)."""

    participant = models.OneToOneField(Participant, on_delete=models.CASCADE, related_name="certificate")
    issued_on = models.DateField()
    issued_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["participant__user__name"]
