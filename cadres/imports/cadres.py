"""Importing cadres: create or update by personnel code; another agency is a transfer."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from cadres import audit, services, user_state
from cadres.access import AgencyScope, change_scope_for
from cadres.ethnic_groups import ethnic_groups_by_key, key
from cadres.imports.rows import (
    AGENCY_OUT_OF_SCOPE,
    DUPLICATE_CODE,
    EMPTY_FILE,
    PROGRESS_EVERY,
    UNKNOWN_AGENCY,
    ImportResult,
    Problem,
    Progress,
    RowChecker,
    Rows,
    cell_text,
    chunks,
    ids_by_folded_name_or_code,
    open_table,
    problem_order,
)
from cadres.list_cache import bump_registry_version
from cadres.models import (
    Agency,
    AuditAction,
    Cadre,
    CadreCategory,
    Gender,
    JobPosition,
    LeadershipTitle,
    PoliticalTheoryLevel,
    Posting,
)
from cadres.spreadsheets import Column
from cadres.text import fold, nfc

CADRE_OUT_OF_SCOPE = _("This cadre belongs to an agency outside the agencies you manage.")
PARTY_DATE_NOT_MEMBER = _("A date of joining the Party is given but Đảng viên is not Có.")
PARTY_DATE_BEFORE_BIRTH = _("The date of joining the Party is before the date of birth.")
TRANSFER_BEFORE_CURRENT = _("The new post cannot start before the current one (%(date)s).")
UNKNOWN_CATEGORY = _("No cadre category has this name.")
UNKNOWN_ETHNICITY = _(
    "Not one of the 54 ethnic groups of the statistics office's list: write its name (Kinh, "
    "Khmer, Hoa…) or its two-digit code."
)
UNKNOWN_JOB_POSITION = _("No job position has this code or name (see the job positions table).")
UNKNOWN_TITLE = _("No leadership title has this code or name (see the titles table).")
BAD_GENDER = _("Write Nam or Nữ.")
BAD_LEVEL = _("Write Sơ cấp, Trung cấp, Cao cấp or Cử nhân.")

GENDERS = {"nam": Gender.MALE, "nu": Gender.FEMALE}
LEVELS = {
    "so cap": PoliticalTheoryLevel.ELEMENTARY,
    "trung cap": PoliticalTheoryLevel.INTERMEDIATE,
    "cao cap": PoliticalTheoryLevel.ADVANCED,
    "cu nhan": PoliticalTheoryLevel.BACHELOR,
}

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
    Column("job_position", "Mã vị trí việc làm", False, 200, "chuyen-vien-dan-van"),
    Column("title", "Mã chức vụ", False, 200, "pho-chu-tich-ubnd"),
    Column("start_date", "Ngày bắt đầu", False, 10, "01/07/2025"),
    Column("email", "Email", False, 254, "anh.nguyen@example.vn"),
    Column("category", "Đối tượng", False, 200, "Cán bộ chuyên trách dân vận"),
]


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
    # The posting's coded position and title, only for the columns the file has.
    codes: dict = field(default_factory=dict)


def _check_cadre_rows(
    rows: Rows, scope: AgencyScope, today: date, problems, progress: Progress | None = None
) -> list[_CadreRow]:
    agencies = {a.code: a for a in Agency.objects.only("id", "code", "path", "name")}
    categories = ids_by_folded_name_or_code(CadreCategory.objects.all())
    ethnic_groups = ethnic_groups_by_key()
    coded_tables = {
        "job_position": (
            ids_by_folded_name_or_code(JobPosition.objects.all()),
            UNKNOWN_JOB_POSITION,
        ),
        "title": (ids_by_folded_name_or_code(LeadershipTitle.objects.all()), UNKNOWN_TITLE),
    }
    check = RowChecker(rows, problems, today)
    first_row_of: dict[str, int] = {}
    checked = []
    for row, cells in rows:
        if progress is not None and row % PROGRESS_EVERY == 1:  # rows start at 2
            progress(row - 1, rows.count)
        check.start(row, cells)
        code = check.code("personnel_code", upper=True)  # cb000002 is CB000002
        if code in first_row_of:
            check.fail("personnel_code", DUPLICATE_CODE % {"row": first_row_of[code]})
        elif code:
            first_row_of[code] = row
        values = {
            "full_name": check.name("full_name"),
            "date_of_birth": check.date("date_of_birth", past=True),
        }
        if rows.has("gender"):
            values["gender"] = check.choice("gender", GENDERS, BAD_GENDER)
        if rows.has("ethnicity"):
            written = check.text("ethnicity")
            group = ethnic_groups.get(key(written)) if written else None
            if written and group is None:
                check.fail("ethnicity", UNKNOWN_ETHNICITY)
            values["ethnicity"] = group.name if group else ""
            values["ethnic_group_id"] = group.pk if group else None
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
            values["theory_level"] = check.choice("theory_level", LEVELS, BAD_LEVEL)
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
        codes = {}
        for column, (ids, unknown) in coded_tables.items():
            if rows.has(column):
                text = check.text(column)
                codes[f"{column}_id"] = ids.get(fold(text)) if text else None
                if text and codes[f"{column}_id"] is None:
                    check.fail(column, unknown)
        if not check.failed:
            checked.append(_CadreRow(row, code, values, agency, position, start_date, codes))
    return checked


@dataclass
class _CadrePlan:
    new_cadres: list[tuple[Cadre, str, date, dict]] = field(default_factory=list)
    changed_cadres: list[Cadre] = field(default_factory=list)
    closed_postings: list[Posting] = field(default_factory=list)
    renamed_postings: list[Posting] = field(default_factory=list)
    new_postings: list[Posting] = field(default_factory=list)
    reactivated_user_ids: list[int] = field(default_factory=list)
    # The trail: {cadre: {field: [old, new]}} for changed details, and the transfers made.
    cadre_changes: dict[int, dict] = field(default_factory=dict)
    transfers: list[tuple[Cadre, object, dict]] = field(default_factory=list)
    position_changes: list[tuple[Posting, str]] = field(default_factory=list)
    category_names: dict[int, str] | None = None


_CADRE_UPDATE_FIELDS = [
    "full_name",
    "folded_name",
    "name_sort_text",
    "agency",
    "ethnic_group",
    *[f for f in _CADRE_FIELDS.values() if f != "full_name"],
]


def _plan_cadre_chunk(
    chunk: list[_CadreRow], scope: AgencyScope, today: date, result: ImportResult, plan: _CadrePlan
) -> None:
    # Codes compare whatever their case, also against codes stored before they were upper-cased.
    existing = {
        c.personnel_code.upper(): c
        for c in Cadre.objects.annotate(code_upper=Upper("personnel_code"))
        .filter(code_upper__in=[r.code for r in chunk])
        .select_related("agency", "user")
    }
    open_postings = {
        p.cadre_id: p
        for p in Posting.objects.filter(
            cadre_id__in=[c.pk for c in existing.values()], end_date__isnull=True
        ).select_related("agency")  # named in the audit trail
    }
    for item in chunk:
        cadre = existing.get(item.code)
        if cadre is None:
            cadre = Cadre(personnel_code=item.code, agency=item.agency, **item.fields)
            cadre.fill_derived_names()
            plan.new_cadres.append(
                (cadre, item.position or "", item.start_date or today, item.codes)
            )
            result.note("created", item.row, item.code, cadre.full_name, item.agency.name)
            continue
        if not scope.contains(cadre.agency):
            result.problems.append(
                Problem(item.row, "Mã cán bộ", item.code, str(CADRE_OUT_OF_SCOPE))
            )
            continue
        changed = False
        details: dict[str, list] = {}
        for attr, value in item.fields.items():
            if attr == "full_name":
                value = nfc(value)
            if getattr(cadre, attr) != value:
                name = attr.removesuffix("_id")
                details[name] = [
                    _shown(attr, getattr(cadre, attr), plan),
                    _shown(attr, value, plan),
                ]
                setattr(cadre, attr, value)
                changed = True
        if details:
            plan.cadre_changes[id(cadre)] = details
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
                        cell_text(start),
                        str(TRANSFER_BEFORE_CURRENT % {"date": when}),
                    )
                )
                continue
            if move.closed is not None:
                plan.closed_postings.append(move.closed)
            if move.reactivate_user:
                plan.reactivated_user_ids.append(cadre.user_id)
            for attr, value in item.codes.items():
                setattr(move.opened, attr, value)
            plan.new_postings.append(move.opened)
            plan.transfers.append((cadre, move, audit.snapshot(cadre, ["agency"])))
            cadre.agency = item.agency
        else:
            renamed = False
            if item.position is not None and current.position != item.position:
                plan.position_changes.append((current, current.position))
                current.position = item.position
                renamed = True
            for attr, value in item.codes.items():
                if getattr(current, attr) != value:
                    setattr(current, attr, value)
                    renamed = True
            if renamed:
                plan.renamed_postings.append(current)
                changed = True
        if changed or moved:
            cadre.fill_derived_names()
            plan.changed_cadres.append(cadre)
        if moved:
            result.note("transferred", item.row, item.code, cadre.full_name, item.agency.name)
        elif changed:
            result.note("updated", item.row, item.code, cadre.full_name)
        else:
            result.unchanged += 1


def _shown(attr: str, value, plan: "_CadrePlan"):
    if attr == "category_id":
        if plan.category_names is None:  # read once per import, when a category changes
            plan.category_names = dict(CadreCategory.objects.values_list("pk", "name"))
        return plan.category_names.get(value) if value else None
    return audit.shown(value)


def _audit_cadre_plan(actor, plan: _CadrePlan) -> None:
    """The same trail as the pages' services leave, one entry per record written."""
    made = []
    for cadre, *_post in plan.new_cadres:
        made.append(
            audit.entry(
                actor=actor,
                action=AuditAction.CREATED,
                target=cadre,
                changes=audit.diff(
                    {},
                    {
                        **audit.snapshot(cadre, ["personnel_code", "full_name", "date_of_birth"]),
                        "agency": cadre.agency.name,
                    },
                ),
            )
        )
    for cadre in plan.changed_cadres:
        if id(cadre) in plan.cadre_changes:
            made.append(
                audit.entry(
                    actor=actor,
                    action=AuditAction.CHANGED,
                    target=cadre,
                    changes=plan.cadre_changes[id(cadre)],
                )
            )
    for cadre, move, before in plan.transfers:
        made.extend(services.posting_move_entries(actor, cadre, move, before))
    for posting, old in plan.position_changes:
        made.append(
            audit.entry(
                actor=actor,
                action=AuditAction.CHANGED,
                target=posting,
                changes={"position": [old, posting.position]},
            )
        )
    audit.record_many(made)


