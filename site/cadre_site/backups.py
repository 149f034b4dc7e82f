"""Backups of one installation: the database and both media folders in one dated archive.

An archive (`cadre-backup-YYYYmmdd-HHMMSS.tar`) holds:
- `manifest.json`: when, which engine, which database, the file counts;
- `database.dump`: pg_dump's custom format (compressed, restorable with pg_restore, also table by
  table), or `database.sqlite3`, a consistent copy made with SQLite's backup API;
- `media/`: MEDIA_ROOT, public files (image renditions);
- `private/`: PRIVATE_ROOT, private files (documents, original images, evidence, job files).

PostgreSQL is dumped with pg_dump from PATH (the client's major version must be at least the
server's). Restoring goes into an empty database (or with `replace=True`, over an existing one:
pg_restore --clean), then unpacks both folders in place.
"""

import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection

DUMP_NAME = "database.dump"
SQLITE_NAME = "database.sqlite3"
MANIFEST_NAME = "manifest.json"
FOLDERS = {"media": "MEDIA_ROOT", "private": "PRIVATE_ROOT"}


class BackupError(Exception):
    pass


@dataclass
class Database:
    engine: str
    name: str
    host: str
    port: str
    user: str
    password: str

    @classmethod
    def from_settings(cls, alias: str = "default") -> "Database":
        db = settings.DATABASES[alias]
        if "postgresql" in db["ENGINE"]:
            engine = "postgresql"
        elif "sqlite3" in db["ENGINE"]:
            engine = "sqlite"
        else:
            raise BackupError(f"Unsupported database engine: {db['ENGINE']}")
        return cls(
            engine=engine,
            name=str(db["NAME"]),
            host=str(db.get("HOST") or ""),
            port=str(db.get("PORT") or ""),
            user=str(db.get("USER") or ""),
            password=str(db.get("PASSWORD") or ""),
        )

    def pg_args(self) -> list[str]:
        args = []
        if self.host:
            args += ["--host", self.host]
        if self.port:
            args += ["--port", self.port]
        if self.user:
            args += ["--username", self.user]
        return args + ["--no-password", "--dbname", self.name]

    def pg_env(self) -> dict:
        env = dict(os.environ)
        if self.password:
            env["PGPASSWORD"] = self.password
        return env


def _run(command: list[str], *, env: dict | None = None) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed ({result.returncode}): {result.stderr.strip()}")


def _count_files(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file()) if folder.is_dir() else 0


def backup_create(*, output_dir: Path, now: datetime | None = None) -> Path:
    """Write one archive into output_dir and return its path."""
    now = now or datetime.now(UTC)
    database = Database.from_settings()
    output_dir.mkdir(parents=True, exist_ok=True)
    archive = output_dir / f"cadre-backup-{now:%Y%m%d-%H%M%S}.tar"
    with tempfile.TemporaryDirectory(dir=output_dir, prefix=".backup-") as work:
        work = Path(work)
        if database.engine == "postgresql":
            dump = work / DUMP_NAME
            _run(
                ["pg_dump", "--format=custom", "--file", str(dump), *database.pg_args()],
                env=database.pg_env(),
            )
        else:
            dump = work / SQLITE_NAME
            source = sqlite3.connect(database.name)
            target = sqlite3.connect(dump)
            with target:
                source.backup(target)
            source.close()
            target.close()
        manifest = {
            "created": now.isoformat(),
            "engine": database.engine,
            "database": database.name,
            "files": {
                name: _count_files(Path(getattr(settings, key))) for name, key in FOLDERS.items()
            },
        }
        (work / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2))
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            tar.add(work / MANIFEST_NAME, arcname=MANIFEST_NAME)
            tar.add(dump, arcname=dump.name)
            for name, key in FOLDERS.items():
                folder = Path(getattr(settings, key))
                if folder.is_dir():
                    tar.add(folder, arcname=name)
        partial.rename(archive)  # never a half-written archive under the final name
    return archive


def _database_is_empty() -> bool:
    return not connection.introspection.table_names()


def backup_restore(*, archive: Path, replace: bool = False) -> dict:
    """Restore the database and both folders of the settings from archive; return its manifest."""
    database = Database.from_settings()
    with tarfile.open(archive, "r") as tar:
        names = set(tar.getnames())
        if MANIFEST_NAME not in names:
            raise BackupError(f"{archive} is not a backup of this site (no {MANIFEST_NAME}).")
        manifest = json.load(tar.extractfile(MANIFEST_NAME))
        if manifest["engine"] != database.engine:
            raise BackupError(
                f"The backup is of {manifest['engine']}; the settings point at {database.engine}."
            )
        if not replace and not _database_is_empty():
            raise BackupError(
                f"Database {database.name} is not empty: restore into a new database, or pass "
                "--replace to overwrite it."
            )
        connection.close()
        with tempfile.TemporaryDirectory(prefix="cadre-restore-") as work:
            work = Path(work)
            tar.extractall(work, filter="data")
            if database.engine == "postgresql":
                command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error"]
                command += ["--single-transaction"]
                if replace:
                    command += ["--clean", "--if-exists"]
                _run([*command, *database.pg_args(), str(work / DUMP_NAME)], env=database.pg_env())
            else:
                shutil.copyfile(work / SQLITE_NAME, database.name)
            for name, key in FOLDERS.items():
                source = work / name
                if source.is_dir():
                    shutil.copytree(source, Path(getattr(settings, key)), dirs_exist_ok=True)
    return manifest
