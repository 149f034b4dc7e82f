"""Production smoke test, then a backup restored into a new database (.ci/run calls it).

    .venv/bin/python tests/smoke/run_smoke.py [--skip-restore] [--keep]

What runs, all on 127.0.0.1 and all started here: the production settings on PostgreSQL (a
database of its own, created and dropped here), a redis-server of its own (cache, rate limits,
cached_db sessions), whitenoise, and supervisor with the repository's deploy/supervisord.conf
(gunicorn, the task worker, sweep_queue). Emails go to a folder through Django's file backend.
Every request is sent as the TLS proxy would send it (X-Forwarded-Proto: https).

Checks, each printed on a line of its own: home, static files, login, a lesson as a signed-in
cadre, an enrolment request, a certificate's public verification and its PDF, an officer's
login with two-factor, an export and an import through the worker, an email through the outbox.
Then `make backup`, `make restore FILE=...` into a new database and new media folders, and a
second gunicorn on the restored copy: the certificate issued before the backup still verifies
and its PDF prints.

Environment (defaults in brackets): SMOKE_PG [postgres://postgres@127.0.0.1:5432], SMOKE_DB
[cadre_smoke] (and SMOKE_DB + "_restored"), SMOKE_PORT [8210] (and SMOKE_PORT + 1 for the restored
copy), SMOKE_REDIS_PORT [8212], SMOKE_DEADLINE [420 seconds for everything]. Exit code 0 when
every check passed, 1 otherwise.
"""

import argparse
import contextlib
import csv
import io
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proxyclient import Client  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG = os.environ.get("SMOKE_PG", "postgres://postgres@127.0.0.1:5432").rstrip("/")
DB = os.environ.get("SMOKE_DB", "cadre_smoke")
DB_RESTORED = f"{DB}_restored"
PORT = int(os.environ.get("SMOKE_PORT", "8210"))
RESTORED_PORT = PORT + 1
REDIS_PORT = int(os.environ.get("SMOKE_REDIS_PORT", "8212"))
DEADLINE = float(os.environ.get("SMOKE_DEADLINE", "420"))
PASSWORD = "Demo@2026"  # seed_demo's password of every demo account
CADRE = "CB000001"
OFFICER = "tochuc"


class SmokeFailure(Exception):
    pass


class Report:
    def __init__(self):
        self.started = time.monotonic()
        self.passed = 0
        self.failed: list[str] = []

    @contextlib.contextmanager
    def check(self, name: str):
        started = time.monotonic()
        try:
            detail = {}
            yield detail
        except Exception as error:  # every failure is reported, then the run stops
            self.failed.append(name)
            print(f"FAIL {name}: {type(error).__name__}: {error}", flush=True)
            raise SmokeFailure(name) from error
        self.passed += 1
        extra = f" ({detail['note']})" if detail.get("note") else ""
        print(f"ok   {name}{extra} [{time.monotonic() - started:.1f} s]", flush=True)


def expect(condition, message: str):
    if not condition:
        raise AssertionError(message)


def wait_until(what: str, predicate, *, timeout: float, pause: float = 0.3):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(pause)
    raise TimeoutError(f"{what}: not within {timeout:.0f} s")


def run(command, *, env, what: str, timeout: float = 240) -> str:
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise SmokeFailure(f"{what} failed ({result.returncode}):\n{result.stderr[-3000:]}")
    return result.stdout


def admin_connection():
    return psycopg.connect(f"{PG}/postgres", autocommit=True)


def recreate_database(name: str) -> None:
    with admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    with admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(work: Path, *, database: str, port: int, redis_db: int, suffix: str = ""):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cadre_site.settings.production",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SITE_URL": f"https://127.0.0.1:{port}",
            "DATABASE_URL": f"{PG}/{database}",
            "REDIS_URL": f"redis://127.0.0.1:{REDIS_PORT}/{redis_db}",
            "MEDIA_ROOT": str(work / f"media{suffix}"),
            "PRIVATE_ROOT": str(work / f"private{suffix}"),
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(work / "mail"),
            "LOG_LEVEL": "WARNING",
            "PORT": str(port),
            "RUN_DIR": str(work / "run"),
            "WEB_CONCURRENCY": "2",
        }
    )
    return env


SECRET_KEY = secrets.token_urlsafe(60)


