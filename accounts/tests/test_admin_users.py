import pytest
from django.urls import reverse

from accounts.models import User
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


def test_a_site_admin_adds_an_account_without_a_password_to_pass_on(client):
    from allauth.account.models import EmailAddress

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:accounts_user_add")).content.decode()
    assert 'name="password1"' not in page
    response = client.post(
        reverse("admin:accounts_user_add"), {"email": "New.Person@Example.org", "name": "New Person"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = User.objects.get(email="new.person@example.org")
    assert not person.has_usable_password() and person.name == "New Person"
    assert EmailAddress.objects.filter(user=person, email="new.person@example.org", primary=True).exists()
