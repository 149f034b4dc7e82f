"""The cadre import: all or nothing, every problem listed, upserts, transfers, dry runs."""

import datetime

import pytest

from cadres import imports
from cadres.access import SYSTEM, Acting, AgencyScope
from cadres.models import Cadre, Posting
from cadres.spreadsheets import template_workbook
from tests.cadres.helpers import CADRE_HEADERS, cadre_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 26)


def run(path, *, actor=SYSTEM, dry_run=False):
    return imports.import_cadres(
        source=path, filename=path.name, actor=actor, dry_run=dry_run, today=TODAY
    )


def test_a_clean_file_creates_cadres_with_their_first_posting(tmp_path, agency_a_unit):
    path = write_xlsx(
        tmp_path / "can-bo.xlsx",
        CADRE_HEADERS,
        [
            cadre_row("CB1", "Nguyễn Thị Ánh", "UBND-A", Email="anh@example.vn"),
            cadre_row("CB2", "trần   văn ĐỨC", "UBND-A", **{"Đảng viên": "", "Ngày vào Đảng": ""}),
        ],
    )
    result = run(path)
    assert result.ok, result.problems
    assert (result.created, result.updated, result.transferred, result.unchanged) == (2, 0, 0, 0)
    anh = Cadre.objects.get(personnel_code="CB1")
    assert anh.folded_name == "nguyen thi anh"
    assert anh.is_party_member and anh.party_joined_on == datetime.date(2010, 2, 3)
    assert anh.category.name == "Công chức" and anh.theory_level == "trung_cap"
    assert anh.email == "anh@example.vn" and anh.gender == "F"
    posting = anh.postings.get()
    assert (posting.agency, posting.position, posting.end_date) == (
        agency_a_unit,
        "Chuyên viên",
        None,
    )
    duc = Cadre.objects.get(personnel_code="CB2")
    assert duc.full_name == "trần văn ĐỨC" and not duc.is_party_member
    assert duc.name_sort_text and duc.folded_name == "tran van duc"


def test_a_file_with_bad_rows_writes_nothing_and_lists_every_problem(tmp_path, agency_a_unit):
    path = write_xlsx(
        tmp_path / "loi.xlsx",
        CADRE_HEADERS,
        [
            cadre_row("CB1", "Nguyễn Thị Ánh", "UBND-A"),  # row 2: fine
            cadre_row("CB2", "Lê Văn Hùng", "UBND-A", **{"Ngày sinh": "31/02/1990"}),  # row 3
            cadre_row("CB3", "Phạm Thị Mai", "KHONG-CO", Email="mai@@x"),  # row 4: two problems
            cadre_row("CB1", "Nguyễn Thị Ánh", "UBND-A"),  # row 5: code twice
            cadre_row("CB5", "", "UBND-A", **{"Đối tượng": "Không rõ", "Đảng viên": "có lẽ"}),
            cadre_row("CB6", "Võ Minh Đức", "UBND-A", **{"Trình độ LLCT": "Tiến sĩ"}),
            cadre_row("CB 7", "Hồ Thị Lan", "UBND-A", **{"Ngày sinh": "1990/13/01"}),
        ],
    )
    result = run(path)
    assert not result.ok
    assert Cadre.objects.count() == 0 and Posting.objects.count() == 0
    found = {(p.row, p.column) for p in result.problems}
    assert found == {
        (3, "Ngày sinh"),
        (4, "Mã đơn vị"),
        (4, "Email"),
        (5, "Mã cán bộ"),
        (6, "Họ và tên"),
        (6, "Đối tượng"),
        (6, "Đảng viên"),
        (7, "Trình độ LLCT"),
        (8, "Mã cán bộ"),
        (8, "Ngày sinh"),
    }
    by_place = {(p.row, p.column): p for p in result.problems}
    assert by_place[(3, "Ngày sinh")].value == "31/02/1990"
    assert by_place[(3, "Ngày sinh")].reason == "Ngày này không tồn tại."
    assert by_place[(4, "Mã đơn vị")].reason == "Không có đơn vị nào mang mã này."
    assert by_place[(5, "Mã cán bộ")].reason == "Mã này đã có ở dòng 2."


def test_missing_required_columns_are_reported_on_row_1(tmp_path, agency_a_unit):
    path = write_csv(tmp_path / "thieu.csv", ["Mã cán bộ", "Họ và tên"], [["CB1", "An"]])
    result = run(path)
    assert {(p.row, p.column) for p in result.problems} == {(1, "Ngày sinh"), (1, "Mã đơn vị")}
    assert Cadre.objects.count() == 0


