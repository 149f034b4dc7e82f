"""Excel/CSV imports of agencies and cadres, shared by the back office and the commands.

Every row is checked before anything is written: one bad row and nothing is written, and every
problem comes back with the row number Excel shows, the column, the value and the reason.
"""

import logging
import re
import unicodedata
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO

import pandas as pd
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from cadres import jobs, services
from cadres.access import AgencyScope, agency_scope_for
from cadres.models import (
    Agency,
    AgencyKind,
    Cadre,
    CadreCategory,
    Gender,
    ImportJob,
    ImportKind,
    ImportStep,
    JobStatus,
    PoliticalTheoryLevel,
    Posting,
)
from cadres.spreadsheets import Column, header_key, read_table
from cadres.text import fold, nfc

logger = logging.getLogger(__name__)

CURRENT_ADMIN_CODE_LIST = "QĐ 19/2025/QĐ-TTg"
CHUNK_SIZE = 1000  # rows looked up per query and written per batch
PROGRESS_EVERY = 1000  # rows between two progress reports

# progress(rows_done, rows_total): called every PROGRESS_EVERY rows while checking, and at the end.
Progress = Callable[[int, int], None]

EMPTY_FILE = _("The file has no data rows.")
MISSING_COLUMN = _("This required column is missing from row 1.")
DUPLICATE_COLUMN = _("This column appears twice in row 1.")
REQUIRED_VALUE = _("A value is required.")
TOO_LONG = _("Longer than %(limit)d characters.")
BAD_DATE = _("Not a date: write it as dd/mm/yyyy.")
IMPOSSIBLE_DATE = _("This date does not exist.")
FUTURE_DATE = _("This date is in the future.")
BAD_YES_NO = _("Write Có or Không.")
BAD_GENDER = _("Write Nam or Nữ.")
BAD_LEVEL = _("Write Sơ cấp, Trung cấp, Cao cấp or Cử nhân.")
BAD_EMAIL = _("Not a valid email address.")
BAD_CODE = _("Only letters, digits and . @ + - _ are allowed, without spaces.")
BAD_ADMIN_CODE = _("An administrative unit code has 2 or 5 digits.")
UNKNOWN_AGENCY = _("No agency has this code.")
AGENCY_OUT_OF_SCOPE = _("This agency is outside the agencies you manage.")
CADRE_OUT_OF_SCOPE = _("This cadre belongs to an agency outside the agencies you manage.")
UNKNOWN_CATEGORY = _("No cadre category has this name.")
UNKNOWN_KIND = _("No agency kind has this name.")
DUPLICATE_CODE = _("This code already appears in row %(row)d.")
PARTY_DATE_NOT_MEMBER = _("A date of joining the Party is given but Đảng viên is not Có.")
PARTY_DATE_BEFORE_BIRTH = _("The date of joining the Party is before the date of birth.")
TRANSFER_BEFORE_CURRENT = _("The new post cannot start before the current one (%(date)s).")
PARENT_LATER_IN_FILE = _("The parent agency must come earlier in the file.")
NEW_TOP_AGENCY_OUT_OF_SCOPE = _("Only coordinators may add a top-level agency.")
EVENT_NEEDS_ROW = _(
    "This row renames, moves or ends an agency: give the decision's number and the date it "
    "takes effect."
)
NEW_AND_ENDED = _("A new agency cannot be ended in the same row.")

