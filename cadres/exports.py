"""Cadre list exports to CSV (UTF-8 with BOM) and XLSX, safe to open in Excel.

A cadre list export runs as a background job (ExportJob, see the job functions at the end):
the request captures the filters, the scope and the sensitive-columns decision; the task
writes the file under MEDIA_ROOT/exports/; the requester downloads it through a view.
"""

import csv
import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields
from datetime import date, timedelta
from io import BytesIO, StringIO
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from cadres.access import AgencyScope, can_see_sensitive, capture_scope, captured_scope
from cadres.models import (
    Agency,
    Cadre,
    ExportJob,
    ExportKind,
    ExportStatus,
    Gender,
    PoliticalTheoryLevel,
)
from cadres.text import fold

logger = logging.getLogger(__name__)
EXPORT_DIR = "exports"  # under MEDIA_ROOT; never served
PROGRESS_EVERY = 1000  # rows between two progress reports
KEEP_FILES_FOR = timedelta(days=1)
JOB_FAILED = _("The export failed. Please try again; if it fails again, tell the administrator.")

# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SENSITIVE_HEADERS = ("Dân tộc", "Tôn giáo", "Đảng viên", "Ngày vào Đảng")
_LEVEL_NAMES = {
    PoliticalTheoryLevel.ELEMENTARY: "Sơ cấp",
    PoliticalTheoryLevel.INTERMEDIATE: "Trung cấp",
    PoliticalTheoryLevel.ADVANCED: "Cao cấp",
    PoliticalTheoryLevel.BACHELOR: "Cử nhân",
}
_GENDER_NAMES = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}


def escape_formula(value):
    """Text that a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _sensitive(user, sensitive: bool | None) -> bool:
    return can_see_sensitive(user) if sensitive is None else sensitive


def export_headers(*, user=None, sensitive: bool | None = None) -> list[str]:
    """The import's column names (so an export can be edited and imported back), plus a few.

    Sensitive columns follow `sensitive` when given (a job's captured decision), else the user.
    """
    headers = ["Mã cán bộ", "Họ và tên", "Ngày sinh", "Giới tính"]
    if _sensitive(user, sensitive):
        headers += ["Dân tộc", "Tôn giáo", "Đảng viên", "Ngày vào Đảng"]
    headers += [
        "Trình độ LLCT",
        "Trình độ chuyên môn",
        "Mã đơn vị",
        "Tên đơn vị",
        "Chức vụ",
        "Ngày bắt đầu",
        "Email",
        "Đối tượng",
        "Tài khoản",
    ]
    return headers


def export_rows(
    *, user=None, cadres: QuerySet[Cadre], sensitive: bool | None = None
) -> Iterator[list]:
    """One list of cells per cadre, in the order of export_headers (dates as date objects)."""
    sensitive = _sensitive(user, sensitive)
    for cadre in cadres.iterator(chunk_size=2000):
        posting = cadre.open_postings[0] if cadre.open_postings else None
        row = [
            cadre.personnel_code,
            cadre.full_name,
            cadre.date_of_birth,
            _GENDER_NAMES.get(cadre.gender, ""),
        ]
        if sensitive:
            row += [
                cadre.ethnicity,
                cadre.religion,
                "Có" if cadre.is_party_member else "Không",
                cadre.party_joined_on,
            ]
        row += [
            _LEVEL_NAMES.get(cadre.theory_level, ""),
            cadre.education,
            cadre.agency.code,
            cadre.agency.name,
            posting.position if posting else "",
            posting.start_date if posting else None,
            cadre.email,
            cadre.category.name if cadre.category else "",
            "Có" if cadre.user_id else "Không",
        ]
        yield row


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return escape_formula(str(value))


def _write_csv(out, headers: list[str], rows: Iterable[list]) -> None:
    writer = csv.writer(out)
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_csv_cell(v) for v in row])


def to_csv(headers: list[str], rows: Iterable[list]) -> bytes:
    """UTF-8 with a byte-order mark, which Excel needs to show Vietnamese letters."""
    buffer = StringIO()
    _write_csv(buffer, headers, rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(headers: list[str], rows: Iterable[list], *, title: str = "Cán bộ") -> bytes:
    buffer = BytesIO()
    _xlsx_workbook(headers, rows, title=title).save(buffer)
    return buffer.getvalue()


def _xlsx_workbook(headers: list[str], rows: Iterable[list], *, title: str) -> Workbook:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title)
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        cells = []
        for value in row:
            cell = WriteOnlyCell(sheet, value=escape_formula(value) if value is not None else None)
            if isinstance(value, date):
                cell.number_format = "DD/MM/YYYY"
            else:
                cell.data_type = "s" if isinstance(value, str) else cell.data_type
            cells.append(cell)
        sheet.append(cells)
    return workbook


COVERAGE_HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại đơn vị",
    "Cấp",
    "Nhiệm vụ phụ trách",
    "Tình trạng",
    "Mã cán bộ",
    "Người phụ trách",
    "Từ ngày",
    "Số quyết định",
    "Ghi chú",
]


def coverage_table(coverage) -> tuple[list[str], list[list]]:
    """One row per required responsibility of every agency of a coverage selector result."""
    rows = []
    for row in coverage.rows:
        for slot in row.slots:
            assignment = slot.assignment
            rows.append(
                [
                    row.agency.code,
                    row.agency.name,
                    row.agency.kind.name,
                    row.indent + 1,
                    slot.kind.name,
                    "Đã phân công" if assignment else "Còn trống",
                    assignment.cadre.personnel_code if assignment else "",
                    assignment.cadre.full_name if assignment else "",
                    assignment.start_date if assignment else None,
                    assignment.decision_number if assignment else "",
                    "; ".join(str(text) for text, _css in slot.labels),
                ]
            )
    return COVERAGE_HEADERS, rows


# --- Cadre list exports as background jobs ---

FORMATS = {"xlsx": ExportKind.CADRES_XLSX, "csv": ExportKind.CADRES_CSV}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def filters_to_json(filters) -> dict:
    """The list's parsed filters (selectors.CadreFilters) as JSON; the agency by its id."""
    data = {f.name: getattr(filters, f.name) for f in fields(filters)}
    agency = data.pop("agency", None)
    data["agency_id"] = agency.pk if agency is not None else None
    return data


def filters_from_json(data: dict):
    """Back to selectors.CadreFilters; None when the agency filtered by no longer exists."""
    from cadres.selectors import CadreFilters

    data = dict(data or {})
    agency_id = data.pop("agency_id", None)
    agency = None
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None:
            return None
    known = CadreFilters.__dataclass_fields__
    return CadreFilters(agency=agency, **{k: v for k, v in data.items() if k in known})


def job_path(job: ExportJob) -> Path | None:
    """The finished file on disk, or None (not written yet, failed, or cleaned up)."""
    if not job.file_name:
        return None
    path = Path(settings.MEDIA_ROOT) / job.file_name
    return path if path.is_file() else None


def download_name(job: ExportJob) -> str:
    stamp = timezone.localdate(job.created_at).strftime("%Y%m%d")
    return f"danh-sách-cán-bộ-{stamp}.{job.extension}"


def content_disposition(name: str) -> str:
    """An ASCII fallback name for old clients and the Vietnamese one as filename* (RFC 6266)."""
    fallback = fold(name).replace(" ", "-").encode("ascii", "ignore").decode() or "export"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name)}"


