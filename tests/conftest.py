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
    """A user with a role; `agency=` grants them that agency's subtree as their one scope."""
    from cadres.models import Scope

    def make(username: str, *, role: Role | None = None, email: str = "", agency=None, **extra):
        user = django_user_model.objects.create_user(
            username=username, email=email, password=PASSWORD, **extra
        )
        if role is not None:
            user.groups.add(Group.objects.get(name=role.value))
        if agency is not None:
            Scope.objects.create(user=user, agency=agency)
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
def leader(make_user):
    return make_user("lanhdao", role=Role.LEADER, email="lanhdao@example.vn")


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


# --- Registry cast (cadres): a province with agency A and agency B, an officer and a cadre in each ---


@pytest.fixture
def make_agency(db):
    from cadres.models import Agency, AgencyKind

    def make(code: str, name: str, *, parent=None, kind: str = "uy-ban-nhan-dan", **extra):
        fields = {"code": code, "name": name, "kind": AgencyKind.objects.get(code=kind), **extra}
        if parent is None:
            return Agency.add_root(**fields)
        return Agency.objects.get(pk=parent.pk).add_child(**fields)  # fresh numchild

    return make


@pytest.fixture
def province(make_agency):
    return make_agency("TU-TEST", "Tỉnh ủy Thử nghiệm", kind="tinh-uy", admin_code="91")


@pytest.fixture
def agency_a(make_agency, province):
    return make_agency("DU-A", "Đảng ủy phường A", parent=province, kind="dang-uy")


@pytest.fixture
def agency_a_unit(make_agency, agency_a):
    return make_agency("UBND-A", "Ủy ban nhân dân phường A", parent=agency_a)


@pytest.fixture
def agency_b(make_agency, province):
    return make_agency("DU-B", "Đảng ủy xã B", parent=province, kind="dang-uy")


@pytest.fixture
def agency_b_unit(make_agency, agency_b):
    return make_agency("UBND-B", "Ủy ban nhân dân xã B", parent=agency_b)


@pytest.fixture
def officer_a(make_user, agency_a):
    return make_user(
        "tochuc_a", role=Role.PERSONNEL_OFFICER, email="tochuc.a@example.vn", agency=agency_a
    )


@pytest.fixture
def officer_b(make_user, agency_b):
    return make_user(
        "tochuc_b", role=Role.PERSONNEL_OFFICER, email="tochuc.b@example.vn", agency=agency_b
    )


@pytest.fixture
def make_cadre(db):
    import datetime

    from cadres.models import Cadre, Posting

    def make(code: str, full_name: str, agency, *, position: str = "Chuyên viên", **extra):
        extra.setdefault("date_of_birth", datetime.date(1985, 3, 15))
        if extra.get("ethnicity") and "ethnic_group" not in extra:
            from cadres.ethnic_groups import ethnic_group_for

            extra["ethnic_group"] = ethnic_group_for(extra["ethnicity"])  # as the services do
        cadre = Cadre.objects.create(
            personnel_code=code, full_name=full_name, agency=agency, **extra
        )
        Posting.objects.create(
            cadre=cadre, agency=agency, position=position, start_date=datetime.date(2025, 7, 1)
        )
        return cadre

    return make


@pytest.fixture
def cadre_in_a(make_cadre, agency_a_unit):
    return make_cadre(
        "CB-A-001",
        "Nguyễn Thị Ánh",
        agency_a_unit,
        ethnicity="Khmer",
        religion="Phật giáo Hòa Hảo",
        is_party_member=True,
    )


@pytest.fixture
def cadre_in_b(make_cadre, agency_b_unit):
    return make_cadre(
        "CB-B-001", "Trần Văn Đức", agency_b_unit, ethnicity="Hoa", religion="Công giáo"
    )