_CODE_RE = re.compile(r"^[\w.@+-]+$")
_ADMIN_CODE_RE = re.compile(r"^(\d{2}|\d{5})$")
_DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00:00)?$")
_YES = {"co", "x"}
_NO = {"khong", ""}
_GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}
_LEVELS = {
    "so cap": PoliticalTheoryLevel.ELEMENTARY,
    "trung cap": PoliticalTheoryLevel.INTERMEDIATE,
    "cao cap": PoliticalTheoryLevel.ADVANCED,
    "cu nhan": PoliticalTheoryLevel.BACHELOR,
}


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
CADRE_COLUMNS = [
    Column("personnel_code", "Mã cán bộ", True, 32, "CB000123"),
    Column("full_name", "Họ và tên", True, 200, "Nguyễn Thị Ánh"),
    Column("date_of_birth", "Ngày sinh", True, 10, "15/03/1985"),
    Column("gender", "Giới tính", False, 3, "Nữ"),
    Column("ethnicity", "Dân tộc", False, 60, "Kinh"),
    Column("is_party_member", "Đảng viên", False, 5, "Có"),
    Column("party_joined_on", "Ngày vào Đảng", False, 10, "03/02/2010"),
    Column("theory_level", "Trình độ LLCT", False, 20, "Trung cấp"),
    Column("education", "Trình độ chuyên môn", False, 200, "Cử nhân Luật"),
    Column("agency", "Mã đơn vị", True, 40, "XA-RACHGIA-UBND"),
    Column("position", "Chức vụ", False, 200, "Chuyên viên"),
    Column("start_date", "Ngày bắt đầu", False, 10, "01/07/2025"),
    Column("email", "Email", False, 254, "anh.nguyen@example.vn"),
    Column("category", "Đối tượng", False, 200, "Cán bộ chuyên trách dân vận"),
]


@dataclass(frozen=True)
class Problem:
    """One reason a row cannot be imported; row is the Excel row number (None: the whole file)."""

    row: int | None
    column: str
    value: str
    reason: str


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    transferred: int = 0  # cadres: new posting in another agency; agencies: new parent
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.transferred + self.unchanged


class _RowProblems(Exception):
    """Raised inside the checks when a file-level problem makes row checks pointless."""


# --- Reading ---


def _cell(value) -> object:
    """Text for text cells (trimmed, NFC), date for date cells, "" for empty ones."""
    if value is None or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split()) if value else ""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
    return nfc(str(value))


def _text(value) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else value


class _Rows:
    """The table's columns matched to the expected ones; yields (excel_row, {key: cell})."""

    def __init__(self, frame: pd.DataFrame, columns: list[Column]):
        self.columns = {c.key: c for c in columns}
        self.present: dict[str, list] = {}
        self.problems: list[Problem] = []
        by_key = {header_key(c.header): c for c in columns}
        seen: dict[str, str] = {}
        for header in frame.columns:
            text = str(header)
            # pandas renames a repeated header "X" to "X.1"; blank headers become "Unnamed: n".
            base = re.sub(r"\.\d+$", "", text)
            if text.startswith("Unnamed:"):
                continue
            column = by_key.get(header_key(base))
            if column is None:
                continue  # extra columns (notes, exports' extra fields) are ignored
            if column.key in seen:
                self.problems.append(Problem(1, column.header, base, str(DUPLICATE_COLUMN)))
                continue
            seen[column.key] = text
            self.present[column.key] = frame[header].tolist()
        for column in columns:
            if column.required and column.key not in self.present:
                self.problems.append(Problem(1, column.header, "", str(MISSING_COLUMN)))
        self.count = len(frame.index)

    def has(self, key: str) -> bool:
        return key in self.present

    def __iter__(self) -> Iterator[tuple[int, dict]]:
        keys = list(self.present)
        lists = [self.present[k] for k in keys]
        for index, values in enumerate(zip(*lists, strict=True)):
            cells = {k: _cell(v) for k, v in zip(keys, values, strict=True)}
            if any(v != "" for v in cells.values()):
                yield index + 2, cells  # row 1 holds the headers