class Stack:
    """redis-server, the database and supervisord; everything started is stopped in close()."""

    def __init__(self, work: Path, keep: bool):
        self.work = work
        self.keep = keep
        self.processes: list[tuple[str, subprocess.Popen]] = []
        self.databases: list[str] = []

    def spawn(self, name: str, command, *, env=None, log: str) -> subprocess.Popen:
        # Appending: supervisord's programs reopen /dev/stdout, which must not write over it.
        out = open(self.work / log, "ab")  # noqa: SIM115 (closed with the process)
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes.append((name, process))
        return process

    def close(self) -> None:
        for name, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
                try:
                    process.wait(timeout=40)
                except subprocess.TimeoutExpired:
                    print(f"{name} did not stop in 40 s: killed", flush=True)
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
        if not self.keep:
            for name in self.databases:
                with contextlib.suppress(Exception):
                    drop_database(name)

    def tail(self, log: str, lines: int = 40) -> str:
        path = self.work / log
        if not path.exists():
            return ""
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def wait_for_http(url: str, *, timeout: float) -> None:
    client = Client(url, timeout=5)

    def answers():
        try:
            return client.get("/healthz").status_code == 200
        except OSError:
            return False

    wait_until(f"{url}/healthz answering 200", answers, timeout=timeout)


def django_setup(env: dict) -> None:
    """Read the smoke database in this process too (job states, emails, demo objects)."""
    os.environ.update(env)
    sys.path[:0] = [str(ROOT), str(ROOT / "site")]
    import django

    django.setup()


def totp_code(secret: str) -> str:
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


# --- The checks ------------------------------------------------------------------------------


