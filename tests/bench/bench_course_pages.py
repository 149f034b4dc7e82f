"""A course page (public) and a lesson page (logged-in cadre) under gunicorn (2 workers), next to a
bare Django view served and loaded the same way in the same run. Needs the demo data (make setup).
"""

from _harness import gunicorn, load, report, setup_django

SECONDS = 5
CADRE = "CB000001"  # the demo cadre of seed_demo


def demo_urls_and_cookie() -> tuple[str, str, str]:
    setup_django()
    from django.conf import settings
    from django.contrib.auth import (
        BACKEND_SESSION_KEY,
        HASH_SESSION_KEY,
        SESSION_KEY,
        get_user_model,
    )
    from django.contrib.sessions.backends.db import SessionStore

    from curriculum.models import CoursePage, LessonPage

    course = CoursePage.objects.live().order_by("path").first()
    lesson = LessonPage.objects.live().child_of(course).order_by("path").last() if course else None
    if lesson is None:
        raise SystemExit("No demo course or lesson: run `make setup` (seed_demo) first.")
    user = get_user_model().objects.get(username=CADRE)
    # A real logged-in session in the database the gunicorn workers read.
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
    return course.url, lesson.url, cookie


course_url, lesson_url, cookie = demo_urls_and_cookie()
with gunicorn() as base:
    load(f"{base}{course_url}", seconds=1)  # warm both workers' caches and connections
    load(f"{base}{lesson_url}", seconds=1, headers={"Cookie": cookie})
    bare_rps = load(f"{base}/bench/bare/", seconds=SECONDS)
    course_rps = load(f"{base}{course_url}", seconds=SECONDS)
    lesson_rps = load(f"{base}{lesson_url}", seconds=SECONDS, headers={"Cookie": cookie})

report("bare_django_view_rate", bare_rps, "req/s")
report("course_page_rate", course_rps, "req/s")
report("lesson_page_rate", lesson_rps, "req/s")
report("course_page_vs_bare_view_rate_ratio", course_rps / bare_rps)
report("lesson_page_vs_bare_view_rate_ratio", lesson_rps / bare_rps)