class _RowChecker:
    """Turns one row's cells into values, recording a Problem for each bad cell."""

    def __init__(self, rows: _Rows, problems: list[Problem], today: date):
        self.rows = rows
        self.problems = problems
        self.today = today
        self.row = 0
        self.cells: dict = {}

    def start(self, row: int, cells: dict) -> None:
        self.row, self.cells = row, cells
        self.failed = False

    def fail(self, key: str, reason, value=None) -> None:
        if value is None:
            value = _text(self.cells.get(key, ""))
        self.problems.append(
            Problem(self.row, self.rows.columns[key].header, str(value), str(reason))
        )
        self.failed = True

    def text(self, key: str) -> str:
        value = _text(self.cells.get(key, ""))
        column = self.rows.columns[key]
        if column.required and not value:
            self.fail(key, REQUIRED_VALUE)
        elif len(value) > column.max_length:
            self.fail(key, TOO_LONG % {"limit": column.max_length})
            return value[: column.max_length]
        return value

    def code(self, key: str) -> str:
        value = self.text(key)
        if value and not _CODE_RE.match(value):
            self.fail(key, BAD_CODE)
        return value

    def date(self, key: str, *, past: bool = False) -> date | None:
        value = self.cells.get(key, "")
        if isinstance(value, date):
            parsed = value
        elif not value:
            if self.rows.columns[key].required:
                self.fail(key, REQUIRED_VALUE)
            return None
        else:
            match = _DMY_RE.match(value)
            parts = (match.group(3), match.group(2), match.group(1)) if match else None
            if parts is None and (iso := _ISO_RE.match(value)):
                parts = iso.groups()
            if parts is None:
                self.fail(key, BAD_DATE)
                return None
            try:
                parsed = date(int(parts[0]), int(parts[1]), int(parts[2]))
            except ValueError:
                self.fail(key, IMPOSSIBLE_DATE)
                return None
        if past and parsed > self.today:
            self.fail(key, FUTURE_DATE)
        return parsed

    def yes_no(self, key: str) -> bool | None:
        """True or False; None (and a problem) for anything but Có/Không/blank."""
        folded = fold(self.text(key))
        if folded in _YES:
            return True
        if folded not in _NO:
            self.fail(key, BAD_YES_NO)
            return None
        return False

    def choice(self, key: str, choices: dict, reason) -> str:
        folded = fold(self.text(key))
        if not folded:
            return ""
        if folded not in choices:
            self.fail(key, reason)
            return ""
        return choices[folded]

    def email(self, key: str) -> str:
        value = self.text(key).lower()
        if value:
            try:
                validate_email(value)
            except ValidationError:
                self.fail(key, BAD_EMAIL)
        return value


def _open(source, filename) -> tuple[pd.DataFrame | None, list[Problem]]:
    try:
        return read_table(source, filename), []
    except ValueError as exc:
        return None, [Problem(None, "", filename, str(exc))]


def _problem_order(problem: Problem) -> int:
    return problem.row or 0


def _chunks(items: list, size: int = CHUNK_SIZE) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


# --- Cadres ---

# Cadre fields an import row may set, in the order of the file.
_CADRE_FIELDS = {
    "full_name": "full_name",
    "date_of_birth": "date_of_birth",
    "gender": "gender",
    "ethnicity": "ethnicity",
    "is_party_member": "is_party_member",
    "party_joined_on": "party_joined_on",
    "theory_level": "theory_level",
    "education": "education",
    "email": "email",
    "category": "category_id",
}


@dataclass
class _CadreRow:
    row: int
    code: str
    fields: dict  # Cadre attribute → value, only for the columns the file has
    agency: Agency
    position: str | None  # None: the file has no Chức vụ column
    start_date: date | None


def _ids_by_folded_name_or_code(table) -> dict[str, int]:
    """An editable table's ids by name or code, folded: a file may say "Cong chuc" or "cong-chuc"."""
    ids = {}
    for entry in table:
        ids[fold(entry.name)] = entry.pk
        ids[fold(entry.code)] = entry.pk
    return ids


