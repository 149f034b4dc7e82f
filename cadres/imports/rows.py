"""What every import shares: reading the sheet, checking cells, the problems it reports."""

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from cadres.spreadsheets import EXTRA_FIELDS, Column, header_key, read_table
from cadres.text import fold, has_control_characters, has_letters, nfc

if TYPE_CHECKING:  # pandas is loaded by read_table, when a file is read (not at start-up)
    import pandas as pd

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
BAD_EMAIL = _("Not a valid email address.")
BAD_CODE = _("Only letters, digits and . @ + - _ are allowed, without spaces.")
UNKNOWN_AGENCY = _("No agency has this code.")
AGENCY_OUT_OF_SCOPE = _("This agency is outside the agencies you manage.")
DUPLICATE_CODE = _("This code already appears in row %(row)d.")
DATE_TOO_EARLY = _("Not a plausible date: the year must be 1900 or later.")
CONTROL_CHARACTERS = _("The cell holds invisible control characters (such as NUL): retype it.")
NAME_NEEDS_LETTERS = _("A name must have letters.")
# A report keeps the first problems and counts the rest: a broken file of 100,000 rows must not
# become a page of 100,000 lines (nor a value of a megabyte).
PROBLEMS_LISTED = 200
PROBLEM_VALUE_LENGTH = 200
EARLIEST_YEAR = 1900

CODE_RE = re.compile(r"^[\w.@+-]+$")
ADMIN_CODE_RE = re.compile(r"^(\d{2}|\d{5})$")
_DMY_RE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_ISO_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00:00)?$")
_YES = {"co", "x"}
_NO = {"khong", ""}


@dataclass(frozen=True)
class Problem:
    """One reason a row cannot be imported; row is the Excel row number (None: the whole file)."""

    row: int | None
    column: str
    value: str
    reason: str


CHANGES_LISTED = 500


@dataclass(frozen=True)
class Change:
    """One row's change as the preview names it: created, updated or transferred (moved)."""

    row: int
    what: str
    code: str
    name: str
    detail: str = ""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    transferred: int = 0  # cadres: new posting in another agency; agencies: new parent
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    dry_run: bool = False
    # What the import does, row by row, for the preview to name (the first CHANGES_LISTED).
    changes: list[Change] = field(default_factory=list)
    # How many problems there were when only the first PROBLEMS_LISTED are kept (0: all kept).
    problems_total: int = 0

    @property
    def problem_count(self) -> int:
        return max(self.problems_total, len(self.problems))

    @property
    def problems_cut(self) -> bool:
        return self.problem_count > len(self.problems)

    def note(self, what: str, row: int, code: str, name: str, detail: str = "") -> None:
        """Count a row's change and, up to CHANGES_LISTED, name it."""
        setattr(self, what, getattr(self, what) + 1)
        if len(self.changes) < CHANGES_LISTED:
            self.changes.append(Change(row, what, code, name, detail))

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
    import pandas as pd  # already loaded: the cells come from read_table's frame

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


def cell_text(value) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, date) else value


class Rows:
    """The table's columns matched to the expected ones; yields (excel_row, {key: cell})."""

    def __init__(self, frame: "pd.DataFrame", columns: list[Column]):
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


class RowChecker:
    """Turns one row's cells into values, recording a Problem for each bad cell."""

    def __init__(self, rows: Rows, problems: list[Problem], today: date):
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
            value = cell_text(self.cells.get(key, ""))
        self.problems.append(
            Problem(self.row, self.rows.columns[key].header, str(value), str(reason))
        )
        self.failed = True

    def text(self, key: str) -> str:
        value = cell_text(self.cells.get(key, ""))
        column = self.rows.columns[key]
        if column.required and not value:
            self.fail(key, REQUIRED_VALUE)
        elif len(value) > column.max_length:
            self.fail(key, TOO_LONG % {"limit": column.max_length}, value[:PROBLEM_VALUE_LENGTH])
            return value[: column.max_length]
        elif has_control_characters(value):
            self.fail(key, CONTROL_CHARACTERS, value.encode("unicode_escape").decode("ascii"))
            return ""
        return value

    def name(self, key: str) -> str:
        value = self.text(key)
        if value and not has_letters(value):
            self.fail(key, NAME_NEEDS_LETTERS)
        return value

    def code(self, key: str, *, upper: bool = False) -> str:
        """A code; `upper` for codes that are one code whatever their case (personnel codes)."""
        value = self.text(key)
        if value and not CODE_RE.match(value):
            self.fail(key, BAD_CODE)
        return value.upper() if upper else value

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
        if parsed.year < EARLIEST_YEAR:
            self.fail(key, DATE_TOO_EARLY)
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


def open_table(source, filename) -> tuple["pd.DataFrame | None", list[Problem]]:
    """The table and the problems of the file as a whole (named by the user's file name)."""
    try:
        frame = read_table(source, filename)
    except ValueError as exc:
        return None, [Problem(None, "", filename, str(exc))]
    problems = [
        Problem(row, "", text, str(EXTRA_FIELDS % {"found": found, "expected": expected}))
        for row, found, expected, text in frame.attrs.get("extra_fields", [])
    ]
    return frame, problems


def problem_order(problem: Problem) -> int:
    return problem.row or 0


def chunks(items: list, size: int = CHUNK_SIZE) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def ids_by_folded_name_or_code(table) -> dict[str, int]:
    """An editable table's ids by name or code, folded: a file may say "Cong chuc" or "cong-chuc"."""
    ids = {}
    for entry in table:
        ids[fold(entry.name)] = entry.pk
        ids[fold(entry.code)] = entry.pk
    return ids
