"""deploy/supervisord.conf, read by supervisor itself: the three processes, each restarted."""

from pathlib import Path

from supervisor.datatypes import RestartUnconditionally
from supervisor.options import ServerOptions

CONF = Path(__file__).resolve().parents[2] / "deploy" / "supervisord.conf"


def test_web_worker_and_sweep_are_restarted_whenever_they_exit(tmp_path, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.setenv("RUN_DIR", str(tmp_path))
    options = ServerOptions()
    options.realize(args=["-c", str(CONF)])
    programs = {
        process.name: process
        for group in options.process_group_configs
        for process in group.process_configs
    }
    assert set(programs) == {"web", "worker", "sweep"}
    for process in programs.values():
        assert process.autorestart is RestartUnconditionally
        assert process.startretries >= 100  # a long outage must not leave it FATAL
    assert "gunicorn" in programs["web"].command
    assert "--bind 127.0.0.1:8123" in " ".join(programs["web"].command.split())
    assert f"--control-socket {tmp_path}/gunicorn.ctl" in " ".join(programs["web"].command.split())
    assert programs["worker"].command.endswith("manage.py run_worker")
    assert "sweep_queue" in programs["sweep"].command and "sleep 60" in programs["sweep"].command