def _check_cadre_rows(
    rows: _Rows, scope: AgencyScope, today: date, problems, progress: Progress | None = None
) -> list[_CadreRow]:
    agencies = {a.code: a for a in Agency.objects.only("id", "code", "path", "name")}
    categories = _ids_by_folded_name_or_code(CadreCategory.objects.all())
    check = _RowChecker(rows, problems, today)
    first_row_of: dict[str, int] = {}
    checked = []
    for row, cells in rows:
        if progress is not None and row % PROGRESS_EVERY == 1:  # rows start at 2
            progress(row - 1, rows.count)
        check.start(row, cells)
        code = check.code("personnel_code")
        if code in first_row_of:
            check.fail("personnel_code", DUPLICATE_CODE % {"row": first_row_of[code]})
        elif code:
            first_row_of[code] = row
        values = {
            "full_name": check.text("full_name"),
            "date_of_birth": check.date("date_of_birth", past=True),
        }
        if rows.has("gender"):
            values["gender"] = check.choice("gender", _GENDERS, BAD_GENDER)
        if rows.has("ethnicity"):
            values["ethnicity"] = check.text("ethnicity")
        if rows.has("is_party_member"):
            values["is_party_member"] = check.yes_no("is_party_member")
        if rows.has("party_joined_on"):
            joined = check.date("party_joined_on", past=True)
            values["party_joined_on"] = joined
            member = values.get("is_party_member")
            if joined and member is False:
                check.fail("party_joined_on", PARTY_DATE_NOT_MEMBER)
            elif joined and member is None and not rows.has("is_party_member"):
                values["is_party_member"] = True  # a joining date says it without the column
            born = values["date_of_birth"]
            if joined and born and joined < born:
                check.fail("party_joined_on", PARTY_DATE_BEFORE_BIRTH)
        if rows.has("theory_level"):
            values["theory_level"] = check.choice("theory_level", _LEVELS, BAD_LEVEL)
        if rows.has("education"):
            values["education"] = check.text("education")
        if rows.has("email"):
            values["email"] = check.email("email")
        if rows.has("category"):
            name = check.text("category")
            values["category_id"] = categories.get(fold(name)) if name else None
            if name and values["category_id"] is None:
                check.fail("category", UNKNOWN_CATEGORY)
        agency_code = check.text("agency")
        agency = agencies.get(agency_code)
        if agency_code and agency is None:
            check.fail("agency", UNKNOWN_AGENCY)
        elif agency is not None and not scope.contains(agency):
            check.fail("agency", AGENCY_OUT_OF_SCOPE)
        position = check.text("position") if rows.has("position") else None
        start_date = check.date("start_date") if rows.has("start_date") else None
        if not check.failed:
            checked.append(_CadreRow(row, code, values, agency, position, start_date))
    return checked


@dataclass
class _CadrePlan:
    new_cadres: list[tuple[Cadre, str, date]] = field(default_factory=list)
    changed_cadres: list[Cadre] = field(default_factory=list)
    closed_postings: list[Posting] = field(default_factory=list)
    renamed_postings: list[Posting] = field(default_factory=list)
    new_postings: list[Posting] = field(default_factory=list)
    reactivated_user_ids: list[int] = field(default_factory=list)


_CADRE_UPDATE_FIELDS = [
    "full_name",
    "folded_name",
    "name_sort_text",
    "agency",
    *[f for f in _CADRE_FIELDS.values() if f != "full_name"],
]


def _plan_cadre_chunk(
    chunk: list[_CadreRow], scope: AgencyScope, today: date, result: ImportResult, plan: _CadrePlan
) -> None:
    existing = {
        c.personnel_code: c
        for c in Cadre.objects.filter(personnel_code__in=[r.code for r in chunk]).select_related(
            "agency", "user"
        )
    }
    open_postings = {
        p.cadre_id: p
        for p in Posting.objects.filter(
            cadre_id__in=[c.pk for c in existing.values()], end_date__isnull=True
        )
    }
    for item in chunk:
        cadre = existing.get(item.code)
        if cadre is None:
            cadre = Cadre(personnel_code=item.code, agency=item.agency, **item.fields)
            cadre.fill_derived_names()
            plan.new_cadres.append((cadre, item.position or "", item.start_date or today))
            result.created += 1
            continue
        if not scope.contains(cadre.agency):
            result.problems.append(
                Problem(item.row, "Mã cán bộ", item.code, str(CADRE_OUT_OF_SCOPE))
            )
            continue
        changed = False
        for attr, value in item.fields.items():
            if attr == "full_name":
                value = nfc(value)
            if getattr(cadre, attr) != value:
                setattr(cadre, attr, value)
                changed = True
        current = open_postings.get(cadre.pk)
        moved = current is None or current.agency_id != item.agency.pk
        if moved:
            start = item.start_date or today
            try:
                move = services.posting_move(
                    cadre=cadre,
                    current=current,
                    agency=item.agency,
                    position=item.position if item.position is not None else "",
                    start_date=start,
                )
            except services.RegistryError:
                when = current.start_date.strftime("%d/%m/%Y")
                result.problems.append(
                    Problem(
                        item.row,
                        "Ngày bắt đầu",
                        _text(start),
                        str(TRANSFER_BEFORE_CURRENT % {"date": when}),
                    )
                )
                continue
            if move.closed is not None:
                plan.closed_postings.append(move.closed)
            if move.reactivate_user:
                plan.reactivated_user_ids.append(cadre.user_id)
            plan.new_postings.append(move.opened)
            cadre.agency = item.agency
        elif item.position is not None and current.position != item.position:
            current.position = item.position
            plan.renamed_postings.append(current)
            changed = True
        if changed or moved:
            cadre.fill_derived_names()
            plan.changed_cadres.append(cadre)
        if moved:
            result.transferred += 1
        elif changed:
            result.updated += 1
        else:
            result.unchanged += 1


