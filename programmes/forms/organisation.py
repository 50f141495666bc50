import re

from django import forms

from accounts.limits import TEXT, TextLimit
from programmes.models import Organisation, Programme

LINE = re.compile(r"^(?P<name>[^=]+?)\s*(=\s*(?P<level>\d+))?$")


class LadderForm(forms.Form):
    ladder = forms.CharField(label="Ladder name", max_length=100, help_text="e.g. Police officers, Police staff")
    grades = forms.CharField(
        label="Grades, most junior first, one per line",
        widget=forms.Textarea(attrs={"rows": 8}),
        validators=[TextLimit(TEXT)],
        help_text="Write “Name = level” to set the seniority level (e.g. “PO1–PO3 = 4” to match Chief Inspector); "
        "without levels, grades are numbered 1, 2, 3… in order.",
    )

    def clean_grades(self):
        parsed, problems = [], []
        for number, raw in enumerate(self.cleaned_data["grades"].splitlines(), start=1):
            if not raw.strip():
                continue
            match = LINE.match(raw.strip())
            if not match or len(match["name"]) > 100:
                problems.append(f"Line {number}: write a grade name, optionally followed by “= level”.")
                continue
            level = int(match["level"]) if match["level"] else None
            if level is not None and not 1 <= level <= 30:
                problems.append(f"Line {number}: the level must be between 1 and 30.")
            parsed.append((match["name"], level))
        names = [name.lower() for name, _ in parsed]
        if len(names) != len(set(names)):
            problems.append("Each grade may appear only once in a ladder.")
        if not parsed and not problems:
            problems.append("Enter at least one grade.")
        if problems:
            raise forms.ValidationError(problems)
        return [(name, level if level is not None else index) for index, (name, level) in enumerate(parsed, start=1)]


class NamedItemForm(forms.Form):
    name = forms.CharField(max_length=150)
    is_protected_characteristic = forms.BooleanField(
        label="A protected characteristic under the Equality Act 2010", required=False
    )


class PrivacyForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["privacy_notice", "retention_days"]
        labels = {"retention_days": "Days to keep personal data after a cohort closes"}
        widgets = {"privacy_notice": forms.Textarea(attrs={"rows": 8})}


class ProgrammeCreateForm(forms.ModelForm):
    lead_email = forms.EmailField(
        label="Programme lead's email",
        help_text="They will lead this programme. If they have no account yet, one is created without a password.",
    )

    class Meta:
        model = Programme
        fields = ["name", "focus", "description"]

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.organisation = organisation

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if self.instance.organisation.programmes.filter(name__iexact=name).exists():
            raise forms.ValidationError("Your organisation already has a programme with this name.")
        return name
