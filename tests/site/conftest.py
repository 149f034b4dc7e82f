"""The cast the site-wide tests share: an agency A with an officer and a cadre, a course with a
lesson and a quiz, a class the cadre completed, a certificate, an assignment, a rotation plan."""

import datetime

import pytest
from django.http import QueryDict
from django.utils import timezone

from cadres import exports, imports, jobs
from cadres.access import EVERYTHING, agency_scope_for
from cadres.models import LeadershipTitle, OfficerAssignment, ResponsibilityKind
from cadres.roles import Role
from cadres.selectors import CadreFilters
from cadres.services import LegalBasis, planning_add, rotation_plan_create
from curriculum.demo import para
from curriculum.emulation import services as emulation
from tests.curriculum import factories
from training import classroom, report_exports, services
from training.models import (
    ContentKind,
    DocumentFormat,
    IssuingBody,
    Offering,
    OfferingMode,
    Session,
    TrainingPlanItem,
)


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def cast(make_user, coordinator, editor, officer_a, cadre_in_a, agency_a, province):
    today = timezone.localdate()
    learner = make_user(cadre_in_a.personnel_code, role=Role.CADRE)
    cadre_in_a.user = learner
    cadre_in_a.save(update_fields=["user"])

    catalog = factories.catalog()
    course = factories.course(catalog, title="Kỹ năng dân vận cơ sở", periods=16)
    lesson = factories.lesson(course, title="Ôn tập")  # body with a sample quiz
    factories.lesson(course, title="Lắng nghe đồng bào", body=[para("Nghe trước.")])
    resource = factories.resource(factories.resource_index())
    case = factories.case_study(factories.case_index())

    IssuingBody.objects.create(
        code="btgdv-test",
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thử nghiệm",
        heading_name="Ban Tuyên giáo và Dân vận",
        parent_name="Tỉnh ủy Thử nghiệm",
        place_name="Rạch Giá",
        signer_name="Trần Văn Quý",
        document_format=DocumentFormat.objects.get(code="dang"),
        signing_mode="deputy",
        signing_for="TRƯỞNG BAN",
        signer_title="PHÓ TRƯỞNG BAN",
        agency=province,
    )
    offering = Offering.objects.create(
        course=course,
        code="LOP-01",
        mode=OfferingMode.ONLINE,
        organiser=province,
        start_date=today,
        end_date=today + datetime.timedelta(days=30),
        capacity=10,
        enrol_opens=today - datetime.timedelta(days=5),
        enrol_closes=today + datetime.timedelta(days=5),
        approval_required=False,
    )
    enrolment = services.enrolment_request(cadre=cadre_in_a, offering=offering)
    quiz = next(b for b in lesson.body if b.block_type == "quiz")
    answers = {
        q.id: [o.id for o in q.value["options"].bound_blocks if o.value["is_correct"]]
        for q in quiz.value["questions"].bound_blocks
    }
    for page in course.get_children().specific():
        services.lesson_open(enrolment=enrolment, lesson=page)
    services.quiz_submit(enrolment=enrolment, lesson=lesson, block_id=quiz.id, answers=answers)
    certificate = enrolment.certificates.get()

    assignment = OfficerAssignment.objects.create(
        cadre=cadre_in_a,
        agency=agency_a,
        kind=ResponsibilityKind.objects.order_by("pk").first(),
        start_date=datetime.date(2025, 7, 1),
    )
    plan = rotation_plan_create(
        actor=officer_a,
        cadre=cadre_in_a,
        to_agency=agency_a,
        to_position="Phó Chủ tịch",
        form="luan_chuyen",
        planned_date=today + datetime.timedelta(days=60),
    )
    planning = planning_add(
        actor=officer_a,
        cadre=cadre_in_a,
        agency=agency_a,
        title=LeadershipTitle.objects.order_by("pk").first(),
        term_start=2025,
        term_end=2030,
        basis=LegalBasis(number="12-QĐ/ĐU", issued_on=datetime.date(2025, 9, 1)),
    )
    training_plan = services.training_plan_create(actor=officer_a, agency=agency_a, year=2027)
    plan_item = services.training_plan_item_add(
        actor=officer_a,
        plan=training_plan,
        item=TrainingPlanItem(content_kind="digital", headcount=5, quarter=2),
    )
    return {
        "learner": learner,
        "officer": officer_a,
        "coordinator": coordinator,
        "editor": editor,
        "admin": make_user("quantri", is_superuser=True, is_staff=True),
        "cadre": cadre_in_a,
        "agency": agency_a,
        "course": course,
        "lesson": lesson,
        "resource": resource,
        "case": case,
        "offering": offering,
        "enrolment": enrolment,
        "certificate": certificate,
        "assignment": assignment,
        "plan": plan,
        "planning": planning,
        "training_plan": training_plan,
        "plan_item": plan_item,
    }


