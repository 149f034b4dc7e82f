"""A year's list of "Dân vận khéo" registrations from a spreadsheet, on the job base: every row
checked (and tried through the same service as the page), then all written at once or none."""

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cadres.access import change_scope_for
from cadres.imports.rows import (
    AGENCY_OUT_OF_SCOPE,
    EMPTY_FILE,
    UNKNOWN_AGENCY,
    ImportResult,
    Problem,
    RowChecker,
    Rows,
    open_table,
    problem_order,
)
from cadres.models import Agency, Cadre
from cadres.spreadsheets import Column, template_workbook
from cadres.text import fold
from curriculum.choices import CaseField, CaseKind
from curriculum.emulation import services
from curriculum.emulation.services import EmulationError

KIND = "emulation"
COLUMNS = [
    Column("year", "Năm", required=True, max_length=4, example="2026"),
    Column("case_kind", "Loại", required=True, max_length=20, example="Mô hình"),
    Column("field", "Lĩnh vực", required=True, max_length=60, example="Kinh tế"),
    Column("title", "Tên mô hình, điển hình", required=True, max_length=255,
           example="Cánh đồng lớn liên kết tiêu thụ lúa"),
    Column("agency", "Mã cơ quan chủ trì", required=True, max_length=40, example="UBND-TANHIEP"),
    Column("exemplar", "Mã cá nhân điển hình", max_length=32),
    Column("participants", "Mã cán bộ tham gia", max_length=2000, example="CB000101, CB000102"),
    Column("goals", "Mục tiêu", required=True, max_length=4000,
           example="Liên kết nông dân với doanh nghiệp để bao tiêu lúa."),
    Column("description", "Cách làm", max_length=4000),
    Column("start_date", "Ngày bắt đầu", required=True, max_length=10, example="10/01/2026"),
]  # fmt: skip
_KINDS = {fold(str(label)): value for value, label in CaseKind.choices} | {
    "mo hinh": CaseKind.MODEL,
    "dien hinh": CaseKind.EXEMPLAR,
}
_FIELDS = {fold(str(label)): value for value, label in CaseField.choices} | {
    "kinh te": CaseField.ECONOMY,
    "van hoa - xa hoi": CaseField.CULTURE_SOCIETY,
    "van hoa xa hoi": CaseField.CULTURE_SOCIETY,
    "quoc phong - an ninh": CaseField.DEFENCE_SECURITY,
    "quoc phong, an ninh": CaseField.DEFENCE_SECURITY,
    "xay dung he thong chinh tri": CaseField.POLITICAL_SYSTEM,
    "he thong chinh tri": CaseField.POLITICAL_SYSTEM,
    "xay dung nong thon moi": CaseField.NEW_RURAL,
    "nong thon moi": CaseField.NEW_RURAL,
}
BAD_KIND = _("Write Mô hình or Điển hình.")
BAD_FIELD = _(
    "Write one of the five fields: Kinh tế; Văn hóa - xã hội; Quốc phòng - an ninh; "
    "Xây dựng hệ thống chính trị; Xây dựng nông thôn mới."
)
BAD_YEAR = _("Write the year as four digits.")
UNKNOWN_CADRES = _("No cadre in your agencies has these codes: %(codes)s.")
DUPLICATE_IN_FILE = _("The same agency and name already appear in row %(row)d.")


def template_xlsx() -> bytes:
    return template_workbook(COLUMNS)


def _codes(text: str) -> list[str]:
    return list(dict.fromkeys(c.upper() for c in re.split(r"[\s,;]+", text or "") if c))


def import_registrations(
    *, source, filename, actor, dry_run=False, progress=None, today=None
) -> ImportResult:
    """Registrations of a year's list, through registration_create: all rows or none."""
    result = ImportResult(dry_run=dry_run)
    frame, result.problems = open_table(source, filename)
    if frame is None:
        return result
    rows = Rows(frame, COLUMNS)
    if rows.problems:
        result.problems = rows.problems
        return result
    today = today or timezone.localdate()
    check = RowChecker(rows, result.problems, today)
    parsed = []
    seen: dict[tuple[str, str], int] = {}
    for excel_row, cells in rows:
        check.start(excel_row, cells)
        year_text = check.text("year")
        year = int(year_text) if re.fullmatch(r"\d{4}", year_text or "") else None
        if year_text and year is None:
            check.fail("year", BAD_YEAR)
        values = {
            "year": year,
            "case_kind": check.choice("case_kind", _KINDS, BAD_KIND),
            "field": check.choice("field", _FIELDS, BAD_FIELD),
            "title": check.text("title"),
            "agency": check.text("agency").upper(),
            "exemplar": _codes(check.text("exemplar"))[:1],
            "participants": _codes(check.text("participants")),
            "goals": check.text("goals"),
            "description": check.text("description"),
            "start_date": check.date("start_date"),
        }
        key = (values["agency"], fold(values["title"]))
        if values["title"] and key in seen:
            check.fail("title", DUPLICATE_IN_FILE % {"row": seen[key]})
        seen.setdefault(key, excel_row)
        if not check.failed:
            parsed.append((excel_row, cells, values))
    # Agencies and cadres in two queries, whatever the number of rows.
    scope = change_scope_for(actor)
    agencies = {
        a.code.upper(): a
        for a in Agency.objects.select_related("kind").filter(
            code__in={v["agency"] for _r, _c, v in parsed}
        )
    }
    wanted = {c for _r, _c, v in parsed for c in v["exemplar"] + v["participants"]}
    cadres = {
        c.personnel_code.upper(): c
        for c in Cadre.objects.select_related("agency").filter(
            scope.agency_q("agency__"), personnel_code__in=wanted
        )
    }
    ready = []
    for excel_row, cells, values in parsed:
        check.start(excel_row, cells)
        agency = agencies.get(values["agency"])
        if agency is None:
            check.fail("agency", UNKNOWN_AGENCY)
        elif not scope.contains(agency):
            check.fail("agency", AGENCY_OUT_OF_SCOPE)
        for key in ("exemplar", "participants"):
            missing = [c for c in values[key] if c not in cadres]
            if missing:
                check.fail(key, UNKNOWN_CADRES % {"codes": ", ".join(missing)})
        if not check.failed:
            ready.append((excel_row, cells, values, agency))
    if not rows.count or (not parsed and not result.problems):
        result.problems.append(Problem(None, "", filename, str(EMPTY_FILE)))
    if result.problems:
        result.problems.sort(key=problem_order)
        return result
    # The service's own rules (year, dates, the body above, duplicates in the registry) on
    # every row, in one transaction that a dry run or any refusal rolls back.
    with transaction.atomic():
        for done, (excel_row, _cells, values, agency) in enumerate(ready, start=1):
            try:
                registration = services.registration_create(
                    actor=actor,
                    year=values["year"],
                    case_kind=values["case_kind"],
                    field=values["field"],
                    title=values["title"],
                    lead_agency=agency,
                    exemplar_cadre=cadres[values["exemplar"][0]] if values["exemplar"] else None,
                    participants=[cadres[c] for c in values["participants"]],
                    goals=values["goals"],
                    description=values["description"],
                    start_date=values["start_date"],
                )
            except EmulationError as error:
                result.problems.append(Problem(excel_row, "", values["title"], str(error.message)))
                continue
            result.note("created", excel_row, agency.code, registration.title)
            if progress is not None and done % 50 == 0:
                progress(done, len(ready))
        if dry_run or result.problems:
            transaction.set_rollback(True)
    if result.problems:
        result.created, result.changes = 0, []
    return result
