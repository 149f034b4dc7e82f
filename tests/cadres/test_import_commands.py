"""`import_cadres` and `import_agencies`: exit codes, Vietnamese reports, --dry-run."""

from unittest import mock

import pytest
from django.core.management import execute_from_command_line

from cadres.models import Agency, Cadre
from tests.cadres.helpers import CADRE_HEADERS, cadre_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def manage(*args) -> int:
    """Run a command as the shell would; return its exit code."""
    # run_from_argv closes the database connections at the end, which would end the test's
    # transaction on PostgreSQL.
    try:
        with mock.patch("django.core.management.base.connections.close_all"):
            execute_from_command_line(["manage.py", *args])
    except SystemExit as exit_:
        return exit_.code
    return 0


def test_a_clean_file_exits_0_and_prints_the_counts(tmp_path, agency_a_unit, capsys):
    path = write_xlsx(tmp_path / "a.xlsx", CADRE_HEADERS, [cadre_row("CB1", "Nguyễn An", "UBND-A")])
    assert manage("import_cadres", str(path)) == 0
    out = capsys.readouterr().out
    assert "Đã nhập" in out and "tạo mới: 1" in out
    assert Cadre.objects.count() == 1
    assert manage("import_cadres", str(path)) == 0
    assert "không đổi: 1" in capsys.readouterr().out


def test_a_bad_file_exits_1_lists_problems_and_writes_nothing(tmp_path, agency_a_unit, capsys):
    path = write_csv(
        tmp_path / "a.csv",
        CADRE_HEADERS,
        [cadre_row("CB1", "Nguyễn An", "UBND-A"), cadre_row("CB2", "Lê Bình", "X")],
    )
    assert manage("import_cadres", str(path)) == 1
    err = capsys.readouterr().err
    assert "Dòng 3, cột «Mã đơn vị», giá trị «X»" in err
    assert "Không nhập gì" in err
    assert Cadre.objects.count() == 0


def test_dry_run_prints_counts_and_writes_nothing(tmp_path, agency_a_unit, capsys):
    path = write_csv(tmp_path / "a.csv", CADRE_HEADERS, [cadre_row("CB1", "Nguyễn An", "UBND-A")])
    assert manage("import_cadres", str(path), "--dry-run") == 0
    out = capsys.readouterr().out
    assert "Chạy thử" in out and "tạo mới: 1" in out
    assert Cadre.objects.count() == 0


def test_import_agencies_shares_the_same_behaviour(tmp_path, province, capsys):
    headers = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên"]
    good = write_csv(tmp_path / "a.csv", headers, [["DU-X", "Đảng ủy xã X", "Đảng ủy", "TU-TEST"]])
    bad = write_csv(tmp_path / "b.csv", headers, [["DU-Y", "Đảng ủy xã Y", "Đảng ủy", "KHONG"]])
    assert manage("import_agencies", str(bad)) == 1
    assert manage("import_agencies", str(good), "--dry-run") == 0
    assert not Agency.objects.filter(code="DU-X").exists()
    assert manage("import_agencies", str(good)) == 0
    assert Agency.objects.filter(code="DU-X").exists()


def test_a_missing_file_exits_1(tmp_path, capsys):
    assert manage("import_cadres", str(tmp_path / "khong-co.xlsx")) == 1
    assert "Không tìm thấy tệp" in capsys.readouterr().err
