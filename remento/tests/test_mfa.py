"""Multi-factor sign-in: required for organisation administrators, programme leads and site admins."""

import os
import subprocess
import sys

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import override_settings
from django.urls import reverse

from remento.demo import DEMO_PASSWORD
from remento.tests.test_security import ROOT, _production_env

pytestmark = pytest.mark.django_db

MUST_USE_MFA = ["org_admin", "other_org_admin", "lead", "co_lead", "other_programme_lead", "site_admin"]
NO_MFA_NEEDED = [
    "steering",
    "mentor",
    "mentee",
    "other_pair",
    "other_cohort_participant",
    "other_programme_participant",
]


def current_code(secret: str) -> str:
    """The code an authenticator app would show now, computed with allauth's own helper."""
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def mfa_on():
    with override_settings(REMENTO_REQUIRE_MFA=True):
        yield


@pytest.mark.parametrize("role", MUST_USE_MFA)
def test_a_person_whose_role_needs_mfa_is_sent_to_set_it_up_first(world, mfa_on, role):
    client = world.client_for(role)
    for url in [reverse("home"), reverse("programmes:programme", args=[world.programme.pk]), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("mfa_activate_totp")


@pytest.mark.parametrize("role", NO_MFA_NEEDED)
def test_mentors_mentees_and_steering_members_are_not_asked_for_mfa(world, mfa_on, role):
    assert world.client_for(role).get(reverse("home")).status_code == 200


def test_nobody_is_asked_when_the_requirement_is_off(world):
    assert world.client_for("lead").get(reverse("home")).status_code == 200


def test_the_set_up_page_sign_out_and_health_check_stay_open_while_mfa_is_missing(world, mfa_on):
    client = world.client_for("lead")
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    assert "authenticator app" in page.content.decode().lower()
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_lead_who_sets_up_an_authenticator_app_reaches_their_pages(world, mfa_on):
    client = world.client_for("lead")
    page = client.get(reverse("mfa_activate_totp"))
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=world.users["lead"], type=Authenticator.Type.TOTP).exists()
    # Recovery codes are made at the same time, and shown next.
    assert Authenticator.objects.filter(user=world.users["lead"], type=Authenticator.Type.RECOVERY_CODES).exists()
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("programmes:programme", args=[world.programme.pk])).status_code == 200


def test_a_wrong_code_does_not_activate_the_authenticator(world, mfa_on):
    client = world.client_for("lead")
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "000000x"})
    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=world.users["lead"]).exists()


def test_a_lead_cannot_turn_the_authenticator_off_while_mfa_is_required(world, mfa_on):
    lead = world.users["lead"]
    TOTP.activate(lead, generate_totp_secret())
    client = world.client_for("lead")
    response = client.post(reverse("mfa_deactivate_totp"))
    assert response.status_code == 200
    assert Authenticator.objects.filter(user=lead, type=Authenticator.Type.TOTP).exists()


def test_a_mentor_may_turn_off_an_authenticator_they_chose_to_add(world, mfa_on):
    mentor = world.users["mentor"]
    TOTP.activate(mentor, generate_totp_secret())
    client = world.client_for("mentor")
    client.post(reverse("mfa_deactivate_totp"))
    assert not Authenticator.objects.filter(user=mentor, type=Authenticator.Type.TOTP).exists()


def test_signing_in_with_mfa_asks_for_the_code_after_the_password(world, mfa_on, client):
    lead = world.users["lead"]
    secret = generate_totp_secret()
    TOTP.activate(lead, secret)
    response = client.post(reverse("account_login"), {"login": lead.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session  # the password alone signs nobody in
    response = client.post(reverse("mfa_authenticate"), {"code": current_code(secret)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_the_site_admins_authenticator_secret_is_not_shown_in_the_django_admin(world):
    admin = world.users["site_admin"]
    secret = generate_totp_secret()
    authenticator = TOTP.activate(admin, secret).instance
    client = world.client_for("site_admin")
    page = client.get(reverse("admin:mfa_authenticator_change", args=[authenticator.pk]))
    assert page.status_code == 200
    assert secret not in page.content.decode()


def _setting_in(env: dict) -> str:
    code = "import django; django.setup(); from django.conf import settings as s; print(s.REMENTO_REQUIRE_MFA)"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    return result.stdout.strip() + result.stderr[-300:]


def test_mfa_is_required_in_production_and_off_in_the_demo():
    assert _setting_in(_production_env()) == "True"
    demo = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}}
    assert _setting_in({**demo, "DJANGO_SETTINGS_MODULE": "remento.settings", "DEBUG": "true"}) == "False"
    assert _setting_in(_production_env(REMENTO_REQUIRE_MFA="false")) == "False"


def test_someone_made_a_lead_while_signed_in_is_asked_for_mfa_within_minutes(world, mfa_on):
    import time

    from accounts.sessions import MFA_CHECKED
    from programmes.models import ProgrammeRole

    client = world.client_for("mentor")
    assert client.get(reverse("home")).status_code == 200
    ProgrammeRole.objects.create(programme=world.programme, user=world.users["mentor"], role=ProgrammeRole.Role.LEAD)
    assert client.get(reverse("home")).status_code == 200  # checked a moment ago
    session = client.session
    session[MFA_CHECKED] = time.time() - 6 * 60
    session.save()
    assert client.get(reverse("home"))["Location"] == reverse("mfa_activate_totp")


def test_signing_in_with_an_emailed_code_still_asks_a_lead_for_the_app_code(world, mfa_on, client):
    import re

    from django.core import mail

    lead = world.users["lead"]
    secret = generate_totp_secret()
    TOTP.activate(lead, secret)
    client.post(reverse("account_request_login_code"), {"email": lead.email})
    emailed = re.search(r"\b([A-Z0-9]{4}-[A-Z0-9]{4})\b", mail.outbox[-1].body).group(1)
    response = client.post(reverse("account_confirm_login_code"), {"code": emailed})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session


def test_authenticator_secrets_are_stored_encrypted_and_still_work(world):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    lead = world.users["lead"]
    secret = generate_totp_secret()
    totp = TOTP.activate(lead, secret)
    stored = Authenticator.objects.get(pk=totp.instance.pk).data["secret"]
    assert secret not in stored
    assert TOTP(Authenticator.objects.get(pk=totp.instance.pk)).validate_code(current_code(secret))
    codes = RecoveryCodes.activate(lead)
    seed = Authenticator.objects.get(pk=codes.instance.pk).data["seed"]
    assert seed.startswith("gAAAAA")
    assert RecoveryCodes(Authenticator.objects.get(pk=codes.instance.pk)).validate_code(codes.get_unused_codes()[0])


def test_a_secret_stored_before_encryption_still_works(world):
    lead = world.users["lead"]
    secret = generate_totp_secret()
    authenticator = Authenticator.objects.create(user=lead, type=Authenticator.Type.TOTP, data={"secret": secret})
    assert TOTP(authenticator).validate_code(current_code(secret))


def test_secrets_survive_a_secret_key_rotation_with_the_old_key_as_a_fallback(world, settings):
    lead = world.users["lead"]
    secret = generate_totp_secret()
    pk = TOTP.activate(lead, secret).instance.pk
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-" + "n" * 40
    assert TOTP(Authenticator.objects.get(pk=pk)).validate_code(current_code(secret))
