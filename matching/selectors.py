"""Reads for matching pages: each runs a fixed number of queries whatever the cohort's size."""

from dataclasses import asdict, dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from matching import algorithm
from matching.models import AgreementSignature, Concern, MatchRun, Pairing, RapportAnswer
from programmes.models import LearningTopic, Participant


@dataclass
class Comparison:
    previous: MatchRun
    kept: int
    changed: int
    previous_total: float
    same_weights: bool
    previous_average: "Fit | None" = None


# A pair's fit (0 to 1) in words: the lower bound of each band.
FIT_BANDS = ((0.7, _("Strong fit")), (0.55, _("Good fit")), (0.4, _("Fair fit")), (0.0, _("Weak fit")))
PART_NAMES = {
    "topics": _("learning topics the mentor shares"),
    "avoid": _("no topic the mentor will not discuss"),
    "objectives": _("similar objectives"),
    "format": _("meeting format and place"),
    "availability": _("common times in the week"),
    "directorate": _("different directorates"),
    "grade_gap": _("grade distance"),
}


@dataclass
class Fit:
    """A pair's score as a lead reads it: a label, points out of 100, and the points each part gave."""

    label: str
    points: int
    parts: list = field(default_factory=list)  # (what, points, out of)


def fit_in_words(score: float, parts: dict | None = None, weights: dict | None = None) -> Fit:
    """1.76 becomes "Strong fit, 76 points of 100": topics 25 of 32, … (parts as the run's weights count them)."""
    fit = min(max(score - 1.0, 0.0), 1.0)
    label = next(label for bound, label in FIT_BANDS if fit >= bound - 1e-9)
    points = round(100 * fit)
    listed = []
    if parts:
        w = {**asdict(algorithm.Weights()), **(weights or {})}
        keys = [key for key in algorithm.PARTS if key in parts and w[key]]
        total = sum(w[key] for key in keys) or 1.0
        # Whole points that add up: each part's most to 100, what it scored to the pair's points.
        most = _apportion([100 * w[key] / total for key in keys], 100)
        got = _apportion([100 * w[key] * min(max(parts[key], 0.0), 1.0) / total for key in keys], points)
        listed = [(PART_NAMES[key], min(g, m), m) for key, g, m in zip(keys, got, most, strict=True)]
    return Fit(label=str(label), points=points, parts=listed)


def _apportion(shares: list[float], whole: int) -> list[int]:
    """Round shares to whole numbers that add up to `whole` (largest remainders get the spare units)."""
    floors = [int(share) for share in shares]
    spare = whole - sum(floors)
    by_remainder = sorted(range(len(shares)), key=lambda k: shares[k] - floors[k], reverse=True)
    for k in by_remainder[: max(spare, 0)]:
        floors[k] += 1
    return floors


def run_review(run: MatchRun | None) -> dict:
    """A run's proposals and unmatched people, and how it differs from the run before.

    Each proposal carries its fit in words (`pair.fit`); `warnings` counts those the lead should check.
    """
    if run is None:
        return {"run": None, "pairs": [], "unmatched": [], "comparison": None, "warnings": 0, "average": None}
    pairs = list(run.pairs.select_related("mentor__user", "mentor__grade", "mentee__user", "mentee__grade"))
    for pair in pairs:
        pair.fit = fit_in_words(pair.score, pair.fit_parts, run.weights)
    unmatched = list(
        run.unmatched.select_related("participant__user", "participant__grade").order_by(
            "participant__role", "participant__user__name"
        )
    )
    comparison = None
    if run.previous_id:
        previous = MatchRun.objects.filter(pk=run.previous_id).first()
        if previous:
            before = set(previous.pairs.values_list("mentor_id", "mentee_id"))
            for pair in pairs:
                pair.kept = (pair.mentor_id, pair.mentee_id) in before
            kept = sum(1 for pair in pairs if pair.kept)
            comparison = Comparison(
                previous=previous,
                kept=kept,
                changed=len(pairs) - kept,
                previous_total=previous.total_score,
                same_weights=previous.weights == run.weights,
                previous_average=_average(previous.total_score, len(before)),
            )
    return {
        "run": run,
        "pairs": pairs,
        "unmatched": unmatched,
        "comparison": comparison,
        "warnings": sum(1 for pair in pairs if pair.warning),
        "average": _average(run.total_score, len(pairs)),
    }


