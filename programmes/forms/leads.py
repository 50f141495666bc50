from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.limits import TEXT, TextLimit
from programmes.eligibility import cohort_ineligibility
from programmes.models import Cohort, Participant, Programme
from programmes.selectors_leads import grade_names_by_level


def _level_choices(level_names: dict[int, str]) -> list:
    return [("", _("Any grade"))] + [
        (level, _("Level %(level)s: %(grades)s") % {"level": level, "grades": names})
        for level, names in level_names.items()
    ]


def _levels_in_order(form) -> None:
    top, bottom = form.cleaned_data.get("mentor_max_level"), form.cleaned_data.get("mentee_min_level")
    if top and bottom and top >= bottom:
        form.add_error("mentee_min_level", _("Mentees must start at a higher level than mentors go up to."))


class RosterFilterForm(forms.Form):
    role = forms.ChoiceField(choices=[("", "Mentors and mentees"), *Participant.Role.choices], required=False)
    status = forms.ChoiceField(choices=[("", "Any status"), *Participant.Status.choices], required=False)
    ready = forms.ChoiceField(
        label="Ready to match",
        choices=[("", "Either"), ("yes", "Ready"), ("no", "Not yet")],
        required=False,
    )
    q = forms.CharField(label="Name or email", required=False, max_length=100)


class RosterActionForm(forms.Form):
    action = forms.ChoiceField(
        label="With the selected people",
        choices=[
            ("accept", "Accept"),
            ("decline", "Decline"),
            ("withdraw", "Withdraw"),
            ("ready", "Mark ready to match"),
            ("not_ready", "Mark not ready to match"),
        ],
    )
    participants = forms.TypedMultipleChoiceField(coerce=int, required=False)
    # "Select all N shown": the action applies to everyone the filters select, worked out again here.
    everyone_shown = forms.BooleanField(required=False)

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = [(pk, pk) for pk in cohort.participants.values_list("pk", flat=True)]

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("participants") and not cleaned.get("everyone_shown") and "participants" not in self.errors:
            self.add_error("participants", _("Select at least one person."))
        return cleaned


class CohortForm(forms.ModelForm):
    """A cohort's name and dates, and who may take part in it: the programme's rule, or its own."""

    own_eligibility = forms.BooleanField(
        label=_("This cohort has its own rule on who may take part"),
        required=False,
        help_text=_(
            "For a wave run by another staff network or with other grades. Unticked, the programme's rule applies. "
            "Earlier cohorts are not changed."
        ),
    )
    mentor_max_level = forms.TypedChoiceField(label=_("Mentors up to"), coerce=int, required=False, empty_value=None)
    mentee_min_level = forms.TypedChoiceField(label=_("Mentees from"), coerce=int, required=False, empty_value=None)

    class Meta:
        model = Cohort
        fields = ["name", "starts_on", "ends_on", "own_eligibility", "mentor_max_level", "mentee_min_level",
                  "mentor_networks"]  # fmt: skip
        labels = {"mentor_networks": _("Mentors only from these staff networks (optional)")}
        help_texts = {"mentor_networks": _("Only if this cohort has its own rule.")}
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
            "mentor_networks": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, programme, continues=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme
        choices = _level_choices(grade_names_by_level(programme.organisation))
        self.fields["mentor_max_level"].choices = choices
        self.fields["mentee_min_level"].choices = choices
        self.fields["mentor_networks"].queryset = programme.organisation.networks.all()
        if self.instance.pk is None and not self.is_bound:
            # A new cohort's own rule starts as the one before it (or the programme's), changed where the wave
            # differs.
            rules = continues.rules if continues else programme
            self.initial.update(
                own_eligibility=bool(continues and continues.own_eligibility),
                mentor_max_level=rules.mentor_max_level,
                mentee_min_level=rules.mentee_min_level,
                mentor_networks=list(rules.mentor_networks.all()),
            )
        if self.instance.pk and self.instance.status not in (Cohort.Status.DRAFT, Cohort.Status.RECRUITING):
            # Its people were judged by this rule: it stays as it was once matching starts.
            for name in ("own_eligibility", "mentor_max_level", "mentee_min_level", "mentor_networks"):
                self.fields[name].disabled = True
            self.fields["own_eligibility"].help_text = _(
                "Fixed once recruitment has closed: this cohort's people were judged by it."
            )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        clash = Cohort.objects.filter(programme=self.instance.programme, name__iexact=name).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("A cohort with this name already exists in this programme.")
        return name

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        if cleaned.get("own_eligibility"):
            _levels_in_order(self)
        else:
            # The programme's rule applies: nothing of the cohort's own is kept.
            cleaned.update(mentor_max_level=None, mentee_min_level=None, mentor_networks=[])
        return cleaned


class NextStepsForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["next_steps_options", "next_steps", "next_steps_notes"]
        labels = {"next_steps": "Decision", "next_steps_notes": "Reasons and notes"}

    # The options the steering group weighed (the committee report lists them beside the one chosen).
    next_steps_options = forms.MultipleChoiceField(
        label="Options considered",
        choices=Cohort.NextSteps.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["next_steps"].required = True


class InviteForm(forms.Form):
    email = forms.EmailField()
    name = forms.CharField(max_length=150)
    role = forms.ChoiceField(choices=Participant.Role.choices)
    grade = forms.ModelChoiceField(queryset=None, required=False, empty_label="Let them choose")
    directorate = forms.ModelChoiceField(queryset=None, required=False, empty_label="Let them choose")

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, prefix="one", **kwargs)
        self.cohort = cohort
        organisation = cohort.programme.organisation
        self.fields["grade"].queryset = organisation.grades.all()
        self.fields["directorate"].queryset = organisation.directorates.all()

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if self.cohort.participants.filter(user__email__iexact=email).exists():
            raise forms.ValidationError("This person is already invited to this cohort.")
        return email

    def clean(self):
        cleaned = super().clean()
        grade, role = cleaned.get("grade"), cleaned.get("role")
        if grade and role:
            reason = cohort_ineligibility(
                self.cohort,
                role=role,
                grade=grade,
                level_names=grade_names_by_level(self.cohort.programme.organisation),
                for_lead=True,
            )
            if reason:
                self.add_error("grade", reason)
        return cleaned


class InviteUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: email,name,role,grade,directorate (role is mentor or mentee). Up to 2,000 people, 1 MB.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="csv", **kwargs)


class LeadJudgementForm(forms.ModelForm):
    class Meta:
        model = Participant
        fields = ["ready_to_match", "lead_note"]
        labels = {"ready_to_match": "Ready to match", "lead_note": "Your note"}
        # A subject-access request covers opinions about a person, so the note is in their data download.
        help_texts = {
            "ready_to_match": _(
                "Matching takes only people marked ready; anyone else is listed among the unmatched as "
                "“not ready (lead's judgement)”."
            ),
            "lead_note": "Seen by this programme's leads, never by the steering group. The participant sees it only "
            "if they download their data, as the law allows them to.",
        }
        widgets = {"lead_note": forms.Textarea(attrs={"rows": 3})}


class ProgrammeSettingsForm(forms.ModelForm):
    mentor_max_level = forms.TypedChoiceField(label="Mentors up to", coerce=int, required=False, empty_value=None)
    mentee_min_level = forms.TypedChoiceField(label="Mentees from", coerce=int, required=False, empty_value=None)

    class Meta:
        model = Programme
        fields = [
            "name",
            "focus",
            "description",
            "expected_outcomes",
            "mentor_max_level",
            "mentee_min_level",
            "mentor_networks",
            "min_grade_gap",
            "agreement_text",
            "length_months",
            "suggested_meetings",
            "nudge_after_days",
            "min_reporting_group",
            "mentor_training_required",
            "mentee_training_required",
            "rapport_check",
            "completion_rule",
            "completion_meetings",
        ]
        labels = {
            "mentor_networks": "Mentors only from these staff networks (optional)",
            "min_grade_gap": "Minimum levels between mentor and mentee",
            "length_months": "Length in months",
            "nudge_after_days": "Nudge a pair after this many days without a meeting",
            "min_reporting_group": "Smallest group whose results may be shown",
        }
        help_texts = {
            "agreement_text": "Both partners sign this. Changing it makes a new version.",
            "mentor_training_required": _(
                "Only mentors you have marked as attending a training event are matched. Training attended in "
                "any cohort of this programme counts."
            ),
            "mentee_training_required": _(
                "Leave this unticked if mentees have a briefing instead of training: they are then matched without it."
            ),
            "rapport_check": _(
                "Each partner answers privately, and one “no” ends the pairing without fault. Unticked, a "
                "pairing starts once both partners have signed the agreement, or straight away if there is none."
            ),
            "completion_rule": _(
                "Who is ticked as completed on the Certificates page. You can still mark anyone "
                "as completed or not, person by person."
            ),
            "completion_meetings": _(
                "Used when completion is by meetings held. Left empty, the suggested number of meetings."
            ),
        }
        widgets = {
            "completion_rule": forms.RadioSelect,
            "mentor_networks": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_outcomes": forms.Textarea(attrs={"rows": 3}),
            "agreement_text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, level_names, **kwargs):
        super().__init__(*args, **kwargs)
        choices = _level_choices(level_names)
        self.fields["mentor_max_level"].choices = choices
        self.fields["mentee_min_level"].choices = choices
        self.fields["mentee_min_level"].help_text = _(
            "These apply to every cohort without a rule of its own. Cohorts past recruitment keep the rule "
            "their people were judged by."
        )
        self.fields["mentor_networks"].queryset = self.instance.organisation.networks.all()
        self.fields["completion_rule"].required = False

    def clean_completion_rule(self):
        # Nothing chosen (a form posted without the radios) keeps the rule as it is.
        return self.cleaned_data.get("completion_rule") or self.instance.completion_rule

    def clean(self):
        cleaned = super().clean()
        _levels_in_order(self)
        return cleaned


class PersonByEmailForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("They get an email inviting them, and sign in with a code: there is no password to pass on."),
    )
    role = forms.ChoiceField(choices=[("lead", _("Co-lead")), ("steering", _("Steering group member"))])


class MeetingGuideForm(forms.Form):
    meeting_number = forms.IntegerField(min_value=1, max_value=50)
    agenda = forms.CharField(
        label="Suggested agenda", widget=forms.Textarea(attrs={"rows": 3}), validators=[TextLimit(TEXT)]
    )
