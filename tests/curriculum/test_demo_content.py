"""The demo content: six courses of different kinds with quizzes, resources, five case studies;
a second run changes nothing."""

import io

import pytest
from wagtail.models import Page, Revision

from curriculum.demo import seed_content
from curriculum.models import CaseStudyIndexPage, CaseStudyPage, CoursePage, ResourcePage

pytestmark = pytest.mark.django_db


def test_seed_content_builds_the_demo_and_is_idempotent(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    seed_content(io.StringIO())
    courses = CoursePage.objects.live()
    assert courses.count() >= 6
    assert len({course.content_kind for course in courses}) == 5
    for course in courses:
        lessons = course.get_children().live().specific()
        assert lessons.count() >= 3
        assert any(lesson.quiz_block_ids for lesson in lessons), course.title
    cases = CaseStudyPage.objects.live()
    assert {case.field for case in cases} == {
        "economy",
        "culture_society",
        "defence_security",
        "political_system",
        "new_rural",
    }
    assert "Dân vận khéo" in CaseStudyIndexPage.objects.get().title
    resources = ResourcePage.objects.live()
    assert resources.count() >= 3
    assert all(r.document.collection.name == "Tài liệu khóa học" for r in resources)
    assert all(page.revisions.exists() for page in courses)

    counts = (Page.objects.count(), Revision.objects.count())
    out = io.StringIO()
    seed_content(out)
    assert (Page.objects.count(), Revision.objects.count()) == counts
    assert out.getvalue() == ""


def test_demo_pages_are_light_and_images_responsive(client, cadre_user, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    seed_content(io.StringIO())
    from curriculum.models import CatalogPage, LessonPage

    client.force_login(cadre_user)
    course = CoursePage.objects.live().first()
    lesson = LessonPage.objects.live().child_of(course).last()
    urls = ["/", CatalogPage.objects.get().url, course.url, lesson.url]
    urls += [CaseStudyIndexPage.objects.get().url, "/search/?q=dan+van+kheo"]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert len(response.content) < 300_000, url  # before images
        for img in html.split("<img")[2:]:  # the first is the site logo
            tag = img.split(">", 1)[0]
            assert 'loading="lazy"' in tag and "srcset=" in tag, (url, tag)
