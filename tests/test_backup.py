"""Back-up and restore of database and media, against the real PostgreSQL: a restore into an
empty database brings back every row of every table and every uploaded file, and refuses to
overwrite or to use a damaged archive."""

import hashlib
import sqlite3
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from psycopg import sql

from home.backup import BackupError, Database, create_backup, restore_backup

from .postgres import connect, drop_database

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def tables_of(conn):
    query = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
    return [row[0] for row in conn.execute(query)]


def table_contents(name):
    """Every table with a fingerprint of all its rows, so two databases compare in full."""
    with connect(name) as conn:
        contents = {}
        for table in tables_of(conn):
            query = sql.SQL(
                "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) "
                "FROM {} t"
            ).format(sql.Identifier(table))
            contents[table] = conn.execute(query).fetchone()
    return contents


def restore(archive, database_url, media_root):
    """restore_platform into the database and media directory given; what it said."""
    out = StringIO()
    call_command(
        "restore_platform",
        str(archive),
        "--database-url",
        database_url,
        "--media-root",
        str(media_root),
        "--no-progress",
        stdout=out,
    )
    return out.getvalue()


@pytest.fixture
def media_root(settings, tmp_path):
    # Uploaded files on disk, as in production (the other tests keep them in memory).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def platform_with_content(transactional_db, media_root):
    from wagtail.documents.models import Document
    from wagtail.models import Collection

    call_command("load_demo_content", "--no-progress", stdout=StringIO())
    if not Collection.objects.exists():  # an earlier transactional test flushed it
        Collection.add_root(name="Root")
    Document.objects.create(title="Verslag", file=ContentFile(PDF, name="verslag.pdf"))


@pytest.fixture
def empty_database():
    name = f"{connection.settings_dict['NAME']}_restore"
    with connect(connection.settings_dict["NAME"]) as conn:
        drop_database(conn, name)
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    s = connection.settings_dict
    yield name, f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{name}"
    with connect(connection.settings_dict["NAME"]) as conn:
        drop_database(conn, name)


def test_a_restore_into_an_empty_database_brings_back_every_row_and_file(
    platform_with_content, empty_database, media_root, tmp_path
):
    name, url = empty_database
    archive = tmp_path / "back-up.tar.gz"
    out = StringIO()
    call_command("backup_platform", str(archive), "--no-progress", stdout=out)
    assert "mediabestanden" in out.getvalue()
    before = table_contents(connection.settings_dict["NAME"])
    assert before["agenda_agendaitem"][0] > 10 and before["wagtaildocs_document"][0] == 1

    restored_media = tmp_path / "restored-media"
    out = restore(archive, url, restored_media)
    assert "Hersteld en gecontroleerd" in out
    assert table_contents(name) == before
    originals = sorted(p.relative_to(media_root) for p in media_root.rglob("*") if p.is_file())
    assert originals, "the uploaded document is in the media directory"
    for relative in originals:
        assert (restored_media / relative).read_bytes() == (media_root / relative).read_bytes()


def mentions_of(name, text):
    """Per table of the database `name`, how many rows mention `text` anywhere in them."""
    with connect(name) as conn:
        found = {}
        for table in tables_of(conn):
            query = sql.SQL("SELECT count(*) FROM {} t WHERE t::text ILIKE %s").format(
                sql.Identifier(table)
            )
            count = conn.execute(query, (f"%{text}%",)).fetchone()[0]
            if count:
                found[table] = count
    return found


