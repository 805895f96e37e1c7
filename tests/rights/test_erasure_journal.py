"""The erasure journal: erasures survive a real database restore.

A restore brings back the database as it was at the backup, ledger included;
only the journal, a file apart from it, still knows who was erased since.
These tests take real backups (SQLite's online backup, PostgreSQL's
``pg_dump``), restore them, and replay.
"""

import datetime
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from hypothesis import given
from hypothesis import strategies as st

from newsletter.models import SyncRecord
from people import journal, services
from people.models import ConsentEvent, Person, email_hash

from .test_my_data import text_columns_containing

ROOT = Path(__file__).resolve().parents[2]
PEOPLE = {
    "grace@example.org": "Grace Brewster Hopper",
    "ada@example.org": "Augusta Ada Lovelace",
    "kept@example.org": "Katherine Coleman Johnson",
}


def register_everyone():
    return {
        email: services.register(
            full_name=name,
            email=email,
            laboratory="LABGeM",
            confirmed=True,
            newsletter=True,
        )
        for email, name in PEOPLE.items()
    }


def erase_two():
    for email in ("grace@example.org", "ada@example.org"):
        call_command("erase_person", email, "--yes", stdout=io.StringIO())


def assert_erased_everywhere(using=connection):
    for email in ("grace@example.org", "ada@example.org"):
        assert text_columns_containing(email, using) == []
        assert text_columns_containing(PEOPLE[email], using) == []
    assert text_columns_containing("kept@example.org", using) != []


def journal_text():
    return journal.path().read_text()


# The journal itself


def test_an_erasure_writes_one_line_with_only_a_hash_and_a_time(db):
    grace = services.register(full_name="Grace Hopper", email="grace@example.org")
    services.erase(grace, source="self-service")
    lines = journal_text().splitlines()
    assert len(lines) == 1
    entry = json.loads(lines[0])
    assert set(entry) == {"hash", "at"}
    assert entry["hash"] == email_hash("grace@example.org")
    assert "grace" not in journal_text().lower()
    assert "hopper" not in journal_text().lower()
    assert os.stat(journal.path()).st_mode & 0o077 == 0  # readable by the site only


def test_an_erasure_that_rolls_back_is_still_replayed(db):
    """Journaled before the commit: asked for, so completed by a replay."""
    grace = services.register(full_name="Grace Hopper", email="grace@example.org")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.erase(grace, source="self-service")
        raise RuntimeError("the commit fails")
    assert Person.objects.filter(email="grace@example.org").exists()
    assert email_hash("grace@example.org") in journal.read()
    call_command("replay_erasures", stdout=io.StringIO())
    assert not Person.objects.filter(email="grace@example.org").exists()


def test_a_damaged_line_is_skipped_and_the_others_still_count(db):
    grace = services.register(full_name="Grace Hopper", email="grace@example.org")
    snapshot = Person.objects.get(pk=grace.pk)
    services.erase(grace, source="self-service")
    with journal.path().open("a") as handle:
        handle.write('{"hash": "not-a-hash", "at": "yesterday"}\n{"hash": "ab')
    Person.objects.bulk_create([snapshot])
    ConsentEvent.objects.filter(action=ConsentEvent.Action.ERASED).delete()
    out = io.StringIO()
    call_command("replay_erasures", stdout=out)
    assert "1 restored records erased again" in out.getvalue()


