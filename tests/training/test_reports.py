"""The review reports on a small hand-made province, with every expected number written out.

The province: a provincial department D, and communes X and Y (5-digit codes). Y merges into X
on 01/07/2026. In 2026:
- c1 (X; woman, Kinh, born 1995) completes course A (political theory, 20 periods) on 10/03 and
  an outside digital course (8 periods) ending 20/04;
- c2 (X; man, Khmer, born 1980) completes course A on 20/12/2025: in the State's year 2026
  (15/12/2025–14/12/2026), not in the calendar year;
- c3 (Y, then X by the merger; woman, born 1990) completes course B (job skills, 16) on 15/03;
- c4 (D; woman, born 1970) does nothing.
"""

import datetime
import io

import openpyxl
import pytest
from django.core.management import call_command
from django.utils import timezone

from cadres import services as registry
from cadres.access import SYSTEM
from cadres.models import CadreCategory, EthnicGroup
from cadres.roles import Role
from cadres.services.common import LegalBasis
from tests.curriculum import factories
from training import report_files, reports
from training.models import (
    Certificate,
    Enrolment,
    EnrolmentStatus,
    ExternalTraining,
    HoursTarget,
    Offering,
    OfferingMode,
)
from training.periods import Period, calendar_year, prorate, quarter, state_six_months, state_year

D = datetime.date


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def world(db, make_agency, make_cadre, province):
    category = CadreCategory.objects.get(code="can-bo-cap-xa")
    HoursTarget.objects.create(category=category, year=2026, hours=40)
    dept = make_agency("SO-D", "Sở D", parent=province, kind="so-ban-nganh")
    x = make_agency("X", "Ủy ban nhân dân xã X", parent=province, admin_code="30742")
    y = make_agency("Y", "Ủy ban nhân dân xã Y", parent=province, admin_code="30760")
    c1 = make_cadre(
        "C1",
        "Lê Thị Một",
        x,
        gender="F",
        ethnicity="Kinh",
        date_of_birth=D(1995, 5, 1),
        category=category,
    )
    c2 = make_cadre(
        "C2",
        "Trần Văn Hai",
        x,
        gender="M",
        ethnicity="Khmer",
        ethnic_group=EthnicGroup.objects.get(code="05"),
        date_of_birth=D(1980, 1, 1),
        category=category,
    )
    c3 = make_cadre(
        "C3",
        "Phạm Thị Ba",
        y,
        gender="F",
        ethnicity="Kinh",
        date_of_birth=D(1990, 1, 1),
        category=category,
    )
    c4 = make_cadre("C4", "Võ Thị Bốn", dept, gender="F", date_of_birth=D(1970, 1, 1))
    catalog = factories.catalog()
    course_a = factories.course(
        catalog, title="Khóa A", content_kind="political_theory", periods=20
    )
    course_b = factories.course(catalog, title="Khóa B", content_kind="job_skills", periods=16)

    def completed(cadre, course, day, agency):
        offering = Offering.objects.create(
            course=course,
            code=f"L-{cadre.personnel_code}-{course.pk}-{day:%Y%m%d}",
            mode=OfferingMode.ONLINE,
            organiser=province,
            start_date=day - datetime.timedelta(days=20),
            end_date=day,
            capacity=10,
            enrol_opens=day - datetime.timedelta(days=30),
            enrol_closes=day - datetime.timedelta(days=20),
        )
        return Enrolment.objects.create(
            offering=offering,
            cadre=cadre,
            status=EnrolmentStatus.COMPLETED,
            completed_at=_at(day),
            hours_credited=course.periods,
            agency=agency,
        )

    completed(c1, course_a, D(2026, 3, 10), x)
    completed(c2, course_a, D(2025, 12, 20), x)
    e3 = completed(c3, course_b, D(2026, 3, 15), y)
    ExternalTraining.objects.create(
        cadre=c1,
        title="Kỹ năng số",
        institution="Sở TT",
        content_kind="digital",
        hours=8,
        start_date=D(2026, 4, 1),
        end_date=D(2026, 4, 20),
        agency=x,
    )
    registry.agency_merge(
        actor=SYSTEM,
        sources=[y],
        target=x,
        effective_date=D(2026, 7, 1),
        basis=LegalBasis("1/NQ-TEST", D(2026, 6, 1), "HĐND tỉnh"),
    )
    return {
        "x": x,
        "y": y,
        "dept": dept,
        "c1": c1,
        "c2": c2,
        "c3": c3,
        "c4": c4,
        "course_a": course_a,
        "e3": e3,
        "category": category,
        "completed": completed,
        "course_b": course_b,
    }


