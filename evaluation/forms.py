"""Forms for building surveys and for answering one."""

from django import forms
from django.utils.html import conditional_escape as escape
from django.utils.safestring import SafeString, mark_safe

from accounts.limits import SHORT_TEXT, TextLimit
from evaluation.defaults import LIKERT_LABELS, YES_NO_UNDECIDED
from evaluation.models import Question, Survey

DATE = {"type": "date"}


class SurveyCreateForm(forms.Form):
    title = forms.CharField(max_length=200, help_text="Participants see this, e.g. “End of pilot evaluation”.")
    kind = forms.ChoiceField(
        label="When it is asked",
        choices=Survey.Kind.choices,
        initial=Survey.Kind.END,
        help_text="A baseline at the start and an evaluation at the end, built from the same template, "
        "can be compared question by question.",
    )
    start = forms.ChoiceField(
        label="Start from",
        widget=forms.RadioSelect,
        initial="template",
        choices=[
            ("template", "The default questions (the ones earlier programmes asked), which you can then change"),
            ("blank", "No questions: I will write my own"),
        ],
    )


class SurveySettingsForm(forms.ModelForm):
    class Meta:
        model = Survey
        fields = ["title", "introduction", "kind", "audience", "trigger", "opens_on", "closes_on"]
        labels = {
            "introduction": "Introduction shown above the questions",
            "kind": "When it is asked",
            "audience": "Who is asked",
            "trigger": "When it opens",
            "opens_on": "Opens on",
            "closes_on": "Last day to answer",
        }
        help_texts = {
            "opens_on": "Needed when it opens on a date.",
            "closes_on": "Optional. It closes at the end of this day; you can also close it with a button.",
        }
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 3}),
            "trigger": forms.RadioSelect,
            "opens_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
            "closes_on": forms.DateInput(attrs=DATE, format="%Y-%m-%d"),
        }

    def clean(self):
        cleaned = super().clean()
        opens_on, closes_on = cleaned.get("opens_on"), cleaned.get("closes_on")
        if cleaned.get("trigger") == Survey.Trigger.DATES and not opens_on:
            self.add_error("opens_on", "Choose the date it opens, or choose another way for it to open.")
        if opens_on and closes_on and closes_on < opens_on:
            self.add_error("closes_on", "The last day to answer must be on or after the day it opens.")
        return cleaned


class SectionForm(forms.Form):
    title = forms.CharField(label="New section", max_length=200)


