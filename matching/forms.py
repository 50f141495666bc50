from django import forms

from accounts.limits import SHORT_TEXT, TEXT, TextLimit
from matching.algorithm import Weights
from programmes.models import Participant

WEIGHT_HELP = "0 ignores it; higher counts for more against the others."


class RunForm(forms.Form):
    """The lead's weights for one run: how much each part of the fit counts."""

    topics = forms.FloatField(
        label="What the mentee wants to learn and the mentor shares", min_value=0, max_value=10, help_text=WEIGHT_HELP
    )
    objectives = forms.FloatField(label="Similar objectives", min_value=0, max_value=10)
    format = forms.FloatField(label="Meeting format and place", min_value=0, max_value=10)
    availability = forms.FloatField(label="Common times in the week", min_value=0, max_value=10)
    directorate = forms.FloatField(label="Different directorates", min_value=0, max_value=10)
    grade_gap = forms.FloatField(label="Closeness to the preferred grade distance", min_value=0, max_value=10)
    preferred_gap = forms.IntegerField(label="Preferred grade distance (levels)", min_value=1, max_value=12)
    allow_repeat = forms.BooleanField(
        label="Allow pairs from earlier cohorts",
        required=False,
        help_text="Off: two people paired in an earlier cohort of this programme are never proposed again.",
    )

    @classmethod
    def initial_from(cls, run) -> dict:
        weights = {**Weights().__dict__, **(run.weights if run else {})}
        return {**weights, "allow_repeat": bool(run and run.allow_repeat)}

    def weights(self) -> Weights:
        return Weights(**{name: self.cleaned_data[name] for name in Weights.__dataclass_fields__})

    def clean(self):
        cleaned = super().clean()
        names = ["topics", "objectives", "format", "availability", "directorate", "grade_gap"]
        if all(cleaned.get(name) == 0 for name in names):
            raise forms.ValidationError("Give at least one part of the fit a weight above 0.")
        return cleaned


class ManualPairForm(forms.Form):
    mentor = forms.ModelChoiceField(queryset=Participant.objects.none())
    mentee = forms.ModelChoiceField(queryset=Participant.objects.none())
    reason = forms.CharField(
        label="Why this pair (required if it breaks a rule)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[TextLimit(SHORT_TEXT)],
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        people = cohort.participants.filter(status=Participant.Status.ACCEPTED).select_related("user", "grade")
        self.fields["mentor"].queryset = people.filter(role=Participant.Role.MENTOR).order_by("user__name")
        self.fields["mentee"].queryset = people.filter(role=Participant.Role.MENTEE).order_by("user__name")
        label = lambda p: f"{p.user} ({p.grade or 'no grade'})"  # noqa: E731
        self.fields["mentor"].label_from_instance = label
        self.fields["mentee"].label_from_instance = label


class EndPairingForm(forms.Form):
    reason = forms.CharField(
        label="Why the pairing ends (only leads see this)",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the pairing ends, for the other leads."},
        validators=[TextLimit(SHORT_TEXT)],
    )


class ConcernForm(forms.Form):
    message = forms.CharField(
        label="Your concern",
        help_text="Only your programme's leads read this. Your partner never sees it.",
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[TextLimit(TEXT)],
        error_messages={"required": "Write what concerns you; a sentence or two is enough."},
    )


class RapportForm(forms.Form):
    answer = forms.ChoiceField(choices=[("yes", "Yes"), ("no", "No")])


class SignForm(forms.Form):
    version = forms.IntegerField(min_value=1)
