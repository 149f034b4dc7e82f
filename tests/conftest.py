"""The fixed cast every test can call on, and a clean cache (login rate limits live there)."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from cadres.roles import Role

PASSWORD = "Mật-khẩu-thử-2026"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def make_user(db, django_user_model):
    def make(username: str, *, role: Role | None = None, email: str = "", **extra):
        user = django_user_model.objects.create_user(
            username=username, email=email, password=PASSWORD, **extra
        )
        if role is not None:
            user.groups.add(Group.objects.get(name=role.value))
        return user

    return make


@pytest.fixture
def cadre_user(make_user):
    return make_user("CB100001", role=Role.CADRE, first_name="Ánh", last_name="Nguyễn Thị")


@pytest.fixture
def coordinator(make_user):
    return make_user("dieuphoi", role=Role.COORDINATOR, email="dieuphoi@example.vn")


@pytest.fixture
def editor(make_user):
    return make_user("bientap", role=Role.EDITOR, email="bientap@example.vn")


@pytest.fixture
def moderator(make_user):
    return make_user("kiemduyet", role=Role.MODERATOR, email="kiemduyet@example.vn")


@pytest.fixture
def personnel_officer(make_user):
    return make_user("tochuc", role=Role.PERSONNEL_OFFICER, email="tochuc@example.vn")


def pytest_collection_modifyitems(config, items):
    """Tests marked `postgres` run only when DATABASE_URL points at PostgreSQL (as in .ci/run)."""
    from django.conf import settings

    if "postgresql" in settings.DATABASES["default"]["ENGINE"]:
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: DATABASE_URL=postgres://… (see .ci/run)")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)
