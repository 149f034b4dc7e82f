"""The cadre list's cached body (cadres.list_cache): shared only by viewers who see the same,
retired by any change of the registry whatever the door (a page's service, an agency event
written in bulk, an import), in the viewer's language, with the viewer's own CSRF token.

The test settings' memory cache stands in for the shared Redis cache of production.
"""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres import imports, services
from cadres.access import SYSTEM
from cadres.list_cache import bump_registry_version
from cadres.roles import Role
from tests.cadres.conftest import EVENT_DAY
from tests.cadres.helpers import CADRE_HEADERS, cadre_row, write_xlsx
from tests.source_guard import modules_without

pytestmark = pytest.mark.django_db

LIST = reverse("cadres:cadre_list")
LIST_QUERY = "listed_total"  # the rows and their count (selectors.counted_page)


def client_of(user, **extra) -> Client:
    client = Client(**extra)
    client.force_login(user)
    return client


def page(client, url=LIST) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def details_of(cadre, **changes) -> services.CadreDetails:
    names = (
        "full_name",
        "date_of_birth",
        "gender",
        "ethnicity",
        "religion",
        "is_party_member",
        "party_joined_on",
        "theory_level",
        "education",
        "category",
        "email",
    )
    return services.CadreDetails(**{**{n: getattr(cadre, n) for n in names}, **changes})


def queries_of(client, url=LIST) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


# --- Nothing stale ---


def test_an_edit_and_an_addition_through_the_services_show_at_once(officer_a, cadre_in_a):
    officer = client_of(officer_a)
    assert "Nguyễn Thị Ánh" in page(officer)
    page(officer)  # now from the cache

    services.cadre_update(
        actor=officer_a,
        cadre=cadre_in_a,
        details=details_of(cadre_in_a, full_name="Nguyễn Thị Ánh Hồng"),
    )
    assert "Nguyễn Thị Ánh Hồng" in page(officer)

    services.cadre_create(
        actor=officer_a,
        personnel_code="CB-A-009",
        details=services.CadreDetails(
            full_name="Phạm Văn Mới", date_of_birth=datetime.date(1990, 5, 1)
        ),
        agency=cadre_in_a.agency,
        position="Chuyên viên",
    )
    shown = page(officer)
    assert "Phạm Văn Mới" in shown and "CB-A-009" in shown


def test_a_transfer_and_a_leave_show_at_once(coordinator, cadre_in_a, agency_b_unit):
    viewer = client_of(coordinator)
    assert "Ủy ban nhân dân phường A" in page(viewer)
    services.cadre_transfer(
        actor=coordinator,
        cadre=cadre_in_a,
        agency=agency_b_unit,
        position="Phó Chủ tịch",
        start_date=datetime.date(2026, 2, 1),
    )
    shown = page(viewer)
    assert "Ủy ban nhân dân xã B" in shown and "Phó Chủ tịch" in shown
    services.cadre_leave(actor=coordinator, cadre=cadre_in_a, end_date=datetime.date(2026, 3, 1))
    assert "badge-left" in page(viewer)


def test_an_agency_merger_written_in_bulk_shows_at_once(
    coordinator, make_agency, agency_a, make_cadre, basis
):
    one = make_agency("UBND-X1", "Ủy ban nhân dân xã Một", parent=agency_a)
    target = make_agency("UBND-X2", "Ủy ban nhân dân xã Hai", parent=agency_a)
    make_cadre("CB-1", "Lê Văn An", one)
    viewer = client_of(coordinator)
    assert "Ủy ban nhân dân xã Một" in page(viewer)
    services.agency_merge(
        actor=coordinator,
        sources=[one],
        target=target,
        effective_date=EVENT_DAY,
        basis=basis,
    )
    row = re.search(r"Lê Văn An.*?</tr>", page(viewer), re.S).group(0)
    assert "Ủy ban nhân dân xã Hai" in row and "Ủy ban nhân dân xã Một" not in row


def test_an_import_shows_at_once(tmp_path, coordinator, agency_a_unit):
    viewer = client_of(coordinator)
    assert "Nguyễn Thị Nhập" not in page(viewer)
    path = write_xlsx(
        tmp_path / "can-bo.xlsx", CADRE_HEADERS, [cadre_row("CB9001", "Nguyễn Thị Nhập", "UBND-A")]
    )
    result = imports.import_cadres(source=path, filename=path.name, actor=SYSTEM, dry_run=False)
    assert result.ok, result.problems
    assert "Nguyễn Thị Nhập" in page(viewer)


def test_an_account_locked_shows_at_once(coordinator, cadre_in_a, make_user):
    cadre_in_a.user = make_user("CB-A-001", role=Role.CADRE)
    cadre_in_a.save()
    viewer = client_of(coordinator)
    assert "badge-ok" in page(viewer)
    cadre_in_a.user.is_active = False
    cadre_in_a.user.save(update_fields=["is_active"])
    assert "badge-ok" not in page(viewer)