def _average(total: float, count: int) -> Fit | None:
    """The average pair's fit: each pair scores 1 for being allowed plus its fit."""
    return fit_in_words(total / count) if count else None


def count_per_pairing(model, **filters):
    """A correlated COUNT per pairing: several of these never multiply each other's rows as joins would."""
    return Coalesce(
        Subquery(
            model.objects.filter(pairing=OuterRef("pk"), **filters)
            .order_by()
            .values("pairing")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        Value(0),
    )


def cohort_pairings(cohort):
    """The cohort's pairings for its leads: progress and concerns, never meeting content."""
    return (
        cohort.pairings.select_related("mentor__user", "mentee__user")
        .annotate(
            answers=count_per_pairing(RapportAnswer),
            signed=count_per_pairing(AgreementSignature, version=cohort.programme.agreement_version),
            open_concerns=count_per_pairing(Concern, resolved_at__isnull=True),
        )
        .prefetch_related(Prefetch("concerns", queryset=Concern.objects.select_related("raised_by__user")))
        .order_by("status", "mentee__user__name")
    )


def _visible_to_partner(participant) -> dict:
    """Only what the partner chose to show their matched partner (Participant.Visibility.PARTNER)."""
    shown = {"shared": None, "shared_text": "", "avoid": None, "avoid_text": ""}
    if participant.disclosure_visibility == Participant.Visibility.PARTNER and not participant.shared_prefer_not_to_say:
        shown["shared"] = list(participant.shared_topics.values_list("name", flat=True))
        shown["shared_text"] = participant.shared_text
    if participant.avoid_visibility == Participant.Visibility.PARTNER and not participant.avoid_prefer_not_to_say:
        shown["avoid"] = list(participant.avoid_topics.values_list("name", flat=True))
        shown["avoid_text"] = participant.avoid_text
    return shown


def pairing_panel(*, pairing, participant) -> dict:
    """What the pair page shows about the pairing itself: status, partner, rapport check, agreement, concern.

    Rendered by templates/matching/_pairing_panel.html, which the pair page (meetings) includes. An ended
    pairing shows both partners the same words, whoever answered the rapport check.
    """
    partner = pairing.partner_of(participant)
    programme = pairing.cohort.programme
    ended = pairing.status not in Pairing.CURRENT
    panel = {"pairing": pairing, "me": participant, "partner": partner, "ended": ended}
    if ended:
        return panel
    panel["disclosures"] = _visible_to_partner(partner)
    # Ordered by priority alone: LearningTopic's default order starts with the participant, which would join the
    # participant, their cohort and their user to sort rows that all share one participant.
    panel["learning"] = (
        list(
            LearningTopic.objects.filter(participant=partner).order_by("priority").values_list("topic__name", flat=True)
        )
        if partner.role == Participant.Role.MENTEE
        else []
    )
    # The rapport check is open only until the pairing is confirmed, and there is nothing to sign without an
    # agreement: most visits to an active pair's page need neither query.
    rapport_open = pairing.status == Pairing.Status.INTRODUCED and programme.rapport_check
    mine = RapportAnswer.objects.filter(pairing=pairing, participant=participant).first() if rapport_open else None
    has_agreement = bool(programme.agreement_text.strip())
    # Who signed which version, and when: not the copy of the text each signature keeps.
    signatures = (
        list(
            AgreementSignature.objects.filter(pairing=pairing)
            .order_by("-version", "-signed_at")
            .values("participant_id", "version", "signed_at")
        )
        if has_agreement
        else []
    )
    version = programme.agreement_version
    mine_signed = [s for s in signatures if s["participant_id"] == participant.pk]
    panel.update(
        rapport_check=programme.rapport_check,
        rapport_open=rapport_open,
        my_rapport=mine,
        has_agreement=has_agreement,
        agreement_text=programme.agreement_text,
        agreement_version=version,
        my_signature=next((s for s in mine_signed if s["version"] == version), None),
        my_older_signature=next((s for s in mine_signed if s["version"] != version), None),
        partner_signed=any(s["participant_id"] == partner.pk and s["version"] == version for s in signatures),
    )
    return panel
