from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.limits import TEXT, TextLimit
from programmes.models import Cohort, Participant


class MatchRun(models.Model):
    """One run of the matching algorithm over a cohort: proposals a lead reviews before publishing."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for review"
        PUBLISHED = "published", "Published"
        SUPERSEDED = "superseded", "Replaced by a later run"

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="match_runs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    previous = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PROPOSED)
    # The lead's weights for this run (matching.algorithm.Weights as a dict).
    weights = models.JSONField(default=dict)
    allow_repeat = models.BooleanField("allow pairs from earlier cohorts", default=False)
    total_score = models.FloatField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Match run {self.pk} for {self.cohort}"


class ProposedPair(models.Model):
    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="pairs")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(default=0)
    explanation = models.TextField(blank=True)
    locked = models.BooleanField(default=False)
    # A pair the lead made by hand; `broken_rules` lists the hard constraints it breaks, `reason` why the lead chose it.
    manual = models.BooleanField(default=False)
    broken_rules = models.TextField(blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-locked", "-score"]
        constraints = [
            models.UniqueConstraint(fields=["run", "mentee"], name="proposed_pair_mentee_once_per_run"),
        ]


class Unmatched(models.Model):
    """Someone a run left without a partner, and why."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "participant"], name="unmatched_once_per_run")]


class Exclusion(models.Model):
    """A pair the lead has ruled out for this cohort; every later run respects it."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="exclusions")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["mentor", "mentee"], name="exclusion_once")]


class PairingQuerySet(models.QuerySet):
    def current(self):
        return self.filter(status__in=Pairing.CURRENT)


class Pairing(models.Model):
    """A published pair. Introduced → active (both confirmed rapport and signed) → ended, or re-match requested."""

    class Status(models.TextChoices):
        INTRODUCED = "introduced", "Introduced"
        ACTIVE = "active", "Active"
        REMATCH = "rematch", "Re-match requested"
        ENDED = "ended", "Ended"

    CURRENT = (Status.INTRODUCED, Status.ACTIVE)

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="pairings")
    mentor = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="pairings_as_mentor")
    mentee = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="pairings_as_mentee")
    match_run = models.ForeignKey(MatchRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INTRODUCED)
    score = models.FloatField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    # Kept from the pair: only the programme's leads read it.
    end_reason = models.TextField(blank=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["mentor", "mentee"], name="pairing_same_two_people_once"),
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=["introduced", "active"]),
                name="pairing_one_current_per_mentee",
            ),
        ]

    def __str__(self):
        return f"Pairing {self.pk} in {self.cohort_id}"

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT

    def partner_of(self, participant):
        return self.mentee if participant.pk == self.mentor_id else self.mentor

    def participant_for(self, user_id: int):
        """This user's half of the pairing (the caller knows they are in it)."""
        return self.mentor if self.mentor.user_id == user_id else self.mentee


class RapportAnswer(models.Model):
    """Each partner's private answer after the introductory conversation. The partner never sees it."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="rapport_answers")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    wants_to_continue = models.BooleanField()
    answered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pairing", "participant"], name="rapport_answer_once")]


class AgreementSignature(models.Model):
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="signatures")
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    # The words signed, kept as they were: the programme's text may change later.
    text = models.TextField()
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pairing", "participant", "version"], name="agreement_signed_once")
        ]


class Concern(models.Model):
    """A private message from one partner to the programme leads about the relationship."""

    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="+")
    message = models.TextField(validators=[TextLimit(TEXT)])
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
