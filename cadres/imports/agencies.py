"""Importing agencies: create or update by code; renames, moves and ends as agency events."""

from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cadres import services
from cadres.access import change_scope_for
from cadres.imports.rows import (
    ADMIN_CODE_RE,
    AGENCY_OUT_OF_SCOPE,
    CURRENT_ADMIN_CODE_LIST,
    DUPLICATE_CODE,
    EMPTY_FILE,
    PROGRESS_EVERY,
    UNKNOWN_AGENCY,
    ImportResult,
    Problem,
    Progress,
    RowChecker,
    Rows,
    ids_by_folded_name_or_code,
    open_table,
    problem_order,
)
from cadres.models import (
    Agency,
    AgencyKind,
)
from cadres.spreadsheets import Column
from cadres.text import fold

PARENT_LATER_IN_FILE = _("The parent agency must come earlier in the file.")
NEW_TOP_AGENCY_OUT_OF_SCOPE = _("Only coordinators may add a top-level agency.")
EVENT_NEEDS_ROW = _(
    "This row renames, moves or ends an agency: give the decision's number and the date it "
    "takes effect."
)
NEW_AND_ENDED = _("A new agency cannot be ended in the same row.")
UNKNOWN_KIND = _("No agency kind has this name.")
BAD_ADMIN_CODE = _("An administrative unit code has 2 or 5 digits.")

AGENCY_COLUMNS = [
    Column("code", "Mã đơn vị", True, 40, "XA-RACHGIA-UBND"),
    Column("name", "Tên đơn vị", True, 255, "Ủy ban nhân dân phường Rạch Giá"),
    Column("kind", "Loại đơn vị", True, 200, "Ủy ban nhân dân"),
    Column("parent", "Mã đơn vị cấp trên", False, 40, "XA-RACHGIA"),
    Column("admin_code", "Mã ĐVHC", False, 10, ""),
    Column("valid_from", "Hiệu lực từ", False, 10, "01/07/2025"),
    # A row that renames, moves or ends an agency records an agency event: these say on which
    # decision and from when, as the event pages ask.
    Column("dissolve", "Giải thể", False, 5, ""),
    Column("effective_date", "Ngày hiệu lực", False, 10, ""),
    Column("basis_number", "Số quyết định", False, 100, ""),
    Column("basis_date", "Ngày quyết định", False, 10, ""),
    Column("basis_issuer", "Cơ quan ban hành", False, 255, ""),
]

# --- Agencies ---
#
# Every write goes through the registry's services, as on the office pages: a new agency
# through agency_create, its details through agency_update, and a new name, a new parent or an
# end through the agency events with the row's decision. The check runs the same writes and
# rolls them back, so what the preview promises is what the confirm does.


@dataclass
class _AgencyRow:
    row: int
    code: str
    name: str
    kind_id: int
    parent_code: str
    admin_code: str
    valid_from: date | None
    dissolve: bool
    effective_date: date | None
    basis: services.LegalBasis
    ok: bool  # False: the row has problems of its own; only its parent is still checked