# --- Nothing shared that should not be ---


def test_officers_of_different_scopes_never_see_each_other_s_rows(
    officer_a, officer_b, cadre_in_a, cadre_in_b
):
    first, second = client_of(officer_a), client_of(officer_b)
    for _ in range(2):  # the second time both bodies come from the cache
        mine, theirs = page(first), page(second)
        assert "Nguyễn Thị Ánh" in mine and "Trần Văn Đức" not in mine
        assert "Trần Văn Đức" in theirs and "Nguyễn Thị Ánh" not in theirs
    # Nor through the agency filter: an agency outside the scope stays a 404.
    url = f"{LIST}?agency={cadre_in_a.agency_id}"
    assert first.get(url).status_code == 200
    assert second.get(url).status_code == 404


def test_a_reader_without_sensitive_rights_never_gets_a_body_with_sensitive_columns(
    officer_a, make_user, agency_a, cadre_in_a
):
    leader = make_user("lanhdao_a", role=Role.LEADER, agency=agency_a)  # officer_a's very scope
    officer = client_of(officer_a)
    shown = page(officer)
    page(officer)
    assert "Đảng viên" in shown and 'name="party"' in shown
    for _ in range(2):
        read = page(client_of(leader))
        assert "Nguyễn Thị Ánh" in read
        assert "Đảng viên" not in read and 'name="party"' not in read
        assert "Thêm cán bộ" not in read and reverse("cadres:cadre_export_xlsx") not in read


def test_two_officers_with_the_same_scope_share_one_body(
    officer_a, make_user, agency_a, cadre_in_a
):
    colleague = make_user("tochuc_a2", role=Role.PERSONNEL_OFFICER, agency=agency_a)
    page(client_of(officer_a))
    sql = queries_of(client_of(colleague))
    assert not any(LIST_QUERY in query for query in sql)


def test_each_visitor_gets_their_own_working_csrf_token(officer_a, cadre_in_a):
    first = client_of(officer_a)
    second = client_of(officer_a, enforce_csrf_checks=True)
    token_of = re.compile(
        re.escape(reverse("cadres:cadre_export_xlsx"))
        + r'[^"]*"[^>]*>\s*<input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"'
    )
    page(first)
    shown = page(second)  # from the body the first visitor left
    assert "\x00" not in shown
    token = token_of.search(shown)
    assert token, "the export form keeps its token"
    response = second.post(
        reverse("cadres:cadre_export_xlsx"), {"csrfmiddlewaretoken": token.group(1)}
    )
    assert response.status_code == 302  # to the export job, not a CSRF failure


# --- Cost and language ---


def test_a_repeat_view_skips_the_list_queries_and_stays_constant(
    officer_a, agency_a_unit, make_cadre
):
    for number in range(10):
        make_cadre(f"CB{number:03d}", f"Nguyễn Văn Số {number}", agency_a_unit)
    officer = client_of(officer_a)
    page(officer)
    bump_registry_version()
    first = queries_of(officer)
    repeat = queries_of(officer)
    assert any(LIST_QUERY in query for query in first)
    assert not any(LIST_QUERY in query for query in repeat)
    assert len(repeat) < len(first)
    for number in range(10, 70):
        make_cadre(f"CB{number:03d}", f"Nguyễn Văn Số {number}", agency_a_unit)
    page(officer)  # rendered again after the additions
    assert len(queries_of(officer)) == len(repeat)
    # Another page is rendered with as many queries (less the version, now in the cache).
    assert len(queries_of(officer, f"{LIST}?page=2")) in (len(first), len(first) - 1)


def test_the_language_switch_gives_the_list_in_the_chosen_language(officer_a, cadre_in_a):
    officer = client_of(officer_a)
    vietnamese = page(officer)
    assert "Họ và tên" in vietnamese and "Lọc thêm" in vietnamese
    officer.post(reverse("set_language"), {"language": "en", "next": LIST})
    english = page(officer)
    assert "Full name" in english and "More filters" in english
    assert "Họ và tên" not in english and "Lọc thêm" not in english
    officer.post(reverse("set_language"), {"language": "vi", "next": LIST})
    assert "Họ và tên" in page(officer)


# --- A guard on the doors that send no signals ---

SILENT_WRITE = re.compile(
    r"\b(Cadre|Posting|Agency|CadreCategory|User|get_user_model\(\))\.objects\b[^\n]*"
    r"\.(bulk_create|bulk_update|update|delete)\(|\.move\("
)


def test_every_module_writing_the_list_s_models_without_signals_bumps_the_version():
    """bulk_create, bulk_update, update() and tree moves send no signals: the module that uses
    them on what the list shows retires the cached bodies itself."""
    # The site shell writes none of them (its file moves would match `.move(`).
    apps = ("cadres", "training", "curriculum")
    assert modules_without(SILENT_WRITE, "bump_registry_version", apps) == []