@pytest.fixture
def office_cast(cast, tmp_path, make_user, province, make_agency, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    from django.core.files.uploadedfile import SimpleUploadedFile

    officer, coordinator = cast["officer"], cast["coordinator"]
    cast["export_job"] = exports.job_create(
        user=officer, fmt="csv", filters=CadreFilters(), scope=agency_scope_for(officer)
    )
    cast["import_job"] = imports.job_create(
        user=officer,
        import_kind="cadres",
        upload=SimpleUploadedFile("a.csv", b"x"),
        scope=agency_scope_for(officer),
    )
    jobs.run(cast["export_job"].pk)  # its file, for the download
    cast["report_file"], _created = report_exports.request_file(
        user=officer,
        scope=agency_scope_for(officer),
        name="trained",
        fmt="csv",
        query=QueryDict("period=year&year=2026"),
    )
    jobs.run(cast["report_file"].pk)
    cast["batch"] = services.certificate_batch_start(actor=coordinator, offering=cast["offering"])
    # A class held in person, with a session and a sheet uploaded for it.
    in_person = cast["offering"]
    in_person.pk, in_person.id, in_person.code = None, None, "LOP-TT"
    in_person.mode = OfferingMode.IN_PERSON
    in_person.save()
    cast["in_person"] = in_person
    cast["session"] = classroom.session_save(
        actor=coordinator,
        session=Session(
            offering=in_person,
            date=in_person.start_date,
            starts_at=datetime.time(7, 30),
            ends_at=datetime.time(11, 0),
            periods=4,
            place="Hội trường A",
        ),
    )
    cast["sheet_job"] = imports.job_create(
        user=coordinator,
        import_kind="class_sheet",
        upload=SimpleUploadedFile("lop.xlsx", b"x"),
        scope=EVERYTHING,
        params={"offering_id": in_person.pk},
    )
    # A "Dân vận khéo" model of agency A, with its evidence, assessed by the province's body.
    make_agency(
        "TU-TEST-BTGDV", "Ban Tuyên giáo và Dân vận", parent=province, kind="ban-tuyen-giao-dan-van"
    )
    cast["registration"] = emulation.registration_create(
        actor=officer,
        year=datetime.date.today().year,
        case_kind="model",
        field="economy",
        title="Chợ phiên nông sản",
        lead_agency=cast["officer"].scopes.get().agency,
        goals="Tiêu thụ nông sản cho dân.",
        start_date=datetime.date(datetime.date.today().year, 1, 1),
        evidence_files=[SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.4 test")],
    )
    cast["emulation_job"] = imports.job_create(
        user=officer,
        import_kind="emulation",
        upload=SimpleUploadedFile("dvk.xlsx", b"x"),
        scope=agency_scope_for(officer),
    )
    # A leader whose scope holds every object of the cast: a 404 is the role's, not the scope's.
    cast["leader"] = make_user("lanhdao", role=Role.LEADER, agency=province)
    # A teacher named to run the class held in person (and no other).
    cast["class_staff"] = make_user("giangvien", role=Role.CLASS_STAFF)
    classroom.organisers_set(actor=coordinator, offering=in_person, users=[cast["class_staff"]])
    # What the learner's pages need: the quiz, an attempt, training done elsewhere with its file.
    cast["quiz_id"] = next(b.id for b in cast["lesson"].body if b.block_type == "quiz")
    cast["attempt"] = cast["enrolment"].quiz_attempts.order_by("pk").first()
    cast["external"] = services.external_training_record(
        actor=coordinator,
        cadre=cast["cadre"],
        title="Bồi dưỡng kỹ năng vận động quần chúng",
        institution="Trường Chính trị tỉnh",
        content_kind=ContentKind.values[0],
        start_date=datetime.date(2025, 6, 23),
        end_date=datetime.date(2025, 6, 30),
        hours=8,
        evidence=SimpleUploadedFile("giay-chung-nhan.pdf", b"%PDF-1.4 test"),
    )
    return cast
