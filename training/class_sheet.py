"""A class held in person as a spreadsheet: one row per learner, one column per session, and the
result; the same sheet comes back filled in as an import (all or nothing, on the job base).

Marks are written as people write them on paper: Có mặt (x), Đi muộn (m), Vắng có phép (p),
Vắng (v); a blank cell changes nothing. The result is a score for a graded class, or Đạt /
Không đạt.
"""

import re
from datetime import date, datetime
from io import BytesIO

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from cadres.imports.rows import (
    EMPTY_FILE,
    ImportResult,
    Problem,
    open_table,
    problem_order,
)
from cadres.spreadsheets import escape_formula, header_key
from cadres.text import fold
from training import classroom
from training.models import Attendance, AttendanceSource, AttendanceStatus, Offering, Result
from training.selectors import attending_enrolments
from training.services import TrainingError

KIND = "class_sheet"
CODE_HEADER = "Mã cán bộ"
NAME_HEADER = "Họ và tên"
RESULT_HEADER = "Kết quả"
SCORE_HEADER = "Điểm"
MARK_WORDS = {
    AttendanceStatus.PRESENT: "Có mặt",
    AttendanceStatus.LATE: "Đi muộn",
    AttendanceStatus.EXCUSED: "Vắng có phép",
    AttendanceStatus.ABSENT: "Vắng",
}
_MARKS = {
    **{fold(word): status for status, word in MARK_WORDS.items()},
    "x": AttendanceStatus.PRESENT,
    "m": AttendanceStatus.LATE,
    "p": AttendanceStatus.EXCUSED,
    "v": AttendanceStatus.ABSENT,
}
_PASSED = {"dat": True, "khong dat": False}
_SESSION_RE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2})[:h](\d{2}))?$")

NO_SUCH_CLASS = _("This class no longer exists.")
CODE_MISSING = _("Row 1 must have a “Mã cán bộ” column.")
UNKNOWN_SESSION = _(
    "No session of this class matches this heading (write dd/mm/yyyy, or dd/mm/yyyy hh:mm when a day has two)."
)
UNKNOWN_LEARNER = _("No learner of this class has this personnel code.")
BAD_MARK = _("Write Có mặt, Đi muộn, Vắng có phép or Vắng (or x, m, p, v).")
BAD_PASSED = _("Write Đạt or Không đạt.")
DUPLICATE_LEARNER = _("This learner already appears in row %(row)d.")


def session_heading(session, *, with_time: bool) -> str:
    heading = session.date.strftime("%d/%m/%Y")
    return f"{heading} {session.starts_at:%H:%M}" if with_time else heading


def _headings(sessions) -> dict[int, str]:
    days = [s.date for s in sessions]
    return {s.pk: session_heading(s, with_time=days.count(s.date) > 1) for s in sessions}