def _rows(frame, *columns):
    return sorted(tuple(row) for row in frame[list(columns)].itertuples(index=False, name=None))


def test_periods_of_the_state_and_the_calendar():
    assert state_six_months(2026) == Period(D(2025, 12, 15), D(2026, 6, 14))
    assert state_year(2026) == Period(D(2025, 12, 15), D(2026, 12, 14))
    assert quarter(2026, 1) == Period(D(2026, 1, 1), D(2026, 3, 31))
    assert quarter(2026, 4) == Period(D(2026, 10, 1), D(2026, 12, 31))
    assert prorate(40, calendar_year(2026)) == 40
    assert prorate(40, state_six_months(2026)) == 20  # 182 of 365 days: 19.9
    assert prorate(40, quarter(2026, 1)) == 10  # 90 of 365 days: 9.9


def test_trained_rolled_up_into_todays_agencies(world):
    report = reports.trained(reports.ReportFilter(period=calendar_year(2026)))
    assert _rows(report.main, "agency", "content_kind", "cadres_trained", "periods") == [
        ("Ủy ban nhân dân xã X", "Khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số", 1, 8),
        ("Ủy ban nhân dân xã X", "Kỹ năng theo vị trí việc làm", 1, 16),
        ("Ủy ban nhân dân xã X", "Lý luận chính trị", 1, 20),
    ]
    summary = report.frames[list(report.frames)[1]]
    # c1 counts once in the total of each kind, though trained twice (inside and outside).
    assert list(summary["cadres_trained"]) == [1, 1, 1]
    assert int(summary["periods"].sum()) == 44


def test_trained_as_the_agencies_were_then(world):
    report = reports.trained(reports.ReportFilter(period=calendar_year(2026), as_then=True))
    assert _rows(report.main, "agency", "cadres_trained", "periods") == [
        ("Ủy ban nhân dân xã X", 1, 8),
        ("Ủy ban nhân dân xã X", 1, 20),
        ("Ủy ban nhân dân xã Y", 1, 16),
    ]


def test_trained_in_the_states_year_counts_december_before(world):
    report = reports.trained(reports.ReportFilter(period=state_year(2026)))
    political = report.main[report.main["content_kind"] == "Lý luận chính trị"]
    assert list(political["cadres_trained"]) == [2]
    assert list(political["periods"]) == [40]


def test_trained_filtered_by_course_kind_and_category(world):
    by_course = reports.trained(
        reports.ReportFilter(period=state_year(2026), course_id=world["course_a"].pk)
    )
    assert int(by_course.main["periods"].sum()) == 40  # no outside training with a course
    by_kind = reports.trained(
        reports.ReportFilter(period=calendar_year(2026), content_kind="digital")
    )
    assert _rows(by_kind.main, "cadres_trained", "periods") == [(1, 8)]
    other = CadreCategory.objects.get(code="cong-chuc")
    assert reports.trained(
        reports.ReportFilter(period=calendar_year(2026), category_id=other.pk)
    ).main.empty


