"""The ceiling (a one-file Django project) and a bare view inside this project's middleware,
under gunicorn (2 workers), against a plain WSGI app served and loaded the same way."""

from _harness import gunicorn, load, report

SECONDS = 5

with gunicorn("tests.bench.plain_wsgi:application") as base:
    plain_rps = load(base, "/", seconds=SECONDS)
with gunicorn("tests.bench.ceiling:application") as base:
    ceiling_rps = load(base, "/", seconds=SECONDS)
with gunicorn() as base:
    bare_rps = load(base, "/bench/bare/", seconds=SECONDS)

report("plain_wsgi_rate", plain_rps, "req/s")
report("ceiling_rate", ceiling_rps, "req/s")
report("bare_django_view_rate", bare_rps, "req/s")
report("ceiling_vs_plain_wsgi_rate_ratio", ceiling_rps / plain_rps)
report("bare_django_view_vs_ceiling_rate_ratio", bare_rps / ceiling_rps)
