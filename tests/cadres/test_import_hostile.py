"""Hostile or broken files: refused early, in Vietnamese, with the user's own file name, never
half written, never a report too big to show."""

import datetime
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cadres import imports
from cadres.access import SYSTEM
from cadres.forms import ImportUploadForm
from cadres.models import Agency, Cadre, ImportJob
from tests.cadres.helpers import CADRE_HEADERS, cadre_row, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 26)
PROBLEMS_LISTED = 200
AGENCY_HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại đơn vị",
    "Mã đơn vị cấp trên",
    "Số quyết định",
    "Ngày hiệu lực",
]


def run(path, *, name=None):
    return imports.import_cadres(source=path, filename=name or path.name, actor=SYSTEM, today=TODAY)


def _reasons(result):
    return [p.reason for p in result.problems]


def test_a_zip_bomb_is_refused_before_it_is_opened(tmp_path, agency_a_unit):
    path = tmp_path / "bom.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("[Content_Types].xml", "<Types/>")
        bomb.writestr("xl/worksheets/sheet1.xml", "<row/>" * 30_000_000)  # 180 MB of XML
    assert path.stat().st_size < 1_000_000
    result = run(path)
    (problem,) = result.problems
    assert "quá lớn" in problem.reason and problem.value == "bom.xlsx"
    assert not Cadre.objects.exists()


def test_a_sheet_with_too_many_rows_is_refused_from_its_dimension(tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 10
    path = write_xlsx(
        tmp_path / "dai.xlsx",
        CADRE_HEADERS,
        [cadre_row(f"CB{i}", "Nguyễn Văn A", "UBND-A") for i in range(20)],
    )
    (problem,) = run(path).problems
    assert "20 dòng" in problem.reason and "10" in problem.reason


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"this is not a zip", "ho-so.xlsx", "không phải bảng tính Excel"),
        ("Mã cán bộ,Họ và tên\nCB1,Nguyễn\n".encode("utf-16"), "ho-so.csv", "UTF-8"),
        (b"\xff\xfe\x00\x00garbage\xc3\x28", "ho-so.csv", "UTF-8"),
    ],
)
def test_file_level_errors_are_in_vietnamese_with_the_users_file_name(
    tmp_path, content, name, words
):
    path = tmp_path / "6f1c2a9e.bin"
    path.write_bytes(content)
    (problem,) = run(path, name=name).problems
    assert words in problem.reason and problem.value == name
    assert "Error" not in problem.reason and "codec" not in problem.reason
    assert "zip" not in problem.reason


def test_a_job_reports_the_uploaders_file_name_not_the_storage_path(
    client, officer_a, django_capture_on_commit_callbacks
):
    client.force_login(officer_a)
    upload = SimpleUploadedFile("danh-sach.xlsx", b"not a workbook")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("cadres:import_upload", args=["cadres"]), {"file": upload})
    job = ImportJob.objects.get()
    (problem,) = job.problems
    assert problem["value"] == "danh-sach.xlsx"
    page = client.get(reverse("cadres:import_job", args=[job.pk])).content.decode()
    assert "imports/" not in page


def test_csv_rows_with_extra_fields_are_problems_not_shifted_columns(tmp_path, agency_a_unit):
    path = tmp_path / "lech.csv"
    header = ",".join(CADRE_HEADERS[:3] + ["Mã đơn vị"])
    path.write_text(
        f"\ufeff{header}\nCB1,Nguyễn Văn A,15/03/1985,UBND-A\nCB2,Trần,Văn B,15/03/1985,UBND-A\n",
        encoding="utf-8",
    )
    result = run(path)
    assert [p.row for p in result.problems] == [3]
    assert "nhiều ô hơn" in result.problems[0].reason
    assert not Cadre.objects.exists()


def test_personnel_codes_are_one_code_whatever_their_case(tmp_path, agency_a_unit, make_cadre):
    make_cadre("CB000002", "Trần Văn B", agency_a_unit)
    path = write_csv(
        tmp_path / "hoa-thuong.csv",
        CADRE_HEADERS,
        [
            cadre_row("cb000002", "Trần Văn B", "UBND-A"),
            cadre_row("cb000003", "Lê Thị C", "UBND-A"),
            cadre_row("CB000003", "Lê Thị C", "UBND-A"),
        ],
    )
    result = run(path)
    assert [(p.row, p.column) for p in result.problems] == [(4, "Mã cán bộ")]
    path = write_csv(
        tmp_path / "hoa-thuong-2.csv",
        CADRE_HEADERS,
        [cadre_row("cb000002", "Trần Văn B", "UBND-A"), cadre_row("cb9", "Lê C", "UBND-A")],
    )
    result = run(path)
    assert result.ok, result.problems
    assert sorted(Cadre.objects.values_list("personnel_code", flat=True)) == ["CB000002", "CB9"]