class QuestionForm(forms.ModelForm):
    choices_text = forms.CharField(
        label="Choices",
        required=False,
        validators=[TextLimit(SHORT_TEXT)],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For “One choice” and “Several choices”: one choice per line.",
    )

    class Meta:
        model = Question
        fields = ["text", "kind", "required", "section", "theme", "level", "code"]
        labels = {
            "text": "Question",
            "kind": "Kind of answer",
            "required": "An answer is required",
            "theme": "Evaluation theme",
            "code": "Code (optional)",
        }
        help_texts = {
            "level": "Reaction: how it felt. Learning: what people learnt. Behaviour: what they now do differently. "
            "Results: what changed for the organisation.",
            "code": "Give the same code to the same question in a baseline and an end survey so they can be "
            "compared. Left empty, one is made from the question.",
        }

    field_order = ["text", "kind", "choices_text", "required", "section", "theme", "level", "code"]

    def __init__(self, *args, survey, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = survey.sections.all()
        self.fields["section"].empty_label = "No section"
        if self.instance.pk:
            self.fields["choices_text"].initial = "\n".join(self.instance.choices)

    def clean(self):
        cleaned = super().clean()
        lines = [line.strip() for line in cleaned.get("choices_text", "").splitlines()]
        choices = list(dict.fromkeys(line for line in lines if line))
        if cleaned.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
            if len(choices) < 2:
                self.add_error("choices_text", "Give at least two choices, one per line.")
            elif any(len(choice) > 200 for choice in choices):
                self.add_error("choices_text", "Keep each choice under 200 characters.")
        else:
            choices = []
        self.instance.choices = choices
        return cleaned


def _attrs(attrs: dict) -> str:
    """Attributes as Django's widget templates write them: `True` bare, `False` and `None` left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class AnswerBoundField(forms.BoundField):
    """A question on the answer page, in the Bootstrap 5 markup crispy-forms' `as_crispy_field` gave it: the
    same ids, classes, label, required mark, help text and error messages, with Django's own `required`,
    `aria-invalid` and `aria-describedby` (from `subwidgets` and `aria_describedby`).

    Written in Python because crispy's templates took more than half of the page's time, and a small template
    of our own still cost more than the rest of the page. It knows only the widgets an answer form has:
    choices (radios or checkboxes, in a fieldset), a number and a textarea. Everything that comes from a
    question or from the person is escaped (`conditional_escape`, as a template's `{{ value }}`).
    """

    def as_field_group(self) -> SafeString:
        id_ = escape(self.auto_id)
        label = escape(self.label)
        label_class = "form-label"
        if self.field.required:
            label += '<span class="asteriskField">*</span>'
            label_class += " requiredField"
        errors = self.errors
        # The messages follow the input (a group's last choice), where Bootstrap shows them next to `is-invalid`.
        error_block = ""
        if errors:
            messages = "".join(
                f'<p id="error_{n}_{id_}"><strong>{escape(e)}</strong></p>' for n, e in enumerate(errors, 1)
            )
            error_block = f'<div id="{id_}_error" class="invalid-feedback">{messages}</div>'
        help_block = ""
        if self.help_text:
            help_block = f'<div id="{id_}_helptext" class="form-text">{escape(self.help_text)}</div>'
        if self.use_fieldset:
            described = f' aria-describedby="{escape(self.aria_describedby)}"' if self.aria_describedby else ""
            return mark_safe(
                f'<div id="div_{id_}" class="mb-3"><fieldset{described}>\n'
                f'<legend class="{label_class} fs-6">{label}</legend>\n'
                f"<div>\n{self._choices(errors, error_block)}\n</div>\n{help_block}</fieldset></div>\n"
            )
        return mark_safe(
            f'<div id="div_{id_}" class="mb-3">\n'
            f'<label for="{escape(self.id_for_label)}" class="{label_class}">{label}</label>\n'
            f"{self._control(errors)}\n{error_block}{help_block}</div>\n"
        )

    def _choices(self, errors, error_block: str) -> str:
        input_class = "form-check-input is-invalid" if errors else "form-check-input"
        options = [subwidget.data for subwidget in self.subwidgets]
        return "\n".join(
            f'<div class="form-check"><input type="{option["type"]}" name="{escape(option["name"])}" '
            f'value="{escape(option["value"])}"{_attrs({**option["attrs"], "class": input_class})}>'
            f'<label for="{escape(option["attrs"]["id"])}" class="form-check-label">{escape(option["label"])}</label>'
            f"{error_block if option is options[-1] else ''}</div>"
            for option in options
        )

    def _control(self, errors) -> str:
        widget = self.subwidgets[0].data
        attrs = dict(widget["attrs"])
        # crispy's classes: the widget's own, its class name, then Bootstrap's.
        attrs["class"] = " ".join(
            filter(None, [attrs.get("class"), type(self.field.widget).__name__.lower(), "form-control"])
        ) + (" is-invalid" if errors else "")
        if isinstance(self.field.widget, forms.Textarea):
            # A newline after the tag, as Django's textarea.html: the browser drops it, not the answer's own.
            return (
                f'<textarea name="{escape(widget["name"])}"{_attrs(attrs)}>\n{escape(widget["value"] or "")}</textarea>'
            )
        if widget["value"] is not None:
            attrs = {"value": widget["value"], **attrs}
        return f'<input type="{widget["type"]}" name="{escape(widget["name"])}"{_attrs(attrs)}>'


def _answer_field(question: Question) -> forms.Field:
    common = {"label": question.text, "required": question.required, "bound_field_class": AnswerBoundField}
    if question.kind == Question.Kind.LIKERT:
        choices = [(str(value), label) for value, label in LIKERT_LABELS.items()]
        return forms.TypedChoiceField(coerce=int, choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == Question.Kind.YES_NO:
        return forms.ChoiceField(choices=YES_NO_UNDECIDED, widget=forms.RadioSelect, **common)
    if question.kind == Question.Kind.SINGLE:
        return forms.ChoiceField(choices=[(c, c) for c in question.choices], widget=forms.RadioSelect, **common)
    if question.kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(c, c) for c in question.choices], widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == Question.Kind.NUMBER:
        return forms.IntegerField(
            min_value=0, max_value=1000, widget=forms.NumberInput(attrs={"class": "w-auto"}), **common
        )
    return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)


class AnswerForm(forms.Form):
    """One field per question; `token` is the one-time proof this form came from the person's invitation page."""

    token = forms.CharField(widget=forms.HiddenInput, max_length=100)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for question in self.questions:
            self.fields[f"q{question.pk}"] = _answer_field(question)
            if not question.required:
                self.fields[f"q{question.pk}"].help_text = "Optional."

    def answers(self) -> list[tuple[Question, object]]:
        """The answered questions with their cleaned values (unanswered optional ones left out)."""
        result = []
        for question in self.questions:
            value = self.cleaned_data.get(f"q{question.pk}")
            if isinstance(value, str):
                value = value.strip()
            if value not in (None, "", []):
                result.append((question, value))
        return result

    def sections(self):
        """Questions grouped for display: [(section or None, [bound field, ...])], in the survey's order."""
        groups: dict = {}
        for question in self.questions:
            groups.setdefault(question.section, []).append(self[f"q{question.pk}"])
        return sorted(
            groups.items(),
            key=lambda item: (item[0] is not None, *((item[0].order, item[0].pk) if item[0] else (0, 0))),
        )
