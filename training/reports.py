"""The figures of the six-month and yearly reviews, as pure functions over the database.

Each report takes a `ReportFilter` (scope, period, course, content kind, cadre category, and the
cut: agencies as they were then, or rolled up into today's) and returns a `Report`: pandas
DataFrames with stable English column keys; `LABELS` gives the Vietnamese headings that pages
and files show (training.report_files).

Aggregation happens in the database (GROUP BY, COUNT DISTINCT), never by pulling rows of
training into pandas: the frames hold one row per group (one per cadre for `hours`). Internal
and outside training are one UNION ALL, so a cadre trained both ways counts once.

Training counts for the agency the cadre was in when it ended (Enrolment.agency,
ExternalTraining.agency). Rolled up, an agency ended by a merger or a split counts under its
live successor (cadres.selectors.current_successors).
"""

import gc
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import pandas as pd
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from cadres import selectors as cadre_selectors
from cadres.access import EVERYTHING, Acting, AgencyScope
from cadres.ethnic_groups import MAJORITY_CODE
from cadres.models import Agency, CadreCategory, Gender, Posting
from cadres.request_memo import remembered
from cadres.selectors import current_successors
from curriculum.choices import CaseField, CaseKind, ContentKind, RecognitionLevel
from curriculum.emulation.models import Decision, Registration, Replication
from training.models import (
    Certificate,
    Enrolment,
    EnrolmentStatus,
    ExternalTraining,
    HoursTarget,
    IssuingBody,
    Offering,
    TrainingPlanItem,
    TrainingPlanStatus,
)
from training.periods import PRORATE_RULE, Period, prorate

YOUNG_AGE = 35  # "cán bộ trẻ": under 35 on the period's last day
MAJORITY_ETHNICITY = MAJORITY_CODE  # an ethnic minority: any other group of the coded list
COMMUNE_CODE_LENGTH = 5  # commune-level units have 5-digit administrative codes

LABELS = {
    "agency": _("Agency"),
    "agency_kind": _("Agency kind"),
    "category": _("Cadre category"),
    "content_kind": _("Content kind"),
    "cadres_trained": _("Cadres trained"),
    "periods": _("Periods"),
    "personnel_code": _("Personnel code"),
    "full_name": _("Full name"),
    "hours": _("Hours (periods)"),
    "target": _("Target for the period"),
    "below_target": _("Below target"),
    "cadres": pgettext_lazy("report column", "Cadres"),
    "average_hours": _("Average hours"),
    "cadres_below_target": _("Cadres below target"),
    "issuer": _("Issuing body"),
    "year": _("Year of issue"),
    "issued": _("Issued in the period"),
    "revoked": _("Revoked in the period"),
    "expiring": _("Expiring in the period"),
    "valid_at_end": _("Valid at the period's end"),
    "group": _("Group"),
    "share_trained": _("Share trained"),
    "dvk_field": _("Field"),
    "case_kind_label": _("Model or exemplar"),
    "registered": pgettext_lazy("report column", "Registered"),
    "recognised": pgettext_lazy("report column", "Recognised"),
    "replicated": pgettext_lazy("report column", "Replicated"),
    "recognition_level": _("Level of recognition"),
    "responsibility": _("Responsibility"),
    "required": pgettext_lazy("report column", "Required"),
    "filled": pgettext_lazy("report column", "Filled"),
    "trained": pgettext_lazy("report column", "Trained"),
    "untrained": pgettext_lazy("report column", "Untrained"),
    "expired": pgettext_lazy("report column", "Expired"),
    "vacant": pgettext_lazy("report column", "Vacant"),
    "plan_year": _("Plan year"),
    "plan_status": _("Plan status"),
    "training": _("Training"),
    "quarter": _("Quarter"),
    "headcount": _("Target headcount"),
    "estimated_cost": _("Estimated cost (VND)"),
    "classes": _("Classes opened"),
    "enrolled": _("Enrolled"),
    "completed": _("Completed"),
    "share_done": _("Share of the target completed"),
}

TITLES = {
    "trained": _("Cadres trained"),
    "hours": _("Training hours against targets"),
    "certificates": _("Certificates"),
    "coverage": _("Responsible officers and their training"),
    "groups": _("Groups singled out by the programmes"),
    "dvk": _("“Dân vận khéo” models and exemplars"),
    "plan": _("Training plans against what was done"),
}


@dataclass(frozen=True)
class ReportFilter:
    period: Period
    scope: AgencyScope = EVERYTHING
    agency: Agency | None = None  # only this agency's subtree
    course_id: int | None = None
    content_kind: str = ""
    category_id: int | None = None
    as_then: bool = False  # agencies as they were then; otherwise rolled up into today's


