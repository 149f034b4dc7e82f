"""Coordinators keep the training requirements, job positions and titles in the admin."""

import pytest
from django.urls import reverse

from cadres.models import LeadershipTitle, ResponsibilityKind
from training.models import TrainingRequirement

pytestmark = pytest.mark.django_db


def form(**fields):
    data = {
        "name": "Bồi dưỡng kỹ năng dân vận",
        "course": "",
        "content_kind": "job_skills",
        "periods": "16",
        "responsibility_kind": str(ResponsibilityKind.objects.get(code="phu-trach-dan-van").pk),
        "job_position": "",
        "title": "",
        "category": "",
        "validity_years": "3",
        "basis": "Nghị định 171/2025/NĐ-CP",
        "sort_order": "0",
    }
    data.update(fields)
    return data


def test_coordinators_add_a_requirement_and_a_wrong_one_is_refused_in_vietnamese(
    client, coordinator
):
    client.force_login(coordinator)
    url = reverse("training_requirements:add")
    two_targets = form(title=str(LeadershipTitle.objects.get(code="bi-thu").pk))
    page = client.post(url, two_targets).content.decode()
    assert "Chọn đúng một trong" in page and not TrainingRequirement.objects.exists()
    no_periods = form(periods="")
    page = client.post(url, no_periods).content.decode()
    assert "Yêu cầu phải là một khóa học" in page and not TrainingRequirement.objects.exists()
    response = client.post(url, form())
    assert response.status_code == 302
    assert TrainingRequirement.objects.get().periods == 16
    assert client.get(reverse("training_requirements:index")).status_code == 200


def test_coordinators_keep_positions_and_titles_other_roles_cannot(client, coordinator, officer_a):
    client.force_login(coordinator)
    for name in ("leadershiptitle:index", "jobposition:index"):
        assert client.get(reverse(name)).status_code == 200
    page = client.get(reverse("leadershiptitle:index")).content.decode()
    assert "Chủ tịch Ủy ban MTTQ" in page
    client.force_login(officer_a)
    assert client.get(reverse("training_requirements:index")).status_code in (302, 403)
    assert client.get(reverse("leadershiptitle:index")).status_code in (302, 403)
