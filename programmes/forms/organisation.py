import re

from django import forms
from django.utils.translation import gettext_lazy as _

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


ITEM_LABELS = {
    "directorates": _("Directorates, one per line"),
    "networks": _("Staff networks, one per line"),
    "topics": _("Topics, one per line"),
}
# Topic names are shorter than directorate and network names (the model's limits).
ITEM_MAX_LENGTH = {"directorates": 150, "networks": 150, "topics": 100}


class NamedItemsForm(forms.Form):
    """Directorates, staff networks or topics pasted as a list, one per line, as grades are."""

    names = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=20_000)
    is_protected_characteristic = forms.BooleanField(
        label=_("These are protected characteristics under the Equality Act 2010"), required=False
    )

    def __init__(self, *args, kind, **kwargs):
        super().__init__(*args, prefix=kind, **kwargs)
        self.kind = kind
        self.fields["names"].label = ITEM_LABELS[kind]
        self.fields["names"].help_text = _(
            "Paste a list from a spreadsheet or document. Names already here are skipped."
        )
        if kind != "topics":
            del self.fields["is_protected_characteristic"]

    def clean_names(self):
        names, seen, problems = [], set(), []
        longest = ITEM_MAX_LENGTH[self.kind]
        for number, raw in enumerate(self.cleaned_data["names"].splitlines(), start=1):
            name = " ".join(raw.split())
            if not name:
                continue
            if len(name) > longest:
                problems.append(
                    _("Line %(line)s: a name may be up to %(count)s characters.") % {"line": number, "count": longest}
                )
            elif any(ord(character) < 32 for character in name):
                problems.append(_("Line %(line)s: retype it; it holds a control character.") % {"line": number})
            elif name.lower() not in seen:
                seen.add(name.lower())
                names.append(name)
        if problems:
            raise forms.ValidationError(problems)
        if not names:
            raise forms.ValidationError(_("Enter at least one name."))
        return names


class PrivacyForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["privacy_notice", "retention_days"]
        labels = {"retention_days": "Days to keep personal data after a cohort closes"}
        widgets = {"privacy_notice": forms.Textarea(attrs={"rows": 8})}


class ProgrammeCreateForm(forms.ModelForm):
    lead_email = forms.EmailField(
        label=_("Programme lead's email"),
        help_text=_(
            "They get an email inviting them to lead it, and sign in with a code (no password). "
            "Give your own address to lead it yourself."
        ),
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


class AdminInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("Email address"),
        help_text=_("They get an email with a link; they sign in with a code, so there is no password to pass on."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="admin", **kwargs)


class LeadInviteForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())
    email = forms.EmailField(label=_("Lead's email address"))

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, prefix="lead", **kwargs)
        self.fields["programme"].queryset = organisation.programmes.all()