def sheet_xlsx(offering: Offering) -> bytes:
    """The class's workbook: the attendance and results sheet (first, the one imported back),
    the learner list, and a sign-in sheet to print, one signature column per session."""
    sessions = list(offering.sessions.all())
    headings = _headings(sessions)
    learners = list(
        attending_enrolments(offering)
        .select_related("cadre__agency", "cadre__category")
        .order_by("cadre__name_sort_text", "pk")
    )
    marks = {
        (a.enrolment_id, a.session_id): a.status
        for a in Attendance.objects.filter(session__offering=offering)
    }
    results = {r.enrolment_id: r for r in Result.objects.filter(enrolment__in=learners)}
    graded = offering.grading_scheme_id is not None
    title = f"{offering.code} · {offering.course.title}"
    from openpyxl import Workbook  # here, not at start-up (the app loads this module)
    from openpyxl.styles import Alignment, Border, Side

    workbook = Workbook()

    sheet = workbook.active
    headers = [CODE_HEADER, NAME_HEADER, "Đơn vị"] + [headings[s.pk] for s in sessions]
    headers.append(SCORE_HEADER if graded else RESULT_HEADER)
    rows = []
    for enrolment in learners:
        row = [
            enrolment.cadre.personnel_code,
            enrolment.cadre.full_name,
            enrolment.cadre.agency.name,
        ]
        row += [MARK_WORDS.get(marks.get((enrolment.pk, s.pk)), "") for s in sessions]
        result = results.get(enrolment.pk)
        if graded:
            row.append(
                str(result.score).replace(".", ",") if result and result.score is not None else ""
            )
        else:
            row.append(("Đạt" if result.passed else "Không đạt") if result else "")
        rows.append(row)
    _fill(sheet, "Điểm danh", title, headers, rows, [14, 28, 40] + [14] * len(sessions) + [12])

    rows = [
        [
            number,
            e.cadre.personnel_code,
            e.cadre.full_name,
            e.cadre.date_of_birth,
            e.cadre.get_gender_display(),
            e.cadre.category.name if e.cadre.category else "",
            e.cadre.agency.name,
            e.cadre.email,
            e.get_status_display(),
        ]
        for number, e in enumerate(learners, start=1)
    ]
    headers = ["STT", CODE_HEADER, NAME_HEADER, "Ngày sinh", "Giới tính", "Đối tượng"]
    headers += ["Đơn vị", "Thư điện tử", "Tình trạng"]
    _fill(
        workbook.create_sheet(),
        "Danh sách học viên",
        title,
        headers,
        rows,
        [6, 14, 28, 12, 10, 24, 36, 28, 16],
    )

    sign_in = workbook.create_sheet()
    headers = ["STT", NAME_HEADER, "Đơn vị"]
    headers += [f"{session_heading(s, with_time=True)}\nKý tên" for s in sessions]
    rows = [[n, e.cadre.full_name, e.cadre.agency.name] for n, e in enumerate(learners, start=1)]
    rows = [row + [""] * len(sessions) for row in rows]
    _fill(sign_in, "Bảng ký tên", title, headers, rows, [6, 28, 30] + [18] * len(sessions))
    sign_in.print_title_rows = "3:3"  # the headers again on every printed page
    thin = Side(style="thin", color="777777")
    for row in sign_in.iter_rows(min_row=3):
        sign_in.row_dimensions[row[0].row].height = 30  # room for a signature
        for cell in row:
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fill(sheet, title: str, heading: str, headers: list, rows: list, widths: list) -> None:
    """A sheet with the class's name on row 1, bold headers on row 3, then the rows (text
    escaped, dates as dates)."""
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    sheet.title = title
    sheet.append([escape_formula(heading)])
    sheet["A1"].font = Font(bold=True)
    sheet.append([])
    sheet.append(headers)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([escape_formula(v) if isinstance(v, str) else v for v in row])
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, date):
                cell.number_format = "DD/MM/YYYY"
    for index, width in enumerate(widths):
        sheet.column_dimensions[get_column_letter(index + 1)].width = width
    # Printed as it is: landscape, every column on the page's width.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def _session_by_heading(sessions) -> dict[str, object]:
    by_heading = {}
    for session in sessions:
        by_heading[header_key(session_heading(session, with_time=True))] = session
        day = header_key(session_heading(session, with_time=False))
        # A day heading names its session only when the day has one session.
        by_heading[day] = None if day in by_heading else session
    return by_heading


