"""Every page outside /admin/ within 12 queries (issue 20: "other pages outside `/admin/` at most
12"), for each person who may open it, on the first view after a publish.

The pages are found by walking the URLconf (tests/site/url_map.py); who may open each is read
from docs/permissions.md, as test_permission_matrix does, and every principal whose GET gets the
page itself is measured. The Wagtail pages (home, catalog, course, lesson, case studies,
resources, search) and allauth's are added by hand. The cast holds several rows of each kind
(three cadres in the online class, two in the class held in person, three sessions, ...), so a
query per row shows.

Content staff (editors, moderators, administrators) get Wagtail's userbar on every page; the pages
are measured without it and the userbar's own cost apart (test_the_userbar_costs_content_staff_
a_bounded_few_queries): it is Wagtail's, the same on every page.
"""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cadres.models import CadreCategory, LeadershipTitle, Posting
from cadres.roles import Role
from curriculum.middleware import CachedSiteMiddleware
from curriculum.models import VERSION_KEY, bump_content_version
from tests.site.test_permission_matrix import principals, read_document
from tests.site.url_map import all_patterns, url_for
from training import classroom, services
from training.models import HoursTarget, Session, TrainingRequirement

pytestmark = pytest.mark.django_db

LIMIT = 12

# Kinds of docs/permissions.md whose GET is never the page (405): forms and buttons, POST only.
POST_ONLY_KINDS = {
    "public-form",
    "signed-in-form",
    "learner-form",
    "office-action",
    "office-action-data",
    "coordinator-action",
    "class-runner-action",
}
# Project addresses not measured, each with why.
EXCLUDED = {
    # Nobody of the cast may open them (assessors of the province's body, a submitted
    # registration; the cast's is a draft); their scope checks are in tests/curriculum.
    "curriculum:emulation_assess": "assessors only",
    "curriculum:emulation_decide": "assessors only",
    "training:check_in_confirm": "answers only with a check-in waiting in the session",
    # Redirects.
    "curriculum:catalog": "a redirect to the catalog page (measured below as a Wagtail page)",
    "admin_password_reset_redirect": "a redirect to allauth's password reset (measured below)",
    "curriculum:quiz_check": "a GET without answers checked goes back to the lesson",
    "cadres:import_preview": "a GET without a file uploaded goes back to the upload",
    "curriculum:emulation_evidence_add": "a GET goes back to the registration (POST only)",
}
# A page answering with another status than 200, and why.
EXPECTED_STATUS = {
    # The code of the address was made now, outside the session's check-in window: the page
    # says so (what a learner scanning too early sees).
    "training:check_in": 400,
}
# Pages that need more, each with the most queries measured (by any principal, on the first
# view after a publish) and why. They may not grow; one that fits again must leave the list.
ABOVE_LIMIT: dict[str, tuple[int, str]] = {
    # Measured with a typical cadre (a category with an hours target, a post whose title
    # requires training); the session (a query with the test settings' database sessions, none
    # through Redis in production) and the content version after a publish count among them.
    "training:cadre_capacity": (
        13,
        "the capacity profile: the cadre, the comparison form's titles and positions, the "
        "record (enrolments, outside training, the category's hours target), models registered, "
        "postings, qualifications, the post's requirements and the cadre's assignments",
    ),
}
CONTENT_STAFF = {"editor", "moderator", "administrator"}


# Pages of Wagtail (by address) and allauth, and who looks at them.
def wagtail_and_allauth_pages(cast):
    public = ["anonymous", "owner", "editor", "officer"]
    return [
        ("home", "/", public),
        ("catalog page", cast["course"].get_parent().url, public),
        ("course", cast["course"].url, public),
        ("lesson", cast["lesson"].url, ["owner", "editor"]),
        ("case studies", cast["case"].get_parent().url, public),
        ("case study", cast["case"].url, public),
        ("resources", cast["resource"].get_parent().url, ["owner", "editor"]),
        ("resource", cast["resource"].url, ["owner", "editor"]),
        ("search", "/search/?q=dân vận", public),
        ("login", "/accounts/login/", ["anonymous"]),
        ("signup", "/accounts/signup/", ["anonymous"]),
        ("password reset", "/accounts/password/reset/", ["anonymous"]),
        ("password reset done", "/accounts/password/reset/done/", ["anonymous"]),
        ("password change", "/accounts/password/change/", ["owner", "officer"]),
        ("email", "/accounts/email/", ["owner", "officer"]),
        ("two-factor", "/accounts/2fa/", ["officer", "coordinator"]),
    ]


