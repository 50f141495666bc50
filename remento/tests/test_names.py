"""Names, not email addresses, wherever a person is named; the address only for someone who has given no name."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _nameless(user):
    user.name = ""
    user.save()
    return user


def test_a_partner_without_a_name_is_shown_by_address_never_as_a_blank(world):
    _nameless(world.objects["mentee"].user)
    page = world.client_for("mentor").get(reverse("meetings:pair", args=[world.objects["pairing"].pk]))
    assert f"Your mentee: {world.objects['mentee'].user.email}" in page.content.decode()


def test_the_lead_sees_each_pair_by_name_and_a_nameless_one_by_address(world):
    mentee = _nameless(world.objects["mentee"].user)
    page = world.client_for("lead").get(reverse("meetings:monitoring", args=[world.cohort.pk])).content.decode()
    assert world.objects["mentor"].user.name in page
    assert f"<td>{mentee.email}</td>" in page


def test_administrators_and_invited_people_are_named_on_the_settings_page(world):
    admin = world.users["org_admin"]
    page = world.client_for("org_admin").get(reverse("programmes:organisation", args=[world.organisation.pk]))
    assert f'{admin.name} <span class="text-muted">({admin.email})</span>' in page.content.decode()