def test_two_processes_erasing_at_once_never_mix_their_lines(db):
    hashes = [f"{number:064x}" for number in range(200)]
    now = datetime.datetime.now(datetime.UTC)

    def write(part):
        for hashed in part:
            journal.append(hashed, now)

    threads = [threading.Thread(target=write, args=(hashes[i::4],)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert set(journal.read()) == set(hashes)
    assert len(journal_text().splitlines()) == 200


def test_without_a_journal_replay_says_only_the_ledger_counts(db, settings):
    settings.ERASURE_JOURNAL = ""
    err = io.StringIO()
    call_command("replay_erasures", stdout=io.StringIO(), stderr=err)
    assert "ERASURE_JOURNAL is not set" in err.getvalue()


@given(raw=st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_line_parses_to_a_hash_and_an_aware_time_or_to_nothing(raw):
    entry = journal.parse_line(raw)
    if entry is not None:
        hashed, erased_at = entry
        assert len(hashed) == 64
        assert erased_at.tzinfo is not None


def test_reconcile_knows_erasures_that_only_the_journal_holds(db):
    """After a restore the ledger lost the erasure; Mailchimp must still forget."""
    from newsletter.reconcile import erasures

    hashed = email_hash("grace@example.org")
    journal.append(hashed, datetime.datetime.now(datetime.UTC))
    assert erasures()[hashed] == journal.public_id_for(hashed)
    assert isinstance(journal.public_id_for(hashed), uuid.UUID)


# Real backups and restores


def queued_deletes():
    return SyncRecord.objects.filter(operation=SyncRecord.Operation.DELETE).count()


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's own backup")
@pytest.mark.django_db(transaction=True)
def test_sqlite_backup_restored_then_replayed_erases_them_again(initial_data, tmp_path):
    register_everyone()
    backup_file = tmp_path / "backup.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(backup_file) as backup:
        connection.connection.backup(backup)  # what sqlite3's .backup does
    erase_two()
    assert journal.path().exists()

    # The restore: the backup overwrites the live database, ledger included.
    with sqlite3.connect(backup_file) as backup:
        backup.backup(connection.connection)
    assert Person.objects.filter(email="grace@example.org").exists()
    assert not ConsentEvent.objects.filter(action=ConsentEvent.Action.ERASED).exists()
    deletes_before = queued_deletes()

    out = io.StringIO()
    call_command("replay_erasures", stdout=out)

    assert "2 restored records erased again" in out.getvalue()
    assert_erased_everywhere()
    # Their Mailchimp deletes are queued again: the restore lost the first ones.
    assert queued_deletes() == deletes_before + 2


def tool(name):
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} must be installed (Debian's postgresql-client)")
    return found


def pg_env():
    database = connection.settings_dict
    return {
        **os.environ,
        "PGHOST": database["HOST"] or "127.0.0.1",
        "PGPORT": str(database["PORT"] or 5432),
        "PGUSER": database["USER"],
        "PGPASSWORD": database["PASSWORD"],
    }


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_pg_dump_restored_into_a_fresh_database_then_replayed(initial_data, tmp_path):
    register_everyone()
    dump = tmp_path / "backup.dump"
    source = connection.settings_dict["NAME"]
    subprocess.run(
        [tool("pg_dump"), "--format=custom", f"--file={dump}", source],
        env=pg_env(),
        check=True,
    )
    erase_two()

    restored = f"{source}_restored"
    env = pg_env()
    subprocess.run([tool("dropdb"), "--if-exists", restored], env=env, check=True)
    subprocess.run([tool("createdb"), restored], env=env, check=True)
    subprocess.run(
        [tool("pg_restore"), "--no-owner", f"--dbname={restored}", str(dump)],
        env=env,
        check=True,
    )
    url = "postgres://{USER}:{PASSWORD}@{HOST}:{PORT}/".format(
        **{**connection.settings_dict, "HOST": env["PGHOST"], "PORT": env["PGPORT"]}
    )
    replay = subprocess.run(
        [sys.executable, "manage.py", "replay_erasures"],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.test",
            "DATABASE_URL": url + restored,
            "TEST_ERASURE_JOURNAL": settings.ERASURE_JOURNAL,
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert "2 restored records erased again" in replay.stdout

    try:
        for email in ("grace@example.org", "ada@example.org"):
            assert pg_text_columns_containing(restored, email) == []
            assert pg_text_columns_containing(restored, PEOPLE[email]) == []
        assert pg_text_columns_containing(restored, "kept@example.org") != []
    finally:
        subprocess.run([tool("dropdb"), "--if-exists", restored], env=env, check=True)


def pg_text_columns_containing(database, needle):
    """``text_columns_containing`` on another PostgreSQL database, by psycopg."""
    import psycopg
    from psycopg import sql

    env = pg_env()
    found = []
    with psycopg.connect(
        host=env["PGHOST"],
        port=env["PGPORT"],
        user=env["PGUSER"],
        password=env["PGPASSWORD"],
        dbname=database,
    ) as restored_db:
        columns = restored_db.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND (data_type LIKE '%%char%%' "
            "OR data_type IN ('text', 'json', 'jsonb'))"
        ).fetchall()
        for table, column in columns:
            query = sql.SQL(
                "SELECT COUNT(*) FROM {} WHERE LOWER(CAST({} AS TEXT)) LIKE %s"
            ).format(sql.Identifier(table), sql.Identifier(column))
            if restored_db.execute(query, [f"%{needle.lower()}%"]).fetchone()[0]:
                found.append((table, column))
    return found


def test_the_deploy_check_warns_without_a_usable_journal(settings, tmp_path):
    from people.checks import check_erasure_journal

    settings.ERASURE_JOURNAL = str(tmp_path / "journal.jsonl")
    assert check_erasure_journal() == []
    settings.ERASURE_JOURNAL = ""
    assert [w.id for w in check_erasure_journal()] == ["people.W001"]
    settings.ERASURE_JOURNAL = str(tmp_path / "missing" / "journal.jsonl")
    assert [w.id for w in check_erasure_journal()] == ["people.W002"]
