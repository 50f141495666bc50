"""Reads for the results pages beyond the survey figures: who completed the programme, what pairs did together,
and named testimonials. Each is one query whatever the cohort's size (the dashboard's count stays fixed).
"""

from dataclasses import dataclass

from django.db.models import Count, F, Func, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from evaluation.models import CompletionDecision, Testimonial
from meetings.models import Meeting
from programmes.models import Cohort, Participant, Programme

# --- Pairs by number of meetings: the bands follow the programme's suggested number -------------------------


def meeting_bands(suggested: int) -> list[tuple[str, int, int | None]]:
    """(label, lowest, highest) for "no meetings", "fewer than suggested" and "the suggested number or more".

    The pages say beside the chart how many meetings the programme suggests.
    """
    suggested = max(1, suggested)
    bands = [(_("No meetings"), 0, 0)]
    if suggested == 2:
        bands.append((_("1 meeting"), 1, 1))
    elif suggested > 2:
        bands.append((_("1 to %(n)s meetings") % {"n": suggested - 1}, 1, suggested - 1))
    bands.append((_("%(n)s or more meetings") % {"n": suggested}, suggested, None))
    return bands


# --- Completion: who has completed the programme, and why -----------------------------------------------------


@dataclass
class Completion:
    """A person's completion as the certificates page states it beside their name."""

    participant: Participant
    meetings: int
    required: int | None  # None: the lead decides for each person
    decision: CompletionDecision | None

    @property
    def by_rule(self) -> bool:
        return (
            self.required is not None
            and self.participant.status == Participant.Status.ACCEPTED
            and self.meetings >= self.required
        )

    @property
    def completed(self) -> bool:
        return self.decision.completed if self.decision else self.by_rule

    @property
    def held(self) -> str:
        """Meetings held against the rule: "3 of 4", or "3" when the lead decides."""
        if self.required is None:
            return str(self.meetings)
        return _("%(n)s of %(required)s") % {"n": self.meetings, "required": self.required}

    @property
    def answer(self) -> str:
        """Completed or not, in a word or two."""
        if self.completed:
            return _("Yes")
        if self.decision or self.participant.status == Participant.Status.WITHDRAWN:
            return _("No")
        return _("Not decided") if self.required is None else _("Not yet")

    @property
    def reason(self) -> str:
        """Why, as the certificates page states it beside the name."""
        if self.decision:
            who = self.decision.decided_by.get_full_name() if self.decision.decided_by else _("a lead")
            when = date_format(timezone.localtime(self.decision.decided_at), "j M Y")
            return _("Marked by %(who)s on %(when)s") % {"who": who, "when": when}
        if self.participant.status == Participant.Status.WITHDRAWN:
            return _("Withdrew")
        if self.required is None:
            return _("Waiting for a lead to decide")
        if self.by_rule:
            return _("Held the %(n)s meetings the programme asks for") % {"n": self.required}
        short = self.required - self.meetings
        return ngettext("%(n)s more meeting needed", "%(n)s more meetings needed", short) % {"n": short}


def meetings_held_subquery():
    """Meetings held (dated today or earlier) in every pairing of the participant at OuterRef("pk")."""
    held = Meeting.objects.filter(
        Q(pairing__mentor_id=OuterRef("pk")) | Q(pairing__mentee_id=OuterRef("pk")), held_on__lte=timezone.localdate()
    )
    return Coalesce(Subquery(held.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]), 0)


def cohort_completion(cohort: Cohort) -> list[Completion]:
    """Everyone who took part in the cohort (not those only invited or declined), with their completion.

    One query: each person with their meetings held, their certificate and any lead's decision.
    """
    programme: Programme = cohort.programme
    participants = (
        cohort.participants.exclude(status__in=[Participant.Status.DECLINED, Participant.Status.INVITED])
        .select_related("user", "certificate", "completion_decision__decided_by")
        .annotate(meetings_held=meetings_held_subquery())
        .order_by("role", "user__name", "pk")
    )
    required = programme.meetings_to_complete
    return [
        Completion(
            participant=p,
            meetings=p.meetings_held,
            required=required,
            decision=getattr(p, "completion_decision", None),
        )
        for p in participants
    ]


def completed_participant_ids(cohort: Cohort) -> list[int]:
    """The ids of those who completed the programme (the rule, or a lead's explicit choice)."""
    return [c.participant.pk for c in cohort_completion(cohort) if c.completed]


# --- What pairs did together: meetings by activity --------------------------------------------------------------


@dataclass
class ActivityTotal:
    label: str
    meetings: int
    pairs: int
    minutes: int

    @property
    def hours(self) -> int:
        return round(self.minutes / 60)


def activity_totals(cohort: Cohort) -> list[ActivityTotal]:
    """Every kind of activity (conversation, shadowing, an event together, role play, a shared project,
    informal), with the meetings pairs logged as it, how many pairs did it at least once, and the hours.

    Every kind is listed, none done as 0, so a committee sees what pairs did not try as well as what they did
    (Wiltshire reported both). Counted as the dashboard counts meetings: every pairing of the cohort, a
    re-matched one included.
    """
    rows = {
        activity: (meetings, pairs, minutes or 0)
        for activity, meetings, pairs, minutes in Meeting.objects.filter(pairing__cohort=cohort)
        .values_list("activity")
        .annotate(meetings=Count("pk"), pairs=Count("pairing_id", distinct=True), minutes=Sum("duration_minutes"))
        .order_by()
    }
    return [ActivityTotal(label, *rows.get(value, (0, 0, 0))) for value, label in Meeting.Activity.choices]


# --- Named testimonials ----------------------------------------------------------------------------------------


def testimonials_can_change(cohort: Cohort) -> bool:
    """Testimonials are offered, changed, withdrawn and decided on while the cohort runs and is evaluated.

    "The report is issued" means the cohort has closed: from then on its testimonials stay as the report shows them.
    """
    return cohort.status in (Cohort.Status.ACTIVE, Cohort.Status.EVALUATING)


def approved_testimonials(cohort: Cohort) -> list[Testimonial]:
    """Testimonials a lead approved, with the name and job title their authors chose to be shown with."""
    return list(
        Testimonial.objects.filter(participant__cohort=cohort, status=Testimonial.Status.APPROVED)
        .exclude(consent_at=None)
        .only("text", "shown_name", "job_title", "participant_id")
        .order_by("shown_name", "pk")
    )


def testimonials_for_moderation(cohort: Cohort) -> list[Testimonial]:
    """Every testimonial offered in the cohort and not withdrawn, waiting ones first."""
    order = {Testimonial.Status.PENDING: 0, Testimonial.Status.APPROVED: 1, Testimonial.Status.DECLINED: 2}
    rows = list(
        Testimonial.objects.filter(participant__cohort=cohort)
        .exclude(status=Testimonial.Status.WITHDRAWN)
        .select_related("participant__user", "decided_by")
    )
    rows.sort(key=lambda t: (order.get(t.status, 3), t.shown_name.lower(), t.pk))
    return rows


def testimonials_waiting(cohort: Cohort) -> int:
    return Testimonial.objects.filter(participant__cohort=cohort, status=Testimonial.Status.PENDING).count()
