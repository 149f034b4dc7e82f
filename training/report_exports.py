"""Report files asked for from a report page: built in the request when the figures cover few
agencies, on the job base (progress, a download for the requester only) when they cover many.
The `report` command builds the same files for the whole province without either."""

import tempfile
from datetime import timedelta

from django.conf import settings
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cadres import jobs
from cadres.access import scope_within
from cadres.models import Agency, JobStatus
from curriculum.models import CoursePage
from training import report_figures
from training.forms import ReportFilterForm
from training.models import ReportFile
from training.periods import state_year_of
from training.services import issuing_body_for_path

JOB_KIND = "report_file"
# The page's own parameters that change nothing in a file.
PAGE_ONLY_PARAMS = ("sort", "dir")
FILTERS_GONE = _(
    "The filters of this file no longer apply (an agency or course has gone, or left your "
    "scopes): open the report again and ask for the file from there."
)
STEPS = 3  # figures, file, stored


def filter_form(data, *, scope, today, categories=None):
    """The report page's filter form over the scope's agencies, and the filter it gives (None
    while the form is invalid). Without data: this State year, rolled up. `categories`: the
    cadre categories already read (the page offers them and names its rows from them)."""
    from training import reports  # with pandas: loaded when a report is asked for

    agencies = report_figures.scope_agencies(scope)
    courses = CoursePage.objects.order_by("title").only("id", "title", "code")
    if not data:
        data = {"period": "state_year", "year": state_year_of(today), "cut": "today"}
    form = ReportFilterForm(
        data,
        agencies=agencies,
        courses=courses,
        today=today,
        categories=categories,
    )
    if not form.is_valid():
        return form, None
    cleaned = form.cleaned_data
    course, category = cleaned.get("course"), cleaned.get("category")
    return form, reports.ReportFilter(
        period=form.report_period(),
        scope=scope,
        agency=cleaned.get("agency"),
        course_id=course.pk if course else None,
        content_kind=cleaned.get("content_kind") or "",
        category_id=category.pk if category else None,
        as_then=cleaned.get("cut") == "then",
    )


def heading_path(scope, report_filter) -> str:
    """Where a PDF's heading comes from: the agency chosen, else the scope's one subtree (a
    commune's officer prints under the body above them); several or the province: the default."""
    if report_filter.agency is not None:
        return report_filter.agency.path
    parts = scope.parts
    return parts[0].path if len(parts) == 1 else ""


def agency_count(report_filter, scope_agencies=None) -> int:
    """How many of today's agencies the figures cover: what makes a file slow to build.
    `scope_agencies`: today's agencies of the filter's scope (report_figures.scope_agencies)
    when already read, counted here instead of asking the database."""
    if scope_agencies is not None:
        agency = report_filter.agency
        return sum(1 for a in scope_agencies if agency is None or a.path.startswith(agency.path))
    agencies = Agency.objects.filter(report_filter.scope.agency_q(), valid_to__isnull=True)
    if report_filter.agency is not None:
        agencies = agencies.filter(path__startswith=report_filter.agency.path)
    return agencies.count()


def is_large(report_filter, scope_agencies=None) -> bool:
    return agency_count(report_filter, scope_agencies) > settings.REPORT_FILE_INLINE_AGENCIES


def file_query(query: QueryDict) -> str:
    """The filters as a stable query string (sorted, without the page's sorting)."""
    kept = QueryDict(mutable=True)
    for key in sorted(query):
        if key not in PAGE_ONLY_PARAMS:
            kept.setlist(key, query.getlist(key))
    return kept.urlencode()


def file_name(name: str, fmt: str, report_filter) -> str:
    period = report_filter.period
    return f"bao-cao-{name}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{fmt}"


def build(name: str, fmt: str, report_filter, *, scope, query: QueryDict, report=None) -> bytes:
    """The file, with the PDF's heading, charts and map as the page shows them."""
    from training import report_files, reports

    report = report or reports.run(name, report_filter)
    options = {}
    if fmt == "pdf":
        options = {
            "body": issuing_body_for_path(heading_path(scope, report_filter)),
            "charts": report_figures.charts(name, report),
            "commune_map": report_figures.report_map(
                name, report, report_figures.scope_agencies(scope), query
            ),
        }
    return report_files.report_file(report, fmt, **options)


def request_file(*, user, scope, name: str, fmt: str, query: QueryDict) -> tuple[ReportFile, bool]:
    """The requester's file for these filters: one asked for within the last minutes (queued,
    running, or done with its file kept) is reused, so a second click or a reload does not build
    it twice; else a new job, which the caller enqueues. Returns (job, created)."""
    text = file_query(query)
    since = timezone.now() - timedelta(minutes=settings.REPORT_FILE_REUSE_MINUTES)
    recent = (
        ReportFile.objects.filter(
            kind=JOB_KIND,
            requested_by=user,
            report=name,
            file_format=fmt,
            query=text,
            created_at__gte=since,
            status__in=[JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.DONE],
        )
        .order_by("-created_at")
        .first()
    )
    reusable = recent is not None and (recent.status != JobStatus.DONE or recent.result_file)
    if reusable and scope_within(jobs.job_scope(recent), scope):
        return recent, False
    job = jobs.job_create(
        ReportFile, kind=JOB_KIND, user=user, scope=scope, report=name, file_format=fmt, query=text
    )
    return job, True


def run_job(job_id: int) -> None:
    """The job base's runner: the same filters, inside the scope captured and the requester's
    scope now, on the day the file was asked for; running it again writes the same file."""
    from training import reports

    job = ReportFile.objects.select_related("requested_by").get(pk=job_id)
    actor = jobs.job_actor(job)
    query = QueryDict(job.query)
    with translation.override(job.language or None):
        today = timezone.localdate(job.created_at)
        _form, report_filter = filter_form(query, scope=actor.scope, today=today)
        if report_filter is None or job.report not in reports.REPORTS:
            jobs.fail(job.pk, FILTERS_GONE)
            return
        jobs.progress(job.pk, 0, STEPS)
        report = reports.run(job.report, report_filter)
        jobs.progress(job.pk, 1)
        data = build(
            job.report,
            job.file_format,
            report_filter,
            scope=actor.scope,
            query=query,
            report=report,
        )
        jobs.progress(job.pk, 2)
        with tempfile.NamedTemporaryFile(suffix=f".{job.file_format}") as out:
            out.write(data)
            out.flush()
            jobs.store_result(
                job.pk,
                data_path=out.name,
                extension=job.file_format,
                download_name=file_name(job.report, job.file_format, report_filter),
            )
    jobs.finish(job, rows_done=STEPS)
