"""The portal's busiest pages under gunicorn (2 workers), each as a ratio to the ceiling: a
one-file Django project (tests/bench/ceiling.py) served by the same gunicorn command, loaded by
the same wrk script, measured in the same run, alternating with the pages.

Honest load: what a cache could memorise is rotated. Lessons are read by at least 50 cadres'
sessions over every lesson; verification walks 1,000 codes; search 100 queries; course and
case study pages every one published; the office list several officers over its pages. The
cache is Redis (as in production with REDIS_URL) when it answers, never a per-process memory.

Prints `page_NAME_ratio: X` (the page's requests/s over the ceiling's) for each page. Runs on a
copy of the demo database (make setup), which it adds certificates to.
Environment: BENCH_SECONDS (per measurement, default 4), BENCH_ROUNDS (default 2), BENCH_PAGES
(a comma-separated choice of the pages, default all).
"""

import os
import random
import shutil
import socket
import tempfile
import uuid
from pathlib import Path

from _harness import ROOT, check_answers, gunicorn, load, report, setup_django

SECONDS = int(os.environ.get("BENCH_SECONDS", "4"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2"))
CADRE_SESSIONS = 50
CERTIFICATES = 1000
QUERIES = 100
CEILING_APP = "tests.bench.ceiling:application"


def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    host_port = url.split("//", 1)[1].split("/", 1)[0]
    host, _, port = host_port.rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port or 6379)), timeout=1):
            return url
    except OSError:
        return ""


def prepare_environment() -> Path:
    demo = ROOT / "var" / "db.sqlite3"
    if not demo.exists():
        raise SystemExit("No demo database: run `make setup` (seed_demo) first.")
    folder = Path(tempfile.mkdtemp(prefix="cadre-bench-pages-"))
    shutil.copy(demo, folder / "db.sqlite3")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'db.sqlite3'}"
    os.environ["BENCH_CACHE_PREFIX"] = f"bench-{uuid.uuid4().hex[:8]}"
    url = redis_url()
    if url:
        os.environ["REDIS_URL"] = url
    else:
        os.environ.pop("REDIS_URL", None)
    report("bench_cache_is_redis", 1 if url else 0)
    return folder


def login_cookie(user) -> str:
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def add_certificates(count: int) -> list[str]:
    """Enough certificates (each on an enrolment of its own) for `count` verification codes."""
    from django.db.models import Max

    from cadres.models import Cadre
    from training.models import Certificate, Enrolment, new_verification_code

    existing = list(Certificate.objects.values_list("verification_code", flat=True))
    missing = count - len(existing)
    model = Certificate.objects.filter(revoked_at__isnull=True).select_related("enrolment").first()
    if missing <= 0 or model is None:
        return existing[:count]
    template = model.enrolment
    taken = Enrolment.objects.filter(offering_id=template.offering_id).values("cadre_id")
    cadres = list(Cadre.objects.exclude(pk__in=taken).order_by("pk")[:missing])
    enrolments = []
    for cadre in cadres:
        enrolment = Enrolment.objects.get(pk=template.pk)
        enrolment.pk = None
        enrolment.cadre, enrolment.agency_id = cadre, cadre.agency_id
        enrolments.append(enrolment)
    Enrolment.objects.bulk_create(enrolments)
    serial = Certificate.objects.filter(body_id=model.body_id, year=model.year).aggregate(
        Max("serial")
    )["serial__max"]
    certificates = []
    for offset, (cadre, enrolment) in enumerate(zip(cadres, enrolments, strict=True), 1):
        certificate = Certificate.objects.get(pk=model.pk)
        certificate.pk = None
        certificate.enrolment = enrolment
        certificate.serial = serial + offset
        certificate.number = f"BENCH-{serial + offset}/{model.year}"
        certificate.holder_name = cadre.full_name
        certificate.holder_birth_date = cadre.date_of_birth or model.holder_birth_date
        certificate.verification_code = new_verification_code()
        certificates.append(certificate)
    Certificate.objects.bulk_create(certificates)
    return existing + [c.verification_code for c in certificates]