def smoke(report: Report, stack: Stack, base_url: str) -> dict:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from cadres.imports.cadres import CADRE_COLUMNS
    from cadres.models import Cadre, EmailStatus, ExportJob, ImportJob, JobStatus, OutgoingEmail
    from curriculum.models import LessonPage
    from training.models import Certificate, Enrolment, EnrolmentStatus, Offering

    anonymous = Client(base_url)
    cadre = Client(base_url)
    officer = Client(base_url)
    me = Cadre.objects.select_related("agency").get(personnel_code=CADRE)

    with report.check("home page (Vietnamese, HSTS, no-sniff)") as detail:
        response = anonymous.get("/")
        expect(response.status_code == 200, f"status {response.status_code}")
        expect('lang="vi"' in response.text, "page not in Vietnamese")
        expect("Strict-Transport-Security" in response.headers, "no HSTS header")
        expect(response.headers.get("X-Content-Type-Options") == "nosniff", "no nosniff")
        detail["note"] = f"{response.elapsed_ms:.0f} ms"
        home = response.text

    with report.check("static file through whitenoise (hashed name, cached)") as detail:
        found = re.search(r'href="(/static/[^"]+\.css)"', home)
        expect(found, "no stylesheet on the home page")
        response = anonymous.get(found.group(1))
        expect(response.status_code == 200, f"{found.group(1)}: {response.status_code}")
        expect("max-age" in response.headers.get("Cache-Control", ""), "not cacheable")
        expect(len(response.content) > 1000, f"{len(response.content)} bytes")
        detail["note"] = found.group(1)

    with report.check("login page and a cadre's login"):
        expect(anonymous.get("/accounts/login/").status_code == 200, "login page")
        response = cadre.log_in(CADRE, PASSWORD)
        expect(response.status_code == 302, f"login answered {response.status_code}")
        expect("sessionid" in cadre.cookies, "no session cookie")

    with report.check("a lesson as the signed-in cadre") as detail:
        enrolment = (
            Enrolment.objects.filter(cadre=me, status=EnrolmentStatus.IN_PROGRESS)
            .select_related("offering__course")
            .first()
        )
        expect(enrolment, f"{CADRE} has no course in progress")
        lesson = LessonPage.objects.live().child_of(enrolment.offering.course).first()
        expect(lesson, "the course has no lesson")
        response = cadre.get(lesson.url)
        expect(response.status_code == 200, f"{lesson.url}: {response.status_code}")
        expect(lesson.title in response.text, "the lesson's title is not on its page")
        expect("no-store" in response.headers.get("Cache-Control", ""), "cacheable when signed in")
        detail["note"] = lesson.url

    with report.check("an enrolment request") as detail:
        today = timezone.localdate()
        offering = (
            Offering.objects.filter(
                cancelled=False, enrol_opens__lte=today, enrol_closes__gte=today
            )
            .exclude(enrolments__cadre=me)
            .order_by("-approval_required", "pk")
            .first()
        )
        expect(offering, "no class is open for enrolment")
        response = cadre.post(f"/learn/classes/{offering.pk}/enrol/")
        expect(response.status_code == 302, f"enrol answered {response.status_code}")
        requested = Enrolment.objects.filter(cadre=me, offering=offering).first()
        expect(requested, "no enrolment recorded")
        detail["note"] = f"{offering.code}: {requested.status}"

    certificate = Certificate.objects.filter(enrolment__cadre=me, revoked_at=None).first()
    with report.check("a certificate's public verification") as detail:
        expect(certificate, f"{CADRE} holds no certificate")
        response = anonymous.get(f"/verify/{certificate.verification_code}/")
        expect(response.status_code == 200, f"verify answered {response.status_code}")
        expect(certificate.holder_name in response.text, "the holder's name is missing")
        detail["note"] = certificate.number

    with report.check("the certificate's PDF, for its holder") as detail:
        response = cadre.get(f"/learn/certificates/{certificate.pk}/pdf/")
        expect(response.status_code == 200, f"PDF answered {response.status_code}")
        expect(response.content.startswith(b"%PDF"), "not a PDF")
        detail["note"] = f"{len(response.content) // 1024} KB"

    with report.check("an officer's login with two-factor (TOTP)"):
        user = get_user_model().objects.get(username=OFFICER)
        secret = generate_totp_secret()
        Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
        TOTP.activate(user, secret)
        response = officer.log_in(OFFICER, PASSWORD)
        expect(response.status_code == 302, f"password step answered {response.status_code}")
        expect("/2fa/authenticate" in response.headers["Location"], "no second step")
        page = officer.get(response.headers["Location"])
        response = officer.post(
            "/accounts/2fa/authenticate/",
            {"code": totp_code(secret), "csrfmiddlewaretoken": officer.token(page)},
        )
        expect(response.status_code == 302, f"code step answered {response.status_code}")
        expect(officer.get("/office/").status_code == 200, "the office is closed to them")

    with report.check("an export through the worker") as detail:
        officer.get("/office/cadres/")
        response = officer.post("/office/cadres/export.xlsx")
        expect(response.status_code == 302, f"export answered {response.status_code}")
        pk = int(re.search(r"/exports/(\d+)/", response.headers["Location"]).group(1))
        job = wait_until(
            "the export job done",
            lambda: (
                ExportJob.objects.filter(pk=pk, status=JobStatus.DONE).first()
                or _failed(ExportJob, pk)
            ),
            timeout=90,
        )
        page = officer.get(response.headers["Location"])
        expect(page.status_code == 200, f"job page: {page.status_code}")
        download = f"/office/jobs/{pk}/download/"
        expect(download in page.text, "no download link on the job page")
        response = officer.get(download)
        expect(response.status_code == 200, f"download: {response.status_code}")
        expect(response.content.startswith(b"PK"), "not an XLSX file")
        detail["note"] = f"{job.result_name}, {len(response.content) // 1024} KB"

    with report.check("an import through the worker (check, confirm, write)") as detail:
        code = "SMOKE" + secrets.token_hex(3).upper()
        values = {
            "personnel_code": code,
            "full_name": "Nguyễn Thị Kiểm Thử",
            "date_of_birth": "15/03/1985",
            "agency": me.agency.code,
        }
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([column.header for column in CADRE_COLUMNS])
        writer.writerow([values.get(column.key, "") for column in CADRE_COLUMNS])
        upload_page = officer.get("/office/import/cadres/")
        expect(upload_page.status_code == 200, f"upload page: {upload_page.status_code}")
        response = officer.post(
            "/office/import/cadres/",
            {"csrfmiddlewaretoken": officer.token(upload_page)},
            files={"file": ("smoke.csv", ("\ufeff" + buffer.getvalue()).encode(), "text/csv")},
        )
        expect(response.status_code == 302, f"upload answered {response.status_code}")
        job_url = response.headers["Location"]
        pk = int(re.search(r"/job/(\d+)/", job_url).group(1))
        wait_until(
            "the import's check done",
            lambda: (
                ImportJob.objects.filter(pk=pk, status=JobStatus.WAITING).exists()
                or _failed(ImportJob, pk)
            ),
            timeout=90,
        )
        page = officer.get(job_url)
        expect("Xác nhận nhập" in page.text, "no confirm button: the file has problems")
        response = officer.post(
            job_url, {"confirm": "1", "csrfmiddlewaretoken": officer.token(page)}
        )
        expect(response.status_code == 302, f"confirm answered {response.status_code}")
        wait_until(
            "the import written",
            lambda: (
                ImportJob.objects.filter(pk=pk, status=JobStatus.DONE).exists()
                or _failed(ImportJob, pk)
            ),
            timeout=90,
        )
        expect(Cadre.objects.filter(personnel_code=code).exists(), "the cadre was not created")
        detail["note"] = code

    with report.check("an email through the outbox (password reset)") as detail:
        recipient = get_user_model().objects.get(username=OFFICER).email
        page = anonymous.get("/accounts/password/reset/")
        response = anonymous.post(
            "/accounts/password/reset/",
            {"email": recipient, "csrfmiddlewaretoken": anonymous.token(page)},
        )
        expect(response.status_code == 302, f"reset answered {response.status_code}")
        mail_dir = stack.work / "mail"

        def delivered():
            for path in mail_dir.glob("*.log") if mail_dir.is_dir() else []:
                if recipient in path.read_text(errors="replace"):
                    return path
            return None

        path = wait_until("the email in the mail folder", delivered, timeout=60)
        sent = OutgoingEmail.objects.filter(recipient=recipient, status=EmailStatus.SENT)
        expect(sent.exists(), "the outbox does not show it sent")
        detail["note"] = f"{path.name}"

    return {"certificate": certificate}


