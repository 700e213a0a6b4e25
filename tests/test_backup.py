"""A backup made with backup_site (pg_dump and the media folder) restores, with
restore_site (pg_restore), into a fresh database that holds every consultation request,
note, access-log entry and article, and every uploaded file."""

import stat
from io import StringIO

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from content.models import Article, ArticleDraft, Review
from content.review import take_off_site
from inquiries.models import AccessLogEntry, Inquiry, InquiryNote

from .factories import make_article, make_draft, make_inquiry, make_staff
from .test_settings import run_django

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="backups use PostgreSQL's pg_dump and pg_restore: run the suite with "
    "DATABASE_URL=postgres://... to test them",
)


def connect_to(database_name):
    database = connection.settings_dict
    return psycopg.connect(
        dbname=database_name,
        host=database["HOST"] or None,
        port=database["PORT"] or None,
        user=database["USER"] or None,
        password=database["PASSWORD"] or None,
        autocommit=True,
    )


def url_of(database_name):
    database = connection.settings_dict
    password = f":{database['PASSWORD']}" if database["PASSWORD"] else ""
    return (
        f"postgres://{database['USER']}{password}@{database['HOST']}:{database['PORT']}"
        f"/{database_name}"
    )


@pytest.fixture
def records(transactional_db, settings):
    """Committed rows, since pg_dump reads the database from another connection."""
    staff = make_staff("intake")
    urgent = make_inquiry(first_name="Marisol", message="I have thought about ending it")
    closed = make_inquiry(first_name="Tobias", status=Inquiry.Status.CLOSED)
    InquiryNote.objects.create(inquiry=urgent, author=staff, text="Called back at once")
    InquiryNote.objects.create(inquiry=closed, author=staff, text="Booked elsewhere")
    AccessLogEntry.record(staff, AccessLogEntry.Action.VIEWED, [urgent.pk])
    AccessLogEntry.record(staff, AccessLogEntry.Action.EXPORTED, [urgent.pk, closed.pk])
    make_article(slug="side-effects", body="<p>Dizziness passes within hours.</p>")
    take_off_site(make_article(slug="withdrawn"))
    make_draft(slug="unfinished")
    (settings.MEDIA_ROOT / "articles").mkdir(parents=True)
    (settings.MEDIA_ROOT / "articles" / "room.jpg").write_bytes(b"\xff\xd8 a picture")


def rows(cursor, query):
    cursor.execute(query)
    return sorted(cursor.fetchall())


def test_backup_restores_every_record_into_a_fresh_database(records, tmp_path, settings):
    call_command("backup_site", str(tmp_path / "backups"), stdout=StringIO())
    (backup,) = (tmp_path / "backups").iterdir()
    assert stat.S_IMODE(backup.stat().st_mode) == 0o700
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in backup.iterdir()} == {
        "database.dump": 0o600,
        "media.tar": 0o600,
    }
    assert (backup / "database.dump").read_bytes().startswith(b"PGDMP")  # pg_dump -Fc

    expected = {
        "inquiries": list(
            Inquiry.objects.order_by("pk").values_list("pk", "first_name", "message", "status")
        ),
        "notes": list(InquiryNote.objects.order_by("pk").values_list("pk", "inquiry_id", "text")),
        "log": list(AccessLogEntry.objects.order_by("pk").values_list("pk", "action")),
        "articles": list(
            Article.objects.order_by("pk").values_list("pk", "slug", "status", "body")
        ),
        "working copies": list(ArticleDraft.objects.order_by("pk").values_list("pk", "slug")),
        "sign-offs": list(Review.objects.order_by("pk").values_list("pk", "fingerprint")),
    }
    assert [len(found) for found in expected.values()] == [2, 2, 2, 2, 3, 2]

    fresh = f"{connection.settings_dict['NAME']}_restored"
    with connect_to("postgres") as server:
        server.execute(f'DROP DATABASE IF EXISTS "{fresh}"')
        server.execute(f'CREATE DATABASE "{fresh}"')
    try:
        restored_media = tmp_path / "restored-media"
        result = run_django(
            "from django.core.management import call_command;"
            f"call_command('restore_site', {str(backup)!r})",
            DATABASE_URL=url_of(fresh),
            MEDIA_ROOT=str(restored_media),
            SECRET_KEY="restore-test-secret-key",
        )
        assert result.returncode == 0, result.stderr
        assert "1 media file(s)" in result.stdout

        with connect_to(fresh) as restored, restored.cursor() as cursor:
            found = {
                "inquiries": rows(
                    cursor,
                    "SELECT id, first_name, message, status FROM inquiries_inquiry",
                ),
                "notes": rows(cursor, "SELECT id, inquiry_id, text FROM inquiries_inquirynote"),
                "log": rows(cursor, "SELECT id, action FROM inquiries_accesslogentry"),
                "articles": rows(cursor, "SELECT id, slug, status, body FROM content_article"),
                "working copies": rows(cursor, "SELECT id, slug FROM content_articledraft"),
                "sign-offs": rows(cursor, "SELECT id, fingerprint FROM content_review"),
            }
        assert found == expected
        assert (restored_media / "articles" / "room.jpg").read_bytes() == b"\xff\xd8 a picture"
    finally:
        with connect_to("postgres") as server:
            server.execute(f'DROP DATABASE IF EXISTS "{fresh}" WITH (FORCE)')


def test_restore_refuses_a_database_that_is_in_use(records, tmp_path):
    call_command("backup_site", str(tmp_path), stdout=StringIO())
    (backup,) = tmp_path.glob("clinic-backup-*")
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore_site", str(backup), stdout=StringIO())
    assert Inquiry.objects.count() == 2
