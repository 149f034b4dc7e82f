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


def test_administrators_correct_the_document_formats(client, make_user, coordinator):
    from training.models import DocumentFormat

    party = DocumentFormat.objects.get(code="dang")
    admin = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(admin)
    page = client.get(reverse("document_formats:edit", args=[party.pk]))
    assert page.status_code == 200 and "36-HD/VPTW" in page.content.decode()
    client.force_login(coordinator)  # coordinators choose a format, they do not rewrite one
    assert client.get(reverse("document_formats:index")).status_code in (302, 403)


def test_the_issuing_body_form_offers_the_format_and_way_of_signing(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("issuing_bodies:add")).content.decode()
    assert 'name="document_format"' in page and 'name="signing_mode"' in page


def test_coordinators_correct_the_grading_bands_in_the_admin(client, coordinator, officer_a):
    from training.models import GradingScheme

    scheme = GradingScheme.objects.get(code="thang-diem-10")
    client.force_login(coordinator)
    page = client.get(reverse("grading_schemes:edit", args=[scheme.pk])).content.decode()
    assert "Giỏi" in page and 'name="bands-TOTAL_FORMS"' in page
    client.force_login(officer_a)
    assert client.get(reverse("grading_schemes:index")).status_code in (302, 403)