@dataclass
class Report:
    name: str
    title: str
    filter: ReportFilter
    frames: dict[str, pd.DataFrame]  # sheet name -> table; the first is the main one
    notes: list[str] = field(default_factory=list)
    # Figures for the page's map, not a sheet: per commune (administrative code).
    by_commune: pd.DataFrame | None = None

    @property
    def main(self) -> pd.DataFrame:
        return next(iter(self.frames.values()))


# --- The agency cut --------------------------------------------------------------------------


class _Cut:
    """Which agency a row counts for, and which rows the filter's scope lets through."""

    def __init__(self, f: ReportFilter):
        self.successors = {} if f.as_then else current_successors()
        self.limited = not f.scope.everything or f.agency is not None
        self.allowed: set[int] = set()
        if self.limited:
            agencies = Agency.objects.filter(f.scope.agency_q())
            if f.agency is not None:
                agencies = agencies.filter(path__startswith=f.agency.path)
            self.allowed = set(agencies.values_list("pk", flat=True))

    def source_ids(self) -> list[int] | None:
        """Agency ids whose rows count (None: all). Rolled up, an ended agency's rows count
        when its successor is allowed, wherever the ended agency sat in the tree."""
        if not self.limited:
            return None
        ids = {pk for pk in self.allowed if self.successors.get(pk, pk) in self.allowed}
        ids |= {old for old, new in self.successors.items() if new in self.allowed}
        return sorted(ids)

    def case_sql(self, column: str) -> tuple[str, list]:
        """SQL mapping an agency column to the agency it counts for."""
        if not self.successors:
            return column, []
        whens, params = [], []
        for old, new in sorted(self.successors.items()):
            whens.append("WHEN %s THEN %s")
            params += [old, new]
        return f"(CASE {column} {' '.join(whens)} ELSE {column} END)", params


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _training_rows(f: ReportFilter, source_ids: list[int] | None, *, who_and_kind=False):
    """Completed training in the period, internal and outside, as (cadre, agency, category,
    content kind, hours) rows: one SQL text and its parameters (a UNION ALL).

    who_and_kind: only (cadre, content kind, hours) rows (and the agency when the scope needs
    it), which spares the join to the cadres where no filter asks for it."""
    internal = Enrolment.objects.filter(
        status=EnrolmentStatus.COMPLETED,
        completed_at__gte=_day_start(f.period.start),
        completed_at__lt=_day_start(f.period.end + timedelta(days=1)),
    )
    external = ExternalTraining.objects.filter(end_date__range=(f.period.start, f.period.end))
    if f.course_id:
        internal = internal.filter(offering__course_id=f.course_id)
        external = external.none()
    if f.content_kind:
        internal = internal.filter(offering__course__content_kind=f.content_kind)
        external = external.filter(content_kind=f.content_kind)
    if f.category_id:
        internal = internal.filter(cadre__category_id=f.category_id)
        external = external.filter(cadre__category_id=f.category_id)
    columns = {"t_cadre": F("cadre_id")}
    if not who_and_kind or source_ids is not None:
        columns["t_agency"] = Coalesce("agency_id", "cadre__agency_id")
    if not who_and_kind:
        columns["t_category"] = F("cadre__category_id")
    internal = internal.values(
        **columns, t_kind=F("offering__course__content_kind"), t_hours=F("hours_credited")
    )
    external = external.values(**columns, t_kind=F("content_kind"), t_hours=F("hours"))
    if source_ids is not None:
        internal = internal.filter(t_agency__in=source_ids)
        external = external.filter(t_agency__in=source_ids)
    parts = [internal.order_by()]
    if not f.course_id:
        parts.append(external.order_by())
    sqls, params = [], []
    for part in parts:
        sql, part_params = part.query.sql_with_params()
        sqls.append(sql)
        params += list(part_params)
    return " UNION ALL ".join(sqls), params


