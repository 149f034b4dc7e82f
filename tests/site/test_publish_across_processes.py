"""A publish is seen at once across processes with REDIS_URL (issue 20).

Two server processes (tests/site/cross_process_worker.py) run the production cache,
cadre_site.cache.ResilientRedisCache on the Redis at 127.0.0.1:6379 (under a key prefix of their
own), over one SQLite file: a copy of the demo database (var/db.sqlite3). pytest-django's test
database lives in this process only, so both servers are subprocesses and this test only drives
them. One process stores a course page for anonymous visitors, the other publishes a new title,
and the first must show it on its very next request (the stored copy is tagged with the content
version, which a publish bumps in the database and deletes from Redis); then the other way round.
"""

import json
import select
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO_DB = ROOT / "var" / "db.sqlite3"
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
ANSWER_SECONDS = 30
# A stored course page is served with one query: the seats left in its classes (its vary).
FROM_CACHE_QUERIES = 1


def _redis_answers() -> bool:
    try:
        import redis

        return bool(redis.Redis(host=REDIS_HOST, port=REDIS_PORT, socket_timeout=0.5).ping())
    except Exception:
        return False


pytestmark = [
    pytest.mark.skipif(
        not _redis_answers(),
        reason=f"needs Redis answering on {REDIS_HOST}:{REDIS_PORT} (what REDIS_URL names in "
        "production): the cross-process publish goes through it",
    ),
    pytest.mark.skipif(
        not DEMO_DB.exists(),
        reason=f"needs the demo database {DEMO_DB} (`make run` seeds it): both server "
        "processes open a copy of it",
    ),
]


class Server:
    """A server process: anonymous GETs through the whole stack, publishes the admin's way."""

    def __init__(self, database: Path, prefix: str, *, migrate: bool = False):
        env = {
            **_clean_environment(),
            "DJANGO_SETTINGS_MODULE": "cadre_site.settings.test",
            "DATABASE_URL": f"sqlite:///{database}",
            "REDIS_URL": f"redis://{REDIS_HOST}:{REDIS_PORT}/0",
            "CACHE_KEY_PREFIX": prefix,
            "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}",
            **({"MIGRATE_FIRST": "1"} if migrate else {}),
        }
        self.process = subprocess.Popen(
            [sys.executable, str(Path(__file__).with_name("cross_process_worker.py"))],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env,
            text=True,
        )
        ready = self._answer()
        assert ready["ready"] == "cadre_site.cache.ResilientRedisCache", ready

    def _answer(self) -> dict:
        readable, _w, _x = select.select([self.process.stdout], [], [], ANSWER_SECONDS)
        line = self.process.stdout.readline() if readable else ""
        if not line:
            self.process.kill()
            raise AssertionError(
                f"the server process did not answer:\n{self.process.stderr.read()}"
            )
        return json.loads(line)

    def ask(self, **command) -> dict:
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        return self._answer()

    def get(self, path: str) -> dict:
        answer = self.ask(op="get", path=path)
        assert answer["status"] == 200, (path, answer["status"])
        return answer

    def publish(self, page_id: int, title: str) -> None:
        assert self.ask(op="publish", page=page_id, title=title) == {"published": page_id}

    def stop(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.process.stdout.close()
        self.process.stderr.close()


def _clean_environment() -> dict:
    import os

    # The servers' settings come from the variables set here, not from this shell's.
    return {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}


@pytest.fixture
def database(tmp_path):
    """A copy of the demo database (its write-ahead log included, through SQLite's backup)."""
    copy = tmp_path / "db.sqlite3"
    source = sqlite3.connect(f"file:{DEMO_DB}?mode=ro", uri=True)
    target = sqlite3.connect(copy)
    with target:
        source.backup(target)
    source.close()
    target.close()
    return copy


@pytest.fixture
def servers(database):
    import redis

    prefix = f"test-publish-{uuid.uuid4().hex}"
    started = []
    try:
        started.append(Server(database, prefix, migrate=True))  # before the other starts
        started.append(Server(database, prefix))
        yield started
    finally:
        for server in started:
            server.stop()
        client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT)
        for key in client.scan_iter(f"{prefix}:*"):
            client.delete(key)
        shutil.rmtree(database.parent, ignore_errors=True)


def _course(database: Path) -> tuple[int, str, str]:
    """A live course page of the demo: its id, title and address (below the site's root)."""
    with sqlite3.connect(database) as db:
        page_id, title, url_path = db.execute(
            "SELECT p.id, p.title, p.url_path FROM wagtailcore_page p"
            " JOIN curriculum_coursepage c ON c.page_ptr_id = p.id"
            " WHERE p.live ORDER BY p.id LIMIT 1"
        ).fetchone()
        (root_path,) = db.execute(
            "SELECT p.url_path FROM wagtailcore_site s JOIN wagtailcore_page p"
            " ON p.id = s.root_page_id WHERE s.is_default_site"
        ).fetchone()
    return page_id, title, "/" + url_path.removeprefix(root_path)


def test_a_publish_in_one_process_shows_at_once_in_the_other(servers, database):
    first, second = servers
    page_id, title, path = _course(database)

    # The first process renders the page once and then serves it from Redis.
    rendered = first.get(path)
    assert title in rendered["body"]
    again = first.get(path)
    assert title in again["body"]
    assert again["queries"] <= FROM_CACHE_QUERIES < rendered["queries"], "not from the cache"

    # The second process publishes a new title; the first shows it on its next request.
    second.publish(page_id, "Tiêu đề mới từ tiến trình thứ hai")
    shown = first.get(path)["body"]
    assert "Tiêu đề mới từ tiến trình thứ hai" in shown
    assert title not in shown

    # The other way round: the second process now serves the first one's copy from Redis...
    served = second.get(path)
    assert "Tiêu đề mới từ tiến trình thứ hai" in served["body"]
    assert served["queries"] <= FROM_CACHE_QUERIES, "not from the cache"
    # ...and shows a publish made by the first on its next request.
    first.publish(page_id, "Tiêu đề mới từ tiến trình thứ nhất")
    assert "Tiêu đề mới từ tiến trình thứ nhất" in second.get(path)["body"]