def test_headers_match_ignoring_case_spaces_and_diacritics(tmp_path, agency_a_unit):
    headers = ["MA CAN BO", "ho va ten", "NgàySinh", "  MÃ ĐƠN VỊ "]
    path = write_csv(
        tmp_path / "tieu-de.csv", headers, [["CB1", "Nguyễn An", "01/01/1990", "UBND-A"]]
    )
    result = run(path)
    assert result.ok, result.problems
    assert Cadre.objects.get().full_name == "Nguyễn An"


@pytest.mark.parametrize("bom", [True, False])
def test_csv_with_and_without_bom_reads_vietnamese(tmp_path, agency_a_unit, bom):
    path = write_csv(
        tmp_path / "a.csv", CADRE_HEADERS, [cadre_row("CB1", "Đặng Thị Ửng", "UBND-A")], bom=bom
    )
    assert run(path).ok
    assert Cadre.objects.get().full_name == "Đặng Thị Ửng"


def test_excel_date_cells_and_numeric_codes_are_read(tmp_path, agency_a_unit):
    row = cadre_row("CB1", "Lâm Văn Tài", "UBND-A")
    row[0] = 1234  # a code Excel stored as a number
    row[2] = datetime.datetime(1979, 12, 31)
    path = write_xlsx(tmp_path / "ngay.xlsx", CADRE_HEADERS, [row])
    assert run(path).ok
    cadre = Cadre.objects.get()
    assert (cadre.personnel_code, cadre.date_of_birth) == ("1234", datetime.date(1979, 12, 31))


def test_importing_the_same_file_again_changes_nothing(tmp_path, agency_a_unit):
    path = write_xlsx(
        tmp_path / "a.xlsx",
        CADRE_HEADERS,
        [cadre_row(f"CB{i}", f"Nguyễn Văn {name}", "UBND-A") for i, name in enumerate("ABC")],
    )
    assert run(path).created == 3
    before = list(Cadre.objects.values()), list(Posting.objects.values())
    again = run(path)
    assert (again.created, again.updated, again.transferred, again.unchanged) == (0, 0, 0, 3)
    assert (list(Cadre.objects.values()), list(Posting.objects.values())) == before


def test_changed_details_update_the_cadre(tmp_path, agency_a_unit):
    run(write_csv(tmp_path / "a.csv", CADRE_HEADERS, [cadre_row("CB1", "Nguyễn An", "UBND-A")]))
    changed = cadre_row("CB1", "Nguyễn Văn An", "UBND-A", **{"Chức vụ": "Phó Chủ tịch"})
    result = run(write_csv(tmp_path / "b.csv", CADRE_HEADERS, [changed]))
    assert (result.updated, result.transferred) == (1, 0)
    cadre = Cadre.objects.get()
    assert cadre.full_name == "Nguyễn Văn An" and cadre.folded_name == "nguyen van an"
    assert cadre.postings.get().position == "Phó Chủ tịch"


def test_another_agency_code_is_a_transfer_dated_by_the_start_date(
    tmp_path, agency_a_unit, agency_b_unit
):
    run(write_csv(tmp_path / "a.csv", CADRE_HEADERS, [cadre_row("CB1", "Nguyễn An", "UBND-A")]))
    moved = cadre_row("CB1", "Nguyễn An", "UBND-B", **{"Ngày bắt đầu": "15/10/2026"})
    result = run(write_csv(tmp_path / "b.csv", CADRE_HEADERS, [moved]))
    assert (result.transferred, result.updated, result.created) == (1, 0, 0)
    cadre = Cadre.objects.get()
    assert cadre.agency == agency_b_unit
    old, new = cadre.postings.order_by("start_date")
    assert (old.agency, old.end_date) == (agency_a_unit, datetime.date(2026, 10, 15))
    assert (new.agency, new.start_date, new.end_date) == (
        agency_b_unit,
        datetime.date(2026, 10, 15),
        None,
    )
    assert run(write_csv(tmp_path / "c.csv", CADRE_HEADERS, [moved])).unchanged == 1


def test_a_transfer_without_start_date_is_dated_today(tmp_path, agency_a_unit, agency_b_unit):
    run(write_csv(tmp_path / "a.csv", CADRE_HEADERS, [cadre_row("CB1", "Nguyễn An", "UBND-A")]))
    moved = cadre_row("CB1", "Nguyễn An", "UBND-B", **{"Ngày bắt đầu": ""})
    assert run(write_csv(tmp_path / "b.csv", CADRE_HEADERS, [moved])).transferred == 1
    assert Cadre.objects.get().postings.get(end_date__isnull=True).start_date == TODAY