def _fetch(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


FEW_AGENCIES = 500


def _values(queryset) -> list[tuple]:
    """A values_list of plain columns in one fetch (the ORM fetches 100 rows at a time)."""
    try:
        sql, params = queryset.query.sql_with_params()
    except EmptyResultSet:  # a filter on an empty list: nothing to ask the database
        return []
    return _fetch(sql, list(params))


def _agency_facts(ids) -> pd.DataFrame:
    """Name, kind and tree path of the agencies asked for. Past a few hundred, the whole
    registry (a few thousand rows) comes in one query and pandas keeps those asked for: cheaper
    than thousands of query parameters."""
    wanted = set(ids)
    rows = Agency.objects.values_list("pk", "name", "kind__name", "path")
    if len(wanted) <= FEW_AGENCIES:
        rows = rows.filter(pk__in=wanted)
    frame = pd.DataFrame(_values(rows), columns=["agency_id", "agency", "agency_kind", "path"])
    if len(wanted) > FEW_AGENCIES:
        frame = frame.loc[frame["agency_id"].isin(wanted)].reset_index(drop=True)
    return frame


def _agency_lookup(ids) -> pd.DataFrame:
    """The agencies' facts indexed by id in tree order, with their rank in it ("order"), for
    Series.map: one vectorised look-up, where a merge or dictionaries built element by element
    cost more on tens of thousands of rows."""
    facts = _agency_facts(ids).sort_values("path").set_index("agency_id")
    facts["order"] = range(len(facts))
    return facts


def _frame(rows: list[tuple], columns: list[str]) -> pd.DataFrame:
    """A frame from fetched rows, built column by column (cheaper than row by row)."""
    if not rows:
        return pd.DataFrame(rows, columns=columns)
    return pd.DataFrame(dict(zip(columns, zip(*rows, strict=True), strict=True)))


def cadre_categories() -> list[CadreCategory]:
    """The cadre categories in their order, read once per request: a report page names its
    rows' categories and offers them in its filter form."""
    return remembered("training:report-categories", lambda: list(CadreCategory.objects.all()))


def _category_names() -> dict[int, str]:
    return {c.pk: c.name for c in cadre_categories()}


def _kind_order() -> dict[str, int]:
    return {value: index for index, value in enumerate(ContentKind.values)}


def _kind_labels() -> dict[str, str]:
    return {value: str(label) for value, label in ContentKind.choices}


def _filter_notes(f: ReportFilter) -> list[str]:
    cut = (
        _("Agencies as they were when the training ended.")
        if f.as_then
        else _("Agencies rolled up into today's agencies (across mergers and splits).")
    )
    return [str(cut)]


# --- 1. trained ------------------------------------------------------------------------------


def trained(f: ReportFilter) -> Report:
    """Cadres trained and periods, by agency, agency kind, cadre category and content kind."""
    cut = _Cut(f)
    rows_sql, params = _training_rows(f, cut.source_ids())
    agency_sql, agency_params = cut.case_sql("t.t_agency")
    # Two aggregates, each one GROUP BY in the database: by agency, category and kind, and the
    # totals by kind (a cadre trained in two agencies counts once there), over slimmer rows
    # (no join to the cadres unless a filter needs one). Measured against one scan per cadre and group shaped in
    # pandas: fetching 300,000 groups cost more than a scan; against one statement (a common
    # table expression grouped twice, or a window marking each cadre's first row): slower.
    detail = _fetch(
        f"SELECT {agency_sql}, t.t_category, t.t_kind, COUNT(DISTINCT t.t_cadre), SUM(t.t_hours) "
        f"FROM ({rows_sql}) t GROUP BY 1, 2, 3",
        agency_params + params,
    )
    kind_sql, kind_params = _training_rows(f, cut.source_ids(), who_and_kind=True)
    by_kind = pd.DataFrame(
        _fetch(
            "SELECT t.t_kind, COUNT(DISTINCT t.t_cadre), SUM(t.t_hours) "
            f"FROM ({kind_sql}) t GROUP BY t.t_kind",
            kind_params,
        ),
        columns=["kind", "cadres_trained", "periods"],
    )
    frame = _frame(detail, ["agency_id", "category_id", "kind", "cadres_trained", "periods"])
    facts = _agency_lookup(frame["agency_id"].unique())
    for column in ("order", "agency", "agency_kind"):
        frame[column] = frame["agency_id"].map(facts[column])
    categories = _category_names()
    frame["category"] = frame["category_id"].map(categories).fillna("")
    frame["content_kind"] = frame["kind"].map(_kind_labels())
    frame["kind_order"] = frame["kind"].map(_kind_order())
    frame = frame.sort_values(["order", "category", "kind_order"], kind="stable")
    main = frame[
        ["agency", "agency_kind", "category", "content_kind", "cadres_trained", "periods"]
    ].reset_index(drop=True)
    summary = by_kind
    summary["kind_order"] = summary["kind"].map(_kind_order())
    summary = summary.sort_values("kind_order")
    summary["content_kind"] = summary["kind"].map(_kind_labels())
    summary = summary[["content_kind", "cadres_trained", "periods"]].reset_index(drop=True)
    return Report(
        "trained",
        str(TITLES["trained"]),
        f,
        {str(_("By agency")): _ints(main), str(_("By content kind")): _ints(summary)},
        _filter_notes(f),
    )


def _ints(frame: pd.DataFrame) -> pd.DataFrame:
    for column in ("cadres_trained", "periods", "hours", "cadres", "cadres_below_target"):
        if column in frame:
            frame[column] = frame[column].fillna(0).astype("int64")
    return frame


# --- The population: who held a post on the period's last day --------------------------------


def _population(f: ReportFilter, cut: _Cut, **annotations):
    """Postings open on the period's last day (one per cadre), with the cadre's facts."""
    end = f.period.end
    postings = Posting.objects.filter(start_date__lte=end).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=end)
    )
    if f.category_id:
        postings = postings.filter(cadre__category_id=f.category_id)
    source_ids = cut.source_ids()
    if source_ids is not None:
        postings = postings.filter(agency_id__in=source_ids)
    return postings.order_by().values(p_cadre=F("cadre_id"), p_agency=F("agency_id"), **annotations)


