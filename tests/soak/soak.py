"""make soak: load, faults and two instances of the production stack, on 127.0.0.1 only.

Everything it runs is its own and thrown away at the end: a PostgreSQL cluster made with initdb
in a temporary folder (port 55432, never the shared server), a redis-server (56379), moto's S3
server for media (8290), an SMTP sink (8260), and the site under deploy/supervisord.conf
(gunicorn + task worker + sweep loop) on 8251, plus a second instance on 8252 for phase 3.

1. load: 60 s at 8 concurrent users (wrk, tests/soak/pages.lua) as the demo's logged-in cadres
   over the catalog, courses, lessons, "my courses", enrolment requests and certificate checks;
   prints soak_rps_NAME, soak_p95_ms_NAME and soak_errors (non-2xx/3xx, socket errors, timeouts).
2. faults: PostgreSQL stopped 10 s under load (503 in Vietnamese, not 500; recover_seconds);
   the worker killed in the middle of a certificate batch and of an import (requeued, finished
   once); mail down (nothing committed fails, the outbox sends later); Redis down (pages, logins,
   rate limits fail open with a logged warning).
3. two instances sharing PostgreSQL, Redis and S3: a login carries over, rate limits are shared,
   a publish is seen by both, media written by one is read by the other, two workers run every
   task once; prints two_instances: ok.

Exit status 0 only when every goal is met. `--load-seconds` shortens phase 1 for a quick look.
"""

import argparse
import email
import json
import os
import re
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from email.header import decode_header, make_header
from pathlib import Path

import boto3
import psycopg
import requests

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BIN = ROOT / ".venv" / "bin"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
HOST = "127.0.0.1"
PG_PORT, REDIS_PORT, MOTO_PORT, SMTP_PORT = 55432, 56379, 8290, 8260
WEB_A, WEB_B = 8251, 8252
PASSWORD = "Demo@2026"
DATABASE = "soak_site"
PRIVATE_BUCKET, PUBLIC_BUCKET = "soak-private", "soak-public"
STALE_SECONDS = 8  # JOB_STALE_AFTER_SECONDS: how soon a killed worker's job counts as dead
P95_GOAL_MS, RECOVER_GOAL_S = 250, 10
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)

STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"[soak {time.monotonic() - STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


def result(name: str, value) -> None:
    print(f"{name}: {value}", flush=True)


def wait_for(check, *, timeout: float, every: float = 0.2, what: str = ""):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout:.0f} s for {what}")
        time.sleep(every)


def port_open(port: int) -> bool:
    with socket.socket() as s:
        s.settimeout(0.3)
        return s.connect_ex((HOST, port)) == 0


# --- Services of our own -------------------------------------------------------------------


