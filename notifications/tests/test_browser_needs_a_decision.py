"""A site administrator finds the emails that need a decision in the Django admin, in real Chromium."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.tests.factories import UserFactory
from notifications import kinds
from notifications.models import Notification
from remento.testing import screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [1280, 390])
def test_a_site_admin_sees_a_cut_off_send_under_needs_a_decision(page, live_server, width):
    kinds.get_kind("survey_reminder")  # a real kind, registered by evaluation
    admin = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory(name="Priya Shah")
    Notification.objects.create(
        kind="survey_reminder",
        recipient=person,
        subject_type_id=Notification._meta.get_field("subject_type").related_model.objects.get_for_model(person).pk,
        subject_id=person.pk,
        period="reminder-1",
        status=Notification.Status.UNKNOWN,
        attempts=1,
        claimed_at=timezone.now(),
        last_error="DeliveryUnknown: connection lost after the message was handed over (timed out)",
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, admin.email)
    page.goto(f"{live_server.url}/admin/notifications/notification/")
    expect(page.get_by_text("1 email was cut off while sending")).to_be_visible()
    page.get_by_role("link", name="Sending — needs a decision").first.click()
    expect(page.get_by_text("Priya Shah")).to_be_visible()
    screenshot(page, f"admin-needs-a-decision-{width}")
    page.get_by_role("link", name="survey_reminder").first.click()
    expect(page.get_by_text("connection lost after the message was handed over")).to_be_visible()
    screenshot(page, f"admin-needs-a-decision-record-{width}")
