from django import forms

from programmes.models import Cohort, Participant


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
        fields = ["next_steps", "next_steps_notes"]
        labels = {"next_steps": "Decision", "next_steps_notes": "Options considered and notes"}

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