def _write_cadre_plan(plan: _CadrePlan) -> None:
    for batch in chunks(plan.new_cadres):
        created = Cadre.objects.bulk_create([item[0] for item in batch], batch_size=500)
        Posting.objects.bulk_create(
            [
                Posting(
                    cadre=cadre,
                    agency_id=cadre.agency_id,
                    position=position,
                    start_date=start,
                    **codes,
                )
                for cadre, (_c, position, start, codes) in zip(created, batch, strict=True)
            ],
            batch_size=500,
        )
    for batch in chunks(plan.changed_cadres):
        Cadre.objects.bulk_update(batch, _CADRE_UPDATE_FIELDS)
    # Close before opening: the database allows one open posting per cadre.
    for batch in chunks(plan.closed_postings):
        Posting.objects.bulk_update(batch, ["end_date"])
    for batch in chunks(plan.renamed_postings):
        Posting.objects.bulk_update(batch, ["position", "job_position", "title"])
    for batch in chunks(plan.new_postings):
        Posting.objects.bulk_create(batch, batch_size=500)
    if plan.reactivated_user_ids:
        get_user_model().objects.filter(pk__in=plan.reactivated_user_ids).update(is_active=True)
        user_state.changed_for_everyone()  # a bulk write sends no signal
    bump_registry_version()  # bulk writes: no signals


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
    scope = change_scope_for(actor)  # the scopes of someone who may change them
    result = ImportResult(dry_run=dry_run)
    frame, result.problems = open_table(source, filename)
    if frame is None:
        return result
    rows = Rows(frame, CADRE_COLUMNS)
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
    for chunk in chunks(checked):
        _plan_cadre_chunk(chunk, scope, today, result, plan)
    if result.problems:
        result.problems.sort(key=problem_order)
        return result
    if dry_run:
        return result
    with transaction.atomic():
        _write_cadre_plan(plan)
        _audit_cadre_plan(actor, plan)
    return result