class Postgres:
    """A throw-away cluster: initdb in the soak's folder, its own port and socket folder."""

    def __init__(self, root: Path):
        self.data, self.sock, self.log = root / "pg", root / "pgsock", root / "pglog" / "pg.log"

    def _as_postgres(self, *args, check=True):
        return subprocess.run(
            ["runuser", "-u", "postgres", "--", *map(str, args)],
            check=check,
            capture_output=True,
            text=True,
        )

    def create(self):
        for folder in (self.data, self.sock, self.log.parent):
            folder.mkdir(parents=True)
            shutil.chown(folder, "postgres", "postgres")
        self._as_postgres(PG_BIN / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres")
        self.start()
        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {DATABASE}")

    def start(self):
        # A cluster of an earlier run may still be letting go of the port.
        wait_for(lambda: not port_open(PG_PORT), timeout=60, what=f"port {PG_PORT} to be free")
        options = (
            f"-p {PG_PORT} -k {self.sock} -c listen_addresses={HOST} -c max_connections=100 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._as_postgres(
            PG_BIN / "pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "start"
        )

    def stop(self, check=True):
        self._as_postgres(
            PG_BIN / "pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=check
        )

    @staticmethod
    def url(database=DATABASE) -> str:
        return f"postgres://postgres@{HOST}:{PG_PORT}/{database}"


class Process:
    """A server we start and stop ourselves (Redis, moto)."""

    def __init__(self, name: str, args: list, port: int, log: Path, env=None):
        self.name, self.args, self.port, self.log, self.env = name, args, port, log, env
        self.proc = None

    def start(self):
        wait_for(lambda: not port_open(self.port), timeout=60, what=f"port {self.port} free")
        with open(self.log, "a") as out:
            self.proc = subprocess.Popen(
                self.args, stdout=out, stderr=subprocess.STDOUT, env=self.env, cwd=ROOT
            )
        wait_for(lambda: port_open(self.port), timeout=30, what=self.name)

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None


class SmtpSink:
    """A mail server that keeps what it is sent; stopping it closes the port (mail is down)."""

    def __init__(self, port: int):
        self.port, self.messages, self.server = port, [], None

    def start(self):
        sink = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self):
                self.wfile.write(b"220 soak ESMTP\r\n")
                data, lines = False, []
                for line in self.rfile:
                    if data:
                        if line.rstrip(b"\r\n") == b".":
                            sink.messages.append(email.message_from_bytes(b"".join(lines)))
                            data, lines = False, []
                            self.wfile.write(b"250 OK\r\n")
                        else:
                            lines.append(line[1:] if line.startswith(b"..") else line)
                        continue
                    verb = line[:4].upper()
                    if verb == b"EHLO":
                        self.wfile.write(b"250-soak\r\n250 8BITMIME\r\n")
                    elif verb == b"DATA":
                        data = True
                        self.wfile.write(b"354 end with .\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"250 OK\r\n")

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server((HOST, self.port), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def subjects(self) -> list[str]:
        return [str(make_header(decode_header(m.get("Subject", "")))) for m in self.messages]


class Instance:
    """One machine's worth of the site: deploy/supervisord.conf with its own port and run folder."""

    def __init__(self, name: str, port: int, env: dict, root: Path):
        self.name, self.port = name, port
        self.run_dir = root / f"run-{name}"
        self.run_dir.mkdir()
        self.log = root / f"supervisord-{name}.log"
        self.env = {**env, "PORT": str(port), "RUN_DIR": str(self.run_dir)}
        self.proc = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self):
        if port_open(self.port):
            raise RuntimeError(f"port {self.port} is taken already")
        with open(self.log, "a") as out:
            self.proc = subprocess.Popen(
                [BIN / "supervisord", "-c", ROOT / "deploy" / "supervisord.conf"],
                stdout=out,
                stderr=subprocess.STDOUT,
                env=self.env,
                cwd=ROOT,
                start_new_session=True,
            )
        wait_for(self.healthy, timeout=90, every=0.5, what=f"instance {self.name}")

    def healthy(self) -> bool:
        try:
            return requests.get(self.base + "/healthz", timeout=3).status_code == 200
        except requests.RequestException:
            return False

    def ctl(self, *args) -> str:
        done = subprocess.run(
            [BIN / "supervisorctl", "-c", ROOT / "deploy" / "supervisord.conf", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        return done.stdout.strip()

    def pid(self, program: str) -> int:
        out = self.ctl("pid", program)
        return int(out) if out.isdigit() else 0

    def log_text(self) -> str:
        return self.log.read_text(errors="replace")

    def stop(self):
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()  # supervisord stops its programs, then itself
            try:
                self.proc.wait(timeout=150)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.proc = None


# --- The site from outside -----------------------------------------------------------------


def client_address(username: str) -> str:
    """Each cadre comes from an address of their own, as the proxy in front reports it
    (X-Forwarded-For, TRUSTED_PROXY_COUNT=1): per-address limits count them apart."""
    n = sum(ord(c) * 31**i for i, c in enumerate(username)) % 65000
    return f"10.{n // 250}.{n % 250}.{len(username) % 250 + 1}"


def log_in(base: str, username: str, password: str = PASSWORD, session=None, host=None):
    """Log in through allauth's form; the session (its cookies) and the answer's status.
    `host`: the Host header a load balancer passes on (allauth keys failed logins by it)."""
    if session is None:
        session = requests.Session()
        session.headers["X-Forwarded-For"] = client_address(username)
        if host:
            session.headers["Host"] = host
    session.get(base + "/accounts/login/", timeout=30)
    response = session.post(
        base + "/accounts/login/",
        data={
            "login": username,
            "password": password,
            "csrfmiddlewaretoken": session.cookies.get("csrftoken", ""),
        },
        headers={"Referer": base + "/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    return session, response.status_code


def cookie_line(session) -> str:
    cookies = "; ".join(f"{c.name}={c.value}" for c in session.cookies)
    token = session.cookies.get("csrftoken", "")
    return f"{cookies}\t{token}\t{session.headers.get('X-Forwarded-For', '')}"


class Soak:
    def __init__(self, args):
        self.args = args
        self.root = Path(tempfile.mkdtemp(prefix="soak-"))
        self.root.chmod(0o755)  # the postgres user reaches its folders inside
        self.pg = Postgres(self.root)
        self.redis = Process(
            "redis",
            [
                "redis-server",
                "--port",
                str(REDIS_PORT),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            REDIS_PORT,
            self.root / "redis.log",
        )
        self.moto = Process(
            "moto",
            [BIN / "moto_server", "-H", HOST, "-p", str(MOTO_PORT)],
            MOTO_PORT,
            self.root / "moto.log",
        )
        self.smtp = SmtpSink(SMTP_PORT)
        self.instances: list[Instance] = []
        self.failures: list[str] = []
        self.env = self._site_env()

    def _site_env(self) -> dict:
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "HOME", "TZ")}
        return {
            **keep,
            "DJANGO_SETTINGS_MODULE": "cadre_site.settings.production",
            "SECRET_KEY": os.urandom(32).hex(),
            "ALLOWED_HOSTS": f"{HOST},localhost",
            "SITE_URL": f"http://{HOST}:{WEB_A}",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "SECURE_HSTS_SECONDS": "0",
            "REQUIRE_STAFF_MFA": "false",
            "DATABASE_URL": Postgres.url(),
            "REDIS_URL": f"redis://{HOST}:{REDIS_PORT}/0",
            "EMAIL_HOST": HOST,
            "EMAIL_PORT": str(SMTP_PORT),
            "EMAIL_USE_TLS": "false",
            "EMAIL_TIMEOUT": "5",
            "MEDIA_ROOT": str(self.root / "media"),
            "PRIVATE_ROOT": str(self.root / "private"),
            "S3_BUCKET": PRIVATE_BUCKET,
            "S3_PUBLIC_BUCKET": PUBLIC_BUCKET,
            "S3_ENDPOINT_URL": f"http://{HOST}:{MOTO_PORT}",
            "S3_PUBLIC_URL": f"http://{HOST}:{MOTO_PORT}/{PUBLIC_BUCKET}",
            "S3_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": "soak",
            "AWS_SECRET_ACCESS_KEY": "soak",
            "JOB_STALE_AFTER_SECONDS": str(STALE_SECONDS),
            "WEB_CONCURRENCY": str(self.args.web_workers),
            "LOG_LEVEL": "WARNING",
            "TRUSTED_PROXY_COUNT": "1",
            # The access log says how long each answer took inside gunicorn (%(M)s, in ms).
            "GUNICORN_CMD_ARGS": "--access-logformat '%(h)s \"%(r)s\" %(s)s %(b)s %(M)sms'",
        }

    # -- helpers

    def manage(self, *args, timeout=900) -> str:
        done = subprocess.run(
            [BIN / "python", "manage.py", *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def ops(self, *args):
        done = subprocess.run(
            [BIN / "python", HERE / "site_ops.py", *map(str, args)],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=300,
        )
        if done.returncode:
            raise RuntimeError(f"site_ops {args[0]} failed:\n{done.stderr[-3000:]}")
        return json.loads(done.stdout.strip().splitlines()[-1])

    def sql(self, query: str, *params):
        with psycopg.connect(Postgres.url(), autocommit=True, connect_timeout=3) as conn:
            return conn.execute(query, params).fetchall()

    def check(self, ok: bool, what: str) -> bool:
        if not ok:
            self.failures.append(what)
            say(f"FAILED: {what}")
        return ok

    def s3(self):
        return boto3.client(
            "s3",
            endpoint_url=f"http://{HOST}:{MOTO_PORT}",
            region_name="us-east-1",
            aws_access_key_id="soak",
            aws_secret_access_key="soak",
        )

    # -- set-up

    def set_up(self):
        say(f"folder {self.root}; PostgreSQL cluster on {PG_PORT}")
        self.pg.create()
        self.redis.start()
        self.moto.start()
        s3 = self.s3()
        for bucket in (PRIVATE_BUCKET, PUBLIC_BUCKET):
            s3.create_bucket(Bucket=bucket)
            # Backups of media rely on the bucket's versioning (README "Production and scale").
            s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        # What the operator does for the renditions: anyone may read the public prefix, only.
        s3.put_bucket_policy(
            Bucket=PUBLIC_BUCKET,
            Policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {
                            "Effect": "Allow",
                            "Principal": "*",
                            "Action": "s3:GetObject",
                            "Resource": f"arn:aws:s3:::{PUBLIC_BUCKET}/public/*",
                        }
                    ],
                }
            ),
        )
        self.smtp.start()
        say("compiletranslations, migrate, seed_demo (media to moto's S3), collectstatic")
        self.manage("compiletranslations")
        self.manage("migrate", "--no-input", "-v0")
        self.manage("seed_demo")
        self.manage("collectstatic", "--no-input", "-v0")
        # The demo gives a password to one cadre (CB000001); the soak logs in as all of them.
        self.ops("cadre-passwords", PASSWORD)
        self.facts = self.ops("facts")
        say(
            f"{len(self.facts['cadres'])} cadres, {len(self.facts['courses'])} courses, "
            f"{len(self.facts['lessons'])} lessons, {len(self.facts['open_classes'])} open classes"
        )
        instance = Instance("a", WEB_A, self.env, self.root)
        instance.start()
        self.instances.append(instance)

    def tear_down(self):
        for instance in self.instances:
            instance.stop()
        self.redis.stop()
        self.moto.stop()
        self.smtp.stop()
        self.pg.stop(check=False)
        if self.args.keep:
            say(f"kept {self.root}")
        else:
            shutil.rmtree(self.root, ignore_errors=True)

    # -- phase 1: load

    def log_in_cadres(self, base: str) -> list[requests.Session]:
        def one(username):
            session, status = log_in(base, username)
            return session if status == 302 and "sessionid" in session.cookies else None

        with ThreadPoolExecutor(4) as pool:
            sessions = [s for s in pool.map(one, self.facts["cadres"]) if s is not None]
        return sessions

    def load(self):
        a = self.instances[0]
        sessions = self.sessions = self.log_in_cadres(a.base)
        say(f"phase 1: {len(sessions)} cadres logged in")
        self.check(len(sessions) >= 50, f"at least 50 cadres logged in (got {len(sessions)})")
        cookies = self.root / "cookies.txt"
        cookies.write_text("\n".join(cookie_line(s) for s in sessions) + "\n")
        facts = self.facts
        pages = {
            # name: (paths, method, connections): 8 connections in all, 8 users at once
            "catalog": (facts["catalog"], "GET", 1),
            "course": (facts["courses"], "GET", 2),
            "lesson": (facts["lessons"], "GET", 2),
            "my_courses": (["/learn/my-courses/"], "GET", 1),
            "enrol": ([f"/learn/classes/{pk}/enrol/" for pk in facts["open_classes"]], "POST", 1),
            "verify": ([f"/verify/{code}/" for code in facts["certificate_codes"]], "GET", 1),
        }
        for name, (paths, _method, _connections) in pages.items():
            if not paths:
                self.check(False, f"no paths for page {name}")
            (self.root / f"paths-{name}.txt").write_text("\n".join(paths) + "\n")
        pages = {name: page for name, page in pages.items() if page[0]}
        # Every gunicorn worker loads its code and connections on its first requests: not
        # what a site that has been up for a while shows, so 10 s of the same load go first.
        warm = self.wrk(a, pages, cookies, self.args.warm_up_seconds)
        say(
            "warm-up: "
            + ", ".join(
                f"{n} {v['requests']} requests, {v['status'] + v['timeout'] + v['connect']} errors"
                for n, v in warm.items()
            )
        )
        errors = 0
        log_start = len(a.log_text())
        measured = self.wrk(a, pages, cookies, self.args.load_seconds)
        inside = self.server_times(a.log_text()[log_start:], pages)
        for name, stats in measured.items():
            rps = stats["requests"] / (stats["duration_us"] / 1e6)
            p95 = stats["p95_us"] / 1000
            page_errors = sum(stats[k] for k in ("connect", "read", "write", "status", "timeout"))
            errors += page_errors
            result(f"soak_rps_{name}", f"{rps:.1f}")
            result(f"soak_p95_ms_{name}", f"{p95:.0f}")
            if inside.get(name):
                result(f"soak_server_p95_ms_{name}", inside[name])
            self.check(p95 < P95_GOAL_MS, f"p95 of {name} under {P95_GOAL_MS} ms ({p95:.0f})")
            if page_errors:
                say(f"{name}: {page_errors} errors {stats}")
        result("soak_errors", errors)
        self.check(errors == 0, f"no errors under load ({errors})")

    @staticmethod
    def server_times(log: str, pages: dict) -> dict:
        """p95 of the time spent inside gunicorn per page (the access log's %(M)s): what is
        left of the client's p95 is waiting for a free worker and for the CPU."""
        page_of = {path: name for name, (paths, _m, _c) in pages.items() for path in paths}
        times: dict[str, list[int]] = {}
        for match in re.finditer(r'"(?:GET|POST) (\S+) HTTP/[\d.]+" \d+ \S+ (\d+)ms', log):
            name = page_of.get(match.group(1))
            if name:
                times.setdefault(name, []).append(int(match.group(2)))
        return {
            name: sorted(values)[int(len(values) * 0.95)]
            for name, values in times.items()
            if values
        }

    def wrk(self, instance, pages, cookies, seconds) -> dict:
        """One wrk a page, all at once (their connections add up to the users at once)."""
        if seconds <= 0:
            return {}
        runs = {
            name: subprocess.Popen(
                [
                    "wrk",
                    "-t1",
                    f"-c{connections}",
                    f"-d{seconds}s",
                    "--timeout",
                    "10s",
                    "-s",
                    HERE / "pages.lua",
                    instance.base,
                    "--",
                    cookies,
                    self.root / f"paths-{name}.txt",
                    method,
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
            )
            for name, (_paths, method, connections) in pages.items()
        }
        stats = {}
        for name, proc in runs.items():
            out, _ = proc.communicate(timeout=seconds + 60)
            match = re.search(r"SOAK_RESULT (.*)", out)
            if not self.check(bool(match), f"wrk for {name} printed a result: {out[-300:]}"):
                continue
            stats[name] = {k: int(v) for k, v in (p.split("=") for p in match.group(1).split())}
        return stats

    # -- phase 2: faults

    def probe_while(self, base: str, sessions, action):
        """Run `action` while threads load the site and record every answer: (t, path, status,
        seconds, body is Vietnamese)."""
        records, stop = [], threading.Event()
        paths = [self.facts["lessons"][0], "/learn/my-courses/", self.facts["catalog"][0]]

        def probe(session, offset):
            n = offset
            while not stop.is_set():
                path = paths[n % len(paths)]
                n += 1
                started = time.monotonic()
                try:
                    response = session.get(base + path, timeout=40, allow_redirects=False)
                    records.append(
                        (
                            started,
                            path,
                            response.status_code,
                            time.monotonic() - started,
                            bool(VIETNAMESE.search(response.text)),
                        )
                    )
                except requests.RequestException as error:
                    records.append((started, path, type(error).__name__, 0.0, False))
                time.sleep(0.05)

        threads = [
            threading.Thread(target=probe, args=(s, i), daemon=True) for i, s in enumerate(sessions)
        ]
        for t in threads:
            t.start()
        try:
            value = action(records)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=45)
        return value, records

    def database_outage(self):
        a = self.instances[0]
        sessions = self.sessions[:4]
        web_pid = a.pid("web")
        marks = {}

        def outage(records):
            time.sleep(2)
            marks["stop"] = time.monotonic()
            self.pg.stop()
            say("phase 2: PostgreSQL stopped")
            time.sleep(10)
            self.pg.start()
            marks["start"] = time.monotonic()
            say("phase 2: PostgreSQL started again")
            lesson = self.facts["lessons"][0]

            def recovered():
                return next(
                    (
                        r[0] + r[3]
                        for r in list(records)
                        if r[0] >= marks["start"] and r[1] == lesson and r[2] == 200
                    ),
                    None,
                )

            marks["first_200"] = wait_for(recovered, timeout=60, every=0.05, what="recovery")
            time.sleep(1)

        _, records = self.probe_while(a.base, sessions, outage)
        during = [r for r in records if marks["stop"] <= r[0] <= marks["start"]]
        statuses = {}
        for r in during:
            statuses[r[2]] = statuses.get(r[2], 0) + 1
        recover = marks["first_200"] - marks["start"]
        result("recover_seconds", f"{recover:.2f}")
        slowest = max((r[3] for r in records), default=0)
        not_vietnamese = [r for r in during if r[2] == 503 and not r[4]]
        say(f"answers during the outage: {statuses}; slowest answer {slowest:.2f} s")
        self.check(recover < RECOVER_GOAL_S, f"recover_seconds under {RECOVER_GOAL_S}")
        self.check(statuses.get(500, 0) == 0, f"no 500 while the database is down ({statuses})")
        self.check(statuses.get(503, 0) > 0, f"pages needing the database answer 503 ({statuses})")
        self.check(not not_vietnamese, f"every 503 page is in Vietnamese ({len(not_vietnamese)})")
        self.check(slowest < 30, f"no request hangs past gunicorn's timeout ({slowest:.1f} s)")
        self.check("WORKER TIMEOUT" not in a.log_text(), "no gunicorn worker timed out")
        self.check(a.pid("web") == web_pid, "gunicorn was not restarted")
        result(
            "fault_database",
            f"503: {statuses.get(503, 0)}, 500: {statuses.get(500, 0)}, other: "
            f"{sum(v for k, v in statuses.items() if k not in (500, 503))}, "
            f"slowest {slowest:.2f} s, gunicorn pid kept: {a.pid('web') == web_pid}",
        )

    def worker_pid(self, instance: Instance) -> int:
        """The worker's pid straight from /proc (supervisorctl is too slow to catch a job)."""
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
                environ = (entry / "environ").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"run_worker" in cmdline and f"RUN_DIR={instance.run_dir}".encode() in environ:
                return int(entry.name)
        return 0

    def job_status(self, job_id: int):
        rows = self.sql(
            "SELECT status, rows_done, rows_total, attempts FROM cadres_job WHERE id = %s", job_id
        )
        return rows[0] if rows else None

    def kill_mid_job(self, what: str, start_job, *, final=("done",)):
        """Stop the worker, queue the job, start the worker, SIGKILL it while the job runs;
        the supervisor starts it again and the sweep requeues the job, which finishes once."""
        a = self.instances[0]
        a.ctl("stop", "worker")
        job_id = start_job()
        runs_before = self.job_status(job_id)[3]  # an import's write follows its check's runs
        starter = subprocess.Popen(
            [BIN / "supervisorctl", "-c", ROOT / "deploy" / "supervisord.conf", "start", "worker"],
            env=a.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
        pid = wait_for(lambda: self.worker_pid(a), timeout=30, every=0.01, what="worker")
        state = wait_for(
            lambda: (s := self.job_status(job_id)) and s[0] != "queued" and s,
            timeout=60,
            every=0.01,
            what=f"{what} to start",
        )
        os.kill(pid, signal.SIGKILL)
        killed_at = self.job_status(job_id)
        starter.wait(timeout=30)
        say(f"{what}: worker {pid} killed at {killed_at}")
        mid = killed_at[0] == "running"
        new_pid = wait_for(
            lambda: (p := self.worker_pid(a)) and p != pid and p, timeout=60, what="restart"
        )
        time.sleep(STALE_SECONDS + 1)  # the heartbeat goes stale; the sweep runs every minute:
        self.manage("sweep_queue")  # run it now rather than wait for the loop's next turn
        end = wait_for(
            lambda: (s := self.job_status(job_id)) and s[0] in (*final, "failed") and s,
            timeout=180,
            every=0.2,
            what=f"{what} to finish",
        )
        runs = end[3] - runs_before
        ok = mid and end[0] in final and runs == 2
        self.check(mid, f"{what}: the worker was killed while the job ran ({killed_at})")
        self.check(end[0] in final, f"{what}: finished after the restart ({end})")
        self.check(runs == 2, f"{what}: run exactly twice, the killed run and one more ({end})")
        result(
            f"fault_worker_{what}",
            f"{'ok' if ok else 'FAILED'} (killed while {killed_at[0]} at "
            f"{killed_at[1]}/{killed_at[2]} rows, worker {pid} -> {new_pid}, ended {end[0]} "
            f"after {runs} runs)",
        )
        return job_id, state

    def worker_kills(self):
        offering = self.facts["batch_offering"]
        batch, _ = self.kill_mid_job(
            "batch", lambda: self.ops("batch-start", offering)["job"], final=("done",)
        )
        rows = self.sql("SELECT result_file FROM cadres_job WHERE id = %s", batch)
        self.check(bool(rows and rows[0][0]), "the batch's PDF was stored once")
        count = self.args.import_rows
        job, _ = self.kill_mid_job(
            "import_check",
            lambda: self.ops(
                "import-start", count, self.facts["agency_code"], self.root / "import.csv"
            )["job"],
            final=("waiting",),
        )

        def confirm():  # the write is queued once the worker is stopped, as the others are
            confirmed = self.ops("import-confirm", job)
            self.check(confirmed["confirmed"], f"the import was confirmed ({confirmed})")
            return job

        self.kill_mid_job("import_write", confirm, final=("done",))
        imported = self.ops("imported-cadres")["count"]
        self.check(imported == count, f"the import wrote its {count} cadres once ({imported})")
        result("fault_worker_import_rows", f"{imported} of {count}")

    def mail_down(self):
        """Mail stopped: password resets (mail through the outbox) answer as usual."""
        a = self.instances[0]
        before = self.ops("emails")["last_pk"]
        self.smtp.stop()
        users = self.sql(
            "SELECT email FROM cadres_user WHERE email <> '' AND is_active ORDER BY id LIMIT 2"
        )
        statuses = []
        for (address,) in users:
            session = requests.Session()
            session.get(a.base + "/accounts/password/reset/", timeout=30)
            response = session.post(
                a.base + "/accounts/password/reset/",
                data={"email": address, "csrfmiddlewaretoken": session.cookies.get("csrftoken")},
                allow_redirects=False,
                timeout=30,
            )
            statuses.append(response.status_code)
        state = wait_for(
            lambda: (e := self.ops("emails", before))["by_status"].get("retrying") and e,
            timeout=60,
            every=1,
            what="the outbox to try and fail",
        )
        say(f"mail down: resets answered {statuses}, outbox {state['by_status']}")
        self.check(statuses and all(s == 302 for s in statuses), f"resets answer 302 ({statuses})")
        self.smtp.start()
        self.mail_mark = (before, time.monotonic(), len(users))

    def mail_back(self):
        before, stopped_at, count = self.mail_mark
        # The outbox retries a failed email after a minute (cadres.mail.RETRY_AFTER_MINUTES).
        time.sleep(max(0.0, 62 - (time.monotonic() - stopped_at)))
        self.manage("sweep_queue")
        state = wait_for(
            lambda: (e := self.ops("emails", before))["by_status"].get("sent", 0) >= count and e,
            timeout=90,
            every=1,
            what="the outbox to send",
        )
        ok = self.check(
            set(state["by_status"]) == {"sent"}, f"every email sent later ({state['by_status']})"
        )
        result("fault_mail", f"{'ok' if ok else 'FAILED'} ({state['by_status']})")

    def redis_down(self):
        a = self.instances[0]
        sessions = self.sessions[4:6]
        self.redis.stop()
        say("phase 2: Redis stopped")
        lesson = self.facts["lessons"][0]
        pages = [
            s.get(a.base + p, timeout=30, allow_redirects=False).status_code
            for s in sessions
            for p in (lesson, "/learn/my-courses/", self.facts["catalog"][0])
        ]
        fresh, login_status = log_in(a.base, self.facts["cadres"][-1])
        after_login = fresh.get(a.base + "/learn/my-courses/", timeout=30, allow_redirects=False)
        victim = self.facts["cadres"][-2]
        failed = [log_in(a.base, victim, "sai-mat-khau")[1] for _ in range(7)]
        _, good = log_in(a.base, victim)
        warned = "Redis cache unavailable" in a.log_text()
        self.redis.start()
        back = sessions[0].get(a.base + lesson, timeout=30).status_code
        ok = all(
            [
                self.check(set(pages) == {200}, f"pages answer 200 without Redis ({pages})"),
                self.check(
                    login_status == 302 and after_login.status_code == 200,
                    f"a login works without Redis ({login_status}, {after_login.status_code})",
                ),
                self.check(
                    429 not in failed and good == 302,
                    f"rate limits fail open without Redis ({failed}, then {good})",
                ),
                self.check(warned, "a warning is logged while Redis is down"),
                self.check(back == 200, "pages answer once Redis is back"),
            ]
        )
        result(
            "fault_redis",
            f"{'ok' if ok else 'FAILED'} (pages {sorted(set(pages))}, login {login_status}, "
            f"7 failed logins then {good}: rate limits fail open, warning logged: {warned})",
        )

    # -- phase 3: two instances

    def two_instances(self):
        a = self.instances[0]
        b = Instance("b", WEB_B, self.env, self.root)
        b.start()
        self.instances.append(b)
        failures_before = len(self.failures)
        # A login through one carries over to the other.
        session, status = log_in(a.base, self.facts["cadres"][0])
        on_b = session.get(b.base + "/learn/my-courses/", timeout=30, allow_redirects=False)
        self.check(status == 302 and on_b.status_code == 200, "a login on A is valid on B")
        # Rate limits shared: 5 failed logins per login in 5 minutes, counted across both (then
        # even the right password is refused), and 20 unknown certificate codes per address.
        # Both answer for one public address, as behind a load balancer: allauth keys failed
        # logins by the Host header with the login name.
        public = f"{HOST}:{WEB_A}"
        victim = self.facts["cadres"][-3]
        failed = [log_in(x.base, victim, "sai-mat-khau", host=public)[1] for x in (a, b, a, b, a)]
        _, right = log_in(b.base, victim, host=public)
        self.check(right != 302, f"5 failed logins on A and B lock the login on B ({right})")
        prober = requests.Session()
        prober.headers["X-Forwarded-For"] = "10.250.0.1"
        unknown = [
            prober.get(f"{x.base}/verify/KHONG-CO-{n:04d}/", timeout=30).status_code
            for n, x in enumerate([a, b] * 11)
        ]
        self.check(
            unknown[:20] == [404] * 20 and unknown[-1] == 429,
            f"unknown certificate codes on A and B count together ({unknown})",
        )
        result(
            "two_instances_rate_limits",
            f"failed logins {failed} then the right password on B: {right}; "
            f"unknown codes 1-20: 404, 21st-22nd: {unknown[20:]}",
        )
        # A publish seen by both.
        course = self.facts["courses"][0]
        for x in (a, b):  # both have the page in their cache first
            requests.get(x.base + course, timeout=30)
        marker = f"soak-{int(time.time())}"
        self.ops("publish", course, marker)
        for x in (a, b):
            seen = wait_for(
                lambda x=x: marker in requests.get(x.base + course, timeout=30).text,
                timeout=10,
                every=0.5,
                what=f"the publish on {x.name}",
            )
            self.check(bool(seen), f"the publish is seen on {x.name}")
        self.media(a, b)
        # Two workers, every task once: emails (counted at the SMTP sink) and batches.
        tag = f"soak-two-{int(time.time())}"
        queued = self.ops("emails-queue", 30, tag)["emails"]
        batches = self.ops("batches", 6, self.facts["batch_offering"])["jobs"]
        wait_for(
            lambda: sum(1 for s in self.smtp.subjects() if s.startswith(tag)) >= len(queued),
            timeout=120,
            every=0.5,
            what="the emails of two workers",
        )
        wait_for(
            lambda: all(v["status"] == "done" for v in self.ops("jobs-state", *batches).values()),
            timeout=180,
            every=1,
            what="the batches of two workers",
        )
        time.sleep(2)
        subjects = [s for s in self.smtp.subjects() if s.startswith(tag)]
        runs = [v["attempts"] for v in self.ops("jobs-state", *batches).values()]
        self.check(
            len(subjects) == len(set(subjects)) == len(queued),
            f"{len(queued)} emails sent once each ({len(subjects)} received)",
        )
        self.check(set(runs) == {1}, f"every batch ran once ({runs})")
        ok = len(self.failures) == failures_before
        result("two_instances", "ok" if ok else "FAILED")

    def media(self, a: Instance, b: Instance):
        """Evidence uploaded through A lands in the private bucket and reads back through B."""
        content = b"%PDF-1.4\n% soak evidence " + os.urandom(8).hex().encode() + b"\n%%EOF\n"
        cadre = self.facts["cadre_ids"][0]
        officer, status = log_in(a.base, "tochuc")
        form = f"/office/training/cadres/{cadre}/external/new/"
        page = officer.get(a.base + form, timeout=30)
        if not self.check(page.status_code == 200, f"tochuc opens {form} ({page.status_code})"):
            return
        response = officer.post(
            a.base + form,
            data={
                "csrfmiddlewaretoken": officer.cookies.get("csrftoken"),
                "title": "Bồi dưỡng kỹ năng dân vận",
                "institution": "Trường Chính trị tỉnh",
                "content_kind": "political_theory",
                "hours": "8",
                "start_date": "02/02/2026",
                "end_date": "03/02/2026",
            },
            files={"evidence": ("giay-chung-nhan.pdf", content, "application/pdf")},
            allow_redirects=False,
            timeout=60,
        )
        self.check(response.status_code == 302, f"evidence uploaded ({response.status_code})")
        record = self.ops("evidence-record", cadre)
        url = f"/learn/external/{record['pk']}/evidence/"
        read_back = officer.get(b.base + url, timeout=30)
        key = f"private/{record['name']}"
        s3 = self.s3()
        stored = s3.get_object(Bucket=PRIVATE_BUCKET, Key=key)["Body"].read()
        versioned = s3.get_bucket_versioning(Bucket=PRIVATE_BUCKET).get("Status")
        anonymous = requests.get(f"http://{HOST}:{MOTO_PORT}/{PRIVATE_BUCKET}/{key}", timeout=10)
        renditions = re.findall(
            rf"http://{HOST}:{MOTO_PORT}/{PUBLIC_BUCKET}/[^\"' ]+",
            requests.get(a.base + "/", timeout=30).text,
        )
        rendition = requests.get(renditions[0], timeout=10).status_code if renditions else None
        ok = all(
            [
                self.check(read_back.content == content, "evidence read back through B"),
                self.check(stored == content, f"evidence stored in s3://{PRIVATE_BUCKET}/{key}"),
                self.check(versioned == "Enabled", "the media buckets are versioned"),
                self.check(anonymous.status_code == 403, "private objects need the keys"),
                self.check(
                    rendition == 200, f"pages' images load from the public bucket ({rendition})"
                ),
            ]
        )
        result(
            "s3_media",
            f"{'ok' if ok else 'FAILED'} (evidence written through :{a.port}, read through "
            f":{b.port}, object {key}; private object without keys: {anonymous.status_code}; "
            f"home page images from the public bucket: {len(renditions)}, first: {rendition})",
        )

    def run(self) -> int:
        try:
            self.set_up()
            if self.args.hold:
                say(f"holding the stack on :{WEB_A} for {self.args.hold} s (--hold)")
                time.sleep(self.args.hold)
            say("phase 1: load")
            self.load()
            say("phase 2: faults")
            self.mail_down()
            self.database_outage()
            self.worker_kills()
            self.redis_down()
            self.mail_back()
            say("phase 3: two instances")
            self.two_instances()
        except Exception as error:  # a phase that could not finish is a failure, reported
            self.failures.append(f"{type(error).__name__}: {error}")
            say(f"stopped: {type(error).__name__}: {error}")
        finally:
            self.tear_down()
        result("soak_seconds", f"{time.monotonic() - STARTED:.0f}")
        if self.failures:
            print("soak FAILED:\n  " + "\n  ".join(self.failures), flush=True)
            return 1
        print("soak: every goal met", flush=True)
        return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load-seconds", type=int, default=60)
    parser.add_argument("--warm-up-seconds", type=int, default=10)
    parser.add_argument("--web-workers", type=int, default=4, help="gunicorn workers per instance")
    parser.add_argument("--import-rows", type=int, default=1500)
    parser.add_argument("--keep", action="store_true", help="keep the folder (logs) at the end")
    parser.add_argument("--hold", type=int, default=0, help="seconds to wait after the set-up")
    if os.geteuid() != 0:
        print("make soak runs as root (it makes a PostgreSQL cluster as the postgres user).")
        return 2
    for tool in ("wrk", "redis-server", str(PG_BIN / "initdb")):
        if not shutil.which(tool):
            print(f"make soak needs {tool} (apt-get install -y wrk redis-server postgresql)")
            return 2
    # A TERM (timeout, a scheduler) stops the soak like an error: everything it started is
    # stopped and its folder removed.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    return Soak(parser.parse_args()).run()


if __name__ == "__main__":
    sys.exit(main())
