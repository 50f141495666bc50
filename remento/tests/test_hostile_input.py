"""Every form of the site, posted with hostile values: no server error, and nothing saved half-way.

The forms are found, not listed by hand: every page in the access matrix is
opened by each role that may open it, and every POST form on it is read
(fields, options, buttons). Each URL that a form posts to, and each POST-only
URL, must be in POST_TABLE with the role that may post to it, so a new form
cannot skip this test. Hypothesis then fills each form with hostile values
(very long text, control characters and NUL, HTML and script, wrong types,
dates far in the past and future, other people's ids) a few times over.

A post that is refused (anything but a redirect) must leave every table as it
was; a redirect means the post was accepted whole. Neither may be a 500.
"""

import datetime
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import Resolver404, resolve, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from remento.tests.test_access_matrix import MATRIX, POST_ONLY, _all_fixtures

pytestmark = pytest.mark.django_db

# url name -> the role that may post to it. Its arguments are the access matrix's.
POST_TABLE = {
    "accounts:account": "mentor",
    "accounts:name": "mentor",
    "accounts:reauthenticate_code": "mentor",
    "notifications:preferences": "mentor",
    "programmes:organisation": "org_admin",
    "programmes:ladder_add": "org_admin",
    "programmes:privacy_update": "org_admin",
    "programmes:programme_create": "org_admin",
    "programmes:item_add": "org_admin",
    "programmes:item_rename": "org_admin",
    "programmes:item_delete": "org_admin",
    "programmes:admin_invite": "org_admin",
    "programmes:admin_remove": "org_admin",
    "programmes:lead_invite": "org_admin",
    "programmes:role_invitation_withdraw": "org_admin",
    # The invitation's link, posted by whoever holds it (here someone not signed in): accepts and asks for a code.
    "programmes:role_invitation": "anonymous",
    "programmes:programme_settings": "lead",
    "programmes:programme_people": "lead",
    "programmes:cohort_create": "lead",
    "programmes:cohort": "lead",
    "programmes:cohort_settings": "lead",
    "programmes:cohort_advance": "lead",
    "programmes:cohort_next_steps": "lead",
    "programmes:invite": "lead",
    "programmes:cohort_continue": "lead",
    "programmes:participant_continue": "mentee",
    "programmes:participant": "lead",
    "programmes:express_interest": "other_programme_participant",
    "programmes:apply": "mentor",
    "programmes:disclosures": "mentor",
    "programmes:withdraw_consent": "mentor",
    "programmes:events": "lead",
    "programmes:event": "lead",
    "programmes:event_reply": "mentor",
    "programmes:resources": "lead",
    "programmes:resource_delete": "lead",
    "matching:cohort": "lead",
    "matching:run_create": "lead",
    "matching:run_publish": "lead",
    "matching:pair_lock": "lead",
    "matching:pair_exclude": "lead",
    "matching:manual_pair": "lead",
    "matching:pairing_end": "lead",
    "matching:rapport": "mentor",
    "matching:sign": "mentor",
    "matching:concern": "mentor",
    "matching:pairing_end_without_fault": "mentee",
    "meetings:pair": "mentor",
    "meetings:meeting": "mentor",
    "meetings:meeting_log": "mentor",
    "meetings:meeting_confirm": "mentee",
    "meetings:reflection": "mentor",
    "meetings:action": "mentor",
    "meetings:action_add": "mentor",
    "meetings:schedule": "mentor",
    "meetings:next_meeting_cancel": "mentor",
    "meetings:outcomes": "lead",
    "evaluation:surveys": "lead",
    "evaluation:survey": "lead",
    "evaluation:survey_settings": "lead",
    "evaluation:survey_open": "lead",
    "evaluation:survey_close": "lead",
    "evaluation:survey_delete": "lead",
    "evaluation:section_add": "lead",
    "evaluation:question_add": "lead",
    "evaluation:question_edit": "lead",
    "evaluation:question_move": "lead",
    "evaluation:question_delete": "lead",
    "evaluation:quotes": "lead",
    "evaluation:quote_decide": "lead",
    "evaluation:answer": "mentor",
    "evaluation:certificates": "lead",
    "evaluation:testimonial_decide": "lead",
    "evaluation:testimonial": "mentor",
    "evaluation:testimonial_withdraw": "mentor",
    "privacy:erase": "mentor",
    "privacy:lead_erase": "lead",
}
# Posts that remove what later posts in this test need go last.
DESTRUCTIVE = ("delete", "erase", "withdraw", "end", "close", "cancel", "advance", "publish")

