"""The Wagtail editor shows the curriculum's fields in Vietnamese and offers only allowed types."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_course_editor_labels_are_vietnamese(client, editor, catalog):
    client.force_login(editor)
    url = reverse("wagtailadmin_pages:add", args=["curriculum", "coursepage", catalog.pk])
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for label in (
        "Mã khóa học",
        "Loại nội dung",
        "Số tiết",
        "Điểm đạt bài kiểm tra (%)",
        "Đối tượng",
    ):
        assert label in html, label
    assert "Lý luận chính trị" in html  # the five kinds of Decree 171/2025


def test_catalog_offers_only_courses(client, editor, catalog):
    client.force_login(editor)
    response = client.get(reverse("wagtailadmin_pages:add_subpage", args=[catalog.pk]))
    # With a single allowed type Wagtail goes straight to the course form.
    assert response.status_code == 302
    assert "/curriculum/coursepage/" in response["Location"]


def test_cadres_cannot_open_the_editor(client, cadre_user, catalog):
    client.force_login(cadre_user)
    url = reverse("wagtailadmin_pages:add", args=["curriculum", "coursepage", catalog.pk])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")  # no admin access for cadres


def test_editors_manage_topics(client, editor):
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_curriculum_topic:add"))
    assert response.status_code == 200
    response = client.post(
        reverse("wagtailsnippets_curriculum_topic:add"),
        {"name": "Dân vận chính quyền", "slug": "dan-van-chinh-quyen", "description": ""},
    )
    assert response.status_code == 302
    from curriculum.models import Topic

    assert Topic.objects.filter(slug="dan-van-chinh-quyen").exists()