# --- 2. hours --------------------------------------------------------------------------------


def hours(f: ReportFilter) -> Report:
    """Hours per cadre and per agency against the yearly targets pro-rated to the period."""
    cut = _Cut(f)
    population = _population(
        f,
        cut,
        p_code=F("cadre__personnel_code"),
        p_name=F("cadre__full_name"),
        p_sort=F("cadre__name_sort_text"),
        p_category=F("cadre__category_id"),
    )
    population_sql, population_params = population.query.sql_with_params()
    rows_sql, params = _training_rows(f, None)
    agency_sql, agency_params = cut.case_sql("p.p_agency")
    rows = _fetch(
        f"SELECT {agency_sql}, p.p_code, p.p_name, p.p_sort, p.p_category, "
        "COALESCE(h.hours, 0) "
        f"FROM ({population_sql}) p LEFT JOIN ("
        f"SELECT t.t_cadre, SUM(t.t_hours) AS hours FROM ({rows_sql}) t GROUP BY t.t_cadre"
        ") h ON h.t_cadre = p.p_cadre",
        agency_params + list(population_params) + params,
    )
    frame = _frame(
        rows, ["agency_id", "personnel_code", "full_name", "sort", "category_id", "hours"]
    )
    targets = {
        t.category_id: prorate(t.hours, f.period)
        for t in HoursTarget.objects.filter(year=f.period.end.year)
    }
    frame["target"] = frame["category_id"].map(targets).astype("Int64")
    frame["below_target"] = (frame["hours"] < frame["target"]).fillna(False).astype(bool)
    frame["category"] = frame["category_id"].map(_category_names()).fillna("")
    # Agencies' names and tree order looked up by id: a merge and a sort on paths cost more
    # than the SQL on 100,000 cadres.
    facts = _agency_lookup(frame["agency_id"].unique())
    frame["order"] = frame["agency_id"].map(facts["order"])
    frame["agency"] = frame["agency_id"].map(facts["agency"])
    frame = frame.sort_values(["order", "sort", "personnel_code"], kind="stable")
    per_cadre = frame[
        ["agency", "personnel_code", "full_name", "category", "hours", "target", "below_target"]
    ].reset_index(drop=True)
    grouped = frame.groupby("order", sort=True)
    per_agency = pd.DataFrame(
        {
            "agency_id": grouped["agency_id"].first(),
            "cadres": grouped.size(),
            "hours": grouped["hours"].sum(),
            "cadres_below_target": grouped["below_target"].sum(),
        }
    ).reset_index(drop=True)
    per_agency["agency"] = per_agency["agency_id"].map(facts["agency"])
    per_agency["agency_kind"] = per_agency["agency_id"].map(facts["agency_kind"])
    per_agency["average_hours"] = (per_agency["hours"] / per_agency["cadres"]).round(1)
    per_agency = per_agency[
        ["agency", "agency_kind", "cadres", "hours", "average_hours", "cadres_below_target"]
    ]
    codes = commune_codes(frame["agency_id"].unique())
    frame["commune"] = frame["agency_id"].map(codes)
    grouped = frame.dropna(subset=["commune"]).groupby("commune")
    by_commune = pd.DataFrame(
        {
            "cadres": grouped.size(),
            "hours": grouped["hours"].sum(),
            "cadres_below_target": grouped["below_target"].sum(),
        }
    ).reset_index()
    notes = _filter_notes(f) + [
        str(_("Cadres holding a post on %(day)s.") % {"day": f"{f.period.end:%d/%m/%Y}"}),
        str(PRORATE_RULE),
    ]
    return Report(
        "hours",
        str(TITLES["hours"]),
        f,
        {str(_("By agency")): _ints(per_agency), str(_("By cadre")): _ints(per_cadre)},
        notes,
        by_commune=by_commune,
    )


# --- 5. certificates -------------------------------------------------------------------------