# Append-only records that a refused post may still write (who viewed what).
LOG_MODELS = {"privacy.auditevent"}
OUR_APPS = {
    "accounts",
    "notifications",
    "programmes",
    "matching",
    "meetings",
    "evaluation",
    "privacy",
    "account",
    "mfa",
}


class _Forms(HTMLParser):
    """The POST forms of a page: action and fields (name -> list of offered values)."""

    def __init__(self):
        super().__init__()
        self.forms, self._form, self._select = [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            if (attrs.get("method") or "get").lower() == "post":
                self._form = {"action": attrs.get("action") or "", "fields": {}, "files": set()}
                self.forms.append(self._form)
            return
        form, name = self._form, attrs.get("name")
        if form is None or not name or name == "csrfmiddlewaretoken":
            return
        values = form["fields"].setdefault(name, [])
        if tag == "input" and attrs.get("type") == "file":
            form["files"].add(name)
        elif tag in ("input", "button"):
            values.append(attrs.get("value") or ("on" if attrs.get("type") in ("checkbox", "radio") else "x"))
        elif tag == "textarea":
            values.append("Some words")
        elif tag == "select":
            self._select = values
        if tag == "option" and self._select is not None:
            self._select.append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def _url_name(path: str) -> str | None:
    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name


# The roles whose pages are read for forms: one of each kind is enough (the others see the same forms).
CRAWL_ROLES = {"org_admin", "lead", "steering", "mentor", "mentee", "other_programme_participant", "site_admin"}


def discover_forms(world, fixtures) -> dict:
    """url name -> {role: (url, fields, file fields)} for every POST form on every page of ours."""
    clients, found = {}, {}
    for name, (arguments, expected) in MATRIX.items():
        url = reverse(name, args=arguments(world, fixtures))
        for role, status in expected.items():
            if status != 200 or role not in CRAWL_ROLES:
                continue
            client = clients.setdefault(role, world.client_for(role))
            response = client.get(url)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _Forms()
            parser.feed(response.content.decode())
            for form in parser.forms:
                action = form["action"] or url
                target = _url_name(action)
                if target is not None:
                    found.setdefault(target, {}).setdefault(role, (action, form["fields"], form["files"]))
    return found


def _ours(name: str) -> bool:
    return name in MATRIX


def assert_every_form_is_in_the_table(forms: dict) -> None:
    posted_to = {name for name in forms if _ours(name)}
    post_only = {name for name, (_, expected) in MATRIX.items() if expected == POST_ONLY}
    missing = sorted((posted_to | post_only) - set(POST_TABLE))
    assert not missing, f"Add these to POST_TABLE with the role that may post: {missing}"
    stale = sorted(set(POST_TABLE) - set(MATRIX))
    assert not stale, f"POST_TABLE names URLs that no longer exist: {stale}"


# --- Hostile values ------------------------------------------------------------------

HOSTILE_WORDS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "\x00",
    "a\x00b",
    "\x01\x02\x1b[31m\x7f",
    "line\r\nInjected-Header: yes",
    "' OR 1=1; DROP TABLE programmes_cohort; --",
    "{{ 7*7 }}{% debug %}",
    "%s%s%n%x",
    "../../../../etc/passwd",
    '=HYPERLINK("https://example.org","x")',
    "\u202egnp.exe",
    "\ufeff\u200b",
    "😀" * 20,
    " ",
    "",
]
WRONG_TYPES = ["-1", "0", "99999999999999999999999", "1e309", "NaN", "-0", "true", "[]", "{}", "null", "1.5"]
ODD_DATES = [
    "0001-01-01",
    "9999-12-31",
    "1900-02-29",
    "2026-13-45",
    "0000-00-00",
    "2026-03-02T25:61",
    "31/12/9999",
    "-2026-01-01",
    "2026-03-02 10:00:00+99:00",
]


def _foreign_ids(world) -> list[str]:
    """Ids of things that belong to someone else: another programme, organisation, pair or cohort."""
    objects = world.objects
    ids = [
        objects["other_programme_participant"].pk,
        objects["other_cohort_participant"].pk,
        objects["other_pair"].pk,
        objects["other_pairing"].pk,
        objects["other_programme"].pk,
        objects["other_cohort"].pk,
        objects["other_org"].pk,
        world.users["other_org_admin"].pk,
    ]
    return [str(i) for i in ids] + ["2147483648", "-5"]