def import_class_sheet(
    *, source, filename, actor, dry_run=False, progress=None, offering_id=None, today=None
) -> ImportResult:
    """Marks and results from the class's sheet; every cell checked first, then written at
    once through the classroom services (so the same rules and history as the pages)."""
    result = ImportResult(dry_run=dry_run)
    offering = Offering.objects.filter(pk=offering_id).select_related("grading_scheme").first()
    if offering is None:
        result.problems.append(Problem(None, "", filename, str(NO_SUCH_CLASS)))
        return result
    frame, result.problems = open_table(source, filename)
    if frame is None:
        return result
    # The sheet written by sheet_xlsx has the class's name on row 1: skip to the headers.
    if CODE_HEADER not in [str(c).strip() for c in frame.columns]:
        for index in range(min(len(frame.index), 5)):
            values = [str(v).strip() for v in frame.iloc[index].tolist()]
            if CODE_HEADER in values:
                frame.columns = values
                frame = frame.iloc[index + 1 :]
                header_row = index + 2
                break
        else:
            result.problems.append(Problem(1, CODE_HEADER, "", str(CODE_MISSING)))
            return result
    else:
        header_row = 1
    sessions = list(offering.sessions.all())
    by_heading = _session_by_heading(sessions)
    learners = {
        e.cadre.personnel_code.upper(): e
        for e in attending_enrolments(offering).select_related("cadre")
    }
    session_columns, result_column = [], None
    for column in frame.columns:
        if isinstance(column, datetime | date):  # Excel may turn a heading into a date
            text = column.strftime("%d/%m/%Y")
        else:
            text = str(column).strip()
        key = header_key(text)
        if text in (CODE_HEADER, NAME_HEADER, "Đơn vị") or not text or text.startswith("Unnamed"):
            continue
        if text in (RESULT_HEADER, SCORE_HEADER):
            result_column = column
            continue
        session = by_heading.get(key)
        if _SESSION_RE.match(text) and session is not None:
            session_columns.append((column, session, text))
        else:
            result.problems.append(Problem(header_row, text, text, str(UNKNOWN_SESSION)))
    marks: dict[int, dict[int, str]] = {}  # session id -> {enrolment id: status}
    results: list[tuple[object, object]] = []
    seen: dict[str, int] = {}
    scheme = offering.grading_scheme
    for index, (_i, row) in enumerate(frame.iterrows()):
        excel_row = header_row + 1 + index
        code = str(row.get(CODE_HEADER, "") or "").strip().upper()
        if not code:
            continue
        enrolment = learners.get(code)
        if enrolment is None:
            result.problems.append(Problem(excel_row, CODE_HEADER, code, str(UNKNOWN_LEARNER)))
            continue
        if code in seen:
            result.problems.append(
                Problem(excel_row, CODE_HEADER, code, str(DUPLICATE_LEARNER % {"row": seen[code]}))
            )
            continue
        seen[code] = excel_row
        changed = False
        for column, session, heading in session_columns:
            value = str(row[column] or "").strip()
            if not value:
                continue
            status = _MARKS.get(fold(value))
            if status is None:
                result.problems.append(Problem(excel_row, heading, value, str(BAD_MARK)))
                continue
            marks.setdefault(session.pk, {})[enrolment.pk] = status
            changed = True
        if result_column is not None:
            value = str(row[result_column] or "").strip()
            if value:
                try:
                    if scheme is not None:
                        entry = {"score": classroom.parse_score(value, scheme.max_score)}
                    elif fold(value) in _PASSED:
                        entry = {"passed": _PASSED[fold(value)]}
                    else:
                        raise TrainingError(BAD_PASSED)
                except TrainingError as error:
                    result.problems.append(
                        Problem(excel_row, str(result_column), value, error.messages[0])
                    )
                else:
                    results.append((enrolment, entry))
                    changed = True
        if changed:
            result.note("updated", excel_row, code, enrolment.cadre.full_name)
        else:
            result.unchanged += 1
    if not seen and not result.problems:
        result.problems.append(Problem(None, "", filename, str(EMPTY_FILE)))
    if result.problems:
        result.problems.sort(key=problem_order)
        return result
    if progress is not None:
        progress(len(seen), len(seen))
    with transaction.atomic():
        try:
            by_pk = {s.pk: s for s in sessions}
            for session_id, session_marks in marks.items():
                classroom.attendance_mark(
                    actor=actor,
                    session=by_pk[session_id],
                    marks=session_marks,
                    source=AttendanceSource.IMPORT,
                )
            for enrolment, entry in results:
                classroom.result_save(actor=actor, enrolment=enrolment, **entry)
        except TrainingError as error:
            result.problems.append(Problem(None, "", filename, error.messages[0]))
            transaction.set_rollback(True)
            return result
        if dry_run:
            transaction.set_rollback(True)
    return result
