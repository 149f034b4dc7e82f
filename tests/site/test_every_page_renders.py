"""Every page a role is offered renders: no server error, Vietnamese by default, no English leaks.

One address per view, built from a small cast (an agency A with an officer and a cadre, a course
with a lesson and a quiz, a class the cadre completed, a certificate), requested by anonymous
visitors, the cadre, the personnel officer of A, the coordinator and the editor. Each answers with
the status expected (so no 5xx); downloads (CSV, XLSX, PDF) are checked for nothing more.
"""

import datetime
import re

import pytest
from django.utils import timezone

from cadres.models import OfficerAssignment, ResponsibilityKind
from cadres.roles import Role
from cadres.services import rotation_plan_create
from curriculum.demo import para
from tests.curriculum import factories
from training import services
from training.models import IssuingBody, Offering, OfferingMode

pytestmark = pytest.mark.django_db

# English words that leaked into the Vietnamese interface and were fixed; keep them out.
ENGLISH_LEAKS = ["403 Forbidden", "Show issue"]
# Vietnamese that a shared English word once wrongly took from another app's catalog.
WRONG_VIETNAMESE = {
    "resource": ["Cơ quan cấp"],  # a document's issuer is "Cơ quan ban hành"
}


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
        signer_title="KT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN",
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
    return {
        "learner": learner,
        "officer": officer_a,
        "coordinator": coordinator,
        "editor": editor,
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
    }


def public_pages(c):
    return [
        "/",
        "/catalog/",
        "/search/?q=dân vận",
        c["course"].url,
        c["case"].get_parent().url,
        c["case"].url,
        f"/verify/{c['certificate'].verification_code}/",
        "/accounts/login/",
        "/accounts/password/reset/",
        "/khong-co-trang-nay/",
    ]


def cadre_pages(c):
    enrolment, offering = c["enrolment"].pk, c["offering"].pk
    return [
        *public_pages(c),
        c["lesson"].url,
        c["resource"].get_parent().url,
        c["resource"].url,
        "/me/",
        "/learn/classes/",
        f"/learn/classes/{offering}/",
        "/learn/my-courses/",
        "/learn/my-record/",
        "/learn/certificates/",
        f"/learn/enrolments/{enrolment}/feedback/",
        "/accounts/password/change/",
        "/accounts/email/",
        "/office/",  # not theirs: a Vietnamese refusal
        "/learn/my-record.pdf",
    ]


def office_pages(c):
    cadre, agency, offering = c["cadre"].pk, c["agency"].pk, c["offering"].pk
    return [
        "/office/",
        "/office/cadres/",
        "/office/cadres/?q=Ánh",
        "/office/cadres/new/",
        f"/office/cadres/{cadre}/",
        f"/office/cadres/{cadre}/edit/",
        f"/office/cadres/{cadre}/history/",
        "/office/agencies/",
        f"/office/agencies/{agency}/",
        f"/office/agencies/{agency}/edit/",
        f"/office/agencies/{agency}/new/",
        f"/office/agencies/{agency}/change/",
        f"/office/agencies/{agency}/officers/new/",
        f"/office/assignments/{c['assignment'].pk}/end/",
        "/office/coverage/",
        "/office/rotations/",
        f"/office/rotations/new/?cadre={cadre}",
        f"/office/rotations/{c['plan'].pk}/",
        "/office/import/cadres/",
        "/office/import/agencies/",
        "/office/training/approvals/",
        "/office/training/classes/",
        f"/office/training/classes/{offering}/",
        f"/office/training/classes/{offering}/nominate/",
        f"/office/training/cadres/{cadre}/record/",
        f"/office/training/cadres/{cadre}/external/new/",
        "/office/training/certificates/expiring/",
        "/office/cadres/export.csv",
        "/office/coverage/export.xlsx",
        "/office/import/cadres/template.xlsx",
    ]


def coordinator_pages(c):
    offering = c["offering"].pk
    return [
        *office_pages(c),
        "/office/training/classes/new/",
        f"/office/training/classes/{offering}/edit/",
        f"/office/training/classes/{offering}/certificates/",
        f"/office/training/certificates/{c['certificate'].pk}/revoke/",
        "/office/training/register-book/",
    ]


def editor_pages(c):
    return [*public_pages(c), c["lesson"].url, c["resource"].url, "/admin/"]


ROLES = {
    "anonymous": (None, public_pages),
    "cadre": ("learner", cadre_pages),
    "officer": ("officer", office_pages),
    "coordinator": ("coordinator", coordinator_pages),
    "editor": ("editor", editor_pages),
}


def expected_status(role: str, url: str) -> int:
    if url == "/catalog/" or (url == "/accounts/login/" and role != "anonymous"):
        return 302  # to the catalog page; a signed-in user has nothing to log in to
    if url == "/khong-co-trang-nay/":
        return 404
    if url == "/office/" and role == "cadre":
        return 404  # a wrong role is answered like an object out of reach
    return 200


def visible_text(html: str) -> str:
    html = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    labels = " ".join(re.findall(r'(?:aria-label|title|alt|placeholder)="([^"]*)"', html))
    return re.sub(r"<[^>]+>", " ", html) + " " + labels


@pytest.mark.parametrize("role", ROLES)
def test_every_page_renders_in_vietnamese(client, cast, role):
    user_key, pages = ROLES[role]
    if user_key:
        client.force_login(cast[user_key])
    problems = []
    for url in pages(cast):
        response = client.get(url)
        if response.status_code != expected_status(role, url):
            problems.append(f"{url}: {response.status_code}")
            continue
        if response.status_code == 302 or "html" not in response["Content-Type"]:
            continue
        html = response.content.decode()
        if url.startswith("/admin/"):
            continue  # Wagtail's own page: only "no server error" is asked of it
        if '<html lang="vi">' not in html:
            problems.append(f"{url}: not <html lang=vi>")
        text = visible_text(html)
        problems += [f"{url}: {word!r}" for word in ENGLISH_LEAKS if word in text]
    assert not problems, "\n".join(problems)


def test_userbar_and_resource_page_use_the_right_vietnamese(client, cast):
    client.force_login(cast["editor"])
    html = client.get(cast["resource"].url).content.decode()
    assert "Cơ quan ban hành" in html
    for word in WRONG_VIETNAMESE["resource"] + ENGLISH_LEAKS:
        assert word not in visible_text(html), word


def test_refusal_is_a_vietnamese_page(client, cast):
    client.force_login(cast["learner"])
    response = client.get("/office/")
    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "Không tìm thấy trang" in html
