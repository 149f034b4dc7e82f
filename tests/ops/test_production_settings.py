"""Production settings that keep the site up through PostgreSQL and Redis restarts."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

READ = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "session": settings.SESSION_ENGINE,
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_options": settings.CACHES["default"].get("OPTIONS", {}),
    "health_checks": db["CONN_HEALTH_CHECKS"],
    "max_age": db["CONN_MAX_AGE"],
    "connect_timeout": db.get("OPTIONS", {}).get("connect_timeout"),
    "handler500": __import__("cadre_site.urls").urls.handler500,
}))
"""


def test_sessions_survive_redis_and_connections_survive_postgresql_restarts(tmp_path):
    env = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "cadre_site.settings.production",
            "SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "daotao.example.vn",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "DATABASE_URL": "postgres://cadre@127.0.0.1:5432/cadre",
            "MEDIA_ROOT": str(tmp_path / "media"),
            "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", READ], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    # Django's cached_db, whose cache entry may be read with the site and route (one trip).
    assert found["session"] == "cadre_site.sessions"
    assert found["cache"] == "cadre_site.cache.ResilientRedisCache"
    assert found["cache_options"]["socket_timeout"] <= 1
    assert found["health_checks"] is True
    assert found["max_age"] == 600
    assert found["connect_timeout"] == 5
    assert found["handler500"] == "cadre_site.views.server_error"
