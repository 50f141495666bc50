import pytest
from django.urls import reverse

from accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_site_admin_cannot_delete_an_account_in_the_admin_so_aggregates_survive(client):
    admin = UserFactory(is_staff=True, is_superuser=True)
    person = UserFactory()
    client.force_login(admin)
    response = client.post(reverse("admin:accounts_user_delete", args=[person.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert type(person).objects.filter(pk=person.pk).exists()
    changelist = client.get(reverse("admin:accounts_user_changelist")).content.decode()
    assert 'value="delete_selected"' not in changelist
