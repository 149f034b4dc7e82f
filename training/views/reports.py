"""Report pages: the figures of the reviews for the user's scopes, filtered, sorted, charted,
and downloaded as XLSX, CSV or PDF (the same functions as the `report` command)."""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cadres.access import agency_scope_for, office_view
from cadres.models import Agency
from cadres.places import unit_points
from cadres.spreadsheets import content_disposition
from curriculum.models import CoursePage
from training import report_files, reports
from training.charts import bar_chart
from training.forms import ReportFilterForm
from training.maps import commune_map
from training.periods import PRORATE_RULE
from training.services import issuing_body_for_path

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


def _filter_form(request):
    scope = agency_scope_for(request.user)
    agencies = Agency.objects.filter(scope.agency_q(), valid_to__isnull=True).order_by("path")
    courses = CoursePage.objects.order_by("title").only("id", "title", "code")
    form = ReportFilterForm(
        request.GET or None, agencies=agencies, courses=courses, today=timezone.localdate()
    )
    if not form.is_bound:
        form = ReportFilterForm(
            {"period": "state_year", "year": timezone.localdate().year, "cut": "today"},
            agencies=agencies,
            courses=courses,
            today=timezone.localdate(),
        )
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    course = data.get("course")
    category = data.get("category")
    return form, reports.ReportFilter(
        period=form.report_period(),
        scope=scope,
        agency=data.get("agency"),
        course_id=course.pk if course else None,
        content_kind=data.get("content_kind") or "",
        category_id=category.pk if category else None,
        as_then=data.get("cut") == "then",
    )


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


def _charts(name: str, report) -> list:
    frames = list(report.frames.values())
    if name == "trained" and len(frames) > 1:
        by_kind = frames[1]
        return [
            bar_chart(
                _("Periods by content kind"),
                [(r.content_kind, r.periods, f"{r.periods:,}") for r in by_kind.itertuples()],
            )
        ]
    if name == "hours":
        per_agency = frames[0]
        items = [
            (r.agency, r.cadres_below_target / r.cadres, f"{r.cadres_below_target / r.cadres:.0%}")
            for r in per_agency.itertuples()
            if r.cadres
        ]
        return [bar_chart(_("Share of cadres below target, by agency (highest first)"), items)]
    if name == "certificates":
        totals = frames[0].groupby("issuer")["issued"].sum()
        return [
            bar_chart(
                _("Certificates issued in the period, by issuing body"),
                [(issuer, int(n), f"{int(n):,}") for issuer, n in totals.items()],
            )
        ]
    if name == "coverage":
        by_kind = frames[0]
        items = []
        for r in by_kind.itertuples():
            share = r.trained / r.required if r.required else 0.0
            items.append((r.responsibility, share, f"{r.trained}/{r.required}"))
        return [bar_chart(_("Posts held by a trained officer, by responsibility"), items)]
    if name == "dvk" and len(frames) > 1:
        by_field = frames[1]
        return [
            bar_chart(
                _("Registered in the period, by field"),
                [(r.dvk_field, r.registered, f"{r.registered:,}") for r in by_field.itertuples()],
            )
        ]
    if name == "groups":
        return [
            bar_chart(
                _("Share trained in the period, by group"),
                [
                    (r.group, r.share_trained, f"{r.share_trained:.1%}")
                    for r in frames[0].itertuples()
                ],
            )
        ]
    return []


def _hours_map(request, report, agencies):
    by_commune = report.by_commune
    if by_commune is None:
        return None
    # Every commune of the scope gets a point; those without a cadre posted show as such.
    codes = sorted(
        set(by_commune["commune"])
        | set(agencies.filter(admin_code__regex=r"^\d{5}$").values_list("admin_code", flat=True))
    )
    tops = {}
    for agency in agencies.filter(admin_code__in=codes).order_by("depth"):
        tops.setdefault(agency.admin_code, agency.pk)
    query = request.GET.copy()
    query.pop("agency", None)

    def url_for(code: str) -> str:
        if code not in tops:
            return ""
        query["agency"] = tops[code]
        return "?" + query.urlencode()

    items = [
        (
            row.commune,
            row.cadres_below_target / row.cadres if row.cadres else 0.0,
            _("%(below)s of %(cadres)s cadres below target")
            % {"below": row.cadres_below_target, "cadres": row.cadres},
        )
        for row in by_commune.itertuples()
    ]
    with_figures = set(by_commune["commune"])
    items += [(code, None, _("no cadre posted")) for code in codes if code not in with_figures]
    return commune_map(
        _("Communes by share of cadres below target"), items, unit_points(codes), url_for
    )


def _heading_path(user, report_filter) -> str:
    """Where the PDF's heading comes from: the agency chosen, else the user's one subtree (a
    commune's officer prints under the body above them); several or the province: the default."""
    if report_filter.agency is not None:
        return report_filter.agency.path
    parts = agency_scope_for(user).parts
    return parts[0].path if len(parts) == 1 else ""


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
    form, report_filter = _filter_form(request)
    agencies = form.fields["agency"].queryset
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
            charts=_charts(name, report),
            prorate_rule=PRORATE_RULE if name == "hours" else "",
            commune_map=_hours_map(request, report, agencies) if name == "hours" else None,
        )
    return render(request, "training/reports/report.html", context)


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


@office_view
def report_download(request, name: str, fmt: str):
    name = _report_name(name)
    if fmt not in report_files.FORMATS:
        raise Http404
    form, report_filter = _filter_form(request)
    if report_filter is None:
        raise Http404  # the page shows why; a download link is only offered for valid filters
    report = reports.run(name, report_filter)
    options = {}
    if fmt == "pdf":
        agencies = form.fields["agency"].queryset
        options = {
            "body": issuing_body_for_path(_heading_path(request.user, report_filter)),
            "charts": _charts(name, report),
            "commune_map": _hours_map(request, report, agencies) if name == "hours" else None,
        }
    period = report_filter.period
    filename = f"bao-cao-{name}-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{fmt}"
    response = HttpResponse(
        report_files.report_file(report, fmt, **options), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = content_disposition(filename)
    return response
