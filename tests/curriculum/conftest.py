"""Fixtures of the curriculum tests: a published catalog, course, lessons, resources, case studies."""

import pytest

from tests.curriculum import factories


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    # Uploaded images and documents of a test go to a throw-away folder, not the repo's media/.
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def catalog(db):
    return factories.catalog()


@pytest.fixture
def course(catalog):
    return factories.course(catalog)


@pytest.fixture
def lesson(course):
    return factories.lesson(course)


@pytest.fixture
def case_index(db):
    return factories.case_index()


@pytest.fixture
def case_study(case_index):
    return factories.case_study(case_index)


@pytest.fixture
def resource_index(db):
    return factories.resource_index()


@pytest.fixture
def private_doc(db):
    return factories.private_document()


@pytest.fixture
def resource(resource_index, private_doc):
    return factories.resource(resource_index, document=private_doc)