def _check_agency_rows(
    rows: Rows, today: date, problems, progress: Progress | None = None
) -> tuple[list[_AgencyRow], dict[str, int]]:
    """Rows that passed, and the first row of every code in the file (bad rows included)."""
    kinds = ids_by_folded_name_or_code(AgencyKind.objects.all())
    check = RowChecker(rows, problems, today)
    first_row_of: dict[str, int] = {}
    checked = []
    for row, cells in rows:
        if progress is not None and row % PROGRESS_EVERY == 1:
            progress(row - 1, rows.count)
        check.start(row, cells)
        code = check.code("code")
        if code in first_row_of:
            check.fail("code", DUPLICATE_CODE % {"row": first_row_of[code]})
        elif code:
            first_row_of[code] = row
        name = check.text("name")
        kind_name = check.text("kind")
        kind_id = kinds.get(fold(kind_name))
        if kind_name and kind_id is None:
            check.fail("kind", UNKNOWN_KIND)
        parent_code = check.text("parent") if rows.has("parent") else ""
        admin_code = check.text("admin_code") if rows.has("admin_code") else ""
        if admin_code and not ADMIN_CODE_RE.match(admin_code):
            check.fail("admin_code", BAD_ADMIN_CODE)
        valid_from = check.date("valid_from") if rows.has("valid_from") else None
        dissolve = bool(check.yes_no("dissolve")) if rows.has("dissolve") else False
        effective = check.date("effective_date", past=True) if rows.has("effective_date") else None
        basis = services.LegalBasis(
            number=check.text("basis_number") if rows.has("basis_number") else "",
            issued_on=check.date("basis_date", past=True) if rows.has("basis_date") else None,
            issuer=check.text("basis_issuer") if rows.has("basis_issuer") else "",
        )
        checked.append(
            _AgencyRow(
                row,
                code,
                name,
                kind_id,
                parent_code,
                admin_code,
                valid_from,
                dissolve,
                effective,
                basis,
                not check.failed,
            )
        )
    return checked, first_row_of


@dataclass
class _AgencyAction:
    item: _AgencyRow
    agency: Agency | None  # None: a new agency
    update: bool = False  # details that are not history
    rename: bool = False
    move: bool = False


def _plan_agency_rows(checked, file_rows, scope, result) -> list[_AgencyAction]:
    """Compare each row with the registry: what it creates or changes, or why it cannot."""
    existing = {a.code: a for a in Agency.objects.all()}
    code_by_path = {a.path: a.code for a in existing.values()}
    actions = []
    for item in checked:
        agency = existing.get(item.code)
        parent = existing.get(item.parent_code) if item.parent_code else None
        parent_problem = None
        if item.parent_code and parent is None:
            if item.parent_code not in file_rows:
                parent_problem = UNKNOWN_AGENCY
            elif file_rows[item.parent_code] >= item.row:
                parent_problem = PARENT_LATER_IN_FILE
        elif parent is not None and not scope.contains(parent):
            parent_problem = AGENCY_OUT_OF_SCOPE
        elif parent is None and not scope.everything and agency is None:
            parent_problem = NEW_TOP_AGENCY_OUT_OF_SCOPE
        if parent_problem is not None:
            result.problems.append(
                Problem(item.row, "Mã đơn vị cấp trên", item.parent_code, str(parent_problem))
            )
            continue
        if not item.ok:
            continue
        if agency is None:
            if item.dissolve:
                result.problems.append(Problem(item.row, "Giải thể", "Có", str(NEW_AND_ENDED)))
                continue
            result.note("created", item.row, item.code, item.name)
            actions.append(_AgencyAction(item, None))
            continue
        if not scope.contains(agency):
            result.problems.append(
                Problem(item.row, "Mã đơn vị", item.code, str(AGENCY_OUT_OF_SCOPE))
            )
            continue
        current_parent = code_by_path.get(agency.path[: -agency.steplen], "")
        action = _AgencyAction(
            item,
            agency,
            update=(
                agency.kind_id != item.kind_id
                or agency.admin_code != item.admin_code
                or (item.valid_from is not None and agency.valid_from != item.valid_from)
            ),
            rename=agency.name != item.name,
            move=bool(item.parent_code) and item.parent_code != current_parent,
        )
        if action.rename or action.move or item.dissolve:
            if not item.basis.number:
                result.problems.append(Problem(item.row, "Số quyết định", "", str(EVENT_NEEDS_ROW)))
            if item.effective_date is None:
                result.problems.append(Problem(item.row, "Ngày hiệu lực", "", str(EVENT_NEEDS_ROW)))
            if not item.basis.number or item.effective_date is None:
                continue
        if action.move:
            result.note("transferred", item.row, item.code, item.name, item.parent_code)
        elif action.update or action.rename or item.dissolve:
            result.note(
                "updated", item.row, item.code, item.name, agency.name if action.rename else ""
            )
        else:
            result.unchanged += 1
            continue
        actions.append(action)
    return actions