def _failed(model, pk):
    from cadres.models import JobStatus

    job = model.objects.filter(pk=pk).first()
    if job is not None and job.status in (JobStatus.FAILED, JobStatus.CANCELLED):
        raise AssertionError(f"job {pk} {job.status}: {getattr(job, 'error', '')}")
    return None


def backup_and_restore(report: Report, stack: Stack, env: dict, certificate) -> None:
    work = stack.work
    with report.check("make backup (pg_dump custom format, media and private folders)") as detail:
        output = run(
            ["make", "-s", "backup", f"BACKUP_DIR={work / 'backups'}"],
            env=env,
            what="make backup",
        )
        archive = Path(output.strip().splitlines()[-1])
        expect(archive.is_file(), f"no archive at {archive}")
        expect(re.match(r"cadre-backup-\d{8}-\d{6}\.tar$", archive.name), "not a dated name")
        detail["note"] = f"{archive.name}, {archive.stat().st_size // 1024} KB"

    restored_env = production_env(
        work, database=DB_RESTORED, port=RESTORED_PORT, redis_db=1, suffix="-restored"
    )
    with report.check("make restore FILE=... into a new database and new folders") as detail:
        recreate_database(DB_RESTORED)
        stack.databases.append(DB_RESTORED)
        run(
            ["make", "-s", "restore", f"FILE={archive}"],
            env=restored_env,
            what="make restore",
        )
        original = sum(1 for p in (work / "private").rglob("*") if p.is_file())
        restored = sum(1 for p in (work / "private-restored").rglob("*") if p.is_file())
        expect(restored == original, f"private files: {restored} restored of {original}")
        detail["note"] = f"{restored} private files"

    with report.check("the restored copy serves: the certificate still verifies") as detail:
        stack.spawn(
            "gunicorn (restored)",
            [
                str(Path(PYTHON).parent / "gunicorn"),
                "--pythonpath",
                "site",
                "cadre_site.wsgi:application",
                "--bind",
                f"127.0.0.1:{RESTORED_PORT}",
                "--workers",
                "1",
                "--no-control-socket",
            ],
            env=restored_env,
            log="gunicorn-restored.log",
        )
        base = f"http://127.0.0.1:{RESTORED_PORT}"
        wait_for_http(base, timeout=60)
        response = Client(base).get(f"/verify/{certificate.verification_code}/")
        expect(response.status_code == 200, f"verify answered {response.status_code}")
        expect(certificate.holder_name in response.text, "the holder's name is missing")
        detail["note"] = f"{certificate.number}, {certificate.holder_name}"

    with report.check("the restored certificate's PDF prints") as detail:
        holder = Client(base)
        expect(holder.log_in(CADRE, PASSWORD).status_code == 302, "the holder cannot log in")
        response = holder.get(f"/learn/certificates/{certificate.pk}/pdf/")
        expect(response.status_code == 200, f"PDF answered {response.status_code}")
        expect(response.content.startswith(b"%PDF"), "not a PDF")
        detail["note"] = f"{len(response.content) // 1024} KB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-restore", action="store_true", help="only the smoke test")
    parser.add_argument("--keep", action="store_true", help="keep the databases and files")
    args = parser.parse_args()

    def out_of_time(signum, frame):
        raise TimeoutError(f"the smoke test ran past SMOKE_DEADLINE ({DEADLINE:.0f} s)")

    signal.signal(signal.SIGALRM, out_of_time)
    signal.alarm(int(DEADLINE))

    report = Report()
    work = Path(tempfile.mkdtemp(prefix="cadre-smoke-"))
    (work / "run").mkdir()
    stack = Stack(work, keep=args.keep)
    env = production_env(work, database=DB, port=PORT, redis_db=0)
    base_url = f"http://127.0.0.1:{PORT}"
    status = 1
    try:
        print(f"== production stack on {base_url} (database {DB}, work folder {work})", flush=True)
        with report.check("redis-server of its own") as detail:
            stack.spawn(
                "redis-server",
                ["redis-server", "--port", str(REDIS_PORT), "--bind", "127.0.0.1", "--save", ""]
                + ["--appendonly", "no"],
                log="redis.log",
            )
            client = redis.Redis(port=REDIS_PORT)
            wait_until("redis answering", lambda: _pings(client), timeout=20)
            detail["note"] = f"port {REDIS_PORT}"

        with report.check("database created, migrated and seeded (seed_demo)"):
            recreate_database(DB)
            stack.databases.append(DB)
            run([PYTHON, "manage.py", "migrate", "--no-input", "-v0"], env=env, what="migrate")
            # The demo data as `make run` makes it (tasks run at once, emails to the console).
            seed_env = {**env, "DJANGO_SETTINGS_MODULE": "cadre_site.settings.dev", "DEBUG": "0"}
            run([PYTHON, "manage.py", "seed_demo"], env=seed_env, what="seed_demo")

        with report.check("collectstatic and check --deploy"):
            run([PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env=env, what="static")
            run(
                [PYTHON, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                env=env,
                what="check --deploy",
            )

        with report.check("supervisord: gunicorn, task worker, sweep_queue") as detail:
            stack.spawn(
                "supervisord",
                [str(Path(PYTHON).parent / "supervisord"), "-c", "deploy/supervisord.conf"],
                env=env,
                log="supervisord.log",
            )
            wait_for_http(base_url, timeout=60)
            status_out = subprocess.run(
                [str(Path(PYTHON).parent / "supervisorctl"), "-c", "deploy/supervisord.conf"]
                + ["status"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
            ).stdout
            running = re.findall(r"^(\w+)\s+RUNNING", status_out, re.MULTILINE)
            expect(sorted(running) == ["sweep", "web", "worker"], f"running: {status_out}")
            detail["note"] = ", ".join(sorted(running))

        django_setup(env)
        print("== checks over HTTP (X-Forwarded-Proto: https)", flush=True)
        found = smoke(report, stack, base_url)
        if not args.skip_restore:
            print("== backup and restore", flush=True)
            backup_and_restore(report, stack, env, found["certificate"])
        status = 0
    except (SmokeFailure, TimeoutError, AssertionError, OSError) as error:
        if not isinstance(error, SmokeFailure) or not report.failed:
            print(f"FAIL {type(error).__name__}: {error}", flush=True)
        for log in ("supervisord.log", "gunicorn-restored.log"):
            tail = stack.tail(log)
            if tail:
                print(f"-- last lines of {log}:\n{tail}", flush=True)
    finally:
        signal.alarm(0)
        stack.close()
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    elapsed = time.monotonic() - report.started
    verdict = "passed" if status == 0 else "FAILED"
    print(f"smoke_checks_passed: {report.passed}", flush=True)
    print(f"smoke_seconds: {elapsed:.0f}", flush=True)
    print(f"== production smoke test {verdict}", flush=True)
    return status


def _pings(client) -> bool:
    try:
        return client.ping()
    except redis.exceptions.ConnectionError:
        return False


if __name__ == "__main__":
    sys.exit(main())