def test_scoped_users_see_only_their_scopes_rows(world, make_user, province):
    from cadres.access import agency_scope_for

    officer_y = make_user("tochuc_y", role=Role.PERSONNEL_OFFICER, agency=world["y"])
    officer_d = make_user("tochuc_d", role=Role.PERSONNEL_OFFICER, agency=world["dept"])
    then = reports.ReportFilter(
        period=calendar_year(2026), scope=agency_scope_for(officer_y), as_then=True
    )
    assert _rows(reports.trained(then).main, "agency", "periods") == [("Ủy ban nhân dân xã Y", 16)]
    nothing = reports.ReportFilter(period=calendar_year(2026), scope=agency_scope_for(officer_d))
    assert reports.trained(nothing).main.empty
    assert reports.groups(nothing).main.set_index("group")["cadres"].iloc[0] == 1  # c4 only


def test_hours_per_cadre_against_the_prorated_target(world):
    report = reports.hours(reports.ReportFilter(period=state_six_months(2026)))
    per_cadre = report.frames[list(report.frames)[1]]
    trained_ones = per_cadre[per_cadre["personnel_code"] != "C4"]
    assert _rows(trained_ones, "personnel_code", "hours", "target", "below_target") == [
        ("C1", 28, 20, False),
        ("C2", 20, 20, False),
        ("C3", 16, 20, True),
    ]
    codes = dict(zip(per_cadre["personnel_code"], per_cadre["agency"], strict=True))
    assert codes == {
        "C1": "Ủy ban nhân dân xã X",
        "C2": "Ủy ban nhân dân xã X",
        "C3": "Ủy ban nhân dân xã X",  # rolled up: Y's cadre counts under X
        "C4": "Sở D",
    }
    c4 = per_cadre[per_cadre["personnel_code"] == "C4"].iloc[0]
    assert c4["hours"] == 0 and c4["below_target"] == False  # noqa: E712 (no target: no category)
    per_agency = report.main.set_index("agency")
    assert per_agency.loc["Ủy ban nhân dân xã X", "cadres"] == 3
    assert per_agency.loc["Ủy ban nhân dân xã X", "hours"] == 64
    assert per_agency.loc["Ủy ban nhân dân xã X", "cadres_below_target"] == 1
    assert any("multiplied" in note or "nhân" in note for note in report.notes)


def test_hours_as_then_keep_a_cadre_where_they_were_at_the_periods_end(world):
    report = reports.hours(reports.ReportFilter(period=state_six_months(2026), as_then=True))
    per_cadre = report.frames[list(report.frames)[1]]
    c3 = per_cadre[per_cadre["personnel_code"] == "C3"].iloc[0]
    assert c3["agency"] == "Ủy ban nhân dân xã Y"  # 14/06/2026, before the merger


def test_groups(world):
    report = reports.groups(reports.ReportFilter(period=calendar_year(2026)))
    rows = {row["group"]: row for row in report.main.to_dict("records")}
    everyone, women, minorities, young, commune = report.main.to_dict("records")
    assert (everyone["cadres"], everyone["cadres_trained"], everyone["periods"]) == (4, 2, 44)
    assert (women["cadres"], women["cadres_trained"], women["periods"]) == (3, 2, 44)
    assert (minorities["cadres"], minorities["cadres_trained"]) == (1, 0)  # c2: trained in 2025
    assert (young["cadres"], young["cadres_trained"]) == (1, 1)  # c1, 31 on 31/12/2026
    assert (commune["cadres"], commune["cadres_trained"]) == (3, 2)  # c4 is provincial
    assert commune["share_trained"] == pytest.approx(0.667, abs=0.001)
    assert len(rows) == 5


