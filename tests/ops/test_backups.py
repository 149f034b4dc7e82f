"""`make restore` refuses what would lose data; the full round trip runs in tests/smoke."""

import io
import json
import tarfile

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def _archive(path, members: dict):
    with tarfile.open(path, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    archive = _archive(tmp_path / "other.tar", {"notes.txt": b"hello"})
    with pytest.raises(CommandError, match="not a backup"):
        call_command("restore", str(archive))


def test_restore_refuses_to_write_over_a_database_that_has_tables(tmp_path):
    manifest = {"created": "2026-12-05T00:00:00+00:00", "engine": "sqlite", "database": "x"}
    archive = _archive(
        tmp_path / "cadre-backup-20261205-000000.tar",
        {"manifest.json": json.dumps(manifest).encode(), "database.sqlite3": b""},
    )
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))


def test_restore_names_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("restore", str(tmp_path / "missing.tar"))
