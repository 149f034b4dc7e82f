"""Where each page type may live: parents and children, as the admin offers them."""

import pytest
from wagtail.models import Page

from curriculum.models import (
    CaseStudyIndexPage,
    CaseStudyPage,
    CatalogPage,
    CoursePage,
    HomePage,
    LessonPage,
    ResourceIndexPage,
    ResourcePage,
)

RULES = {
    HomePage: ({Page}, {CatalogPage, ResourceIndexPage, CaseStudyIndexPage}),
    CatalogPage: ({HomePage}, {CoursePage}),
    CoursePage: ({CatalogPage}, {LessonPage}),
    LessonPage: ({CoursePage}, set()),
    ResourceIndexPage: ({HomePage}, {ResourcePage}),
    ResourcePage: ({ResourceIndexPage}, set()),
    CaseStudyIndexPage: ({HomePage}, {CaseStudyPage}),
    CaseStudyPage: ({CaseStudyIndexPage}, set()),
}


@pytest.mark.parametrize("model", RULES, ids=lambda m: m.__name__)
def test_allowed_parents_and_children(model):
    parents, children = RULES[model]
    assert set(model.allowed_parent_page_models()) == parents
    assert set(model.allowed_subpage_models()) == children


@pytest.mark.django_db
def test_the_tree_refuses_misplaced_pages(catalog, course, case_index):
    assert CoursePage.can_create_at(catalog)
    assert LessonPage.can_create_at(course)
    assert not LessonPage.can_create_at(catalog)
    assert not CoursePage.can_create_at(case_index)
    assert CaseStudyPage.can_create_at(case_index)
    assert not ResourcePage.can_create_at(course)
    # Only one portal home page.
    assert not HomePage.can_create_at(Page.get_first_root_node())


@pytest.mark.django_db
def test_course_codes_are_unique(catalog, course):
    from django.core.exceptions import ValidationError

    twin = CoursePage(
        title="Trùng mã",
        slug="trung-ma",
        code=course.code,
        summary="x",
        content_kind="digital",
        periods=4,
    )
    with pytest.raises(ValidationError) as caught:
        catalog.add_child(instance=twin)
    assert "code" in caught.value.message_dict