def certificates(f: ReportFilter) -> Report:
    """Issued, revoked and expiring in the period, and valid at its end, by issuer and year of
    the register (the year of issue: register numbers restart each year)."""
    cut = _Cut(f)
    start, end = f.period.start, f.period.end
    revoked_in = Q(revoked_at__gte=_day_start(start), revoked_at__lt=_day_start(end + timedelta(1)))
    found = Certificate.objects.filter(issued_on__lte=end)
    source_ids = cut.source_ids()
    if source_ids is not None:
        found = found.filter(enrolment__agency_id__in=source_ids)
    if f.course_id:
        found = found.filter(enrolment__offering__course_id=f.course_id)
    if f.content_kind:
        found = found.filter(enrolment__offering__course__content_kind=f.content_kind)
    if f.category_id:
        found = found.filter(enrolment__cadre__category_id=f.category_id)
    valid_at_end = Q(issued_on__lte=end) & (
        Q(revoked_at__isnull=True) | Q(revoked_at__gte=_day_start(end + timedelta(1)))
    )
    valid_at_end &= Q(expires_on__isnull=True) | Q(expires_on__gt=end)
    rows = (
        found.order_by()
        .values("body_id", "year")
        .annotate(
            issued=Count("pk", filter=Q(issued_on__range=(start, end))),
            revoked=Count("pk", filter=revoked_in),
            expiring=Count("pk", filter=Q(expires_on__range=(start, end))),
            valid_at_end=Count("pk", filter=valid_at_end),
        )
        .values_list("body_id", "year", "issued", "revoked", "expiring", "valid_at_end")
    )
    frame = pd.DataFrame(
        list(rows),
        columns=["body_id", "year", "issued", "revoked", "expiring", "valid_at_end"],
    )
    counts = ["issued", "revoked", "expiring", "valid_at_end"]
    frame = frame.loc[frame[counts].sum(axis=1) > 0]  # years with nothing left to say
    bodies = dict(IssuingBody.objects.values_list("pk", "name"))
    frame["issuer"] = frame["body_id"].map(bodies)
    frame = frame.sort_values(["issuer", "year"], kind="stable")
    frame = frame[["issuer", "year", "issued", "revoked", "expiring", "valid_at_end"]]
    return Report(
        "certificates",
        str(TITLES["certificates"]),
        f,
        {str(_("By issuer and year")): frame.reset_index(drop=True)},
        _filter_notes(f),
    )


# --- 6. groups -------------------------------------------------------------------------------