def cleanup_old_files(now=None) -> int:
    """Remove export files finished more than a day ago; their jobs keep no file name."""
    cutoff = (now or timezone.now()) - KEEP_FILES_FOR
    removed = 0
    for job in ExportJob.objects.filter(finished_at__lt=cutoff).exclude(file_name=""):
        path = Path(settings.MEDIA_ROOT) / job.file_name
        path.unlink(missing_ok=True)
        ExportJob.objects.filter(pk=job.pk).update(file_name="")
        removed += 1
    return removed


def job_start(*, user, fmt: str, filters, scope: AgencyScope) -> ExportJob:
    """Record the request (filters, scope, sensitive columns) and queue the export."""
    from cadres.tasks import export_cadres

    try:
        cleanup_old_files()
    except OSError:  # a stale file that cannot be removed must not stop a new export
        logger.exception("Export cleanup failed")
    job = ExportJob.objects.create(
        kind=FORMATS[fmt],
        requested_by=user,
        filters=filters_to_json(filters),
        **capture_scope(scope),
        sensitive=can_see_sensitive(user),
        language=translation.get_language() or "",
    )
    export_cadres.enqueue(job.pk)
    return job


def _job_cadres(job: ExportJob) -> QuerySet[Cadre]:
    """The list's rows for the captured filters, inside the captured scope."""
    from cadres.selectors import cadre_list

    filters = filters_from_json(job.filters)
    if filters is None or job.requested_by is None:
        return Cadre.objects.none()
    # The requester's scope today, narrowed to the one captured at request time.
    return cadre_list(user=job.requested_by, filters=filters).filter(
        captured_scope(job).agency_q("agency__")
    )


def _counted(rows: Iterable[list], report: Callable[[int], None]) -> Iterator[list]:
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            report(done)


def job_run(job_id: int) -> None:
    """Write the export file under MEDIA_ROOT/exports/, reporting progress every 1,000 rows."""
    if not ExportJob.objects.filter(pk=job_id, status=ExportStatus.QUEUED).update(
        status=ExportStatus.RUNNING
    ):
        return  # already run
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    name = f"{EXPORT_DIR}/{uuid.uuid4().hex}.{job.extension}"
    path = Path(settings.MEDIA_ROOT) / name
    partial = path.with_name(path.name + ".part")
    try:
        cadres = _job_cadres(job)
        total = cadres.count()
        ExportJob.objects.filter(pk=job.pk).update(rows_total=total, rows_done=0)
        headers = export_headers(sensitive=job.sensitive)
        rows = _counted(
            export_rows(cadres=cadres, sensitive=job.sensitive),
            lambda done: ExportJob.objects.filter(pk=job.pk).update(rows_done=done),
        )
        path.parent.mkdir(parents=True, exist_ok=True)
        if job.extension == "csv":
            with open(partial, "w", encoding="utf-8-sig", newline="") as out:
                _write_csv(out, headers, rows)
        else:
            _xlsx_workbook(headers, rows, title="Cán bộ").save(partial)
        partial.replace(path)
    except Exception:  # the requester sees the failure on the job page
        logger.exception("Export job %s failed", job.pk)
        partial.unlink(missing_ok=True)
        with translation.override(job.language or None):
            message = str(JOB_FAILED)
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, error=message, finished_at=timezone.now()
        )
        return
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE, file_name=name, rows_done=total, finished_at=timezone.now()
    )
