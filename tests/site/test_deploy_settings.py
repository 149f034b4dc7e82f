import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run_manage(*args, env_extra):
    # Only what any shell has, plus what the test names: "only SECRET_KEY and ALLOWED_HOSTS".
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(env_extra)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "cadre_site.settings.production",
    "SECRET_KEY": "k" * 10 + "Zq8!vR2#mP5$wL9@tN3^yB7&hJ4*cX6(" + "s" * 20,
    "ALLOWED_HOSTS": "daotao.example.vn",
}


def test_check_deploy_is_clean_with_a_secret_key_allowed_hosts_and_redis(tmp_path):
    result = _run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            **PRODUCTION,
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "MEDIA_ROOT": str(tmp_path / "media"),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_warns_when_each_process_would_count_limits_alone(tmp_path):
    result = _run_manage(
        "check", "--deploy", env_extra={**PRODUCTION, "MEDIA_ROOT": str(tmp_path / "media")}
    )
    assert "cadre_site.W003" in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_manage(
        "check",
        env_extra={
            "DJANGO_SETTINGS_MODULE": "cadre_site.settings.production",
            "ALLOWED_HOSTS": "x.vn",
        },
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_the_development_site_url_follows_the_port_make_run_serves_on():
    """`make run PORT=8012` passes PORT: QR codes then point at that server, not at :8000."""
    code = "from django.conf import settings; print(settings.SITE_URL)"
    base = {"DJANGO_SETTINGS_MODULE": "cadre_site.settings.dev"}
    result = _run_manage("shell", "-v", "0", "-c", code, env_extra={**base, "PORT": "8012"})
    assert result.stdout.strip() == "http://127.0.0.1:8012", result.stderr
    result = _run_manage("shell", "-v", "0", "-c", code, env_extra=base)
    assert result.stdout.strip() == "http://127.0.0.1:8000", result.stderr
    explicit = {**base, "PORT": "8012", "SITE_URL": "https://daotao.example.vn/"}
    result = _run_manage("shell", "-v", "0", "-c", code, env_extra=explicit)
    assert result.stdout.strip() == "https://daotao.example.vn", result.stderr