def test_certificates_by_issuer_and_year(world, make_issuing_body):
    body = make_issuing_body()

    def enrolment(day):
        return world["completed"](world["c3"], world["course_b"], day, world["y"])

    base = {
        "body": body,
        "holder_name": "x",
        "holder_birth_date": D(1990, 1, 1),
        "holder_agency": "Y",
        "course_title": "B",
        "hours": 16,
        "heading": "",
        "issuer_name": "x",
        "place_date": "x",
        "signer_name": "x",
        "signer_title": "x",
    }
    Certificate.objects.create(
        enrolment=enrolment(D(2026, 1, 1)),
        year=2026,
        serial=1,
        number="1/2026",
        issued_on=D(2026, 3, 15),
        course_start=D(2026, 3, 1),
        course_end=D(2026, 3, 1),
        **base,
    )
    Certificate.objects.create(
        enrolment=enrolment(D(2026, 1, 2)),
        year=2026,
        serial=2,
        number="2/2026",
        issued_on=D(2026, 3, 16),
        course_start=D(2026, 3, 1),
        course_end=D(2026, 3, 1),
        revoked_at=_at(D(2026, 5, 1)),
        revoke_reason="sai",
        **base,
    )
    Certificate.objects.create(
        enrolment=enrolment(D(2023, 1, 1)),
        year=2023,
        serial=1,
        number="1/2023",
        issued_on=D(2023, 3, 1),
        course_start=D(2023, 3, 1),
        course_end=D(2023, 3, 1),
        expires_on=D(2026, 3, 1),
        **base,
    )
    Certificate.objects.create(
        enrolment=enrolment(D(2020, 1, 1)),
        year=2020,
        serial=1,
        number="1/2020",
        issued_on=D(2020, 3, 1),
        course_start=D(2020, 3, 1),
        course_end=D(2020, 3, 1),
        expires_on=D(2022, 3, 1),
        **base,
    )
    report = reports.certificates(reports.ReportFilter(period=calendar_year(2026)))
    assert _rows(report.main, "year", "issued", "revoked", "expiring", "valid_at_end") == [
        (2023, 0, 0, 1, 0),
        (2026, 2, 1, 0, 1),
    ]  # 2020's certificate expired before the period: nothing to say about it


def test_files_open_with_their_headings(world, tmp_path):
    report = reports.trained(reports.ReportFilter(period=calendar_year(2026)))
    workbook = openpyxl.load_workbook(io.BytesIO(report_files.report_xlsx(report)))
    sheet = workbook.worksheets[0]
    headings = [cell.value for cell in sheet[1]]
    assert headings[:2] == ["Đơn vị", "Loại đơn vị"]
    assert sheet.freeze_panes == "A2"
    assert sheet["A1"].font.bold
    csv = report_files.report_csv(report)
    assert csv.startswith(b"\xef\xbb\xbf")
    assert "Lý luận chính trị" in csv.decode("utf-8-sig")
    pdf = report_files.report_pdf(report)
    assert pdf.startswith(b"%PDF")


def test_formula_like_names_are_escaped(world):
    world["x"].name = "=HYPERLINK(1)"
    world["x"].save(update_fields=["name"])
    report = reports.trained(reports.ReportFilter(period=calendar_year(2026)))
    sheet = openpyxl.load_workbook(io.BytesIO(report_files.report_xlsx(report))).worksheets[0]
    assert sheet["A2"].value == "'=HYPERLINK(1)"
    assert "'=HYPERLINK(1)" in report_files.report_csv(report).decode("utf-8-sig")


