import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_coordinators_keep_the_issuing_bodies_in_the_admin(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("issuing_bodies:index"))
    assert response.status_code == 200


def test_other_office_roles_cannot(client, officer_a):
    client.force_login(officer_a)
    response = client.get(reverse("issuing_bodies:index"))
    assert response.status_code in (302, 403)