def test_a_transfer_before_the_current_post_started_is_refused(
    tmp_path, agency_a_unit, agency_b_unit
):
    run(write_csv(tmp_path / "a.csv", CADRE_HEADERS, [cadre_row("CB1", "Nguyễn An", "UBND-A")]))
    early = cadre_row("CB1", "Nguyễn An", "UBND-B", **{"Ngày bắt đầu": "01/01/2020"})
    result = run(write_csv(tmp_path / "b.csv", CADRE_HEADERS, [early]))
    assert [(p.row, p.column) for p in result.problems] == [(2, "Ngày bắt đầu")]
    assert Posting.objects.count() == 1


def test_dry_run_counts_the_same_and_writes_nothing(tmp_path, agency_a_unit):
    path = write_csv(tmp_path / "a.csv", CADRE_HEADERS, [cadre_row("CB1", "Nguyễn An", "UBND-A")])
    result = run(path, dry_run=True)
    assert result.ok and result.dry_run and result.created == 1
    assert Cadre.objects.count() == 0


def test_an_officer_cannot_import_into_or_over_another_agency(
    tmp_path, agency_a, agency_a_unit, agency_b_unit, cadre_in_b
):
    scope_a = Acting(user=None, scope=AgencyScope.subtree(agency_a.path))
    path = write_csv(
        tmp_path / "a.csv",
        CADRE_HEADERS,
        [
            cadre_row("CB1", "Nguyễn An", "UBND-B"),
            cadre_row(cadre_in_b.personnel_code, "Trần Văn Đức", "UBND-A"),
        ],
    )
    result = run(path, actor=scope_a)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Mã đơn vị"), (3, "Mã cán bộ")]
    cadre_in_b.refresh_from_db()
    assert cadre_in_b.agency == agency_b_unit and Cadre.objects.count() == 1


def test_an_unsupported_or_broken_file_is_a_clear_problem(tmp_path):
    text = tmp_path / "a.txt"
    text.write_text("x")
    assert "xlsx" in run(text).problems[0].reason
    broken = tmp_path / "b.xlsx"
    broken.write_bytes(b"not a zip")
    assert "không phải bảng tính Excel" in run(broken).problems[0].reason


def test_template_has_the_headers_and_an_example_row_that_imports(tmp_path, make_agency, province):
    make_agency("XA-RACHGIA-UBND", "UBND phường Rạch Giá", parent=province)
    path = tmp_path / "mau.xlsx"
    path.write_bytes(template_workbook(imports.CADRE_COLUMNS))
    result = run(path)
    assert result.ok, result.problems
    assert Cadre.objects.get().full_name == "Nguyễn Thị Ánh"


def test_the_import_takes_a_posting_s_job_position_and_title_by_code_or_name(
    tmp_path, agency_a_unit
):
    headers = [*CADRE_HEADERS, "Mã vị trí việc làm", "Mã chức vụ"]

    def row(code, name, job, title):
        return [*cadre_row(code, name, "UBND-A"), job, title]

    path = write_xlsx(
        tmp_path / "chuc-vu.xlsx",
        headers,
        [
            row("CB1", "Nguyễn Thị Ánh", "chuyen-vien-dan-van", ""),
            row("CB2", "Lê Văn Hùng", "", "Phó Chủ tịch UBND"),  # by name, any accents
            row("CB3", "Phạm Thị Mai", "khong-co", "bi-thu"),
        ],
    )
    result = run(path)
    assert not result.ok
    assert [(p.row, p.column) for p in result.problems] == [(4, "Mã vị trí việc làm")]
    path = write_xlsx(
        tmp_path / "chuc-vu.xlsx",
        headers,
        [
            r
            for r in [
                row("CB1", "Nguyễn Thị Ánh", "chuyen-vien-dan-van", ""),
                row("CB2", "Lê Văn Hùng", "", "pho chu tich ubnd"),
            ]
        ],
    )
    assert run(path).ok
    first = Posting.objects.get(cadre__personnel_code="CB1", end_date__isnull=True)
    second = Posting.objects.get(cadre__personnel_code="CB2", end_date__isnull=True)
    assert first.job_position.code == "chuyen-vien-dan-van" and first.title is None
    assert second.title.code == "pho-chu-tich-ubnd" and second.position == "Chuyên viên"
    # The same row again with another title changes the open posting, not the history.
    path = write_xlsx(
        tmp_path / "chuc-vu.xlsx", headers, [row("CB2", "Lê Văn Hùng", "", "chu-tich-ubnd")]
    )
    result = run(path)
    assert result.ok and result.updated == 1
    second.refresh_from_db()
    assert second.title.code == "chu-tich-ubnd" and second.end_date is None
