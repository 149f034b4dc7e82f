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
import threading
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


def load(
    url: str,
    *,
    seconds: float = 5.0,
    concurrency: int = 8,
    max_requests: int = 200_000,
    headers: dict | None = None,
) -> float:
    """Requests per second answered 200 for GET url; wrk when installed, else Python threads."""
    if shutil.which("wrk") and not headers:
        return _load_wrk(url, seconds, concurrency)
    return _load_threads(url, seconds, concurrency, max_requests, headers or {})


def _load_wrk(url: str, seconds: float, concurrency: int) -> float:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{concurrency}", f"-d{int(seconds)}s", url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"{url} answered errors under load:\n{out}")
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise RuntimeError(out)


def _load_threads(url, seconds, concurrency, max_requests, headers) -> float:
    host_port, _, path = url.removeprefix("http://").partition("/")
    host, port = host_port.split(":")
    path = "/" + path
    counts = [0] * concurrency
    errors = []
    deadline = time.monotonic() + seconds
    budget = max_requests // concurrency

    def worker(index):
        while time.monotonic() < deadline and counts[index] < budget:
            conn = http.client.HTTPConnection(host, int(port), timeout=10)
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(response.status)
                    return
                counts[index] += 1
            finally:
                conn.close()

    started = time.monotonic()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{url} answered {errors[0]} under load")
    return sum(counts) / (time.monotonic() - started)


def report(name: str, value: float, unit: str = "") -> None:
    print(f"{name}: {value:.3f} {unit}".rstrip(), flush=True)
