"""Data the browser tests start from, built through the project's services and test factories."""

import datetime

from django.utils import timezone

from cadres.roles import Role


def account_for(make_user, cadre):
    """The cadre's login (username = personnel code), as an officer opens it."""
    user = make_user(cadre.personnel_code, role=Role.CADRE)
    cadre.user = user
    cadre.save(update_fields=["user"])
    return user


def issuing_body(agency, code="btgdv"):
    from training.models import DocumentFormat, IssuingBody

    return IssuingBody.objects.create(
        code=code,
        name="Ban Tuyên giáo và Dân vận Tỉnh ủy Thử nghiệm",
        heading_name="Ban Tuyên giáo và Dân vận",
        parent_name="Tỉnh ủy Thử nghiệm",
        place_name="Rạch Giá",
        signer_name="Trần Văn Quý",
        document_format=DocumentFormat.objects.get(code="dang"),
        signing_mode="deputy",
        signing_for="TRƯỞNG BAN",
        signer_title="PHÓ TRƯỞNG BAN",
        agency=agency,
    )


def online_class(course, organiser, code, *, approval_required=False, starts_in_days=0):
    from training.models import Offering, OfferingMode

    today = timezone.localdate()
    start = today + datetime.timedelta(days=starts_in_days)
    return Offering.objects.create(
        course=course,
        code=code,
        mode=OfferingMode.ONLINE,
        organiser=organiser,
        start_date=start,
        end_date=start + datetime.timedelta(days=21),
        capacity=30,
        enrol_opens=today - datetime.timedelta(days=1),
        enrol_closes=today + datetime.timedelta(days=5),
        approval_required=approval_required,
    )


def complete(offering, cadres):
    """What journey 1 clicks, for others: enrol, open every lesson, pass the last quiz."""
    from curriculum.models import LessonPage
    from training import services

    lessons = list(LessonPage.objects.live().child_of(offering.course).order_by("path"))
    block = next(b for b in lessons[-1].body if b.block_type == "quiz")
    answers = {
        question.id: [o.id for o in question.value["options"].bound_blocks if o.value["is_correct"]]
        for question in block.value["questions"].bound_blocks
    }
    for cadre in cadres:
        enrolment = services.enrolment_request(cadre=cadre, offering=offering)
        for lesson in lessons:
            services.lesson_open(enrolment=enrolment, lesson=lesson)
        services.quiz_submit(
            enrolment=enrolment, lesson=lessons[-1], block_id=block.id, answers=answers
        )