def _write_cadre_plan(plan: _CadrePlan) -> None:
    for batch in _chunks(plan.new_cadres):
        created = Cadre.objects.bulk_create([cadre for cadre, _p, _s in batch], batch_size=500)
        Posting.objects.bulk_create(
            [
                Posting(cadre=cadre, agency_id=cadre.agency_id, position=position, start_date=start)
                for cadre, (_c, position, start) in zip(created, batch, strict=True)
            ],
            batch_size=500,
        )
    for batch in _chunks(plan.changed_cadres):
        Cadre.objects.bulk_update(batch, _CADRE_UPDATE_FIELDS)
    # Close before opening: the database allows one open posting per cadre.
    for batch in _chunks(plan.closed_postings):
        Posting.objects.bulk_update(batch, ["end_date"])
    for batch in _chunks(plan.renamed_postings):
        Posting.objects.bulk_update(batch, ["position"])
    for batch in _chunks(plan.new_postings):
        Posting.objects.bulk_create(batch, batch_size=500)
    if plan.reactivated_user_ids:
        get_user_model().objects.filter(pk__in=plan.reactivated_user_ids).update(is_active=True)


def import_cadres(
    *,
    source: str | Path | IO[bytes],
    filename: str,
    actor,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Create or update cadres by personnel code; a different agency code is a transfer.

    Transfers follow services.posting_move, the rule of the transfer page, batched.
    """
    today = today or date.today()
    scope = agency_scope_for(actor)
    result = ImportResult(dry_run=dry_run)
    frame, result.problems = _open(source, filename)
    if frame is None:
        return result
    rows = _Rows(frame, CADRE_COLUMNS)
    result.problems.extend(rows.problems)
    if result.problems:
        return result
    checked = _check_cadre_rows(rows, scope, today, result.problems, progress)
    if progress is not None:
        progress(rows.count, rows.count)
    if not checked and not result.problems:
        result.problems.append(Problem(None, "", filename, str(EMPTY_FILE)))
    # Rows that passed their own checks are still compared with the database, so problems
    # such as a cadre outside the user's scope are listed in the same report.
    plan = _CadrePlan()
    for chunk in _chunks(checked):
        _plan_cadre_chunk(chunk, scope, today, result, plan)
    if result.problems:
        result.problems.sort(key=_problem_order)
        return result
    if dry_run:
        return result
    with transaction.atomic():
        _write_cadre_plan(plan)
    return result


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
    rows: _Rows, today: date, problems, progress: Progress | None = None
) -> tuple[list[_AgencyRow], dict[str, int]]:
    """Rows that passed, and the first row of every code in the file (bad rows included)."""
    kinds = _ids_by_folded_name_or_code(AgencyKind.objects.all())
    check = _RowChecker(rows, problems, today)
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
        if admin_code and not _ADMIN_CODE_RE.match(admin_code):
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
            result.created += 1
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
            result.transferred += 1
        elif action.update or action.rename or item.dissolve:
            result.updated += 1
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
    scope = agency_scope_for(actor)
    result = ImportResult(dry_run=dry_run)
    frame, result.problems = _open(source, filename)
    if frame is None:
        return result
    rows = _Rows(frame, AGENCY_COLUMNS)
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
        result.problems.sort(key=_problem_order)
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


# --- Background jobs (the office path): upload → check run → confirm → write run ---
#
# The job base (cadres.jobs) runs run_job twice: first the check (a dry run whose counts and
# problems the uploader reads), then, once confirmed, the write, which checks again inside
# its transaction, so a registry changed in between is caught. The view enqueues each run.

JOB_KIND = "import"
RUNNERS = {ImportKind.CADRES: import_cadres, ImportKind.AGENCIES: import_agencies}


def job_result(job: ImportJob) -> ImportResult:
    """The job's stored counts and problems, shaped like the import's own result."""
    counts = job.counts or {}
    return ImportResult(
        created=counts.get("created", 0),
        updated=counts.get("updated", 0),
        transferred=counts.get("transferred", 0),
        unchanged=counts.get("unchanged", 0),
        problems=[Problem(**p) for p in job.problems or []],
        dry_run=job.status != JobStatus.DONE,
    )


def job_create(*, user, import_kind: str, upload, scope: AgencyScope) -> ImportJob:
    """Keep the upload in private storage and record the job; the caller enqueues its check."""
    name = jobs.private_storage().save(
        f"imports/{uuid.uuid4().hex}{Path(upload.name).suffix.lower()}", upload
    )
    return jobs.job_create(
        ImportJob,
        kind=JOB_KIND,
        step=ImportStep.CHECK,
        user=user,
        scope=scope,
        import_kind=import_kind,
        file_name=name,
        original_name=upload.name[:255],
    )


def _remove_file(job: ImportJob) -> None:
    storage = jobs.private_storage()
    if job.file_name and storage.exists(job.file_name):
        storage.delete(job.file_name)


def _run(job: ImportJob, *, dry_run: bool) -> ImportResult:
    def progress(done: int, total: int) -> None:
        jobs.progress(job.pk, done, total)

    with (
        translation.override(job.language or None),
        jobs.private_storage().open(job.file_name) as f,
    ):
        return RUNNERS[job.import_kind](
            source=f,
            filename=job.file_name,
            actor=jobs.job_actor(job),
            dry_run=dry_run,
            progress=progress,
        )


def _stored(result: ImportResult) -> dict:
    return {
        "counts": {
            "created": result.created,
            "updated": result.updated,
            "transferred": result.transferred,
            "unchanged": result.unchanged,
        },
        "problems": [asdict(p) for p in result.problems],
    }


def run_job(job_id: int) -> None:
    """The job base's runner: the check, or the write once confirmed."""
    job = ImportJob.objects.get(pk=job_id)
    try:
        if job.step == ImportStep.CHECK:
            _check(job)
        else:
            _write(job)
    except Exception:
        _remove_file(job)  # the job fails (cadres.jobs.run); its file is of no more use
        raise


def _check(job: ImportJob) -> None:
    """The dry run: problems and the counts a confirm would give; nothing is written."""
    result = _run(job, dry_run=True)
    jobs.finish(job, status=JobStatus.WAITING, **_stored(result))
    if not result.ok:
        _remove_file(job)  # nothing more can be done with this file


def _write(job: ImportJob) -> None:
    """Check again and write in one transaction (all or nothing), once; then drop the file."""
    with transaction.atomic():
        if jobs.lock_for_write(job.pk, step=ImportStep.WRITE) is None:
            return  # written by an earlier run of the same job
        result = _run(job, dry_run=False)
        # New problems (the registry changed since the check): nothing was written; show them.
        jobs.finish(
            job,
            status=JobStatus.DONE if result.ok else JobStatus.WAITING,
            **_stored(result),
        )
    _remove_file(job)


def job_confirm(job: ImportJob) -> bool:
    """Turn a checked job without problems into a queued write, once; the caller enqueues it."""
    return bool(
        ImportJob.objects.filter(
            pk=job.pk, status=JobStatus.WAITING, step=ImportStep.CHECK, problems=[]
        ).update(status=JobStatus.QUEUED, step=ImportStep.WRITE, rows_done=0)
    )


def job_cancel(job: ImportJob) -> bool:
    """Drop a job not yet being written, and its file."""
    cancelled = ImportJob.objects.filter(
        Q(status__in=[JobStatus.QUEUED, JobStatus.WAITING]) | Q(status=JobStatus.RUNNING),
        pk=job.pk,
        step=ImportStep.CHECK,
    ).update(status=JobStatus.CANCELLED, finished_at=timezone.now())
    if cancelled:
        _remove_file(job)
    return bool(cancelled)
