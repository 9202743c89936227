"""Back-up and restore of the whole platform: the database and the uploaded files (media), in one
archive with a manifest that says what was in it, so a restore can prove it brought back the same.

The database is copied with the engine's own tool (pg_dump/pg_restore for PostgreSQL, SQLite's
online backup for the embedded default), not with dumpdata: that keeps sequences, constraints
and every table, including those of third-party apps, exactly as they were.

A restore only goes into an empty database, and it is checked: afterwards every table has the
row count the manifest recorded and every media file its checksum. Anything else is an error."""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 - runs pg_dump and pg_restore with fixed arguments
import tarfile
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

FORMAT_VERSION = 1


def progress_bar(description, disable=False):
    """A progress bar for the commands, and the callback that create/restore report steps to."""
    from tqdm import tqdm

    bar = tqdm(desc=description, unit="stap", disable=disable or None)

    def progress(step, total):
        bar.total = total
        bar.update(step - bar.n)

    return bar, progress


class BackupError(Exception):
    """A back-up or restore that cannot go on; the message says why, for the operator."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_tool(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), key=lambda p: p.parts)
    if os.environ.get("PG_BINDIR"):
        candidates.append(Path(os.environ["PG_BINDIR"]) / name)
    for candidate in reversed(candidates):
        if candidate.exists():
            return str(candidate)
    raise BackupError(f"{name} niet gevonden; installeer de PostgreSQL-clientprogramma's.")


@dataclass
class Database:
    """One database, as Django's settings describe it."""

    settings: dict

    @property
    def engine(self):
        engine = self.settings["ENGINE"]
        if "postgresql" in engine:
            return "postgresql"
        if "sqlite3" in engine:
            return "sqlite"
        raise BackupError(f"Database-engine {engine} wordt niet ondersteund.")

    # PostgreSQL -------------------------------------------------------------------------

    def _pg_env(self):
        env = dict(os.environ)
        if self.settings.get("PASSWORD"):
            env["PGPASSWORD"] = self.settings["PASSWORD"]
        return env

    def _pg_args(self):
        s = self.settings
        args = ["--dbname", s["NAME"]]
        if s.get("HOST"):
            args += ["--host", str(s["HOST"])]
        if s.get("PORT"):
            args += ["--port", str(s["PORT"])]
        if s.get("USER"):
            args += ["--username", s["USER"]]
        return args

    def _pg_connect(self):
        import psycopg

        s = self.settings
        return psycopg.connect(
            dbname=s["NAME"],
            host=s.get("HOST") or None,
            port=s.get("PORT") or None,
            user=s.get("USER") or None,
            password=s.get("PASSWORD") or None,
            autocommit=True,
        )

    def _run(self, command):
        result = subprocess.run(  # noqa: S603  # nosec B603 - fixed program
            command, env=self._pg_env(), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise BackupError(f"{Path(command[0]).name} faalde: {result.stderr.strip()[-2000:]}")

    # Both engines -----------------------------------------------------------------------

    def tables(self):
        """Names of the platform's tables (not the engine's own)."""
        if self.engine == "postgresql":
            with self._pg_connect() as conn:
                rows = conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
                ).fetchall()
            return [r[0] for r in rows]
        path = Path(self.settings["NAME"])
        if not path.exists():
            return []
        with sqlite3.connect(path) as conn:
            rows = conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' ORDER BY 1"
            ).fetchall()
        return [r[0] for r in rows]

    def row_counts(self):
        tables = self.tables()
        counts = {}
        if self.engine == "postgresql":
            from psycopg import sql

            with self._pg_connect() as conn:
                for table in tables:
                    query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(table))
                    counts[table] = conn.execute(query).fetchone()[0]
            return counts
        with sqlite3.connect(Path(self.settings["NAME"])) as conn:
            for table in tables:
                quoted = '"' + table.replace('"', '""') + '"'
                # The name comes from the catalogue and is quoted as an identifier.
                query = f"SELECT count(*) FROM {quoted}"  # noqa: S608  # nosec B608
                counts[table] = conn.execute(query).fetchone()[0]
        return counts

    def is_empty(self):
        return not self.tables()

    @contextmanager
    def in_use(self):
        """Django's ORM reads and writes this database inside the block, whichever database the
        settings name (restore_platform erases again, in the database it restored, what the
        erasure register names)."""
        from django.db import connections
        from django.db.utils import load_backend

        wanted = connections.configure_settings({"default": dict(self.settings)})["default"]
        original = connections["default"]
        if all(
            str(wanted.get(key) or "") == str(original.settings_dict.get(key) or "")
            for key in ("ENGINE", "NAME", "HOST", "PORT")
        ):
            yield
            return
        connections["default"] = load_backend(wanted["ENGINE"]).DatabaseWrapper(wanted)
        try:
            yield
        finally:
            connections["default"].close()
            connections["default"] = original

    def dump(self, target):
        if self.engine == "postgresql":
            self._run(
                [
                    _pg_tool("pg_dump"),
                    *self._pg_args(),
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    "--file",
                    str(target),
                ]
            )
            return
        source = sqlite3.connect(Path(self.settings["NAME"]))
        copy = sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            copy.close()
            source.close()

    def load(self, source):
        if self.engine == "postgresql":
            self._run(
                [
                    _pg_tool("pg_restore"),
                    *self._pg_args(),
                    "--no-owner",
                    "--no-privileges",
                    "--single-transaction",
                    "--exit-on-error",
                    str(source),
                ]
            )
            return
        target = Path(self.settings["NAME"])
        target.parent.mkdir(parents=True, exist_ok=True)
        copy = sqlite3.connect(source)
        restored = sqlite3.connect(target)
        try:
            copy.backup(restored)
        finally:
            restored.close()
            copy.close()


