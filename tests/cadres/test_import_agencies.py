"""The agency import: parents from the database or earlier rows, upserts, moves, all or nothing."""

import datetime

import pytest

from cadres import imports, services
from cadres.access import SYSTEM, Acting, AgencyScope
from cadres.models import Agency
from tests.cadres.helpers import write_csv, write_xlsx

pytestmark = pytest.mark.django_db
HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên", "Mã ĐVHC", "Hiệu lực từ"]


def run(path, *, actor=SYSTEM, dry_run=False):
    return imports.import_agencies(source=path, filename=path.name, actor=actor, dry_run=dry_run)


def test_a_tree_is_built_from_parents_earlier_in_the_file_or_in_the_database(tmp_path, province):
    path = write_xlsx(
        tmp_path / "don-vi.xlsx",
        HEADERS,
        [
            ["DU-RG", "Đảng ủy phường Rạch Giá", "Đảng ủy", "TU-TEST", "", "01/07/2025"],
            ["UBND-RG", "Ủy ban nhân dân phường Rạch Giá", "ủy ban nhân dân", "DU-RG", "30757", ""],
            ["TDV-RG-1", "Tổ dân vận khu phố 1", "TO DAN VAN", "DU-RG", "", ""],
        ],
    )
    result = run(path)
    assert result.ok, result.problems
    assert result.created == 3
    party = Agency.objects.get(code="DU-RG")
    assert party.get_parent() == province
    assert party.valid_from == datetime.date(2025, 7, 1)
    ward = Agency.objects.get(code="UBND-RG")
    assert ward.get_parent() == party and ward.kind.name == "Ủy ban nhân dân"
    assert (ward.admin_code, ward.admin_code_list) == ("30757", "QĐ 19/2025/QĐ-TTg")
    again = run(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)


def test_bad_rows_write_nothing_and_are_all_listed(tmp_path, province):
    path = write_csv(
        tmp_path / "loi.csv",
        HEADERS,
        [
            ["A1", "Đơn vị 1", "Đảng ủy", "TU-TEST", "", ""],
            ["A2", "Đơn vị 2", "Không có loại này", "TU-TEST", "", ""],
            ["A3", "Đơn vị 3", "Đảng ủy", "A4", "", ""],  # parent comes later
            ["A4", "Đơn vị 4", "Đảng ủy", "KHONG-CO", "123", "32/01/2025"],
            ["A1", "Trùng mã", "Đảng ủy", "", "", ""],
        ],
    )
    result = run(path)
    assert not result.ok
    assert {(p.row, p.column) for p in result.problems} == {
        (3, "Loại đơn vị"),
        (4, "Mã đơn vị cấp trên"),
        (5, "Mã đơn vị cấp trên"),
        (5, "Mã ĐVHC"),
        (5, "Hiệu lực từ"),
        (6, "Mã đơn vị"),
    }
    assert Agency.objects.count() == 1


def test_a_rename_or_move_without_a_decision_is_refused_with_its_row(
    tmp_path, province, agency_a, agency_b
):
    path = write_csv(
        tmp_path / "doi.csv",
        HEADERS,
        [
            ["DU-A", "Đảng ủy phường A (mới)", "Đảng ủy", "TU-TEST", "", ""],
            ["DU-B", "Đảng ủy xã B", "Đảng ủy", "DU-A", "", ""],
        ],
    )
    result = run(path)
    assert {(p.row, p.column) for p in result.problems} == {
        (2, "Số quyết định"),
        (2, "Ngày hiệu lực"),
        (3, "Số quyết định"),
        (3, "Ngày hiệu lực"),
    }
    assert Agency.objects.get(code="DU-A").name == "Đảng ủy phường A"
    assert Agency.objects.get(code="DU-B").get_parent() == province


def test_an_agency_cannot_move_under_its_own_unit(tmp_path, agency_a, agency_a_unit):
    path = write_csv(
        tmp_path / "vong.csv",
        [*HEADERS, "Số quyết định", "Ngày hiệu lực"],
        [["DU-A", "Đảng ủy phường A", "Đảng ủy", "UBND-A", "", "", "12/QĐ", "01/01/2026"]],
    )
    result = run(path)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Mã đơn vị cấp trên")]
    assert result.problems[0].reason == str(services.MOVE_INTO_ITSELF)


def test_an_officer_adds_units_only_under_their_agency(tmp_path, agency_a, agency_b):
    scope_a = Acting(user=None, scope=AgencyScope.subtree(agency_a.path))
    path = write_csv(
        tmp_path / "pham-vi.csv",
        HEADERS,
        [
            ["A-NEW", "Tổ dân vận 1", "Tổ dân vận", "DU-A", "", ""],
            ["B-NEW", "Tổ dân vận 2", "Tổ dân vận", "DU-B", "", ""],
            ["TOP", "Đơn vị mới", "Đảng ủy", "", "", ""],
        ],
    )
    result = run(path, actor=scope_a)
    assert [(p.row, p.column) for p in result.problems] == [
        (3, "Mã đơn vị cấp trên"),
        (4, "Mã đơn vị cấp trên"),
    ]
    assert not Agency.objects.filter(code="A-NEW").exists()
