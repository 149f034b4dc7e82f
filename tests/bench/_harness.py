"""Shared bench tools: serve the project with gunicorn on 127.0.0.1 and load it for a bounded time.

Every benchmark prints `name: value unit` lines; comparisons are ratios to a baseline measured in
the same run, so a busy machine slows both sides alike.
"""

import contextlib
import http.client
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BENCH_SETTINGS = "tests.bench._settings"


def setup_django(settings_module: str = BENCH_SETTINGS) -> None:
    for path in (str(ROOT), str(ROOT / "site")):
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(app: str = "cadre_site.wsgi:application", workers: int = 2, env: dict | None = None):
    """Run gunicorn on a free loopback port; yield its base URL; stop it afterwards."""
    port = free_port()
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": BENCH_SETTINGS, **(env or {})}
    process = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            app,
            "--pythonpath",
            f"{ROOT},{ROOT / 'site'}",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=full_env,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


LUA_ROTATE = Path(__file__).with_name("rotate.lua")


def load(
    base: str,
    requests: list[tuple[str, str]] | str,
    *,
    seconds: float = 5.0,
    concurrency: int = 8,
) -> float:
    """Requests per second wrk gets answered under base, walking `requests` in turn.

    `requests` is one path, or a list of (path, cookie) pairs ("" for none) that every
    connection walks from a random start: what a cache could memorise is rotated. Every page
    and every yardstick is loaded by this same tool (one wrk thread, `concurrency` connections,
    the same Lua script), so a ratio compares servers, never loaders.
    """
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is needed for this benchmark: apt-get install -y wrk")
    if isinstance(requests, str):
        requests = [(requests, "")]
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as listing:
        for path, cookie in requests:
            listing.write(f"{path}\t{cookie}\n")
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{concurrency}",
                f"-d{int(seconds)}s",
                "-s",
                str(LUA_ROTATE),
                base,
                "--",
                listing.name,
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 30,
            check=True,
        ).stdout
    finally:
        os.unlink(listing.name)
    if "Non-2xx" in out or "Socket errors" in out or "Not-200 responses: 0" not in out:
        raise RuntimeError(f"{base} answered errors or redirects under load:\n{out}")
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise RuntimeError(out)


def check_answers(base: str, requests: list[tuple[str, str]], *, contains: str = "") -> None:
    """Each request answers 200 itself (wrk counts redirects as answers), optionally showing
    `contains`; a visit also warms what a first visitor pays for once."""
    host, port = base.removeprefix("http://").split(":")
    for path, cookie in requests:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        try:
            conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
            response = conn.getresponse()
            body = response.read().decode()
        finally:
            conn.close()
        if response.status != 200:
            raise RuntimeError(f"{path} answered {response.status}, not 200")
        if contains and contains not in body:
            raise RuntimeError(f"{path} does not show {contains!r}")


def report(name: str, value: float, unit: str = "") -> None:
    print(f"{name}: {value:.3f} {unit}".rstrip(), flush=True)
