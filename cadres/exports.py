"""What the registry exports: the cadre list (CSV or XLSX) and the coverage sheet.

A cadre list export runs as a background job (ExportJob, runner at the end): the request
captures the filters, the scope and the sensitive-columns decision; the run writes the file
into private storage; the requester downloads it through the job base's download view.
"""

import logging
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import fields

from django.db.models import QuerySet
from django.utils import timezone

from cadres import jobs
from cadres.access import AgencyScope, can_see_sensitive
from cadres.models import (
    Agency,
    Cadre,
    ExportJob,
    ExportKind,
    Gender,
    PoliticalTheoryLevel,
)
from cadres.retirement import Roadmap, retirement_of
from cadres.selectors import CadreFilters, cadre_list
from cadres.spreadsheets import write_csv, xlsx_workbook

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 1000  # rows between two progress reports

SENSITIVE_HEADERS = ("Dân tộc", "Tôn giáo", "Đảng viên", "Ngày vào Đảng")
LEVEL_NAMES = {
    PoliticalTheoryLevel.ELEMENTARY: "Sơ cấp",
    PoliticalTheoryLevel.INTERMEDIATE: "Trung cấp",
    PoliticalTheoryLevel.ADVANCED: "Cao cấp",
    PoliticalTheoryLevel.BACHELOR: "Cử nhân",
}
GENDER_NAMES = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}


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
        "Ngày nghỉ hưu",
    ]
    return headers


def export_rows(
    *, user=None, cadres: QuerySet[Cadre], sensitive: bool | None = None
) -> Iterator[list]:
    """One list of cells per cadre, in the order of export_headers (dates as date objects)."""
    sensitive = _sensitive(user, sensitive)
    roadmap = Roadmap.load()
    for cadre in cadres.iterator(chunk_size=2000):
        posting = cadre.open_postings[0] if cadre.open_postings else None
        row = [
            cadre.personnel_code,
            cadre.full_name,
            cadre.date_of_birth,
            GENDER_NAMES.get(cadre.gender, ""),
        ]
        if sensitive:
            row += [
                cadre.ethnicity,
                cadre.religion,
                "Có" if cadre.is_party_member else "Không",
                cadre.party_joined_on,
            ]
        row += [
            LEVEL_NAMES.get(cadre.theory_level, ""),
            cadre.education,
            cadre.agency.code,
            cadre.agency.name,
            posting.position if posting else "",
            posting.start_date if posting else None,
            cadre.email,
            cadre.category.name if cadre.category else "",
            "Có" if cadre.user_id else "Không",
            retirement_of(cadre, roadmap).on,
        ]
        yield row


COVERAGE_HEADERS = [
    "Mã đơn vị",
    "Tên đơn vị",
    "Loại đơn vị",
    "Cấp",
    "Nhiệm vụ phụ trách",
    "Tình trạng",
    "Mã cán bộ",
    "Cán bộ phụ trách",
    "Từ ngày",
    "Số quyết định",
    "Ngày nghỉ hưu",
    "Ghi chú",
]


# When an extension says who is trained (training is installed): two more columns.
COVERAGE_TRAINING_HEADERS = ["Bồi dưỡng", "Yêu cầu chưa đạt"]
TRAINING_STATES = {
    "trained": "Đã bồi dưỡng",
    "untrained": "Chưa bồi dưỡng",
    "expired": "Bồi dưỡng hết hạn",
}
GAP_STATES = {"missing": "còn thiếu", "expired": "hết hạn"}


def coverage_table(coverage) -> tuple[list[str], list[list]]:
    """One row per required responsibility of every agency of a coverage selector result."""
    rows = []
    training = coverage.tracks_training
    for row in coverage.rows:
        for slot in row.slots:
            assignment = slot.assignment
            extra = []
            if training:
                extra = [
                    TRAINING_STATES.get(slot.training, ""),
                    "; ".join(
                        f"{name} ({GAP_STATES.get(state, state)})" for name, state in slot.gaps
                    ),
                ]
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
                    slot.retires_on,
                    "; ".join(str(text) for text, _css in slot.labels),
                    *extra,
                ]
            )
    headers = COVERAGE_HEADERS + (COVERAGE_TRAINING_HEADERS if training else [])
    return headers, rows


# --- Cadre list exports as background jobs (cadres.jobs) ---

JOB_KIND = "export"
FORMATS = {"xlsx": ExportKind.CADRES_XLSX, "csv": ExportKind.CADRES_CSV}


def filters_to_json(filters: CadreFilters) -> dict:
    """The list's parsed filters as JSON; the agency by its id."""
    data = {f.name: getattr(filters, f.name) for f in fields(filters)}
    agency = data.pop("agency", None)
    data["agency_id"] = agency.pk if agency is not None else None
    return data


def filters_from_json(data: dict) -> CadreFilters | None:
    """Back to CadreFilters; None when the agency filtered by no longer exists."""
    data = dict(data or {})
    agency_id = data.pop("agency_id", None)
    agency = None
    if agency_id is not None:
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None:
            return None
    known = CadreFilters.__dataclass_fields__
    return CadreFilters(agency=agency, **{k: v for k, v in data.items() if k in known})


def download_name(job: ExportJob) -> str:
    stamp = timezone.localdate(job.created_at).strftime("%Y%m%d")
    return f"danh-sách-cán-bộ-{stamp}.{job.extension}"


def job_create(*, user, fmt: str, filters: CadreFilters, scope: AgencyScope) -> ExportJob:
    """Record the request (filters, scope, sensitive columns); the caller enqueues it."""
    return jobs.job_create(
        ExportJob,
        kind=JOB_KIND,
        user=user,
        scope=scope,
        export_kind=FORMATS[fmt],
        filters=filters_to_json(filters),
        sensitive=can_see_sensitive(user),
    )


def _job_cadres(job: ExportJob) -> QuerySet[Cadre]:
    """The list's rows for the captured filters, inside the captured scope."""
    filters = filters_from_json(job.filters)
    if filters is None or job.requested_by is None:
        return Cadre.objects.none()
    # The requester's scope today, narrowed to the one captured at request time.
    return cadre_list(user=job.requested_by, filters=filters).filter(
        jobs.job_scope(job).agency_q("agency__")
    )


def _counted(rows: Iterable[list], report: Callable[[int], None]) -> Iterator[list]:
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            report(done)


def run_job(job_id: int) -> None:
    """The job base's runner: write the file, reporting progress every 1,000 rows; running it
    again writes the same file again."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    cadres = _job_cadres(job)
    total = cadres.count()
    jobs.progress(job.pk, 0, total)
    headers = export_headers(sensitive=job.sensitive)
    rows = _counted(
        export_rows(cadres=cadres, sensitive=job.sensitive),
        lambda done: jobs.progress(job.pk, done),
    )
    with tempfile.NamedTemporaryFile(suffix=f".{job.extension}") as out:
        if job.extension == "csv":
            with open(out.name, "w", encoding="utf-8-sig", newline="") as text:
                write_csv(text, headers, rows)
        else:
            xlsx_workbook(headers, rows, title="Cán bộ").save(out.name)
        jobs.store_result(
            job.pk, data_path=out.name, extension=job.extension, download_name=download_name(job)
        )
    jobs.finish(job, rows_done=total)
