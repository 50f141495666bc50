import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.limits import LONG_TEXT, SHORT_TEXT, TextLimit
from meetings.models import Action, Meeting, Outcome
from meetings.services import held_on_problem, outcome_sharing_problems
from programmes.models import Topic
from programmes.selectors import current_cohort

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeetingForm(forms.ModelForm):
    """A meeting log. The reflection and the first action are optional extras of the log form only."""

    topics = forms.ModelMultipleChoiceField(
        queryset=Topic.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Topics touched"
    )

    class Meta:
        model = Meeting
        fields = ["held_on", "duration_minutes", "format", "activity", "topics", "summary"]
        labels = {
            "held_on": "Date of the meeting",
            "duration_minutes": "How long (minutes)",
            "format": "Format",
            "activity": "What you did",
            "summary": "Summary for the two of you",
        }
        help_texts = {"summary": "Shared with your partner only. The programme leads never see it."}
        widgets = {"held_on": DATE, "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, pairing, **kwargs):
        super().__init__(*args, **kwargs)
        self.pairing = pairing
        self.fields["topics"].queryset = Topic.objects.filter(organisation=pairing.cohort.programme.organisation)
        self.fields["duration_minutes"].initial = 60
        # The date picker offers the pairing's life only; the check below says why when a date is typed outside.
        last = timezone.localdate(pairing.ended_at) if pairing.ended_at else timezone.localdate()
        self.fields["held_on"].widget.attrs.update(
            min=timezone.localdate(pairing.created_at).isoformat(), max=last.isoformat()
        )

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if problem := held_on_problem(pairing=self.pairing, held_on=held_on):
            raise forms.ValidationError(problem)
        return held_on

    def meeting_fields(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("held_on", "duration_minutes", "format", "activity", "summary")
        }


class MeetingLogForm(MeetingForm):
    reflection = forms.CharField(
        label="Private reflection (only you can ever read this)",
        required=False,
        validators=[TextLimit(LONG_TEXT)],
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Not your partner, not the leads, not an administrator: only you.",
    )
    action_description = forms.CharField(
        label="An action you agreed (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[TextLimit(SHORT_TEXT)],
    )
    action_owner = forms.ChoiceField(
        label="Who will do it", choices=[("", "Choose who")] + Action.Owner.choices, required=False
    )
    action_due_on = forms.DateField(label="Due by (optional)", required=False, widget=DATE)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("action_description", "").strip() and not cleaned.get("action_owner"):
            self.add_error("action_owner", "Say who will do the action.")
        return cleaned

    def action(self) -> dict | None:
        if not self.cleaned_data.get("action_description", "").strip():
            return None
        return {
            "description": self.cleaned_data["action_description"],
            "owner": self.cleaned_data["action_owner"],
            "due_on": self.cleaned_data["action_due_on"],
        }


class ReflectionForm(forms.Form):
    text = forms.CharField(
        label="Your reflection on this meeting",
        required=False,
        validators=[TextLimit(LONG_TEXT)],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you can ever read this. Empty it and save to delete it.",
    )


class ActionForm(forms.ModelForm):
    class Meta:
        model = Action
        fields = ["description", "owner", "due_on"]
        labels = {"description": "Action", "owner": "Who will do it", "due_on": "Due by (optional)"}
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "due_on": DATE}


class ActionUpdateForm(forms.ModelForm):
    share_outcome = forms.BooleanField(
        label="Share this outcome with the programme leads",
        required=False,
        help_text="It goes into the programme's outcomes register as organisational learning. "
        "Only the title and the outcome are shared, not the action itself.",
    )
    outcome_title = forms.CharField(label="Title for the outcomes register", max_length=200, required=False)
    outcome_category = forms.ChoiceField(
        label="Category", choices=Outcome.Category.choices, initial=Outcome.Category.CULTURE, required=False
    )

    class Meta:
        model = Action
        fields = ["status", "due_on", "outcome"]
        labels = {"status": "Status", "due_on": "Due by (optional)", "outcome": "Outcome reported back"}
        widgets = {"due_on": DATE, "outcome": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        entry = getattr(self.instance, "register_entry", None) if self.instance.pk else None
        if entry is not None:
            self.initial.update(
                share_outcome=True, outcome_title=entry.title, outcome_category=entry.category
            )  # fmt: skip

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("share_outcome"):
            problems = outcome_sharing_problems(
                outcome=cleaned.get("outcome") or "", title=cleaned.get("outcome_title") or ""
            )
            for field, message in problems.items():
                self.add_error(field, message)
        return cleaned


class ScheduleForm(forms.Form):
    date = forms.DateField(label="Date", widget=DATE)
    time = forms.TimeField(label="Time", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    duration_minutes = forms.IntegerField(label="How long (minutes)", min_value=15, max_value=480, initial=60)
    place = forms.CharField(
        label="Place or joining link", max_length=300, required=False, help_text="A room, a café or a video link."
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("date") and cleaned.get("time"):
            starts_at = timezone.make_aware(datetime.datetime.combine(cleaned["date"], cleaned["time"]))
            if starts_at <= timezone.now():
                self.add_error("date", "Choose a date and time that is still to come.")
            cleaned["starts_at"] = starts_at
        return cleaned


class OutcomeForm(forms.ModelForm):
    """An outcome a lead records, in one of the programme's cohorts: dashboards and reports count it there."""

    class Meta:
        model = Outcome
        fields = ["title", "category", "cohort", "achieved_on", "description"]
        labels = {
            "achieved_on": _("Date achieved"),
            "description": _("What changed (optional)"),
            "cohort": _("Cohort"),
        }
        help_texts = {"cohort": _("Its results dashboard and committee report count this outcome.")}
        widgets = {"achieved_on": DATE, "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        cohorts = list(programme.cohorts.order_by("-created_at"))
        field = self.fields["cohort"]
        field.queryset = programme.cohorts.all()
        field.required = True
        field.empty_label = None
        # Choices from the list read above, not a second query.
        field.choices = [(c.pk, f"{c.name} ({c.get_status_display().lower()})") for c in cohorts]
        field.error_messages["required"] = _("Choose the cohort this outcome came from.")
        current = current_cohort(cohorts)
        if current and not self.is_bound:
            self.initial.setdefault("cohort", current.pk)
