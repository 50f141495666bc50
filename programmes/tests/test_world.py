import pytest

from remento.testing.world import ROLES


@pytest.mark.django_db
def test_the_world_has_a_signed_in_client_for_every_role(world):
    assert set(world.users) == set(ROLES) - {"anonymous"}
    assert len({user.pk for user in world.users.values()}) == len(world.users)
    response = world.client_for("lead").get("/")
    assert response.status_code == 200 and "Programmes you lead" in response.content.decode()
