"""The pair's space. Summaries, reflections and unshared action texts never leave the pair (DESIGN privacy rule 1)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from accounts.limits import LONG_TEXT, SHORT_TEXT, TEXT, TextLimit
from matching.models import Pairing
from programmes.models import Cohort, Participant, Programme, Topic


class Meeting(models.Model):
    class Format(models.TextChoices):
        IN_PERSON = "in_person", "In person"
        ONLINE = "online", "Online"
        PHONE = "phone", "Phone"

    class Activity(models.TextChoices):
        CONVERSATION = "conversation", "Conversation"
        SHADOWING = "shadowing", "Shadowing"
        EVENT = "event", "Attending an event together"
        ROLE_PLAY = "role_play", "Role play"
        PROJECT = "project", "Shared project"
        INFORMAL = "informal", "Informal activity"

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="meetings")
    logged_by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    held_on = models.DateField()
    duration_minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(5), MaxValueValidator(600)])
    format = models.CharField(max_length=10, choices=Format.choices)
    activity = models.CharField(max_length=14, choices=Activity.choices, default=Activity.CONVERSATION)
    topics = models.ManyToManyField(Topic, blank=True, related_name="+")
    # Shared within the pair only.
    summary = models.TextField(blank=True, validators=[TextLimit(LONG_TEXT)])
    # The partner who did not log it confirms it (or corrects it, which confirms it too).
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-held_on", "-created_at"]
        indexes = [models.Index(fields=["pairing", "held_on"])]


class Reflection(models.Model):
    """A private reflection on a meeting: its author, and nobody else, can ever read it."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="reflections")
    author = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    text = models.TextField(validators=[TextLimit(LONG_TEXT)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "author"], name="reflection_once_per_author")]


class Action(models.Model):
    """Something agreed in a meeting, reported back to close the loop."""

    class Owner(models.TextChoices):
        MENTOR = "mentor", "Mentor"
        MENTEE = "mentee", "Mentee"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        DONE = "done", "Done"
        DROPPED = "dropped", "Dropped"

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="actions")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    description = models.TextField(validators=[TextLimit(SHORT_TEXT)])
    owner = models.CharField(max_length=6, choices=Owner.choices)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    outcome = models.TextField("outcome reported back", blank=True, validators=[TextLimit(TEXT)])
    # Shared with the programme leads as organisational learning (feeds the outcomes register).
    outcome_shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["status", "due_on", "created_at"]
        indexes = [models.Index(fields=["status", "due_on"])]


class Outcome(models.Model):
    """The programme's outcomes register: tangible change, from shared actions or added by a lead."""

    class Category(models.TextChoices):
        RECRUITMENT = "recruitment", "Recruitment"
        WORKFORCE = "workforce", "Workforce development"
        LEADERSHIP = "leadership", "Leadership"
        POLICY = "policy", "Policy"
        CULTURE = "culture", "Culture"
        OTHER = "other", "Other"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="outcomes")
    cohort = models.ForeignKey(Cohort, null=True, blank=True, on_delete=models.SET_NULL, related_name="outcomes")
    action = models.OneToOneField(
        Action, null=True, blank=True, on_delete=models.SET_NULL, related_name="register_entry"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True, validators=[TextLimit(TEXT)])
    category = models.CharField(max_length=12, choices=Category.choices, default=Category.CULTURE)
    achieved_on = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-achieved_on", "-created_at"]


class ScheduledMeeting(models.Model):
    """The pair's next meeting: a reminder (with an .ics) goes to both the day before."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="scheduled_meetings")
    starts_at = models.DateTimeField()
    duration_minutes = models.PositiveSmallIntegerField(
        default=60, validators=[MinValueValidator(15), MaxValueValidator(480)]
    )
    place = models.CharField("place or joining link", max_length=300, blank=True)
    created_by = models.ForeignKey(Participant, null=True, on_delete=models.SET_NULL, related_name="+")
    cancelled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["starts_at"])]


class Nudge(models.Model):
    """A nudge sent because the pair had not met for the programme's interval.

    `number` counts the unanswered run: a meeting logged after a nudge answers it
    and the next nudge starts again at 1. After the second unanswered nudge the
    pairing is flagged for the lead.
    """

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="nudges")
    number = models.PositiveSmallIntegerField()
    # The date the pair's quiet spell started (pairing start or last meeting): one nudge run per spell.
    since = models.DateField()
    sent_on = models.DateField()
    # Set on the second nudge when it, too, went unanswered for a whole interval: the lead sees a flag.
    flagged_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pairing", "since", "number"], name="nudge_once")]
