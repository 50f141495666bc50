"""Every privacy URL for every role (the rows in access_urls.py), and each POST by role."""

import pytest
from django.urls import reverse

from accounts.models import User
from privacy.tests.access_urls import MATRIX

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_privacy_page_answers_each_role_as_the_matrix_says(world, name):
    arguments, expected = MATRIX[name]
    world.assert_only(reverse(name, args=arguments(world, {})), expected)


def test_my_data_shows_only_the_requesters_own_data(world):
    for role in ("mentor", "lead", "steering", "org_admin"):
        page = world.client_for(role).get(reverse("privacy:my_data")).content.decode()
        assert world.users[role].email in page
        others = [u for r, u in world.users.items() if r != role]
        assert not any(other.email in page for other in others), role


def test_a_lead_cannot_open_the_erase_page_of_another_programmes_participant(world):
    url = reverse("privacy:lead_erase", args=[world.objects["other_programme_participant"].pk])
    world.assert_only(url, {"other_programme_lead": 200})
    world.assert_only(url, {"other_programme_lead": None}, method="post", data={"confirm": "on"})
    assert User.objects.get(pk=world.users["other_programme_participant"].pk).is_active


def test_erasing_oneself_needs_a_signed_in_person(world):
    response = world.client_for("anonymous").post(reverse("privacy:erase"), {"confirm": "on"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
