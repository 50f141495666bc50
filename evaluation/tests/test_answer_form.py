"""The answer form's markup: every question labelled, its required mark, help text and errors tied to it for
screen readers; what a person typed kept when an answer is refused; no question or answer text becomes markup."""

from html.parser import HTMLParser

from evaluation.forms import AnswerForm
from evaluation.models import Question, Section

SECTION = Section(pk=1, title="About you", order=0)
QUESTIONS = [
    Question(pk=1, kind="likert", text="I was clear on the purpose", required=True),
    Question(pk=2, kind="yes_no", text="Would you do it again?", required=False),
    Question(pk=3, kind="single", text="Pick one", choices=["Alpha", "Beta"], section=SECTION),
    Question(pk=4, kind="multiple", text="Pick several", choices=["One", "Two", "Three"], section=SECTION),
    Question(pk=5, kind="number", text="How many times did you meet?", required=True),
    Question(pk=6, kind="text", text="Anything else?", required=False),
]


class _Elements(HTMLParser):
    """Each element's tag and attributes, and the text inside it, by id (and every element in order)."""

    def __init__(self, html):
        super().__init__()
        self.all, self.open = [], []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        element = {"tag": tag, **{name: value if value is not None else True for name, value in attrs}, "text": ""}
        self.all.append(element)
        if tag not in ("input", "br"):
            self.open.append(element)

    def handle_endtag(self, tag):
        self.open.pop()

    def handle_data(self, data):
        for element in self.open:
            element["text"] += data

    def __getitem__(self, id_):
        return next(element for element in self.all if element.get("id") == id_)

    def labels_for(self, id_):
        return [_words(element["text"]) for element in self.all if element.get("for") == id_]


def _words(text):
    """Text as it reads, whatever the indentation."""
    return " ".join(text.split())


def _render(form):
    return _Elements("".join(field.as_field_group() for _, fields in form.sections() for field in fields))


def test_each_question_has_its_label_required_mark_and_help_text():
    page = _render(AnswerForm(initial={"token": "t"}, questions=QUESTIONS))

    group = next(element for element in page.all if element["tag"] == "legend")
    assert _words(group["text"]) == "I was clear on the purpose*" and "requiredField" in group["class"]
    assert [page[f"id_q1_{i}"].get("required") for i in range(5)] == [True] * 5
    assert page.labels_for("id_q1_4") == ["Strongly agree"]

    optional = page["div_id_q2"]
    fieldsets = [element for element in page.all if element["tag"] == "fieldset"]
    assert (
        fieldsets[1]["aria-describedby"] == "id_q2_helptext" and _words(page["id_q2_helptext"]["text"]) == "Optional."
    )
    assert "*" not in optional["text"] and "required" not in page["id_q2_0"]

    assert [page[f"id_q4_{i}"]["type"] for i in range(3)] == ["checkbox"] * 3
    number = page["id_q5"]
    assert number["type"] == "number" and number["required"] and number["min"] == "0" and number["max"] == "1000"
    assert page.labels_for("id_q5") == ["How many times did you meet?*"]
    text = page["id_q6"]
    assert text["tag"] == "textarea" and text["aria-describedby"] == "id_q6_helptext" and "required" not in text


def test_a_refused_answer_is_marked_beside_its_question_and_nothing_typed_is_lost():
    data = {"token": "t", "q2": "maybe", "q3": "Beta", "q4": ["Two", "Nope"], "q5": "lots", "q6": "Kept <as> typed"}
    form = AnswerForm(data, questions=QUESTIONS)
    assert not form.is_valid()
    page = _render(form)

    fieldsets = [element for element in page.all if element["tag"] == "fieldset"]
    assert [fieldset.get("aria-describedby") for fieldset in fieldsets] == [
        "id_q1_error",
        "id_q2_helptext id_q2_error",
        None,
        "id_q4_error",
    ]
    assert _words(page["error_1_id_q1"]["text"]) == "This field is required."
    assert page["id_q1_0"]["aria-invalid"] == "true" and "is-invalid" in page["id_q1_0"]["class"]
    assert "aria-invalid" not in page["id_q3_1"] and page["id_q3_1"]["checked"]
    assert page["id_q4_1"]["checked"] and "Nope is not one of the available choices" in page["id_q4_error"]["text"]

    number = page["id_q5"]
    assert number["value"] == "lots" and number["aria-invalid"] == "true" and "is-invalid" in number["class"]
    assert (
        number["aria-describedby"] == "id_q5_error" and _words(page["id_q5_error"]["text"]) == "Enter a whole number."
    )
    assert page["id_q6"]["text"] == "\nKept <as> typed" and "is-invalid" not in page["id_q6"]["class"]


def test_question_and_answer_text_cannot_become_markup():
    hostile = '"><script>alert(1)</script>'
    questions = [
        Question(pk=1, kind="single", text=hostile, choices=[hostile, "B"]),
        Question(pk=2, kind="text", text=hostile),
    ]
    form = AnswerForm({"token": "t", "q1": hostile, "q2": f"</textarea>{hostile}"}, questions=questions)
    form.is_valid()
    html = "".join(field.as_field_group() for _, fields in form.sections() for field in fields)
    assert "<script>" not in html and "</textarea><" not in html
    page = _Elements(html)
    assert page["id_q1_0"]["value"] == hostile and page.labels_for("id_q1_0") == [hostile]
    assert page["id_q2"]["text"] == f"\n</textarea>{hostile}"