def hostile_value(foreign_ids):
    return st.one_of(
        st.sampled_from(HOSTILE_WORDS),
        st.text(max_size=40),
        st.just("x" * 100_000),
        st.sampled_from(WRONG_TYPES),
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.sampled_from(ODD_DATES),
        st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31)).map(str),
        st.sampled_from(foreign_ids),
    )


def hostile_file():
    return st.builds(
        lambda name, content: SimpleUploadedFile(name, content),
        st.sampled_from(["people.csv", "guide.pdf", "x.exe", "../../x.csv", "a\x00.csv", "noext", "x" * 300 + ".csv"]),
        st.one_of(
            st.binary(max_size=200),
            st.just(b"email,name,role,grade,directorate\n" + b"a@b.c,\x00,mentor,,\n"),
            st.just(b"%PDF-<script>alert(1)</script>"),
            st.just(b"\xff\xfe" + "é".encode("utf-16")),
        ),
    )


def form_data(draw, fields: dict, files: set, foreign_ids: list):
    """Keep some fields valid, make others hostile, drop or repeat a few."""
    data = {}
    for name, offered in fields.items():
        choice = draw(st.sampled_from(["valid", "hostile", "hostile", "omit", "many"]))
        if choice == "valid" and offered:
            data[name] = draw(st.sampled_from(offered))
        elif choice == "many":
            data[name] = draw(st.lists(hostile_value(foreign_ids), min_size=2, max_size=4))
        elif choice != "omit":
            data[name] = draw(hostile_value(foreign_ids))
    for name in files:
        if draw(st.booleans()):
            data[name] = draw(hostile_file())
    if draw(st.booleans()):
        data[draw(st.sampled_from(["id", "pk", "user", "participant", "cohort", "is_staff"]))] = draw(
            hostile_value(foreign_ids)
        )
    return data


def row_counts() -> dict:
    """Rows in every table of ours, in one query."""
    models = [
        model
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS and model._meta.label_lower not in LOG_MODELS and model._meta.managed
    ]
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT count(*) FROM {quote(model._meta.db_table)})" for model in models)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = cursor.fetchone()
    return {model._meta.label_lower: count for model, count in zip(models, counts, strict=True)}


def _order(name: str) -> tuple:
    return (any(word in name for word in DESTRUCTIVE), name)


def test_every_form_is_listed_survives_hostile_input_and_saves_nothing_half_way(world, settings_override):
    """One test, so the pages are read for forms once (the slow part): first the table, then the posts."""
    fixtures = _all_fixtures(world)
    forms = discover_forms(world, fixtures)
    assert_every_form_is_in_the_table(forms)
    foreign_ids = _foreign_ids(world)
    clients = {}
    for name in sorted(POST_TABLE, key=_order):
        if name not in MATRIX:
            continue
        role = POST_TABLE[name]
        client = clients.setdefault(role, world.client_for(role))
        default_url = reverse(name, args=MATRIX[name][0](world, fixtures))
        url, fields, files = forms.get(name, {}).get(role, (default_url, {}, set()))

        _fuzz(client, name, role, url, fields, files, foreign_ids)


def _fuzz(client, name, role, url, fields, files, foreign_ids):
    @settings(max_examples=4, deadline=None, derandomize=True, database=None, suppress_health_check=list(HealthCheck))
    @given(st.data())
    def post_hostile(data):
        payload = form_data(data.draw, fields, files, foreign_ids)
        before = row_counts()
        response = client.post(url, payload)
        assert response.status_code < 500, f"{name} as {role}: {response.status_code}"
        if response.status_code != 302:
            after = row_counts()
            changed = {k: (before[k], after[k]) for k in before if before[k] != after[k]}
            assert not changed, f"{name} as {role} refused the post ({response.status_code}) but saved {changed}"

    post_hostile()


@pytest.fixture
def settings_override(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path  # uploads that get through land in a throwaway folder
    return settings


def test_the_table_check_notices_a_form_that_is_not_listed(monkeypatch):
    monkeypatch.delitem(POST_TABLE, "programmes:cohort_create")
    with pytest.raises(AssertionError, match="programmes:cohort_create"):
        assert_every_form_is_in_the_table({"programmes:cohort_create": {"lead": ("/", {}, set())}})
