from django import forms
from django.utils.translation import gettext as _

from programmes.eligibility import cohort_ineligibility
from programmes.models import AVAILABILITY_SLOTS, Participant
from programmes.selectors_leads import grade_names_by_level

PRIORITIES = ["First", "Second", "Third"]


class ApplicationForm(forms.ModelForm):
    """The application profile, without any special-category question (those sit behind consent)."""

    availability = forms.MultipleChoiceField(
        label="When could you usually meet?",
        choices=AVAILABILITY_SLOTS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Participant
        fields = [
            "grade",
            "directorate",
            "networks",
            "line_manager_email",
            "objectives",
            "availability",
            "meeting_format",
            "location",
            "capacity",
        ]
        labels = {
            "networks": "Staff networks you belong to",
            "objectives": "What you hope to get from the programme, in your own words",
            "meeting_format": "How would you like to meet?",
            "location": "Where are you based?",
            "capacity": "How many mentees could you mentor?",
        }
        help_texts = {
            "line_manager_email": "Optional. Used only so we never pair you with someone in your own management line.",
            "networks": "Optional.",
        }
        widgets = {"networks": forms.CheckboxSelectMultiple, "objectives": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, topics=(), **kwargs):
        super().__init__(*args, **kwargs)
        participant = self.instance
        organisation = participant.cohort.programme.organisation
        self.fields["grade"].queryset = organisation.grades.all()
        self.fields["grade"].required = True
        self.fields["grade"].label_from_instance = lambda g: f"{g.name} ({g.ladder})"
        self.fields["directorate"].queryset = organisation.directorates.all()
        self.fields["networks"].queryset = organisation.networks.all()
        self.fields["objectives"].required = True
        if participant.role == Participant.Role.MENTOR:
            self.fields["capacity"].help_text = "Most mentors take one. You can take up to five."
        else:
            del self.fields["capacity"]
            current = list(participant.learning_topics.values_list("topic_id", flat=True))
            for index, label in enumerate(PRIORITIES):
                self.fields[f"learning_{index + 1}"] = forms.ModelChoiceField(
                    label=f"{label} topic you want to learn about",
                    queryset=topics,
                    required=index == 0,
                    initial=current[index] if index < len(current) else None,
                    empty_label="Choose a topic" if index == 0 else "None",
                )

    def learning_topics(self):
        return [
            self.cleaned_data[f"learning_{i + 1}"]
            for i in range(len(PRIORITIES))
            if self.cleaned_data.get(f"learning_{i + 1}")
        ]

    def clean(self):
        cleaned = super().clean()
        participant = self.instance
        grade = cleaned.get("grade")
        if grade:
            reason = cohort_ineligibility(
                participant.cohort,
                role=participant.role,
                grade=grade,
                network_ids=[n.pk for n in cleaned.get("networks") or []],
                level_names=grade_names_by_level(participant.cohort.programme.organisation),
            )
            if reason:
                self.add_error("networks" if "staff networks" in reason else "grade", reason)
        if participant.role == Participant.Role.MENTEE:
            chosen = [t.pk for t in self.learning_topics()]
            if len(chosen) != len(set(chosen)):
                self.add_error("learning_2", "Choose each topic only once.")
        return cleaned


class DisclosureForm(forms.ModelForm):
    """Special-category answers: every one optional, all behind explicit consent."""

    consent = forms.BooleanField(
        label="I agree that the programme may use what I choose to share on this page to match me with a partner",
        required=False,
        help_text="Needed only if you answer. You can withdraw at any time, which deletes your answers.",
    )
    field_order = ["consent"]

    class Meta:
        model = Participant
        fields = [
            "shared_topics",
            "shared_text",
            "shared_prefer_not_to_say",
            "disclosure_visibility",
            "avoid_topics",
            "avoid_text",
            "avoid_prefer_not_to_say",
            "avoid_visibility",
        ]
        labels = {
            "shared_topics": "Lived experiences you are comfortable sharing with your mentee",
            "shared_text": "Anything you would like to add, in your own words",
            "shared_prefer_not_to_say": "Prefer not to say",
            "avoid_topics": "Topics you do not wish to discuss",
            "avoid_text": "Anything else you would rather not discuss",
            "avoid_prefer_not_to_say": "Prefer not to say",
            "disclosure_visibility": "Who may see what you are comfortable sharing?",
            "avoid_visibility": "Who may see the topics you would rather not discuss?",
        }
        widgets = {
            "shared_topics": forms.CheckboxSelectMultiple,
            "avoid_topics": forms.CheckboxSelectMultiple,
            "shared_text": forms.Textarea(attrs={"rows": 3}),
            "avoid_text": forms.Textarea(attrs={"rows": 3}),
            "disclosure_visibility": forms.RadioSelect,
            "avoid_visibility": forms.RadioSelect,
        }

    def __init__(self, *args, topics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shared_topics"].queryset = topics
        self.fields["avoid_topics"].queryset = topics
        self.fields["consent"].initial = bool(self.instance.consent_given_at)

    def clean(self):
        cleaned = super().clean()
        answered = any(cleaned.get(name) for name in ("shared_topics", "shared_text", "avoid_topics", "avoid_text"))
        if answered and not cleaned.get("consent"):
            self.add_error("consent", "Tick to agree before sharing anything here, or leave the questions blank.")
        for prefix in ("shared", "avoid"):
            if cleaned.get(f"{prefix}_prefer_not_to_say") and (
                cleaned.get(f"{prefix}_topics") or cleaned.get(f"{prefix}_text")
            ):
                self.add_error(f"{prefix}_prefer_not_to_say", "Either answer or choose “Prefer not to say”, not both.")
        both = [t for t in cleaned.get("shared_topics") or [] if t in set(cleaned.get("avoid_topics") or [])]
        if both:
            names = ", ".join(t.name for t in both)
            self.add_error(
                "avoid_topics",
                _(
                    "You chose %(topics)s both as something you are comfortable sharing and as something you do not "
                    "wish to discuss. Untick it in one of the two lists."
                )
                % {"topics": names},
            )
        return cleaned


class ExpressInterestForm(forms.Form):
    role = forms.ChoiceField(choices=Participant.Role.choices)
