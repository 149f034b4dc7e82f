"""What a report shows besides its tables: bar charts and the map of communes, the same on the
page, in the meeting PDF built in the request and in one built on the job base."""

from django.http import QueryDict
from django.utils.translation import gettext as _

from cadres.models import Agency
from cadres.places import unit_points
from training.charts import bar_chart
from training.maps import CommuneMap, commune_map


def charts(name: str, report) -> list:
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


def _hours_items(by_commune) -> list:
    return [
        (
            row.commune,
            row.cadres_below_target / row.cadres if row.cadres else 0.0,
            _("%(below)s of %(cadres)s cadres below target")
            % {"below": row.cadres_below_target, "cadres": row.cadres},
        )
        for row in by_commune.itertuples()
    ]


def _coverage_items(by_commune) -> list:
    items = []
    for row in by_commune.itertuples():
        lacking = row.required - row.trained  # untrained, expired or vacant
        items.append(
            (
                row.commune,
                lacking / row.required if row.required else 0.0,
                _("%(lacking)s of %(required)s required posts without a trained officer")
                % {"lacking": lacking, "required": row.required},
            )
        )
    return items


# Which reports have a map, its title, what the points say and what they have when the commune
# has no figures. Shares grow the worse it is, so the same colour bands read alike on both maps.
MAPS = {
    "hours": (
        lambda: _("Communes by share of cadres below target"),
        _hours_items,
        lambda: _("no cadre posted"),
    ),
    "coverage": (
        lambda: _("Communes by share of required posts without a trained officer"),
        _coverage_items,
        lambda: _("no post required"),
    ),
}


def report_map(name: str, report, agencies, query: QueryDict | None = None) -> CommuneMap | None:
    """The report's map of communes, if it has one: every commune of `agencies` (the user's
    scope) gets a point; each links to the same report filtered to that commune."""
    if name not in MAPS or report.by_commune is None:
        return None
    title, items_for, nothing = MAPS[name]
    by_commune = report.by_commune
    codes = sorted(
        set(by_commune["commune"])
        | set(agencies.filter(admin_code__regex=r"^\d{5}$").values_list("admin_code", flat=True))
    )
    tops = {code: pk for code, (pk, _name) in commune_tops(agencies, codes).items()}
    query = (query or QueryDict()).copy()
    query.pop("agency", None)

    def url_for(code: str) -> str:
        if code not in tops:
            return ""
        query["agency"] = tops[code]
        return "?" + query.urlencode()

    items = items_for(by_commune)
    with_figures = set(by_commune["commune"])
    items += [(code, None, nothing()) for code in codes if code not in with_figures]
    return commune_map(title(), items, unit_points(codes), url_for)


def commune_tops(agencies, codes) -> dict[str, tuple[int, str]]:
    """For each commune-level code, the topmost of `agencies` carrying it (id, name): where a
    commune's figures open (a commune's Party committee sits above its other bodies)."""
    tops = {}
    for pk, name, code in (
        agencies.filter(admin_code__in=list(codes))
        .order_by("depth", "path")
        .values_list("pk", "name", "admin_code")
    ):
        tops.setdefault(code, (pk, name))
    return tops


def scope_agencies(scope):
    """Today's agencies of a scope: what the filter offers and what the map draws."""
    return Agency.objects.filter(scope.agency_q(), valid_to__isnull=True).order_by("path")
