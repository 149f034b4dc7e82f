"""Fixtures of the curriculum tests: a published catalog, course, lessons, resources, case studies."""

import pytest

from cadres.roles import Role
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


# --- "Dân vận khéo": the dân vận bodies of the registry cast and their assessors ---


@pytest.fixture
def bodies(make_agency, province, agency_a, agency_b):
    return {
        "province": make_agency(
            "TU-TEST-BTGDV",
            "Ban Tuyên giáo và Dân vận Tỉnh ủy",
            parent=province,
            kind="ban-tuyen-giao-dan-van",
        ),
        "a": make_agency(
            "BXDD-A",
            "Ban Xây dựng Đảng Đảng ủy phường A",
            parent=agency_a,
            kind="ban-xay-dung-dang",
        ),
        "b": make_agency(
            "BXDD-B", "Ban Xây dựng Đảng Đảng ủy xã B", parent=agency_b, kind="ban-xay-dung-dang"
        ),
    }


@pytest.fixture
def province_assessor(make_user, bodies):
    return make_user("thamdinh", role=Role.ASSESSOR, agency=bodies["province"])


@pytest.fixture
def assessor_a(make_user, bodies):
    return make_user("thamdinh_a", role=Role.ASSESSOR, agency=bodies["a"])


@pytest.fixture
def assessor_b(make_user, bodies):
    return make_user("thamdinh_b", role=Role.ASSESSOR, agency=bodies["b"])