def search_queries(count: int) -> list[str]:
    """Words and word pairs of published titles, as typed and without marks."""
    from cadres.text import fold
    from curriculum.models import CaseStudyPage, CoursePage, LessonPage

    titles = [
        page.title
        for model in (CoursePage, LessonPage, CaseStudyPage)
        for page in model.objects.live()
    ]
    candidates = []
    for title in titles:
        words = [w.strip('.,:;“”"()–-') for w in title.split()]
        words = [w for w in words if len(w) > 1]
        candidates += [" ".join(words[i : i + 2]) for i in range(len(words) - 1)]
        candidates += words
    queries = []
    for text in dict.fromkeys(candidates):
        queries += [text, fold(text)]
    queries = list(dict.fromkeys(q for q in queries if q))
    random.Random(20).shuffle(queries)
    if len(queries) < count:
        raise SystemExit(f"Only {len(queries)} search queries from the demo titles")
    return queries[:count]


def build_loads() -> dict[str, tuple[list[tuple[str, str]], str]]:
    """For each page: the requests to rotate and a text every answer must show."""
    from urllib.parse import urlencode

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.urls import reverse

    from cadres.roles import Role
    from curriculum.choices import ContentKind
    from curriculum.models import CaseStudyPage, CatalogPage, CoursePage, HomePage, LessonPage

    call_command("migrate", verbosity=0)
    users = get_user_model().objects
    rng = random.Random(2026)

    catalog = CatalogPage.objects.live().first()
    catalog_urls = [catalog.url] + [f"{catalog.url}?kind={kind}" for kind in ContentKind.values]
    cadres = list(
        users.filter(groups__name=Role.CADRE.value, is_active=True, cadre__isnull=False)
        .order_by("pk")
        .distinct()
    )
    if len(cadres) < CADRE_SESSIONS:
        raise SystemExit(f"Only {len(cadres)} cadres with an account in the demo data")
    lessons = [lesson.url for lesson in LessonPage.objects.live().order_by("path")]
    lesson_requests = [(url, login_cookie(user)) for user in cadres for url in lessons]
    rng.shuffle(lesson_requests)
    officers = list(
        users.filter(
            groups__name__in=[Role.PERSONNEL_OFFICER.value, Role.COORDINATOR.value],
            is_active=True,
        ).distinct()
    )
    cadre_list = reverse("cadres:cadre_list")
    office_requests = [
        (f"{cadre_list}?page={number}" if number > 1 else cadre_list, login_cookie(user))
        for user in officers
        for number in range(1, 6)
    ]
    codes = add_certificates(CERTIFICATES)
    search = reverse("curriculum:search")
    home = HomePage.objects.live().first()
    return {
        "course": ([(c.url, "") for c in CoursePage.objects.live().order_by("path")], ""),
        "lesson": (lesson_requests, 'class="user-name"'),
        "catalog": ([(url, "") for url in catalog_urls], ""),
        "home": ([(home.url, "")], ""),
        "casestudy": ([(c.url, "") for c in CaseStudyPage.objects.live().order_by("path")], ""),
        "verify": ([(reverse("training:verify", args=[code]), "") for code in codes], ""),
        "search": (
            [(f"{search}?{urlencode({'q': q})}", "") for q in search_queries(QUERIES)],
            "",
        ),
        "office_cadres": (office_requests, 'class="user-name"'),
    }


def main() -> None:
    folder = prepare_environment()
    try:
        setup_django()
        loads = build_loads()
        only = [name for name in os.environ.get("BENCH_PAGES", "").split(",") if name]
        loads = {name: load for name, load in loads.items() if not only or name in only}
        for name, (requests, _shows) in loads.items():
            report(f"page_{name}_addresses", len(requests), "requests in rotation")
        pages = {name: 0.0 for name in loads}
        ceilings = {name: 0.0 for name in loads}
        with gunicorn(CEILING_APP) as ceiling, gunicorn() as site:
            for requests, shows in loads.values():
                check_answers(site, requests, contains=shows)  # 200, never a redirect to log in
            check_answers(ceiling, [("/", "")])
            load(ceiling, "/", seconds=1)
            for _round in range(ROUNDS):
                before = load(ceiling, "/", seconds=SECONDS)
                for name, (requests, _shows) in loads.items():
                    rate = load(site, requests, seconds=SECONDS)
                    after = load(ceiling, "/", seconds=SECONDS)
                    pages[name] += rate
                    ceilings[name] += (before + after) / 2
                    before = after
        for name in loads:
            report(f"page_{name}_rate", pages[name] / ROUNDS, "req/s")
            report(f"page_{name}_ceiling_rate", ceilings[name] / ROUNDS, "req/s")
        for name in loads:
            print(f"page_{name}_ratio: {pages[name] / ceilings[name]:.3f}", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