def test_names_need_letters_and_dates_must_be_plausible(tmp_path, agency_a_unit):
    path = write_csv(
        tmp_path / "vo-ly.csv",
        CADRE_HEADERS,
        [
            cadre_row("CB1", "\u0301\u0323\u0300", "UBND-A"),
            cadre_row("CB2", "Nguyễn Văn A", "UBND-A", **{"Ngày sinh": "01/01/0001"}),
            cadre_row("CB3", "Nguyễn Văn B", "UBND-A", **{"Ngày sinh": "31/12/1899"}),
            cadre_row("CB4", "Nguyễn Văn C", "UBND-A", **{"Ngày bắt đầu": "01/01/0001"}),
        ],
    )
    result = run(path)
    assert [(p.row, p.column) for p in result.problems] == [
        (2, "Họ và tên"),
        (3, "Ngày sinh"),
        (4, "Ngày sinh"),
        (5, "Ngày bắt đầu"),
    ]
    assert "chữ cái" in result.problems[0].reason
    assert "1900" in result.problems[1].reason


def test_a_nul_byte_in_a_cell_is_a_problem_of_its_row(tmp_path, agency_a_unit):
    path = write_csv(
        tmp_path / "nul.csv", CADRE_HEADERS, [cadre_row("CB1", "Nguyễn\x00Văn A", "UBND-A")]
    )
    result = run(path)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Họ và tên")]


def test_the_problem_report_keeps_the_first_problems_and_counts_the_rest(
    tmp_path, agency_a_unit, officer_a, client, django_capture_on_commit_callbacks
):
    rows = [cadre_row(f"CB{i}", "", "UBND-A") for i in range(PROBLEMS_LISTED + 50)]
    path = write_csv(tmp_path / "nhieu-loi.csv", CADRE_HEADERS, rows)
    client.force_login(officer_a)
    with django_capture_on_commit_callbacks(execute=True), path.open("rb") as f:
        client.post(reverse("cadres:import_upload", args=["cadres"]), {"file": f})
    job = ImportJob.objects.get()
    assert len(job.problems) == PROBLEMS_LISTED
    assert job.counts["problems"] == PROBLEMS_LISTED + 50
    page = client.get(reverse("cadres:import_job", args=[job.pk])).content.decode()
    assert f"Có {PROBLEMS_LISTED + 50} lỗi" in page
    assert f"{PROBLEMS_LISTED} lỗi đầu tiên" in page


def test_two_agencies_swapping_parents_in_one_file_is_a_problem_not_an_error(
    tmp_path, agency_a, agency_b
):
    path = write_csv(
        tmp_path / "vong.csv",
        AGENCY_HEADERS,
        [
            ["DU-A", "Đảng ủy phường A", "Đảng ủy", "DU-B", "12/QĐ-TU", "01/12/2026"],
            ["DU-B", "Đảng ủy xã B", "Đảng ủy", "DU-A", "12/QĐ-TU", "01/12/2026"],
        ],
    )
    result = imports.import_agencies(source=path, filename=path.name, actor=SYSTEM)
    assert [p.row for p in result.problems] == [3]
    assert Agency.objects.get(code="DU-A").get_parent().code == "TU-TEST"


@pytest.mark.parametrize(
    ("name", "size", "words"),
    [("ho-so.html", 100, ".xlsx"), ("ho-so.xlsx", 11 * 1024 * 1024, "10 MB")],
)
def test_uploads_have_a_type_and_a_size_limit(name, size, words):
    upload = SimpleUploadedFile(name, b"0" * size)
    form = ImportUploadForm(data={}, files={"file": upload})
    assert not form.is_valid()
    assert words in form.errors["file"][0]


def test_cadre_form_refuses_implausible_birth_dates_and_names_without_letters():
    from cadres.forms import CadreDetailsForm

    form = CadreDetailsForm(data={"full_name": "\u0301\u0301", "date_of_birth": "01/01/0001"})
    assert not form.is_valid()
    assert "chữ cái" in form.errors["full_name"][0]
    assert "1900" in form.errors["date_of_birth"][0]
    future = (datetime.date.today() + datetime.timedelta(days=1)).strftime("%d/%m/%Y")
    form = CadreDetailsForm(data={"full_name": "Nguyễn Văn A", "date_of_birth": future})
    assert not form.is_valid() and "date_of_birth" in form.errors


@pytest.mark.postgres
def test_on_postgresql_a_nul_byte_is_a_problem_not_an_unexpected_error(tmp_path, agency_a_unit):
    # PostgreSQL refuses NUL in text columns: the write used to fail with "lỗi bất ngờ".
    path = write_csv(
        tmp_path / "nul.csv",
        CADRE_HEADERS,
        [cadre_row("CB1", "Nguyễn Văn A", "UBND-A", **{"Chức vụ": "Chuyên\x00viên"})],
    )
    result = run(path)
    assert [(p.row, p.column) for p in result.problems] == [(2, "Chức vụ")]
    assert not Cadre.objects.exists()