def commune_codes(agency_ids) -> dict[int, str]:
    """The administrative code of the commune-level unit each agency is at or under (a unit
    with a 5-digit code: the nearest such ancestor, or itself); agencies above none are left out."""
    agencies = _values(Agency.objects.order_by().values_list("pk", "path", "admin_code"))
    communes = {
        path: code
        for _pk, path, code in agencies
        if len(code) == COMMUNE_CODE_LENGTH and code.isdigit()
    }
    wanted = set(agency_ids)
    step = Agency.steplen
    found = {}
    for pk, path, _code in agencies:
        if pk not in wanted:
            continue
        for depth in range(len(path) // step, 0, -1):
            code = communes.get(path[: depth * step])
            if code:
                found[pk] = code
                break
    return found


def commune_level_ids(agency_ids) -> set[int]:
    """Agencies at or under a commune-level unit (one with a 5-digit administrative code)."""
    return set(commune_codes(agency_ids))


def groups(f: ReportFilter) -> Report:
    """Women, ethnic minorities, cadres under 35 and commune-level cadres: how many held a post
    on the period's last day, how many of them were trained in the period, and periods."""
    cut = _Cut(f)
    end = f.period.end
    try:
        young_cutoff = end.replace(year=end.year - YOUNG_AGE)
    except ValueError:  # 29 February
        young_cutoff = end.replace(year=end.year - YOUNG_AGE, day=28)
    population = _population(
        f,
        cut,
        p_woman=F("cadre__gender"),
        p_ethnic=Coalesce(F("cadre__ethnic_group__code"), Value("")),
        p_born=F("cadre__date_of_birth"),
    )
    population_sql, population_params = population.query.sql_with_params()
    rows_sql, params = _training_rows(f, None)
    agency_sql, agency_params = cut.case_sql("p.p_agency")
    rows = _fetch(
        f"SELECT {agency_sql}, "
        "CASE WHEN p.p_woman = %s THEN 1 ELSE 0 END, "
        "CASE WHEN p.p_ethnic IN ('', %s) THEN 0 ELSE 1 END, "
        "CASE WHEN p.p_born > %s THEN 1 ELSE 0 END, "
        "CASE WHEN h.t_cadre IS NULL THEN 0 ELSE 1 END, "
        "COUNT(*), SUM(COALESCE(h.hours, 0)) "
        f"FROM ({population_sql}) p LEFT JOIN ("
        f"SELECT t.t_cadre, SUM(t.t_hours) AS hours FROM ({rows_sql}) t GROUP BY t.t_cadre"
        ") h ON h.t_cadre = p.p_cadre GROUP BY 1, 2, 3, 4, 5",
        agency_params
        + [Gender.FEMALE, MAJORITY_ETHNICITY, young_cutoff]
        + list(population_params)
        + params,
    )
    frame = pd.DataFrame(
        rows, columns=["agency_id", "woman", "minority", "young", "trained", "cadres", "periods"]
    )
    frame["commune"] = frame["agency_id"].isin(commune_level_ids(frame["agency_id"]))
    groups_ = [
        (_("All cadres"), slice(None)),
        (_("Women"), frame["woman"] == 1),
        (_("Ethnic minorities"), frame["minority"] == 1),
        (_("Under %(age)s on the period's last day") % {"age": YOUNG_AGE}, frame["young"] == 1),
        (_("Commune level"), frame["commune"]),
    ]
    out = []
    for label, mask in groups_:
        part = frame.loc[mask]
        total = int(part["cadres"].sum())
        done = part.loc[part["trained"] == 1]
        trained_count = int(done["cadres"].sum())
        out.append(
            {
                "group": str(label),
                "cadres": total,
                "cadres_trained": trained_count,
                "share_trained": round(trained_count / total, 3) if total else 0.0,
                "periods": int(done["periods"].sum()),
            }
        )
    notes = _filter_notes(f) + [
        str(_("Cadres holding a post on %(day)s.") % {"day": f"{end:%d/%m/%Y}"}),
        str(
            _(
                "Commune level: posted in a commune, ward or special zone (an agency with a "
                "5-digit administrative code) or in a unit under it."
            )
        ),
    ]
    return Report(
        "groups", str(TITLES["groups"]), f, {str(_("By group")): pd.DataFrame(out)}, notes
    )


# --- 3. coverage ----------------------------------------------------------------------------


def coverage(f: ReportFilter) -> Report:
    """Responsible officers on the day the report is made: required posts filled and trained,
    untrained or expired, or vacant, per agency with the units under it, and per responsibility.

    Assignments are kept as they are now (an ended one is history), so this report has no
    period or cut of its own: it is the registry's coverage with training's marks.
    """
    found = cadre_selectors.coverage(user=Acting(user=None, scope=f.scope), root=f.agency)
    rows = [
        {
            "agency": row.agency.name,
            "agency_kind": row.agency.kind.name,
            "required": row.total_required,
            "filled": row.total_filled,
            "trained": row.total_trained,
            "untrained": row.total_untrained,
            "expired": row.total_expired,
            "vacant": row.total_required - row.total_filled,
        }
        for row in found.rows
        if row.total_required
    ]
    columns = ["required", "filled", "trained", "untrained", "expired", "vacant"]
    by_agency = pd.DataFrame(rows, columns=["agency", "agency_kind", *columns])
    by_kind = pd.DataFrame(
        [
            {
                "responsibility": count.kind.name,
                "required": count.required,
                "filled": count.filled,
                "trained": count.trained,
                "untrained": count.untrained,
                "expired": count.expired,
                "vacant": count.vacant,
            }
            for count in found.by_kind
        ],
        columns=["responsibility", *columns],
    )
    notes = [
        str(
            _(
                "Responsible officers as they stand on %(day)s; each agency's figures include "
                "the units under it."
            )
            % {"day": f"{timezone.localdate():%d/%m/%Y}"}
        )
    ]
    return Report(
        "coverage",
        str(TITLES["coverage"]),
        f,
        {str(_("By responsibility")): by_kind, str(_("By agency")): by_agency},
        notes,
        by_commune=_coverage_by_commune(found.rows),
    )


def _coverage_by_commune(rows) -> pd.DataFrame:
    """Per commune-level code, the figures of its topmost agencies (each row already counts the
    units under it, so an agency under another of the same code is not counted again)."""
    columns = ["required", "trained", "untrained", "expired", "vacant"]
    kept: dict[str, list[str]] = {}
    totals: dict[str, list[int]] = {}
    for row in sorted(rows, key=lambda r: r.agency.path):
        code = row.agency.admin_code
        if not (len(code) == COMMUNE_CODE_LENGTH and code.isdigit()) or not row.total_required:
            continue
        if any(row.agency.path.startswith(path) for path in kept.get(code, [])):
            continue
        kept.setdefault(code, []).append(row.agency.path)
        figures = [
            row.total_required,
            row.total_trained,
            row.total_untrained,
            row.total_expired,
            row.total_required - row.total_filled,
        ]
        totals[code] = [a + b for a, b in zip(totals.get(code, [0] * 5), figures, strict=True)]
    return pd.DataFrame(
        [[code, *figures] for code, figures in sorted(totals.items())],
        columns=["commune", *columns],
    )


# --- 7. dvk ----------------------------------------------------------------------------------


def dvk(f: ReportFilter) -> Report:
    """ "Dân vận khéo" models and exemplars: registered in the period (by the date they were
    registered), recognised in it (by the decision's date, with its level) and replicated in it
    (by the date another agency adopted one), per lead or adopting agency, field and kind."""
    cut = _Cut(f)
    source_ids = cut.source_ids()
    start, end = f.period.start, f.period.end
    registrations = Registration.objects.all()
    decisions = Decision.objects.filter(recognised=True, decided_on__range=(start, end))
    adoptions = Replication.objects.filter(started_on__range=(start, end))
    if source_ids is not None:
        registrations = registrations.filter(lead_agency_id__in=source_ids)
        decisions = decisions.filter(registration__lead_agency_id__in=source_ids)
        adoptions = adoptions.filter(agency_id__in=source_ids)
    registered = registrations.filter(
        registered_at__gte=_day_start(start), registered_at__lt=_day_start(end + timedelta(1))
    )
    keys = ["agency_id", "field", "case_kind"]
    rows = [
        pd.DataFrame(
            list(
                registered.order_by()
                .values_list("lead_agency_id", "field", "case_kind")
                .annotate(n=Count("pk"))
            ),
            columns=[*keys, "registered"],
        ),
        pd.DataFrame(
            list(
                decisions.order_by()
                .values_list(
                    "registration__lead_agency_id",
                    "registration__field",
                    "registration__case_kind",
                )
                .annotate(n=Count("registration", distinct=True))
            ),
            columns=[*keys, "recognised"],
        ),
        pd.DataFrame(
            list(
                adoptions.order_by()
                .values_list("agency_id", "source__field", "source__case_kind")
                .annotate(n=Count("pk"))
            ),
            columns=[*keys, "replicated"],
        ),
    ]
    levels = pd.DataFrame(
        list(
            decisions.order_by()
            .values_list("level")
            .annotate(n=Count("registration", distinct=True))
        ),
        columns=["level", "recognised"],
    )
    frame = pd.concat(rows, ignore_index=True)
    counts = ["registered", "recognised", "replicated"]
    for column in counts:
        frame[column] = frame[column].fillna(0).astype("int64") if column in frame else 0
    if cut.successors:
        frame["agency_id"] = frame["agency_id"].map(lambda pk: cut.successors.get(pk, pk))
    frame = frame.groupby(keys, as_index=False)[counts].sum()
    frame = frame.merge(_agency_facts(frame["agency_id"]), on="agency_id", how="left")
    fields = {value: str(label) for value, label in CaseField.choices}
    kinds = {value: str(label) for value, label in CaseKind.choices}
    frame["dvk_field"] = frame["field"].map(fields)
    frame["case_kind_label"] = frame["case_kind"].map(kinds)
    frame = frame.sort_values(["path", "field", "case_kind"], kind="stable")
    main = frame[
        ["agency", "dvk_field", "case_kind_label", "registered", "recognised", "replicated"]
    ].reset_index(drop=True)
    by_field = (
        frame.groupby("field", as_index=False)[counts]
        .sum()
        .assign(dvk_field=lambda d: d["field"].map(fields))
    )[["dvk_field", *counts]]
    level_labels = {value: str(label) for value, label in RecognitionLevel.choices}
    levels["recognition_level"] = levels["level"].map(level_labels)
    notes = _filter_notes(f) + [
        str(
            _(
                "Registered: by the date of registration; recognised: by the date of the "
                "decision; replicated: by the date another agency adopted the model."
            )
        )
    ]
    return Report(
        "dvk",
        str(TITLES["dvk"]),
        f,
        {
            str(_("By agency")): main,
            str(_("By field")): by_field.reset_index(drop=True),
            str(_("By level of recognition")): levels[["recognition_level", "recognised"]],
        },
        notes,
    )


# --- 7. plan against actual ---------------------------------------------------------------


_PLAN_COLUMNS = [
    "agency_id",
    "plan_year",
    "plan_status",
    "training",
    "quarter",
    "headcount",
    "estimated_cost",
    "classes",
    "enrolled",
    "completed",
    "hours",
]


def plan(f: ReportFilter) -> Report:
    """Each item of the submitted and approved plans of the period's years against the classes
    linked to it (not cancelled), the cadres enrolled and completed, and the hours credited;
    then the items added up per agency (rolled up into today's agencies unless as then)."""
    cut = _Cut(f)
    items = TrainingPlanItem.objects.filter(
        plan__year__gte=f.period.start.year,
        plan__year__lte=f.period.end.year,
        plan__status__in=[TrainingPlanStatus.SUBMITTED, TrainingPlanStatus.APPROVED],
    )
    source_ids = cut.source_ids()
    if source_ids is not None:
        items = items.filter(plan__agency_id__in=source_ids)
    if f.course_id:
        items = items.filter(course_id=f.course_id)
    if f.content_kind:
        items = items.filter(
            Q(content_kind=f.content_kind) | Q(course__content_kind=f.content_kind)
        )
    if f.category_id:
        items = items.filter(category_id=f.category_id)
    counted = [
        EnrolmentStatus.APPROVED,
        EnrolmentStatus.IN_PROGRESS,
        EnrolmentStatus.COMPLETED,
        EnrolmentStatus.FAILED,
    ]
    # One statement: the items, their classes counted and their enrolments added up in two
    # GROUP BYs joined to them (not a list of item ids sent back: thousands of parameters).
    items = items.order_by().values(
        i_pk=F("pk"),
        i_agency=F("plan__agency_id"),
        i_path=F("plan__agency__path"),
        i_year=F("plan__year"),
        i_status=F("plan__status"),
        i_title=F("course__title"),
        i_kind=F("content_kind"),
        i_quarter=F("quarter"),
        i_headcount=F("headcount"),
        i_cost=F("estimated_cost"),
    )
    classes = (
        Offering.objects.filter(cancelled=False, plan_item__isnull=False)
        .order_by()
        .values(k_item=F("plan_item"))
        .annotate(k_classes=Count("pk"))
    )
    done = (
        Enrolment.objects.filter(
            offering__cancelled=False, offering__plan_item__isnull=False, status__in=counted
        )
        .order_by()
        .values(d_item=F("offering__plan_item"))
        .annotate(
            d_enrolled=Count("pk"),
            d_completed=Count("pk", filter=Q(status=EnrolmentStatus.COMPLETED)),
            d_hours=Sum("hours_credited"),
        )
    )
    agencies = Agency.objects.order_by().values(
        a_id=F("pk"), a_name=F("name"), a_kind=F("kind__name"), a_path=F("path")
    )
    parts = [q.query.sql_with_params() for q in (items, classes, done, agencies)]
    agency_sql, agency_params = cut.case_sql("i.i_agency")
    rows = _fetch(
        "SELECT a.a_name, a.a_kind, a.a_path, i.i_year, i.i_status, i.i_title, i.i_kind, "
        "i.i_quarter, i.i_headcount, CAST(i.i_cost AS BIGINT), COALESCE(k.k_classes, 0), "
        "COALESCE(d.d_enrolled, 0), COALESCE(d.d_completed, 0), COALESCE(d.d_hours, 0) "
        f"FROM ({parts[0][0]}) i JOIN ({parts[3][0]}) a ON a.a_id = {agency_sql} "
        f"LEFT JOIN ({parts[1][0]}) k ON k.k_item = i.i_pk "
        f"LEFT JOIN ({parts[2][0]}) d ON d.d_item = i.i_pk "
        "ORDER BY i.i_path, i.i_year, i.i_quarter, i.i_pk",
        list(parts[0][1])
        + list(parts[3][1])
        + agency_params
        + list(parts[1][1])
        + list(parts[2][1]),
    )
    frame = pd.DataFrame(
        rows,
        columns=[
            "agency",
            "agency_kind",
            "path",
            "plan_year",
            "status",
            "title",
            "kind",
            "quarter",
            "headcount",
            "estimated_cost",
            "classes",
            "enrolled",
            "completed",
            "hours",
        ],
    )
    statuses = {value: str(label) for value, label in TrainingPlanStatus.choices}
    frame["plan_status"] = frame["status"].map(statuses)
    # The item's course, or else its content kind (by its label).
    labels = frame["kind"].map(_kind_labels()).fillna(frame["kind"])
    frame["training"] = frame["title"].where(
        frame["title"].notna() & (frame["title"] != ""), labels
    )
    for column in ("plan_year", "quarter", "headcount", "estimated_cost", *_PLAN_COLUMNS[-4:]):
        frame[column] = frame[column].astype("int64")
    items_frame = frame[["agency", *_PLAN_COLUMNS[1:]]].reset_index(drop=True)
    sums = ["headcount", "estimated_cost", "classes", "enrolled", "completed", "hours"]
    by_agency = (
        frame.groupby(["path", "agency"], sort=True)[sums].sum().reset_index().drop(columns="path")
        if len(frame)
        else pd.DataFrame(columns=["agency", *sums])
    )
    by_agency["share_done"] = [
        round(100 * c / h) if h else 0
        for c, h in zip(by_agency["completed"], by_agency["headcount"], strict=True)
    ]
    return Report(
        "plan",
        str(TITLES["plan"]),
        f,
        {
            str(_("By plan item")): items_frame,
            str(_("By agency")): _ints(by_agency) if len(by_agency) else by_agency,
        },
        _filter_notes(f),
    )


REPORTS = {
    "trained": trained,
    "hours": hours,
    "coverage": coverage,
    "certificates": certificates,
    "groups": groups,
    "dvk": dvk,
    "plan": plan,
}


def run(name: str, f: ReportFilter) -> Report:
    """Build a report with the cyclic garbage collector paused. Its frames come from tens of
    thousands of fresh row tuples; each burst of them set off full collections that walk the
    whole long-lived heap (Django, Wagtail, pandas), which added 0-170 ms to a 0.3 s report,
    differently on each run. Reports make no reference cycles that need collecting meanwhile;
    reference counting still frees everything, and the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        return REPORTS[name](f)
    finally:
        if was_enabled:
            gc.enable()