def _apply_agency_action(actor, action: _AgencyAction, by_code: dict[str, Agency]) -> None:
    """One row's writes, through the services; a RegistryError names the column it concerns."""
    item = action.item
    if action.agency is None:
        parent = by_code.get(item.parent_code) if item.parent_code else None
        with _column("Mã đơn vị", item.code):
            by_code[item.code] = services.agency_create(
                actor=actor,
                parent=parent,
                code=item.code,
                name=item.name,
                kind=AgencyKind(pk=item.kind_id),
                admin_code=item.admin_code,
                admin_code_list=CURRENT_ADMIN_CODE_LIST if item.admin_code else "",
                valid_from=item.valid_from,
            )
        return
    agency = Agency.objects.get(pk=action.agency.pk)  # earlier rows may have moved it
    event = {"actor": actor, "effective_date": item.effective_date, "basis": item.basis}
    if action.update:
        with _column("Loại đơn vị", item.code):
            same_code = item.admin_code == agency.admin_code
            services.agency_update(
                actor=actor,
                agency=agency,
                kind=AgencyKind(pk=item.kind_id),
                admin_code=item.admin_code,
                admin_code_list=(
                    agency.admin_code_list
                    if same_code
                    else (CURRENT_ADMIN_CODE_LIST if item.admin_code else "")
                ),
                valid_from=item.valid_from if item.valid_from is not None else agency.valid_from,
            )
    if action.rename:
        with _column("Tên đơn vị", item.name):
            services.agency_rename(agency=agency, new_name=item.name, **event)
    if action.move:
        with _column("Mã đơn vị cấp trên", item.parent_code):
            services.agency_move(agency=agency, new_parent=by_code[item.parent_code], **event)
    if item.dissolve:
        with _column("Giải thể", "Có"):
            services.agency_dissolve(agency=agency, **event)


class _RowRefused(Exception):
    def __init__(self, column: str, value: str, reason: str):
        super().__init__(reason)
        self.column, self.value, self.reason = column, value, reason


@contextmanager
def _column(column: str, value: str):
    try:
        yield
    except services.RegistryError as error:
        raise _RowRefused(column, value, str(error.message)) from None


def import_agencies(
    *,
    source: str | Path | IO[bytes],
    filename: str,
    actor,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Create or update agencies by code; a parent must exist already or come earlier in the file.

    Agencies are few (hundreds), so each row goes through the services one by one.
    """
    today = today or date.today()
    scope = change_scope_for(actor)  # the scopes of someone who may change them
    result = ImportResult(dry_run=dry_run)
    frame, result.problems = open_table(source, filename)
    if frame is None:
        return result
    rows = Rows(frame, AGENCY_COLUMNS)
    result.problems.extend(rows.problems)
    if result.problems:
        return result
    checked, file_rows = _check_agency_rows(rows, today, result.problems, progress)
    if progress is not None:
        progress(rows.count, rows.count)
    if not checked and not result.problems:
        result.problems.append(Problem(None, "", filename, str(EMPTY_FILE)))
    actions = _plan_agency_rows(checked, file_rows, scope, result)
    if result.problems:
        result.problems.sort(key=problem_order)
        return result
    with transaction.atomic():
        codes = set(file_rows) | {a.item.parent_code for a in actions if a.item.parent_code}
        by_code = {a.code: a for a in Agency.objects.filter(code__in=codes)}
        for action in actions:
            try:
                with transaction.atomic():  # a refused row leaves nothing behind
                    _apply_agency_action(actor, action, by_code)
            except _RowRefused as refused:
                result.problems.append(
                    Problem(action.item.row, refused.column, refused.value, refused.reason)
                )
        if result.problems or dry_run:
            transaction.set_rollback(True)  # all or nothing; a check writes nothing
    return result