def test_a_restore_erases_again_what_was_erased_after_the_back_up(
    platform_with_content, empty_database, media_root, tmp_path, erasure_register
):
    """A resident's name was posted, hidden, and erased for good after last night's back-up.
    Restoring that back-up must not bring the name back: the erasure register erases it again,
    with the quote and the report that named them too."""
    from accounts.models import User
    from discussions import actions

    name, url = empty_database
    resident = "Wilhelmina Zonneveldt-Brak"
    team, provider, access = (
        User.objects.get(username=username) for username in ("moderator", "aanbieder", "toegang")
    )
    thread = actions.start_thread(access, "Wachttijd bij de wijkteams", "Hoe lang duurt het?")
    post = actions.add_post(provider, thread.pk, f"Bij {resident} duurde het zes weken.")
    actions.add_post(access, thread.pk, f"> Bij {resident} duurde het\n\nHerkenbaar.")
    actions.report_post(access, post.pk, f"Noemt {resident} bij naam")
    actions.hide_post(team, post.pk, "Bevatte de naam van een inwoner")
    archive = tmp_path / "back-up.tar.gz"
    call_command("backup_platform", str(archive), "--no-progress", stdout=StringIO())
    live = connection.settings_dict["NAME"]
    assert set(mentions_of(live, resident)) >= {
        "discussions_post",
        "discussions_postreport",
        "notifications_notification",
    }
    actions.erase_post(team, post.pk)
    assert mentions_of(live, resident) == {}

    out = restore(archive, url, tmp_path / "restored-media")

    assert "Hersteld en gecontroleerd" in out
    assert (
        f"Wisregister {erasure_register}: 1 bericht(en) en 0 eerdere versie(s) van voorstellen "
        "opnieuw gewist; 0 waren in de back-up al gewist, 0 kwamen er pas na."
    ) in out
    assert mentions_of(name, resident) == {}
    with connect(name) as conn:
        restored = conn.execute(
            "SELECT hidden_reason, erased_at IS NOT NULL FROM discussions_post WHERE id = %s",
            (post.pk,),
        ).fetchone()
    assert restored == ("Bevatte de naam van een inwoner", True)
    # The platform's own database was left as it was.
    post.refresh_from_db()
    assert post.is_erased and connection.settings_dict["NAME"] == live


def test_a_restore_refuses_a_database_that_is_not_empty(platform_with_content, tmp_path):
    archive = tmp_path / "back-up.tar.gz"
    call_command("backup_platform", str(archive), "--no-progress", stdout=StringIO())
    before = table_contents(connection.settings_dict["NAME"])
    with pytest.raises(CommandError, match="niet leeg"):
        call_command(
            "restore_platform",
            str(archive),
            "--media-root",
            str(tmp_path / "elsewhere"),
            "--no-progress",
        )
    assert table_contents(connection.settings_dict["NAME"]) == before


def test_a_damaged_archive_is_refused_and_leaves_the_database_empty(
    platform_with_content, empty_database, tmp_path
):
    name, url = empty_database
    archive = tmp_path / "back-up.tar.gz"
    call_command("backup_platform", str(archive), "--no-progress", stdout=StringIO())
    damaged = tmp_path / "beschadigd.tar.gz"
    damaged.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    with pytest.raises(CommandError, match="beschadigd|kan niet worden gelezen"):
        restore(damaged, url, tmp_path / "m")
    assert table_contents(name) == {}


def test_a_backup_never_overwrites_an_existing_archive(platform_with_content, tmp_path):
    archive = tmp_path / "back-up.tar.gz"
    archive.write_bytes(b"earlier")
    with pytest.raises(CommandError, match="bestaat al"):
        call_command("backup_platform", str(archive), "--no-progress")
    assert archive.read_bytes() == b"earlier"


def test_the_embedded_sqlite_database_round_trips(tmp_path):
    source = tmp_path / "db.sqlite3"
    with sqlite3.connect(source) as conn:
        conn.execute("CREATE TABLE item (id integer primary key, title text)")
        conn.executemany("INSERT INTO item (title) VALUES (?)", [("Wachttijden",), ("Ééntje",)])
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "a.pdf").write_bytes(PDF)
    archive = tmp_path / "b.tar.gz"
    sqlite = "django.db.backends.sqlite3"
    create_backup(Database({"ENGINE": sqlite, "NAME": source}), media, archive)

    target = Database({"ENGINE": sqlite, "NAME": tmp_path / "new.sqlite3"})
    restore_backup(target, tmp_path / "new-media", archive)
    with sqlite3.connect(tmp_path / "new.sqlite3") as conn:
        assert conn.execute("SELECT title FROM item ORDER BY id").fetchall() == [
            ("Wachttijden",),
            ("Ééntje",),
        ]
    restored = (tmp_path / "new-media" / "documents" / "a.pdf").read_bytes()
    assert hashlib.sha256(restored).digest() == hashlib.sha256(PDF).digest()

    with pytest.raises(BackupError, match="niet leeg"):
        restore_backup(target, tmp_path / "other-media", archive)
