"""The learning cast: a course with two lessons (one with a quiz) and classes of it."""

import datetime

import pytest
from django.utils import timezone

from curriculum.demo import para
from tests.curriculum import factories
from training.models import Offering, OfferingMode


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def course(db):
    catalog = factories.catalog()
    return factories.course(catalog, title="Kỹ năng dân vận cơ sở", periods=16, allowed_attempts=2)


@pytest.fixture
def lessons(course):
    first = factories.lesson(course, title="Lắng nghe đồng bào", body=[para("Nghe trước.")])
    second = factories.lesson(course, title="Ôn tập")  # has the sample quiz
    return [first, second]


@pytest.fixture
def quiz_answers(lessons):
    """The right answers to the second lesson's quiz, as {question id: [option ids]}."""
    block = next(b for b in lessons[1].body if b.block_type == "quiz")
    answers = {}
    for question in block.value["questions"].bound_blocks:
        answers[question.id] = [
            o.id for o in question.value["options"].bound_blocks if o.value["is_correct"]
        ]
    return block.id, answers


@pytest.fixture
def make_offering(course, province, today):
    def make(code="LOP-01", *, capacity=10, approval_required=True, **extra):
        fields = {
            "course": course,
            "code": code,
            "mode": OfferingMode.ONLINE,
            "organiser": province,
            "start_date": today,
            "end_date": today + datetime.timedelta(days=30),
            "capacity": capacity,
            "enrol_opens": today - datetime.timedelta(days=5),
            "enrol_closes": today + datetime.timedelta(days=5),
            "approval_required": approval_required,
            **extra,
        }
        return Offering.objects.create(**fields)

    return make


@pytest.fixture
def offering(make_offering, lessons):
    return make_offering()


@pytest.fixture
def learner(make_user, cadre_in_a):
    """The user account of cadre_in_a."""
    from cadres.roles import Role

    user = make_user(cadre_in_a.personnel_code, role=Role.CADRE)
    cadre_in_a.user = user
    cadre_in_a.save(update_fields=["user"])
    return user


@pytest.fixture
def learner_b(make_user, cadre_in_b):
    from cadres.roles import Role

    user = make_user(cadre_in_b.personnel_code, role=Role.CADRE)
    cadre_in_b.user = user
    cadre_in_b.save(update_fields=["user"])
    return user


# --- Certificates: an issuing body for the province and a learner who completed online ---


@pytest.fixture
def issuing_body(make_issuing_body):
    return make_issuing_body()


@pytest.fixture
def make_issuing_body(province):
    """The issuing body, made when the test calls for it (after completions, for instance)."""
    from training.models import DocumentFormat, IssuingBody

    return lambda: IssuingBody.objects.create(
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


@pytest.fixture
def complete(lessons, quiz_answers):
    """complete(cadre, offering): enrol, open every lesson and pass the quiz through services."""
    from training import services

    def run(cadre, offering):
        enrolment = services.enrolment_request(cadre=cadre, offering=offering)
        if enrolment.status == "requested":
            enrolment.status = "approved"
            enrolment.save(update_fields=["status"])
        for lesson in lessons:
            services.lesson_open(enrolment=enrolment, lesson=lesson)
        block_id, answers = quiz_answers
        services.quiz_submit(
            enrolment=enrolment, lesson=lessons[1], block_id=block_id, answers=answers
        )
        enrolment.refresh_from_db()
        return enrolment

    return run


@pytest.fixture
def certificate(issuing_body, make_offering, lessons, cadre_in_a, learner, complete):
    """The certificate issued automatically when cadre_in_a completed an online class."""
    enrolment = complete(cadre_in_a, make_offering("LOP-CC", approval_required=False))
    return enrolment.certificates.get()


@pytest.fixture
def completed_in_person():
    """An enrolment in a class held in person, completed as the class's decision completes it
    (the decision itself, once per class, is tested in test_in_person)."""

    from training import services
    from training.models import Enrolment, EnrolmentStatus

    def complete(cadre, offering):
        enrolment = services.enrolment_request(cadre=cadre, offering=offering)
        Enrolment.objects.filter(pk=enrolment.pk).update(
            status=EnrolmentStatus.COMPLETED,
            completed_at=timezone.now(),
            hours_credited=offering.course.periods,
        )
        enrolment.refresh_from_db()
        return enrolment

    return complete


# --- A class held in person ---


@pytest.fixture
def in_person(make_offering, lessons, today):
    """A class held in person from two days ago to two days on: three sessions, 10 periods."""
    from cadres.access import SYSTEM
    from training import classroom
    from training.models import Session

    offering = make_offering(
        "LOP-TT",
        mode=OfferingMode.IN_PERSON,
        approval_required=False,
        start_date=today - datetime.timedelta(days=2),
        end_date=today + datetime.timedelta(days=2),
    )
    for day, periods in ((-2, 4), (-1, 4), (0, 2)):  # 10 periods in three sessions
        classroom.session_save(
            actor=SYSTEM,
            session=Session(
                offering=offering,
                date=today + datetime.timedelta(days=day),
                starts_at=datetime.time(7, 30),
                ends_at=datetime.time(11, 0),
                periods=periods,
                place="Hội trường A, Trường Chính trị tỉnh",
            ),
        )
    return offering


@pytest.fixture
def learners(in_person, make_cadre, agency_a_unit):
    """Three cadres of unit A enrolled in the class held in person."""
    from training import services

    cadres = [make_cadre(f"CB-TT-{i}", f"Phạm Văn {i}", agency_a_unit) for i in range(3)]
    return [services.enrolment_request(cadre=c, offering=in_person) for c in cadres]