def _media_files(media_root):
    root = Path(media_root)
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def create_backup(database, media_root, archive_path, progress=lambda step, total: None):
    """Write database and media into `archive_path` (.tar.gz); returns the manifest."""
    media = _media_files(media_root)
    total = 2 + len(media)
    with tempfile.TemporaryDirectory() as scratch:
        dump = Path(scratch) / "database.dump"
        counts = database.row_counts()
        database.dump(dump)
        progress(1, total)
        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "engine": database.engine,
            "tables": counts,
            "media": {},
        }
        partial = Path(str(archive_path) + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname="database.dump")
            progress(2, total)
            for number, path in enumerate(media, start=3):
                name = path.relative_to(media_root).as_posix()
                manifest["media"][name] = _sha256(path)
                archive.add(path, arcname=f"media/{name}")
                progress(number, total)
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        # Only a complete archive gets the name asked for.
        os.replace(partial, archive_path)
    return manifest


def _read_manifest(archive):
    try:
        member = archive.getmember("manifest.json")
    except KeyError:
        raise BackupError(
            "Dit archief heeft geen manifest.json; het is geen back-up van het platform."
        ) from None
    manifest = json.load(archive.extractfile(member))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(f"Onbekend back-upformaat: {manifest.get('format')!r}.")
    return manifest


def restore_backup(database, media_root, archive_path, progress=lambda step, total: None):
    """Restore `archive_path` into an empty database and media directory, then check it."""
    if not database.is_empty():
        raise BackupError(
            "De database is niet leeg. Herstel gaat alleen naar een lege database, "
            "zodat er niets wordt overschreven."
        )
    media_root = Path(media_root)
    if _media_files(media_root):
        raise BackupError(
            f"De mediamap {media_root} is niet leeg; herstel gaat alleen naar een lege map."
        )
    try:
        archive = tarfile.open(archive_path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"Het archief kan niet worden gelezen: {error}") from None
    with archive, tempfile.TemporaryDirectory() as scratch:
        try:
            manifest = _read_manifest(archive)
            if manifest["engine"] != database.engine:
                raise BackupError(
                    f"Deze back-up komt uit {manifest['engine']} en past niet in {database.engine}."
                )
            total = 2 + len(manifest["media"])
            archive.extract("database.dump", scratch, filter="data")
            database.load(Path(scratch) / "database.dump")
            progress(1, total)
            media_root.mkdir(parents=True, exist_ok=True)
            for number, name in enumerate(manifest["media"], start=2):
                archive.extract(f"media/{name}", scratch, filter="data")
                target = media_root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(Path(scratch) / "media" / name, target)
                progress(number, total)
        except (OSError, tarfile.TarError, KeyError, EOFError) as error:
            raise BackupError(f"Het archief is beschadigd of onvolledig: {error}") from None
    problems = verify_restore(database, media_root, manifest)
    progress(total, total)
    if problems:
        raise BackupError("Het herstel klopt niet met de back-up:\n" + "\n".join(problems))
    return manifest


def verify_restore(database, media_root, manifest):
    """Differences between what the manifest recorded and what is there now."""
    problems = []
    counts = database.row_counts()
    for table, expected in manifest["tables"].items():
        if counts.get(table) != expected:
            problems.append(f"tabel {table}: {counts.get(table)} rijen, verwacht {expected}")
    for name, checksum in manifest["media"].items():
        path = Path(media_root) / name
        if not path.exists() or _sha256(path) != checksum:
            problems.append(f"mediabestand {name} ontbreekt of is anders")
    return problems