def _more_rows(cast, make_cadre, make_user, agency_a_unit, agency_b_unit):
    """Four more cadres of agency A: two with accounts in the online class, through its lessons;
    two without an account in the class held in person; two more sessions of that class; a
    cadre of agency B without an account (for the other officer's page opening accounts)."""
    make_cadre("CB-B-002", "Đặng Văn Long", agency_b_unit)
    coordinator = cast["coordinator"]
    names = ["Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng", "Võ Thị Hoa"]
    for number, name in enumerate(names, start=2):
        cadre = make_cadre(f"CB-A-00{number}", name, agency_a_unit)
        if number < 4:  # the last two have no account yet (the page opening accounts lists them)
            cadre.user = make_user(cadre.personnel_code, role=Role.CADRE)
            cadre.save(update_fields=["user"])
            enrolment = services.enrolment_request(cadre=cadre, offering=cast["offering"])
            for page in cast["course"].get_children().specific():
                services.lesson_open(enrolment=enrolment, lesson=page)
        else:
            services.enrolment_request(cadre=cadre, offering=cast["in_person"])
    # The cadre whose record and capacity are opened is a typical one: a category with a
    # yearly hours target, a post whose title requires training.
    cadre = cast["cadre"]
    cadre.category = CadreCategory.objects.order_by("pk").first()
    cadre.save(update_fields=["category"])
    HoursTarget.objects.create(category=cadre.category, year=timezone.localdate().year, hours=40)
    chair = LeadershipTitle.objects.get(code="chu-tich-ubnd")
    Posting.objects.filter(cadre=cadre, end_date__isnull=True).update(title=chair)
    TrainingRequirement.objects.create(
        name="Khóa kỹ năng dân vận",
        course=cast["course"],
        validity_years=5,
        title=chair,
        basis="Nghị định 171/2025/NĐ-CP",
    )
    in_person = cast["in_person"]
    for day in (1, 2):
        classroom.session_save(
            actor=coordinator,
            session=Session(
                offering=in_person,
                date=in_person.start_date + datetime.timedelta(days=day),
                starts_at=datetime.time(7, 30),
                ends_at=datetime.time(11, 0),
                periods=4,
                place="Hội trường B",
            ),
        )


def _count(client, url) -> tuple[int, int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries), [q["sql"] for q in queries]


def _publish() -> None:
    """What a publish leaves for the next request: the content version changed and no longer in
    the cache, so every page reads it afresh. The site and its home page, stored with the
    version, are read again once per publish for all pages by whichever request comes first
    (curriculum/middleware.py, two queries): that request is made here, not counted."""
    bump_content_version()
    CachedSiteMiddleware._attach_site(RequestFactory().get("/"))
    cache.delete(VERSION_KEY)


def _measure(client, url) -> tuple[int, int, list[str]]:
    """The status and queries of the first view after a publish, and their SQL; what the view
    writes (an audit entry of a record read) is rolled back."""
    with transaction.atomic():
        client.get(url)  # renditions and the like, made once for all time
        _publish()
        measured = _count(client, url)
        transaction.set_rollback(True)
    return measured


def _addresses(cast, kinds, pages):
    """(name, address, principals who may open it) of every page measured."""
    found = []
    for name, route, _view in all_patterns():
        if route.startswith("admin/") or name not in pages or name in EXCLUDED:
            continue
        kind = pages[name]
        if kind in POST_ONLY_KINDS:
            continue
        who = [w for w, (get, _post) in kinds[kind].items() if get == "✓"]
        assert who, f"{name}: nobody may open it; exclude it with the reason"
        found.append((name, url_for(name, cast), who))
    return found + wagtail_and_allauth_pages(cast)


def test_every_page_outside_admin_within_12_queries(
    office_cast,
    make_user,
    make_cadre,
    agency_a_unit,
    agency_b_unit,
    cadre_in_b,
    officer_b,
    moderator,
    monkeypatch,
):
    _more_rows(office_cast, make_cadre, make_user, agency_a_unit, agency_b_unit)
    kinds, pages, _prefixes = read_document()
    people = principals(office_cast, make_user, cadre_in_b, officer_b, moderator)
    # Wagtail's userbar is measured apart (below).
    monkeypatch.setattr("cadre_site.context_processors._shows_userbar", lambda user: False)
    most, problems = {}, []
    for name, url, who_list in _addresses(office_cast, kinds, pages):
        allowed, _reason = ABOVE_LIMIT.get(name, (LIMIT, ""))
        for who in who_list:
            client = Client()
            if people[who] is not None:
                client.force_login(people[who])
            status, count, sql = _measure(client, url)
            if status != EXPECTED_STATUS.get(name, 200):
                problems.append(f"{name} as {who}: status {status}")
            most[name] = max(most.get(name, 0), count)
            if count > allowed:
                problems.append(
                    f"{name} as {who}: {count} queries\n    " + "\n    ".join(q[:200] for q in sql)
                )
    assert not problems, "\n".join(problems)
    fitting = [name for name in ABOVE_LIMIT if most.get(name, 0) <= LIMIT]
    assert not fitting, f"these fit in {LIMIT} queries now: take them out of ABOVE_LIMIT"


# What Wagtail's userbar costs on top of a page, inside Wagtail: the user's profile read twice
# (UserProfile.get_for_user for the bar's language, then user.wagtail_userprofile for its theme),
# for those not superusers the permission check (their permissions and their groups'), and on a
# Wagtail page the page's own permissions for the edit, explore and add items.
USERBAR_QUERIES = {
    ("administrator", "project page"): 2,
    ("editor", "project page"): 4,
    ("editor", "wagtail page"): 6,
}


def test_the_userbar_costs_content_staff_a_bounded_few_queries(cast, monkeypatch):
    pages = {"project page": "/me/notices/", "wagtail page": cast["case"].get_parent().url}
    for (who, where), most in USERBAR_QUERIES.items():
        client = Client()
        client.force_login(cast["admin" if who == "administrator" else who])
        with_bar = _measure(client, pages[where])[1]
        with monkeypatch.context() as patch:
            patch.setattr("cadre_site.context_processors._shows_userbar", lambda user: False)
            without = _measure(client, pages[where])[1]
        assert 0 < with_bar - without <= most, (who, where, with_bar, without)
