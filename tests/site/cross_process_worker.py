"""One server process of tests/site/test_publish_across_processes.py, driven over a pipe.

Started with DJANGO_SETTINGS_MODULE, DATABASE_URL (a file both processes open), REDIS_URL and
CACHE_KEY_PREFIX in its environment (and MIGRATE_FIRST to bring the database up to date). Reads one JSON command a line on stdin, answers one JSON
line on stdout:

- {"op": "get", "path": "/…/"}: an anonymous visitor's request, through the whole middleware
  stack (the public page cache included): the status, the body and the database queries it cost.
- {"op": "publish", "page": 11, "title": "…"}: a new revision of that page with this title,
  published the way the admin publishes (revision.publish()).
"""

import json
import os
import sys

# Everything Django or a library prints goes to stderr; stdout carries the answers only.
ANSWERS = sys.stdout
sys.stdout = sys.stderr

from django.conf import settings  # noqa: E402

settings.CACHES["default"]["KEY_PREFIX"] = os.environ["CACHE_KEY_PREFIX"]

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from wagtail.models import Page  # noqa: E402


def get(path: str) -> dict:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    return {
        "status": response.status_code,
        "body": response.content.decode(),
        "queries": len(queries),
    }


def publish(page_id: int, title: str) -> dict:
    page = Page.objects.get(pk=page_id).specific
    page.title = title
    page.save_revision().publish()
    return {"published": page.pk}


def main() -> None:
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "get":
            answer = get(command["path"])
        elif command["op"] == "publish":
            answer = publish(command["page"], command["title"])
        else:
            answer = {"error": f"unknown op {command['op']!r}"}
        ANSWERS.write(json.dumps(answer) + "\n")
        ANSWERS.flush()


if __name__ == "__main__":
    if os.environ.get("MIGRATE_FIRST"):  # the demo database may be older than the code
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)
    ANSWERS.write(json.dumps({"ready": settings.CACHES["default"]["BACKEND"]}) + "\n")
    ANSWERS.flush()
    main()
