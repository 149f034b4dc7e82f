"""Property-based: whatever file or form data arrives, the import parsers and the main forms answer
with problems or a page, never a 500, and an import writes all of its rows or none.

Small in CI (profile "ci"); `make bench` runs it with HYPOTHESIS_PROFILE=bench (many more).
"""

import csv
import datetime
import io

import pytest
from django.db import transaction
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cadres import imports
from cadres.access import SYSTEM
from cadres.models import Agency, Cadre, Posting
from tests.cadres.helpers import CADRE_HEADERS

pytestmark = pytest.mark.django_db

AGENCY_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cấp trên", "Mã ĐVHC"]
TRICKY = [
    "",
    "=1+1",
    "@SUM(A1)",
    "+84 912",
    "01/01/0001",
    "31/02/2020",
    "15/03/1985",
    "1985-03-15",
    "99/99/9999",
    "cb000001",
    "CB000001",
    "CB-A-001",
    "UBND-A",
    "DU-A",
    "Có",
    "Không",
    "x",
    "Nữ",
    "Kinh",
    "\x00",
    "a\x00b",
    "\u0301\u0323",
    "Nguyễn Thị Ánh",
    "Nguye\u0302\u0303n",
    "anh@example.vn",
    "not-an-email",
    "9" * 300,
    "Đảng ủy",
    "Tổ dân vận",
]
cells = st.one_of(
    st.sampled_from(TRICKY),
    st.text(max_size=30),
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda d: d.strftime("%d/%m/%Y")),
    st.integers().map(str),
)
headers = st.one_of(
    st.permutations(CADRE_HEADERS).flatmap(lambda h: st.lists(st.sampled_from(h), max_size=16)),
    st.lists(st.sampled_from(CADRE_HEADERS + AGENCY_HEADERS + TRICKY), max_size=16),
)
tables = st.tuples(headers, st.lists(st.lists(cells, max_size=17), max_size=8))
encodings = st.sampled_from(["utf-8-sig", "utf-8", "utf-16", "cp1258"])
RELAXED = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _csv_bytes(table, encoding) -> bytes:
    header, rows = table
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def _snapshot():
    return (
        list(Cadre.objects.order_by("pk").values_list("pk", "personnel_code", "full_name")),
        list(Posting.objects.order_by("pk").values_list("pk", "agency_id", "end_date")),
        list(Agency.objects.order_by("pk").values_list("pk", "code", "name", "path")),
    )


def _run_import(runner, data: bytes, filename: str):
    """Run the import in a savepoint rolled back afterwards, so examples do not pile up."""
    with transaction.atomic():
        before = _snapshot()
        result = runner(source=io.BytesIO(data), filename=filename, actor=SYSTEM)
        after = _snapshot()
        transaction.set_rollback(True)
    if not result.ok:
        assert after == before, "an import with problems wrote something"
    for problem in result.problems:
        assert problem.reason and isinstance(problem.reason, str)
    return result


@RELAXED
@given(table=tables, encoding=encodings)
def test_the_cadre_import_never_fails_and_never_writes_half(agency_a_unit, table, encoding):
    _run_import(imports.import_cadres, _csv_bytes(table, encoding), "can-bo.csv")


@RELAXED
@given(table=tables, encoding=encodings)
def test_the_agency_import_never_fails_and_never_writes_half(agency_a, agency_b, table, encoding):
    _run_import(imports.import_agencies, _csv_bytes(table, encoding), "don-vi.csv")


@RELAXED
@given(data=st.binary(max_size=2000), name=st.sampled_from(["a.xlsx", "a.csv", "A.XLSX"]))
def test_any_bytes_are_a_file_level_problem_at_worst(agency_a_unit, data, name):
    _run_import(imports.import_cadres, data, name)


@RELAXED
@given(table=tables)
def test_any_workbook_is_checked_without_an_error(agency_a_unit, tmp_path_factory, table):
    from openpyxl import Workbook

    header, rows = table
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        # openpyxl refuses control characters itself; an Excel file cannot hold them either.
        sheet.append(["".join(ch for ch in str(v) if ch >= " ") for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _run_import(imports.import_cadres, buffer.getvalue(), "can-bo.xlsx")


form_values = st.one_of(st.sampled_from(TRICKY), st.text(max_size=40))
FIELDS = [
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
]


@RELAXED
@given(data=st.fixed_dictionaries({}, optional={f: form_values for f in FIELDS}))
def test_the_cadre_forms_answer_with_a_page_never_an_error(
    client, officer_a, cadre_in_a, agency_a_unit, data
):
    client.force_login(officer_a)
    with transaction.atomic():
        before = _snapshot()
        edit = client.post(reverse("cadres:cadre_edit", args=[cadre_in_a.pk]), data)
        created = client.post(
            reverse("cadres:cadre_create"),
            {**data, "personnel_code": "CB-NEW-1", "agency": agency_a_unit.pk},
        )
        if edit.status_code == 200 and created.status_code == 200:
            assert _snapshot() == before  # both refused: nothing changed
        transaction.set_rollback(True)
    assert edit.status_code in (200, 302) and created.status_code in (200, 302)


@RELAXED
@given(data=st.binary(max_size=3000), name=st.text(min_size=1, max_size=40))
def test_the_import_upload_answers_with_a_page_or_a_job(
    client, officer_a, data, name, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(officer_a)
    upload = SimpleUploadedFile(name.replace("/", "_").replace("\x00", "") or "x", data)
    with transaction.atomic():
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("cadres:import_upload", args=["cadres"]), {"file": upload}
            )
        transaction.set_rollback(True)
    assert response.status_code in (200, 302)
