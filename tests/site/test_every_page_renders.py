"""Every page a role is offered renders: no server error, Vietnamese by default, no English leaks.

One address per view, built from a small cast (an agency A with an officer and a cadre, a course
with a lesson and a quiz, a class the cadre completed, a certificate), requested by anonymous
visitors, the cadre, the personnel officer of A, the coordinator and the editor. Each answers with
the status expected (so no 5xx); downloads (CSV, XLSX, PDF) are checked for nothing more.
"""

import re

import pytest

from training.models import GradingScheme

pytestmark = pytest.mark.django_db

# English words that leaked into the Vietnamese interface and were fixed; keep them out.
ENGLISH_LEAKS = ["403 Forbidden", "Show issue"]
# Vietnamese that a shared English word once wrongly took from another app's catalog.
WRONG_VIETNAMESE = {
    "resource": ["Cơ quan cấp"],  # a document's issuer is "Cơ quan ban hành"
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
        "/me/notices/",
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
        f"/office/cadres/{cadre}/retirement/",
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
        "/office/planning/",
        "/office/training/plans/",
        "/office/training/plans/new/",
        f"/office/training/plans/{c['training_plan'].pk}/",
        f"/office/training/plans/{c['training_plan'].pk}/items/new/",
        f"/office/training/plans/{c['training_plan'].pk}/suggestions/",
        f"/office/training/plans/rollup/{agency}/?year=2027",
        f"/office/planning/new/?cadre={cadre}",
        f"/office/planning/{c['planning'].pk}/",
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
        "/office/reports/",
        *[
            f"/office/reports/{name}/"
            for name in ("trained", "hours", "certificates", "groups", "dvk", "plan")
        ],
        "/office/reports/hours/?period=q1&year=2026&cut=then",
        "/office/reports/trained/?period=custom&year=2026&start=31/12/2026&end=01/01/2026",
        "/office/reports/groups.pdf?period=year&year=2026",
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


def admin_pages(c):
    """The rules of the trade as data, in the Wagtail admin: administrators only."""
    return [
        "/admin/",
        "/admin/retirementage/",
        "/admin/ethnicgroup/",
        "/admin/rotationrule/",
        "/admin/document_formats/",
        "/admin/issuing_bodies/",
        "/admin/grading_schemes/",
        f"/admin/grading_schemes/edit/{GradingScheme.objects.get(code='thang-diem-10').pk}/",
    ]


def editor_pages(c):
    return [*public_pages(c), c["lesson"].url, c["resource"].url, "/admin/"]


ROLES = {
    "anonymous": (None, public_pages),
    "cadre": ("learner", cadre_pages),
    "officer": ("officer", office_pages),
    "coordinator": ("coordinator", coordinator_pages),
    "editor": ("editor", editor_pages),
    "admin": ("admin", admin_pages),
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
