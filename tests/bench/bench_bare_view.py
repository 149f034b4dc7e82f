"""Bare Django view under gunicorn (2 workers) against a plain WSGI app served the same way."""

from _harness import gunicorn, load, report

SECONDS = 5

with gunicorn("tests.bench.plain_wsgi:application") as base:
    plain_rps = load(f"{base}/", seconds=SECONDS)
with gunicorn() as base:
    bare_rps = load(f"{base}/bench/bare/", seconds=SECONDS)

report("plain_wsgi_rate", plain_rps, "req/s")
report("bare_django_view_rate", bare_rps, "req/s")
report("bare_django_vs_plain_wsgi_rate_ratio", bare_rps / plain_rps)
