from django import forms

from accounts.limits import TEXT, TextLimit
from programmes.models import Cohort, Participant, Programme


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
    participants = forms.TypedMultipleChoiceField(
        coerce=int, error_messages={"required": "Select at least one person."}
    )

    def __init__(self, *args, cohort, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].choices = [(pk, pk) for pk in cohort.participants.values_list("pk", flat=True)]


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "starts_on", "ends_on"]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}),
            "ends_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.programme = programme

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
            "lead_note": "Seen by this programme's leads, never by the steering group. The participant sees it only "
            "if they download their data, as the law allows them to."
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
            "training_required",
        ]
        labels = {
            "mentor_networks": "Mentors only from these staff networks (optional)",
            "min_grade_gap": "Minimum levels between mentor and mentee",
            "length_months": "Length in months",
            "nudge_after_days": "Nudge a pair after this many days without a meeting",
            "min_reporting_group": "Smallest group whose results may be shown",
        }
        help_texts = {"agreement_text": "Both partners sign this. Changing it makes a new version."}
        widgets = {
            "mentor_networks": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 3}),
            "expected_outcomes": forms.Textarea(attrs={"rows": 3}),
            "agreement_text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, level_names, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Any grade")] + [(level, f"Level {level}: {names}") for level, names in level_names.items()]
        self.fields["mentor_max_level"].choices = choices
        self.fields["mentee_min_level"].choices = choices
        self.fields["mentor_networks"].queryset = self.instance.organisation.networks.all()

    def clean(self):
        cleaned = super().clean()
        top, bottom = cleaned.get("mentor_max_level"), cleaned.get("mentee_min_level")
        if top and bottom and top >= bottom:
            self.add_error("mentee_min_level", "Mentees must start at a higher level than mentors go up to.")
        return cleaned


class PersonByEmailForm(forms.Form):
    email = forms.EmailField(label="Email of a colleague in your organisation")
    role = forms.ChoiceField(choices=[("lead", "Co-lead"), ("steering", "Steering group member")])

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    def clean_email(self):
        email = self.cleaned_data["email"]
        membership = self.programme.organisation.memberships.filter(user__email__iexact=email).select_related("user")
        if not membership:
            raise forms.ValidationError("Nobody with this email is on your organisation's staff list in Remento.")
        self.user = membership[0].user
        return email


class MeetingGuideForm(forms.Form):
    meeting_number = forms.IntegerField(min_value=1, max_value=50)
    agenda = forms.CharField(
        label="Suggested agenda", widget=forms.Textarea(attrs={"rows": 3}), validators=[TextLimit(TEXT)]
    )
