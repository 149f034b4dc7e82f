"""Demo data of training: hours targets, classes in every phase, enrolments in every state.

Enrolments go through the real services (request, approve, open lessons, submit quizzes), so the
demo shows what the system itself would have recorded. Runs after the registry and the CMS.
"""

import random
from datetime import date, time, timedelta
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.utils import timezone

from cadres import user_state
from cadres.access import NOTHING, SYSTEM, agency_scope_for
from cadres.demo import OFFICER_AGENCY_CODE
from cadres.models import (
    Agency,
    Cadre,
    CadreCategory,
    JobPosition,
    LeadershipTitle,
    OfficerAssignment,
    ResponsibilityKind,
)
from curriculum.models import CoursePage, LessonPage
from training import capacity, classroom, services
from training.models import (
    AttendanceStatus,
    Certificate,
    DocumentFormat,
    Enrolment,
    EnrolmentStatus,
    ExternalTraining,
    GradingScheme,
    HoursTarget,
    IssuingBody,
    Offering,
    OfferingMode,
    Session,
    SigningMode,
    TrainingPlan,
    TrainingPlanItem,
    TrainingRequirement,
)

SEED = 2026
TARGETS = {  # category code: yearly target (periods); a local choice, see DOMAIN.md
    "chuyen-trach-dan-van": 40,
    "mttq-doan-the": 40,
    "cong-chuc": 32,
    "vien-chuc": 24,
    "can-bo-cap-xa": 32,
}
FEEDBACK = [
    (5, "Nội dung sát thực tế cơ sở, nhiều tình huống hay."),
    (4, "Bài giảng dễ hiểu; nên thêm video về đối thoại với dân."),
    (5, ""),
    (3, "Thời lượng hơi ngắn so với nội dung."),
]


def _right_answers(block) -> dict:
    return {
        question.id: [o.id for o in question.value["options"].bound_blocks if o.value["is_correct"]]
        for question in block.value["questions"].bound_blocks
    }


def _wrong_answers(block) -> dict:
    answers = {}
    for question in block.value["questions"].bound_blocks:
        wrong = [o.id for o in question.value["options"].bound_blocks if not o.value["is_correct"]]
        answers[question.id] = wrong[:1]
    return answers


