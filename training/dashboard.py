"""The office home's figures for the user's scopes: the State reporting year so far (from the
same report functions as the report pages) and the communes that lag most in hours.

The figures cost a few grouped queries over the whole scope, so they are kept in the cache for
DASHBOARD_CACHE_SECONDS per scope and day (the panel says when they were computed); what waits
for someone's action is counted live (training.views.office.pending_work)."""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cadres.access import agency_scope_for, scope_to_list
from cadres.places import unit_points
from cadres.selectors import DashboardPanel, KeyFigure
from training.periods import preset, state_year_of
from training.report_figures import commune_tops, scope_agencies

LAGGING_SHOWN = 5  # communes listed as lagging most


@dataclass(frozen=True)
class YearFigures:
    """The raw numbers of one scope's reporting year, as kept in the cache."""

    year: int
    computed_at: str  # ISO time
    serving: int
    trained: int
    hours_cadres: int
    below_target: int
    certificates_issued: int
    required_posts: int
    trained_posts: int
    vacant_posts: int
    dvk_recognised: int
    lagging: list  # [agency id, commune name, cadres, below target], worst first


def _cache_key(scope, year: int, day) -> str:
    digest = hashlib.sha1(json.dumps(scope_to_list(scope)).encode()).hexdigest()[:16]
    return f"dashboard:v1:{digest}:{year}:{day:%Y%m%d}"


def year_figures(scope, *, today) -> YearFigures:
    year = state_year_of(today)
    key = _cache_key(scope, year, today)
    kept = cache.get(key)
    if kept is not None:
        return YearFigures(**kept)
    figures = _compute(scope, year)
    cache.set(key, figures.__dict__, settings.DASHBOARD_CACHE_SECONDS)
    return figures


def _compute(scope, year: int) -> YearFigures:
    from training import reports  # with pandas: loaded when figures are made, not at start-up

    f = reports.ReportFilter(period=preset("state_year", year), scope=scope)
    everyone = reports.groups(f).main.iloc[0]  # the "all cadres" row
    hours = reports.hours(f)
    per_agency = hours.main
    coverage = reports.coverage(f).main
    dvk = reports.dvk(f).main
    return YearFigures(
        year=year,
        computed_at=timezone.now().isoformat(),
        serving=int(everyone["cadres"]),
        trained=int(everyone["cadres_trained"]),
        hours_cadres=int(per_agency["cadres"].sum()),
        below_target=int(per_agency["cadres_below_target"].sum()),
        certificates_issued=int(reports.certificates(f).main["issued"].sum()),
        required_posts=int(coverage["required"].sum()),
        trained_posts=int(coverage["trained"].sum()),
        vacant_posts=int(coverage["vacant"].sum()),
        dvk_recognised=int(dvk["recognised"].sum()) if "recognised" in dvk else 0,
        lagging=_lagging(scope, hours.by_commune),
    )


def _lagging(scope, by_commune) -> list:
    """The communes with the largest share of cadres below target (at least one cadre)."""
    if by_commune is None or by_commune.empty:
        return []
    rows = by_commune[by_commune["cadres"] > 0].copy()
    rows["share"] = rows["cadres_below_target"] / rows["cadres"]
    rows = rows[rows["cadres_below_target"] > 0]
    rows = rows.sort_values(["share", "cadres"], ascending=[False, False]).head(LAGGING_SHOWN)
    tops = commune_tops(scope_agencies(scope), rows["commune"])
    places = unit_points(list(tops))  # "phường Rạch Giá" rather than its Party committee
    return [
        [
            tops[row.commune][0],
            capfirst(places[row.commune][0]) if row.commune in places else tops[row.commune][1],
            int(row.cadres),
            int(row.cadres_below_target),
        ]
        for row in rows.itertuples()
        if row.commune in tops
    ]


def _share(part: int, whole: int) -> str:
    return f"{formats.number_format(100 * part / whole, 0)}%" if whole else "—"


def _report_url(name: str, year: int, **extra) -> str:
    query = {"period": "state_year", "year": year, "cut": "today", **extra}
    return reverse("training:report_page", args=[name]) + "?" + urlencode(query)


def _count(value: int) -> str:
    return formats.number_format(value, 0, force_grouping=True)


def dashboard_panels(user) -> list[DashboardPanel]:
    """The reporting year's key figures and the communes lagging most, for every office user
    with a scope (leaders too: they read)."""
    scope = agency_scope_for(user)
    if not scope.parts and not scope.everything:
        return []
    today = timezone.localdate()
    y = year_figures(scope, today=today)
    period = preset("state_year", y.year)
    computed = timezone.localtime(datetime.fromisoformat(y.computed_at))
    note = _("From %(start)s to %(end)s; figures as of %(time)s.") % {
        "start": f"{period.start:%d/%m/%Y}",
        "end": f"{period.end:%d/%m/%Y}",
        "time": f"{computed:%H:%M %d/%m/%Y}",
    }
    lacking = y.required_posts - y.trained_posts
    figures = [
        KeyFigure(
            _("cadres trained this year"),
            _count(y.trained),
            _("%(share)s of %(serving)s cadres holding a post")
            % {"share": _share(y.trained, y.serving), "serving": _count(y.serving)},
            _report_url("groups", y.year),
        ),
        KeyFigure(
            _("cadres below their hours target"),
            _count(y.below_target),
            _("%(share)s of %(cadres)s cadres")
            % {"share": _share(y.below_target, y.hours_cadres), "cadres": _count(y.hours_cadres)},
            _report_url("hours", y.year, sort="cadres_below_target", dir="desc"),
            warn=bool(y.below_target),
        ),
        KeyFigure(
            _("required posts without a trained officer"),
            _count(lacking),
            _("of %(required)s required posts; %(vacant)s vacant")
            % {"required": _count(y.required_posts), "vacant": _count(y.vacant_posts)},
            _report_url("coverage", y.year),
            warn=bool(lacking),
        ),
        KeyFigure(
            _("certificates issued this year"),
            _count(y.certificates_issued),
            "",
            _report_url("certificates", y.year),
        ),
        KeyFigure(
            _("“Dân vận khéo” models recognised this year"),
            _count(y.dvk_recognised),
            "",
            _report_url("dvk", y.year),
        ),
    ]
    panels = [
        DashboardPanel(
            _("Reporting year %(year)s") % {"year": y.year}, figures, note=note, ranked=False
        )
    ]
    if len(y.lagging) > 1 or (y.lagging and scope.everything):
        panels.append(
            DashboardPanel(
                _("Communes lagging most in training hours"),
                [
                    KeyFigure(
                        name,
                        _share(below, cadres),
                        _("%(below)s of %(cadres)s cadres below target")
                        % {"below": _count(below), "cadres": _count(cadres)},
                        _report_url("hours", y.year, agency=pk),
                        warn=True,
                    )
                    for pk, name, cadres, below in y.lagging
                ],
                note=_("Share of the cadres holding a post who are below their hours target."),
                ranked=True,
            )
        )
    return panels
