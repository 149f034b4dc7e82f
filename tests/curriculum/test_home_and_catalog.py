"""The portal home (featured courses, latest case studies, search box) and the catalog filter."""

import pytest

from curriculum.models import HomeFeaturedCourse
from tests.curriculum import factories

pytestmark = pytest.mark.django_db


def test_home_shows_latest_courses_case_studies_and_search(client, course, case_study):
    html = client.get("/").content.decode()
    assert course.title in html
    assert case_study.title in html
    assert 'action="/search/"' in html
    assert "Khóa học nổi bật" in html


def test_home_shows_chosen_featured_courses_only(client, catalog, course):
    chosen = factories.course(catalog, title="Khóa được chọn")
    home = factories.home()
    HomeFeaturedCourse.objects.create(home=home, course=chosen, sort_order=0)
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert "Khóa được chọn" in html
    assert course.title not in html


def test_catalog_filters_by_content_kind(client, catalog):
    factories.course(catalog, title="Khóa lý luận", content_kind="political_theory")
    factories.course(catalog, title="Khóa kỹ năng số", content_kind="digital")
    html = client.get(catalog.url, {"kind": "digital"}).content.decode()
    assert "Khóa kỹ năng số" in html and "Khóa lý luận" not in html
    html = client.get(catalog.url, {"kind": "xx"}).content.decode()
    assert "Khóa kỹ năng số" in html and "Khóa lý luận" in html
    assert "Giá trị này không có trong danh sách" in html


def test_course_page_shows_the_completion_rule_and_credit(client, catalog):
    course = factories.course(
        catalog,
        credential_kind="certificate",
        validity_months=24,
        pass_mark_percent=80,
        allowed_attempts=2,
        min_attendance_percent=75,
    )
    html = client.get(course.url).content.decode()
    for text in ("Chứng chỉ", "24 tháng", "80%", "75%", "Điểm đạt", "Kỹ năng theo vị trí việc làm"):
        assert text in html


def test_course_check_constraints_refuse_bad_rules(catalog):
    from django.db import IntegrityError, transaction

    from curriculum.models import CoursePage

    course = factories.course(catalog)
    with pytest.raises(IntegrityError), transaction.atomic():
        CoursePage.objects.filter(pk=course.pk).update(pass_mark_percent=150)


def test_cached_home_page_changes_when_published_again(client, db):
    assert client.get("/").status_code == 200  # caches the site, its home page and fragments
    home = factories.home()
    home.intro = "Lời giới thiệu mới của cổng thông tin."
    home.save_revision().publish()
    assert "Lời giới thiệu mới của cổng thông tin." in client.get("/").content.decode()