def _learn(enrolment: Enrolment, *, finish: bool, fail: bool = False) -> None:
    """Open the course's lessons and answer its quizzes through the services."""
    course = enrolment.offering.course
    lessons = list(LessonPage.objects.live().child_of(course).order_by("path"))
    for index, lesson in enumerate(lessons):
        if not finish and not fail and index >= max(1, len(lessons) // 2):
            break
        services.lesson_open(enrolment=enrolment, lesson=lesson)
        for block in lesson.body:
            if block.block_type != "quiz":
                continue
            if fail:
                for _ in range(course.allowed_attempts):
                    enrolment.refresh_from_db()
                    if enrolment.status not in ("approved", "in_progress"):
                        return
                    services.quiz_submit(
                        enrolment=enrolment,
                        lesson=lesson,
                        block_id=block.id,
                        answers=_wrong_answers(block),
                    )
                return
            if finish:
                services.quiz_submit(
                    enrolment=enrolment,
                    lesson=lesson,
                    block_id=block.id,
                    answers=_right_answers(block),
                )


def _save_offering(coordinator, **fields) -> Offering:
    return services.offering_save(actor=coordinator, offering=Offering(**fields))


def seed_training(stdout) -> None:
    seed_issuing_bodies()  # before any completion, so online classes issue automatically
    if Offering.objects.filter(code__startswith="DEMO-").exists():
        stdout.write("  Lớp học mẫu đã có: bỏ qua.")
        return
    courses = list(CoursePage.objects.live().order_by("path")[:6])
    officer = get_user_model().objects.filter(username="tochuc").first()
    coordinator = get_user_model().objects.filter(username="dieuphoi").first()
    scope = agency_scope_for(officer) if officer is not None else NOTHING
    if not courses or scope.is_empty:
        stdout.write("  Thiếu khóa học hoặc cán bộ tổ chức mẫu: bỏ qua dữ liệu đào tạo.")
        return
    today = timezone.localdate()
    _targets(today.year)
    organiser = Agency.objects.filter(code="TU-AG-BTGDV").first() or Agency.objects.first()
    pool = list(
        Cadre.objects.filter(scope.agency_q("agency__"))
        .exclude(personnel_code="CB000001")
        .select_related("agency")
        .order_by("personnel_code")[:60]
    )
    me = Cadre.objects.filter(personnel_code="CB000001").select_related("agency").first()
    rng = random.Random(SEED)

    def offering(code, course, *, start, days, opens, closes, mode, capacity, approval=True, **kw):
        return _save_offering(
            coordinator,
            code=code,
            course=course,
            mode=mode,
            organiser=organiser,
            start_date=start,
            end_date=start + timedelta(days=days),
            enrol_opens=opens,
            enrol_closes=closes,
            capacity=capacity,
            approval_required=approval,
            venue="" if mode == OfferingMode.ONLINE else "Trường Chính trị tỉnh, Rạch Giá",
            created_by=coordinator,
            **kw,
        )

    d = timedelta
    finished = offering(
        "DEMO-2026-01",
        courses[0],
        start=today - d(120),
        days=30,
        opens=today - d(150),
        closes=today - d(125),
        mode=OfferingMode.ONLINE,
        capacity=40,
        approval=False,
    )
    running = offering(
        "DEMO-2026-02",
        courses[1 % len(courses)],
        start=today - d(10),
        days=45,
        opens=today - d(30),
        closes=today + d(5),
        mode=OfferingMode.ONLINE,
        capacity=30,
    )
    enrolling = offering(
        "DEMO-2026-03",
        courses[2 % len(courses)],
        start=today + d(20),
        days=30,
        opens=today - d(5),
        closes=today + d(15),
        mode=OfferingMode.BLENDED,
        capacity=8,
    )
    offering(
        "DEMO-2026-04",
        courses[3 % len(courses)],
        start=today + d(60),
        days=5,
        opens=today + d(20),
        closes=today + d(50),
        mode=OfferingMode.IN_PERSON,
        capacity=50,
    )
    offering(
        "DEMO-2026-05",
        courses[4 % len(courses)],
        start=today + d(30),
        days=5,
        opens=today - d(10),
        closes=today + d(20),
        mode=OfferingMode.IN_PERSON,
        capacity=30,
        cancelled=True,
    )
    # Open now, nobody in it yet: the class a visitor of the demo can join from the course page.
    offering(
        "DEMO-2026-07",
        courses[0],
        start=today + d(7),
        days=28,
        opens=today - d(2),
        closes=today + d(21),
        mode=OfferingMode.ONLINE,
        capacity=60,
        approval=False,
    )
    recent = offering(
        "DEMO-2026-06",
        courses[5 % len(courses)],
        start=today - d(40),
        days=60,
        opens=today - d(60),
        closes=today - d(35),
        mode=OfferingMode.ONLINE,
        capacity=25,
        approval=False,
    )

    # The finished class: most completed (with feedback), some failed. Created while enrolment
    # was open, so the dates are moved back to when it ran.
    _open_window(finished)
    for index, cadre in enumerate(pool[:18]):
        enrolment = services.enrolment_request(cadre=cadre, offering=finished)
        _learn(enrolment, finish=index % 6 != 5, fail=index % 6 == 5)
        enrolment.refresh_from_db()
        if enrolment.status == EnrolmentStatus.COMPLETED and index % 2 == 0:
            rating, comment = FEEDBACK[index % len(FEEDBACK)]
            services.feedback_submit(enrolment=enrolment, rating=rating, comments=comment)
    _close_window(finished, today - d(150), today - d(125))

    # The running class: approved, in progress, requests waiting, one withdrawn, one rejected.
    for index, cadre in enumerate(pool[18:34]):
        enrolment = services.enrolment_request(cadre=cadre, offering=running)
        if index < 10:
            enrolment = services.enrolment_approve(actor=officer, enrolment=enrolment)
            if index < 6:
                _learn(enrolment, finish=index < 2)
        elif index == 10:
            services.enrolment_withdraw(actor=officer, enrolment=enrolment)
        elif index == 11:
            services.enrolment_reject(
                actor=officer, enrolment=enrolment, reason="Trùng lịch tiếp xúc cử tri."
            )

    # The class now enrolling is nearly full: the last requests wait.
    for cadre in pool[34:44]:
        services.enrolment_request(cadre=cadre, offering=enrolling)

    _open_window(recent)
    # This course may require an earlier one: only cadres who may enrol do (the finished class
    # above gave many of them the prerequisite).
    eligible = [
        c
        for c in pool[:18] + pool[44:52]
        if not services.eligibility_problems(cadre=c, offering=recent)
    ]
    for cadre in eligible[:10]:
        _learn(services.enrolment_request(cadre=cadre, offering=recent), finish=rng.random() < 0.6)
    _close_window(recent, today - d(60), today - d(35))

    if me is not None:
        _open_window(finished)
        _learn(services.enrolment_request(cadre=me, offering=finished), finish=True)
        _close_window(finished, today - d(150), today - d(125))
        mine = services.enrolment_request(cadre=me, offering=running)
        _learn(services.enrolment_approve(actor=officer, enrolment=mine), finish=False)
        services.enrolment_request(cadre=me, offering=enrolling)
        _external(me, today.year, officer)
    for cadre in pool[:12:3]:
        _external(cadre, today.year, officer)
    seed_certificates(stdout, pool=pool[52:60], coordinator=coordinator, organiser=organiser)
    seed_classes_in_person(
        stdout, courses=courses, pool=pool[36:52], me=me, coordinator=coordinator, officer=officer
    )
    stdout.write(
        f"  Lớp học mẫu: {Offering.objects.filter(code__startswith='DEMO-').count()}, "
        f"lượt đăng ký học: {Enrolment.objects.count()}."
    )


def _open_window(offering: Offering) -> None:
    # Enrolments of past classes were made while they were open: reopen for the seeding only.
    today = timezone.localdate()
    Offering.objects.filter(pk=offering.pk).update(enrol_opens=today, enrol_closes=today)
    user_state.changed_for_everyone()  # an update sends no signal
    offering.refresh_from_db()


def _close_window(offering: Offering, opens: date, closes: date) -> None:
    Offering.objects.filter(pk=offering.pk).update(enrol_opens=opens, enrol_closes=closes)
    user_state.changed_for_everyone()
    offering.refresh_from_db()


def _targets(year: int) -> None:
    for category in CadreCategory.objects.all():
        hours = TARGETS.get(category.code, 32)
        for y in (year - 1, year):
            HoursTarget.objects.get_or_create(category=category, year=y, defaults={"hours": hours})


def _external(cadre: Cadre, year: int, officer) -> None:
    # Recorded by the demo personnel officer, as the office page would (the cadres are theirs).
    services.external_training_record(
        actor=officer,
        cadre=cadre,
        title="Bồi dưỡng kiến thức quốc phòng và an ninh (đối tượng 4)",
        institution="Bộ Chỉ huy Quân sự tỉnh An Giang",
        content_kind="defence_security",
        hours=24,
        start_date=date(year, 3, 9),
        end_date=date(year, 3, 13),
    )


# --- Certificates -----------------------------------------------------------------------------

ISSUING_BODIES = [
    {
        "code": "btgdv-an-giang",
        "name": "Ban Tuyên giáo và Dân vận Tỉnh ủy An Giang",
        "heading_name": "Ban Tuyên giáo và Dân vận",
        "parent_name": "Tỉnh ủy An Giang",
        "place_name": "Rạch Giá",
        "certificate_suffix": "CC-BTGDV",
        "attestation_suffix": "GCN-BTGDV",
        # A Party body: the Party's format; an advisory body's deputy head signs K/T.
        "format_code": "dang",
        "signing_mode": SigningMode.DEPUTY,
        "signing_for": "TRƯỞNG BAN",
        "signer_title": "PHÓ TRƯỞNG BAN",
        "signer_name": "Trần Văn Quý",
        "agency_code": "TU-AG-BTGDV",
        "is_default": True,
    },
    {
        "code": "truong-chinh-tri-an-giang",
        "name": "Trường Chính trị tỉnh An Giang",
        "heading_name": "Trường Chính trị tỉnh",
        "parent_name": "Tỉnh ủy An Giang",
        "place_name": "Rạch Giá",
        "certificate_suffix": "CC-TCT",
        "attestation_suffix": "GCN-TCT",
        # Political schools are outside Hướng dẫn 36's scope and choose their format: this
        # one prints its certificates with the national heading, the principal signing.
        "format_code": "nha-nuoc",
        "signing_mode": SigningMode.DIRECT,
        "signing_for": "",
        "signer_title": "HIỆU TRƯỞNG",
        "signer_name": "Lê Thị Bích Hạnh",
        "agency_code": "TU-AG-TCT",
        "is_default": False,
    },
]


def seed_issuing_bodies() -> None:
    for fields in ISSUING_BODIES:
        fields = dict(fields)
        agency_code = fields.pop("agency_code")
        agency = Agency.objects.filter(code=agency_code).first() if agency_code else None
        document_format = DocumentFormat.objects.get(code=fields.pop("format_code"))
        IssuingBody.objects.get_or_create(
            code=fields.pop("code"),
            defaults={**fields, "agency": agency, "document_format": document_format},
        )


def seed_certificates(stdout, *, pool, coordinator, organiser) -> None:
    """Add what completions alone do not give: expiring soon, expired, revoked, reissued.

    Two past in-person classes of a course with a validity are confirmed by decision on dates
    chosen so that one class's certificates expire within weeks and the other's already did.
    Runs once: it stops when its classes exist.
    """
    if coordinator is None or Offering.objects.filter(code="DEMO-2024-01").exists():
        return
    course = (
        CoursePage.objects.live().filter(validity_months__isnull=False).order_by("path").first()
    )
    if course is None or len(pool) < 6:
        return
    today = timezone.localdate()
    months = relativedelta(months=course.validity_months)
    # The second class is the political school's: its certificates show the State format.
    school = Agency.objects.filter(code="TU-AG-TCT").first() or organiser
    plans = [  # class code, issue date, cadres, organiser, decision number
        ("DEMO-2024-01", today + timedelta(days=40) - months, pool[:4], organiser, "215-QĐ/BTGDV"),
        ("DEMO-2024-02", today - timedelta(days=25) - months, pool[4:6], school, "87-QĐ/TCT"),
    ]
    for code, issued_on, cadres, organised_by, number in plans:
        start = issued_on - timedelta(days=12)
        offering = _save_offering(
            coordinator,
            code=code,
            course=course,
            mode=OfferingMode.IN_PERSON,
            organiser=organised_by,
            start_date=start,
            end_date=issued_on,
            enrol_opens=start - timedelta(days=30),
            enrol_closes=start - timedelta(days=5),
            capacity=30,
            approval_required=False,
            venue="Trường Chính trị tỉnh, Rạch Giá",
            created_by=coordinator,
        )
        _open_window(offering)
        enrolments = [services.enrolment_request(cadre=c, offering=offering) for c in cadres]
        _close_window(offering, start - timedelta(days=30), start - timedelta(days=5))
        # Held in person: everyone attended and passed; the decision issues the certificates.
        sessions = _sessions(offering, coordinator, [(0, 4), (6, 4), (12, 4)])
        _attend(coordinator, sessions, enrolments, {})
        for enrolment in enrolments:
            classroom.result_save(actor=coordinator, enrolment=enrolment, passed=True)
        classroom.completion_decide(
            actor=coordinator,
            offering=offering,
            number=number,
            decided_on=issued_on,
            signer_name="Trần Văn Quý",
            signer_title="Phó Trưởng ban",
        )
    automatic = list(
        Certificate.objects.filter(enrolment__offering__code="DEMO-2026-01", revoked_at=None)
        .exclude(enrolment__cadre__personnel_code="CB000001")
        .order_by("serial")
    )
    if len(automatic) >= 2:
        services.certificate_revoke(
            actor=coordinator,
            certificate=automatic[0],
            reason="Cấp nhầm: học viên chưa tham dự đủ buổi trao đổi kinh nghiệm.",
        )
        services.certificate_reissue(
            actor=coordinator,
            certificate=automatic[1],
            reason="Sai ngày sinh của người được cấp; đã cấp lại bản đúng.",
        )
    stdout.write(
        f"  Chứng chỉ, giấy chứng nhận: {Certificate.objects.count()} "
        f"(đã thu hồi: {Certificate.objects.filter(revoked_at__isnull=False).count()})."
    )


# --- Classes held in person -------------------------------------------------------------------

PLACE = "Hội trường B, Trường Chính trị tỉnh"
TEACHERS = ["ThS. Nguyễn Văn Tâm", "TS. Lê Thị Hồng Nhung", "ThS. Danh Sóc Kha"]
TOPICS = [
    "Quan điểm của Đảng về công tác dân vận trong tình hình mới",
    "Kỹ năng tiếp xúc, đối thoại với Nhân dân ở cơ sở",
    "Xây dựng và nhân rộng mô hình “Dân vận khéo”",
    "Vận động đồng bào Khmer tham gia xây dựng nông thôn mới",
]


def _sessions(offering, actor, days_periods, *, afternoon_on=None) -> list[Session]:
    """Sessions on the class's start day + n, through the service; a session on `afternoon_on`
    runs in the afternoon (the demo's session of today)."""
    sessions = []
    for index, (day, periods) in enumerate(days_periods):
        on = offering.start_date + timedelta(days=day)
        afternoon = on == afternoon_on
        sessions.append(
            classroom.session_save(
                actor=actor,
                session=Session(
                    offering=offering,
                    date=on,
                    starts_at=time(13, 30) if afternoon else time(7, 30),
                    ends_at=time(17, 0) if afternoon else time(11, 0),
                    periods=periods,
                    place=offering.venue or PLACE,
                    teacher=TEACHERS[index % len(TEACHERS)],
                    topic=TOPICS[index % len(TOPICS)],
                ),
            )
        )
    return sessions


def _attend(actor, sessions, enrolments, exceptions: dict) -> None:
    """Everyone present, but for exceptions {(learner index, session index): status}."""
    for s_index, session in enumerate(sessions):
        marks = {
            e.pk: exceptions.get((e_index, s_index), AttendanceStatus.PRESENT)
            for e_index, e in enumerate(enrolments)
        }
        classroom.attendance_mark(actor=actor, session=session, marks=marks)


def seed_classes_in_person(stdout, *, courses, pool, me, coordinator, officer) -> None:
    """A class of the political school held in person and confirmed by decision (two learners
    fall short and are told why), and a blended class half done that the demo cadre is in."""
    if coordinator is None or Offering.objects.filter(code="DEMO-2026-08").exists():
        return
    school = Agency.objects.filter(code="TU-AG-TCT").first()
    teacher = get_user_model().objects.filter(username="giangvien").first()
    if school is None or len(pool) < 16:
        return
    today = timezone.localdate()
    scheme = GradingScheme.objects.filter(code="thang-diem-10").first()
    organisers = [teacher] if teacher else []

    start = today - timedelta(days=24)
    decided = services.offering_save(
        actor=coordinator,
        offering=Offering(
            code="DEMO-2026-08",
            course=courses[3 % len(courses)],
            mode=OfferingMode.IN_PERSON,
            organiser=school,
            start_date=start,
            end_date=start + timedelta(days=10),
            enrol_opens=start - timedelta(days=30),
            enrol_closes=start - timedelta(days=3),
            capacity=40,
            approval_required=False,
            venue=PLACE,
            grading_scheme=scheme,
        ),
        organisers=organisers,
    )
    _open_window(decided)
    learners = [services.enrolment_request(cadre=c, offering=decided) for c in pool[:10]]
    _close_window(decided, start - timedelta(days=30), start - timedelta(days=3))
    sessions = _sessions(decided, coordinator, [(0, 4), (4, 4), (9, 4)])
    _attend(
        teacher or coordinator,
        sessions,
        learners,
        {
            (1, 1): AttendanceStatus.LATE,  # late counts as present
            (2, 2): AttendanceStatus.EXCUSED,  # excused counts as absent: 8 of 12 periods
            (3, 0): AttendanceStatus.ABSENT,
            (5, 2): AttendanceStatus.LATE,
        },
    )
    scores = ["9.5", "8.5", "8", "7.5", "6.5", "8", "4.5", "9", "7", "5.5"]
    for enrolment, score in zip(learners, scores, strict=True):
        classroom.result_save(
            actor=teacher or coordinator, enrolment=enrolment, score=Decimal(score)
        )
    classroom.completion_decide(
        actor=coordinator,
        offering=decided,
        number="128/QĐ-TCT",
        decided_on=decided.end_date + timedelta(days=3),
        signer_name="Lê Thị Bích Hạnh",
        signer_title="Hiệu trưởng",
    )

    # Blended and half done: two sessions held, one this afternoon, one to come; lessons
    # online half read. The demo cadre is in it and sees the schedule and where they stand.
    start = today - timedelta(days=7)
    blended = services.offering_save(
        actor=coordinator,
        offering=Offering(
            code="DEMO-2026-09",
            course=courses[1 % len(courses)],
            mode=OfferingMode.BLENDED,
            organiser=school,
            start_date=start,
            end_date=start + timedelta(days=21),
            enrol_opens=start - timedelta(days=20),
            enrol_closes=start - timedelta(days=1),
            capacity=30,
            approval_required=False,
            venue=PLACE,
        ),
        organisers=organisers,
    )
    _open_window(blended)
    cadres = ([me] if me is not None else []) + list(pool[10:16])
    learners = [services.enrolment_request(cadre=c, offering=blended) for c in cadres]
    _close_window(blended, start - timedelta(days=20), start - timedelta(days=1))
    sessions = _sessions(
        blended, coordinator, [(0, 4), (4, 4), (7, 4), (14, 4)], afternoon_on=today
    )
    _attend(
        teacher or coordinator,
        sessions[:2],
        learners,
        {(2, 1): AttendanceStatus.EXCUSED, (4, 0): AttendanceStatus.LATE},
    )
    for enrolment in learners:
        _learn(enrolment, finish=False)
    stdout.write(
        "  Lớp học tập trung: DEMO-2026-08 (đã có quyết định công nhận kết quả), "
        "DEMO-2026-09 (kết hợp, đang học); giảng viên phụ trách: giangvien."
    )


# --- Capacity: training requirements (examples), who is trained, qualifications ---------------

REQUIREMENT_BASIS = (
    "Nghị định 171/2025/NĐ-CP: bồi dưỡng theo vị trí việc làm (giá trị ví dụ, tỉnh tự quy định)"
)
# (name, content kind, periods, validity in years, target kind, target code)
DEMO_REQUIREMENTS = [
    (
        "Bồi dưỡng kỹ năng công tác dân vận",
        "job_skills",
        16,
        3,
        "responsibility",
        "phu-trach-dan-van",
    ),
    (
        "Bồi dưỡng nghiệp vụ công tác Mặt trận",
        "job_skills",
        16,
        3,
        "responsibility",
        "phu-trach-mat-tran-doan-the",
    ),
    ("Kỹ năng số cho cán bộ dân vận", "digital", 8, 2, "job_position", "chuyen-vien-dan-van"),
    ("Kiến thức quản lý nhà nước", "state_management", 40, 5, "title", "chu-tich-ubnd"),
    (
        "Kiến thức quản lý nhà nước (cấp phó)",
        "state_management",
        24,
        5,
        "title",
        "pho-chu-tich-ubnd",
    ),
    (
        "Lý luận chính trị cho lãnh đạo Mặt trận",
        "political_theory",
        40,
        None,
        "title",
        "pho-chu-tich-mttq",
    ),
    (
        "Quốc phòng và an ninh (đối tượng 4)",
        "defence_security",
        24,
        5,
        "title",
        "pho-chu-tich-mttq",
    ),
    ("Kỹ năng số cho công chức", "digital", 8, 2, "job_position", "cong-chuc-van-hoa-xa-hoi"),
]


def seed_capacity(stdout) -> None:
    """Example requirements that leave some officers untrained and some expired, and
    qualifications (Khmer, a theory diploma from training elsewhere) on some profiles."""
    if TrainingRequirement.objects.exists():
        stdout.write("  Yêu cầu bồi dưỡng: đã có, bỏ qua.")
        return
    targets = {
        "responsibility": {r.code: r for r in ResponsibilityKind.objects.all()},
        "job_position": {p.code: p for p in JobPosition.objects.all()},
        "title": {t.code: t for t in LeadershipTitle.objects.all()},
    }
    field_of = {
        "responsibility": "responsibility_kind",
        "job_position": "job_position",
        "title": "title",
    }
    for order, (name, kind, periods, years, target, code) in enumerate(DEMO_REQUIREMENTS, 1):
        services.training_requirement_save(
            actor=SYSTEM,
            requirement=TrainingRequirement(
                name=name,
                content_kind=kind,
                periods=periods,
                validity_years=years,
                basis=REQUIREMENT_BASIS,
                is_example=True,
                sort_order=order,
                **{field_of[target]: targets[target][code]},
            ),
        )
    course = CoursePage.objects.live().order_by("path").first()
    if course is not None:  # a course required by a title: completing it is what counts
        services.training_requirement_save(
            actor=SYSTEM,
            requirement=TrainingRequirement(
                name=f"Khóa học bắt buộc: {course.title}",
                course=course,
                validity_years=5,
                basis=REQUIREMENT_BASIS,
                is_example=True,
                sort_order=len(DEMO_REQUIREMENTS) + 1,
                title=targets["title"]["bi-thu"],
            ),
        )
    today = timezone.localdate()
    rng = random.Random(SEED + 15)
    holding = OfficerAssignment.objects.filter(end_date__isnull=True, agency__valid_to__isnull=True)
    holders = (
        Cadre.objects.filter(pk__in=holding.values("cadre_id"))
        .select_related("agency")
        .order_by("personnel_code")
    )
    trained = expired = 0
    # In the demo officer's commune each state shows for sure: its officers (team leaders apart,
    # nothing is required of them) trained, untrained, expired in turn; elsewhere a draw (45 % trained, 25 % expired, the rest untrained).
    commune = Agency.objects.get(code=OFFICER_AGENCY_CODE).path
    in_turn = iter([0.0, 0.9, 0.5] * 10)
    for cadre in holders:
        draw = rng.random()
        if cadre.agency.path.startswith(commune) and not cadre.agency.code.startswith("TDV-"):
            draw = next(in_turn)
        if draw < 0.45:
            ended, trained = today - timedelta(days=rng.randint(20, 500)), trained + 1
        elif draw < 0.7:
            ended, expired = today - timedelta(days=rng.randint(3 * 366 + 30, 5 * 365)), expired + 1
        else:
            continue  # untrained: nothing recorded
        front = cadre.agency.code.startswith("MTTQ")
        for title, kind, hours, back in [
            (
                "Bồi dưỡng nghiệp vụ công tác Mặt trận"
                if front
                else "Bồi dưỡng kỹ năng công tác dân vận",
                "job_skills",
                16,
                0,
            ),
            ("Kỹ năng số và chuyển đổi số cơ sở", "digital", 8, 30),
        ]:
            end = ended - timedelta(days=back)
            services.external_training_record(
                actor=SYSTEM,
                cadre=cadre,
                title=title,
                institution="Trường Chính trị tỉnh An Giang",
                content_kind=kind,
                hours=hours,
                start_date=end - timedelta(days=3),
                end_date=end,
            )
    _qualifications(rng, today)
    stdout.write(
        f"  Yêu cầu bồi dưỡng (ví dụ): {TrainingRequirement.objects.count()}; "
        f"cán bộ phụ trách đã bồi dưỡng: {trained}, hết hạn: {expired}."
    )


def _qualifications(rng, today) -> None:
    """Khmer certificates for Khmer cadres, a foreign language, and a theory diploma gained
    elsewhere that raises the demo cadre's political theory level."""
    for cadre in Cadre.objects.filter(ethnicity="Khmer").order_by("personnel_code")[:40]:
        services.qualification_record(
            actor=SYSTEM,
            cadre=cadre,
            area="ethnic_language",
            name="Chứng chỉ tiếng Khmer trình độ B",
            awarded_on=date(rng.randint(2012, 2024), rng.randint(1, 12), 15),
            institution="Trường Chính trị tỉnh An Giang",
        )
    me = Cadre.objects.filter(personnel_code="CB000001").first()
    if me is None:
        return
    services.qualification_record(
        actor=SYSTEM,
        cadre=me,
        area="foreign_language",
        name="Tiếng Anh bậc 3 (B1)",
        awarded_on=date(2019, 6, 20),
        institution="Trường Đại học Kiên Giang",
    )
    # The next level up, gained at the provincial school: the profile shows it raised.
    raised = {
        "": ("trung_cap", "Trung cấp lý luận chính trị - hành chính"),
        "so_cap": ("trung_cap", "Trung cấp lý luận chính trị - hành chính"),
        "trung_cap": ("cao_cap", "Cao cấp lý luận chính trị"),
        "cao_cap": ("cu_nhan", "Cử nhân chính trị"),
    }.get(me.theory_level)
    if raised is not None:
        level, title = raised
        services.external_training_record(
            actor=SYSTEM,
            cadre=me,
            title=title,
            institution="Trường Chính trị tỉnh An Giang",
            content_kind="political_theory",
            hours=240,
            start_date=date(today.year - 1, 3, 1),
            end_date=date(today.year - 1, 10, 30),
            theory_level_gained=level,
            qualification_area="political_theory",
            qualification_name=f"Bằng {title}",
        )


def seed_training_plans(stdout) -> None:
    """The year's training plans of the demo commune in every state, the approved one built
    from its gaps with classes linked to some items and none to others."""
    if TrainingPlan.objects.exists():
        stdout.write("  Kế hoạch đào tạo, bồi dưỡng: đã có, bỏ qua.")
        return
    year = timezone.localdate().year
    bodies = {
        a.code: a
        for a in Agency.objects.filter(
            code__in=[OFFICER_AGENCY_CODE, "UBND-RACHGIA", "MTTQ-RACHGIA", "HDND-RACHGIA"]
        )
    }
    if OFFICER_AGENCY_CODE not in bodies:
        return
    officer = get_user_model().objects.filter(username="tochuc").first() or SYSTEM
    actor = officer if officer is not SYSTEM else SYSTEM
    coordinator = get_user_model().objects.filter(username="dieuphoi").first() or SYSTEM

    def plan_for(code, items):
        plan = services.training_plan_create(actor=actor, agency=bodies[code], year=year)
        made = []
        for kind, headcount, quarter, cost in items:
            made.append(
                services.training_plan_item_add(
                    actor=actor,
                    plan=plan,
                    item=TrainingPlanItem(
                        content_kind=kind,
                        headcount=headcount,
                        quarter=quarter,
                        estimated_cost=Decimal(cost),
                    ),
                )
            )
        return plan, made

    # The commune's own plan, from its gaps, approved; two items get classes.
    plan = services.training_plan_create(actor=actor, agency=bodies[OFFICER_AGENCY_CODE], year=year)
    for number, suggestion in enumerate(capacity.plan_suggestions(agency=plan.agency)[:4]):
        services.training_plan_item_for_requirement(
            actor=actor,
            plan=plan,
            requirement=suggestion.requirement,
            headcount=suggestion.headcount,
            quarter=number % 4 + 1,
        )
    if not plan.items.exists():
        services.training_plan_item_add(
            actor=actor,
            plan=plan,
            item=TrainingPlanItem(content_kind="digital", headcount=20, quarter=2),
        )
    services.training_plan_submit(actor=actor, plan=plan)
    services.training_plan_approve(actor=coordinator, plan=plan)
    classes = list(
        Offering.objects.filter(
            code__startswith="DEMO-", start_date__year=year, cancelled=False
        ).order_by("start_date")[:2]
    )
    for item, offering in zip(plan.items.order_by("quarter", "pk"), classes, strict=False):
        services.offering_plan_item_set(actor=coordinator, offering=offering, item=item)
    # The ward's People's Committee has submitted; the Front committee's came back; the
    # People's Council's is a draft.
    if "UBND-RACHGIA" in bodies:
        submitted, _items = plan_for(
            "UBND-RACHGIA",
            [("state_management", 12, 2, 36_000_000), ("digital", 25, 3, 15_000_000)],
        )
        services.training_plan_submit(actor=actor, plan=submitted)
    if "MTTQ-RACHGIA" in bodies:
        returned, _items = plan_for("MTTQ-RACHGIA", [("political_theory", 8, 3, 24_000_000)])
        services.training_plan_submit(actor=actor, plan=returned)
        services.training_plan_return(
            actor=coordinator,
            plan=returned,
            reason="Chưa có nội dung bồi dưỡng kỹ năng số cho cán bộ Mặt trận; bổ sung rồi trình lại.",
        )
    if "HDND-RACHGIA" in bodies:
        plan_for("HDND-RACHGIA", [("defence_security", 4, 4, 8_000_000)])
    stdout.write(f"  Kế hoạch đào tạo, bồi dưỡng năm {year}: {TrainingPlan.objects.count()}.")


# --- The reporting year so far: training the province's cadres did --------------------------

YEAR_TRAINING = [  # (title, institution, content kind, hours)
    ("Hội nghị bồi dưỡng công tác dân vận", "Ban Dân vận Tỉnh ủy An Giang", "job_skills", 16),
    (
        "Học tập, quán triệt nghị quyết của Đảng",
        "Trường Chính trị tỉnh An Giang",
        "political_theory",
        24,
    ),
    ("Kỹ năng số cho cán bộ cơ sở", "Sở Khoa học và Công nghệ tỉnh An Giang", "digital", 8),
    (
        "Bồi dưỡng kiến thức quản lý nhà nước về dân chủ ở cơ sở",
        "Sở Nội vụ tỉnh An Giang",
        "state_management",
        12,
    ),
]


def seed_training_year(stdout) -> None:
    """Training done at provincial conferences in the State reporting year so far, by most
    serving cadres, more in some communes than in others: the office home's figures, the hours
    report and its map have something to show (recorded like any training done elsewhere)."""
    from training.periods import state_year, state_year_of
    from training.reports import commune_codes

    today = timezone.localdate()
    period = state_year(state_year_of(today))
    first, last = period.start + timedelta(days=20), min(period.end, today) - timedelta(days=7)
    if (
        last <= first
        or ExternalTraining.objects.filter(
            title=YEAR_TRAINING[0][0], end_date__gte=period.start
        ).exists()
    ):
        return
    rng = random.Random(2026)
    cadres = list(
        Cadre.objects.filter(postings__end_date__isnull=True)
        .select_related("agency")
        .distinct()
        .order_by("personnel_code")
    )
    communes = commune_codes({cadre.agency_id for cadre in cadres})
    rates = {code: rng.uniform(0.25, 0.95) for code in sorted(set(communes.values()))}
    recorded = 0
    for cadre in cadres:
        if rng.random() > rates.get(communes.get(cadre.agency_id), 0.8):
            continue
        for title, institution, kind, hours in rng.sample(YEAR_TRAINING, rng.randint(1, 3)):
            end = first + timedelta(days=rng.randint(0, (last - first).days))
            services.external_training_record(
                actor=SYSTEM,
                cadre=cadre,
                title=title,
                institution=institution,
                content_kind=kind,
                hours=hours,
                start_date=end - timedelta(days=2),
                end_date=end,
            )
            recorded += 1
    stdout.write(f"  Bồi dưỡng trong năm báo cáo {period.end.year}: {recorded} lượt.")
