"""Report pages: the figures of the reviews for the user's scopes, filtered, sorted, charted,
and downloaded as XLSX, CSV or PDF (the same functions as the `report` command)."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from cadres import jobs, queue
from cadres.access import agency_scope_for, office_view
from cadres.spreadsheets import content_disposition
from training import report_exports, report_figures, report_files, reports
from training.models import ReportFile
from training.periods import PRORATE_RULE

ROWS_SHOWN = 500  # per table on the page; the files hold every row

DESCRIPTIONS = {
    "trained": gettext_lazy(
        "Cadres who completed training in the period and its periods, by agency, agency kind, "
        "cadre category and content kind; training here and elsewhere together."
    ),
    "hours": gettext_lazy(
        "Hours of each cadre and each agency in the period against the yearly target of the "
        "cadre's category, pro-rated to the period; who is below it."
    ),
    "certificates": gettext_lazy(
        "Certificates issued, revoked and expiring in the period, and valid at its end, by "
        "issuing body and year of issue."
    ),
    "groups": gettext_lazy(
        "Women, ethnic-minority cadres, cadres under 35 and commune-level cadres: how many held "
        "a post at the period's end and how many of them were trained in it."
    ),
    "coverage": gettext_lazy(
        "The responsibilities each agency must have filled, and whether their holders have the "
        "training their post requires (trained, untrained, expired) or the post is vacant."
    ),
    "dvk": gettext_lazy(
        "Models and exemplars of the “Dân vận khéo” movement registered, recognised and "
        "replicated in the period, by agency, field and level."
    ),
    "plan": gettext_lazy(
        "Items of the submitted and approved training plans of the period's years against the "
        "classes opened for them, the cadres enrolled and completed and the hours credited; "
        "then per agency."
    ),
}
# Columns whose total down a table means something (a cadre trained in two kinds is one
# cadre, so trained counts are never added up; shares and averages neither).
TOTALS = {
    "trained": {"periods"},
    "hours": {"cadres", "hours", "cadres_below_target"},
    "certificates": {"issued", "revoked", "expiring", "valid_at_end"},
    "groups": set(),
    "dvk": {"registered", "recognised", "replicated"},
    "coverage": {"required", "filled", "trained", "untrained", "expired", "vacant"},
    "plan": {"headcount", "estimated_cost", "classes", "enrolled", "completed", "hours"},
}
# A year is a label, not a quantity: no thousands separator ("2026", not "2.026").
NUMERIC = {
    "quarter",
    "headcount",
    "estimated_cost",
    "classes",
    "enrolled",
    "completed",
    "share_done",
    "cadres_trained",
    "periods",
    "hours",
    "target",
    "cadres",
    "average_hours",
    "cadres_below_target",
    "year",
    "issued",
    "revoked",
    "expiring",
    "valid_at_end",
    "share_trained",
    "registered",
    "recognised",
    "replicated",
    "required",
    "filled",
    "trained",
    "untrained",
    "expired",
    "vacant",
}


def _report_name(name: str) -> str:
    if name not in reports.REPORTS:
        raise Http404
    return name


def _table(name: str, frame, *, sort: str, descending: bool, main: bool) -> dict:
    columns = [
        {"key": key, "label": reports.LABELS.get(key, key), "numeric": key in NUMERIC}
        for key in frame.columns
    ]
    if sort in frame.columns:
        frame = frame.sort_values(sort, ascending=not descending, kind="stable")
    shown = frame.head(ROWS_SHOWN).copy()
    if "share_trained" in shown:
        shown["share_trained"] = (shown["share_trained"] * 100).round(1)  # shown as a percent
    rows = [
        [report_files.cell_value(v) for v in row]
        for row in shown.itertuples(index=False, name=None)
    ]
    totals = None
    if main and TOTALS[name] and len(frame):
        totals = [int(frame[key].sum()) if key in TOTALS[name] else None for key in frame.columns]
    return {"columns": columns, "rows": rows, "totals": totals, "count": len(frame)}


@office_view
def report_index(request):
    items = [
        {"name": name, "title": reports.TITLES[name], "description": DESCRIPTIONS[name]}
        for name in reports.REPORTS
    ]
    return render(request, "training/reports/index.html", {"items": items})


@office_view
def report_page(request, name: str):
    name = _report_name(name)
    scope = agency_scope_for(request.user)
    form, report_filter = report_exports.filter_form(
        request.GET,
        scope=scope,
        today=timezone.localdate(),
        # read once in the request: the form offers them, the report names its rows from them
        categories=reports.cadre_categories(),
    )
    context = {
        "name": name,
        "title": reports.TITLES[name],
        "description": DESCRIPTIONS[name],
        "form": form,
        "query": request.GET.urlencode(),
        "rows_shown": ROWS_SHOWN,
    }
    if report_filter is not None:
        report = reports.run(name, report_filter)
        sort = request.GET.get("sort", "")
        descending = request.GET.get("dir") == "desc"
        context.update(
            report=report,
            period=report_files.period_text(report),
            sort=sort,
            descending=descending,
            tables=[
                {
                    "name": sheet,
                    **_table(name, frame, sort=sort, descending=descending, main=i == 0),
                }
                for i, (sheet, frame) in enumerate(report.frames.items())
            ],
            charts=report_figures.charts(name, report),
            prorate_rule=PRORATE_RULE if name == "hours" else "",
            commune_map=report_figures.report_map(
                name, report, form.fields["agency"].queryset, request.GET
            ),
            # the agencies the form offers (read once for its options) are the scope's today
            files_as_jobs=report_exports.is_large(report_filter, form.agency_options()),
        )
    return render(request, "training/reports/report.html", context)


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


@office_view
def report_download(request, name: str, fmt: str):
    """The file for the page's filters: built here for a few agencies; for many, on the job base
    (a GET, because a file is a read: leaders download too; a repeat reuses the job)."""
    name = _report_name(name)
    if fmt not in report_files.FORMATS:
        raise Http404
    scope = agency_scope_for(request.user)
    _form, report_filter = report_exports.filter_form(
        request.GET, scope=scope, today=timezone.localdate()
    )
    if report_filter is None:
        raise Http404  # the page shows why; a download link is only offered for valid filters
    if report_exports.is_large(report_filter):
        job, created = report_exports.request_file(
            user=request.user, scope=scope, name=name, fmt=fmt, query=request.GET
        )
        if created:
            queue.job_enqueue(job)
        return redirect("training:report_file", pk=job.pk)
    data = report_exports.build(name, fmt, report_filter, scope=scope, query=request.GET)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = content_disposition(
        report_exports.file_name(name, fmt, report_filter)
    )
    return response


@office_view
def report_file(request, pk: int):
    """A report file built on the job base: progress (the page refreshes itself), then the
    download, for its requester only."""
    job = jobs.access_job_by_id(request.user, pk, ReportFile)
    queue.requeue_if_stale(job)
    job.refresh_from_db()
    return render(
        request,
        "training/reports/file.html",
        {
            "job": job,
            "title": reports.TITLES.get(job.report, job.report),
            "back": reverse("training:report_page", args=[job.report]) + "?" + job.query,
        },
    )