def test_the_report_command_writes_the_file(world, tmp_path):
    out = tmp_path / "trained.xlsx"
    call_command(
        "report",
        "trained",
        "--from",
        "01/01/2026",
        "--to",
        "31/12/2026",
        "--as-then",
        "--format",
        "xlsx",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    sheet = openpyxl.load_workbook(out).worksheets[0]
    agencies = sorted({row[0] for row in sheet.iter_rows(min_row=2, values_only=True)})
    assert agencies == ["Ủy ban nhân dân xã X", "Ủy ban nhân dân xã Y"]


def test_the_report_command_refuses_a_wrong_date(db, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="dd/mm/yyyy"):
        call_command(
            "report",
            "trained",
            "--from",
            "31/02/2026",
            "--to",
            "31/12/2026",
            "--out",
            str(tmp_path / "x.csv"),
        )
    assert not (tmp_path / "x.csv").exists()


def test_dvk_registered_recognised_and_replicated_across_the_merger(world, province):
    from curriculum.emulation.models import Decision, Registration, Replication

    def registration(agency, title, field, kind, day):
        return Registration.objects.create(
            year=2026,
            case_kind=kind,
            field=field,
            title=title,
            lead_agency=agency,
            assessing_body=province,
            goals="Mục tiêu",
            start_date=day,
            registered_at=_at(day),
        )

    model = registration(world["y"], "Chợ không rác", "economy", "model", D(2026, 3, 1))
    registration(world["x"], "Người tốt", "culture_society", "exemplar", D(2026, 4, 1))
    registration(world["x"], "Năm trước", "economy", "model", D(2025, 4, 1))  # another year
    Decision.objects.create(
        registration=model,
        recognised=True,
        level="province",
        number="12/QĐ",
        decided_on=D(2026, 5, 1),
    )
    Registration.objects.filter(pk=model.pk).update(
        status="recognised", recognition_level="province"
    )
    Replication.objects.create(source=model, agency=world["x"], started_on=D(2026, 9, 1))

    columns = ("agency", "dvk_field", "registered", "recognised", "replicated")
    today = reports.dvk(reports.ReportFilter(period=calendar_year(2026)))
    assert _rows(today.main, *columns) == [
        ("Ủy ban nhân dân xã X", "Kinh tế", 1, 1, 1),
        ("Ủy ban nhân dân xã X", "Văn hóa - xã hội", 1, 0, 0),
    ]
    then = reports.dvk(reports.ReportFilter(period=calendar_year(2026), as_then=True))
    assert _rows(then.main, *columns) == [
        ("Ủy ban nhân dân xã X", "Kinh tế", 0, 0, 1),
        ("Ủy ban nhân dân xã X", "Văn hóa - xã hội", 1, 0, 0),
        ("Ủy ban nhân dân xã Y", "Kinh tế", 1, 1, 0),
    ]
    levels = list(today.frames.values())[2]
    assert levels.to_dict("records") == [{"recognition_level": "Cấp tỉnh", "recognised": 1}]


@pytest.fixture
def coverage_case(world):
    """The officer for mass mobilisation is required in people's committees and departments;
    X's officer took course A, the department's did not."""
    from cadres.models import AgencyKind, OfficerAssignment, ResponsibilityKind, StaffingRule
    from training.models import TrainingRequirement

    officer = ResponsibilityKind.objects.get(code="phu-trach-dan-van")
    StaffingRule.objects.all().delete()  # only the rules of this case
    StaffingRule.objects.create(
        agency_kind=AgencyKind.objects.get(code="uy-ban-nhan-dan"), responsibility_kind=officer
    )
    StaffingRule.objects.create(
        agency_kind=AgencyKind.objects.get(code="so-ban-nganh"), responsibility_kind=officer
    )
    TrainingRequirement.objects.create(
        name="Khóa A cho cán bộ phụ trách", course=world["course_a"], responsibility_kind=officer
    )
    OfficerAssignment.objects.create(
        cadre=world["c1"], agency=world["x"], kind=officer, start_date=D(2026, 1, 1)
    )
    OfficerAssignment.objects.create(
        cadre=world["c4"], agency=world["dept"], kind=officer, start_date=D(2026, 1, 1)
    )
    return world


def test_coverage_names_trained_untrained_and_vacant_posts(coverage_case):
    report = reports.coverage(reports.ReportFilter(period=calendar_year(2026)))
    by_kind = report.main.to_dict("records")
    assert [
        (r["required"], r["filled"], r["trained"], r["untrained"], r["vacant"]) for r in by_kind
    ] == [
        (2, 2, 1, 1, 0)  # X's officer took course A; the department's did not; Y has ended
    ]
    by_agency = {r["agency"]: r for r in list(report.frames.values())[1].to_dict("records")}
    assert by_agency["Ủy ban nhân dân xã X"]["trained"] == 1
    assert by_agency["Sở D"]["untrained"] == 1
    assert "Ủy ban nhân dân xã Y" not in by_agency
    # Per commune for the map: X (30742) alone; the department is no commune.
    assert report.by_commune.to_dict("records") == [
        {"commune": "30742", "required": 1, "trained": 1, "untrained": 0, "expired": 0, "vacant": 0}
    ]
