"""Backup and restore, on the real database: a backup restored into an emptied database gives every
figure, every encrypted value and every file back; a restore with another personal-information key,
into a database that holds data, or from a damaged archive is refused and writes nothing."""

import datetime
import io
import shutil
import tarfile

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.utils import timezone

from lvzhi.activities import services as activities
from lvzhi.core import backup, pii, registry, restore
from lvzhi.core.factories import PDF
from lvzhi.core.models import Attachment, AuditEntry
from lvzhi.core.periods import parse_period
from lvzhi.org.models import Committee
from lvzhi.proposals import services as proposals
from lvzhi.proposals.factories import ProposalWorld

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "backup-test-pii-key-7f3a9c"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PII_KEY = KEY
    return settings.MEDIA_ROOT


class World(ProposalWorld):
    """The personas with proposals through the whole loop, a draft with a file, an activity with an
    invitation, and a Django permission granted through the many-to-many table."""

    def __init__(self, personas):
        super().__init__(personas)
        self.replied()
        self.filed(joint=True)
        self.draft_with_file = self.draft()
        self.attachment = proposals.add_draft_attachment(
            actor=personas.member, proposal=self.draft_with_file, upload=SimpleUploadedFile("调研报告.pdf", PDF)
        )
        now = timezone.now()
        activity = activities.create_activity(
            actor=personas.staff,
            committee=personas.wuwei,
            data={
                "kind": "consultation",
                "subkind": "双月",
                "topic": "荒漠化综合防治双月协商座谈会",
                "start": now - datetime.timedelta(hours=1),
                "end": now + datetime.timedelta(hours=2),
                "place": "市政协三楼会议室",
            },
        )
        activities.invite(actor=personas.staff, activity=activity, values=[personas.member_person.pk])
        personas.staff.user_permissions.add(Permission.objects.get(codename="view_committee"))


@pytest.fixture
def world(personas):
    return World(personas)


def every_figure():
    period = parse_period("current")
    ids = list(Committee.objects.order_by("pk").values_list("pk", flat=True))
    scopes = [(pk,) for pk in ids] + [tuple(ids)]
    return {(key, s): f.compute(list(s), period) for key, f in registry.figures().items() for s in scopes}


def every_encrypted_value():
    values = {}
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields if f.name.endswith("_encrypted")]
        for row in model._base_manager.values("pk", *names) if names else ():
            for name in names:
                if row[name]:
                    values[(model._meta.label_lower, row["pk"], name)] = pii.decrypt(row[name])
    return values


def every_row():
    """Every copied row, field by field; content types and permissions by natural key, since their
    ids differ between databases; many-to-many links as pairs; the audit log without the backup's and
    the restore's own entries."""
    natural = {
        ContentType: {ct.pk: ct.natural_key() for ct in ContentType.objects.all()},
        Permission: {p.pk: p.natural_key() for p in Permission.objects.select_related("content_type")},
    }
    rows = {}
    for model in backup.counted_models():
        # a many-to-many link table's own id is a surrogate the restore need not keep: its pairs count
        link_table = model._meta.auto_created
        fields = [f for f in model._meta.concrete_fields if not (link_table and f.primary_key)]
        query = model._base_manager.order_by("pk")
        if model is AuditEntry:
            query = query.exclude(action__startswith="backup.")
        by_key = [natural.get(f.related_model) for f in fields]
        found = [
            tuple(keys[v] if keys and v else v for keys, v in zip(by_key, row, strict=True))
            for row in query.values_list(*[f.attname for f in fields])
        ]
        rows[model._meta.label_lower] = sorted(found) if link_table else found
    return rows


def empty_database(media):
    """Flush every table, then recreate the content types and permissions with other ids, so that
    the restore has to find them by natural key, as in a new database."""
    call_command("flush", interactive=False, verbosity=0)
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    for i in range(7):
        ContentType.objects.create(app_label="backup_test", model=f"filler{i}")
    emit_post_migrate_signal(0, False, connection.alias)
    ContentType.objects.filter(app_label="backup_test").delete()
    ContentType.objects.clear_cache()
    shutil.rmtree(media, ignore_errors=True)
    assert not any(backup.row_counts().values())


def members(archive):
    with tarfile.open(archive, "r:gz") as tar:
        return {m.name: tar.extractfile(m).read() for m in tar if m.isfile()}


def test_a_restored_backup_gives_every_figure_encrypted_value_and_file_back(world, media, tmp_path):
    figures, secrets, rows = every_figure(), every_encrypted_value(), every_row()
    assert any(figures.values()) and secrets and all(secrets.values())
    assert rows["core.transition"] and rows["core.auditentry"] and rows["duties.dutyevent"]
    content_type_ids = {ct.natural_key(): ct.pk for ct in ContentType.objects.all()}

    call_command("backup", output=f"{tmp_path}/backups/", stdout=io.StringIO())
    [archive] = (tmp_path / "backups").iterdir()
    manifest = restore.read_manifest(archive)
    assert manifest["counts"]["core.attachment"] == 1 and manifest["counts"]["accounts.user_user_permissions"] == 1
    assert manifest["media"]["files"] == {
        world.attachment.file.name: {"size": len(PDF), "sha256": world.attachment.sha256}
    }

    empty_database(media)
    assert {ct.natural_key(): ct.pk for ct in ContentType.objects.all()}.items().isdisjoint(content_type_ids.items())
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert "各表行数与清单一致" in out.getvalue()
    counts = backup.row_counts()
    counts["core.auditentry"] -= 1  # the restore's own entry
    assert counts == manifest["counts"]
    assert every_figure() == figures
    assert every_encrypted_value() == secrets
    assert every_row() == rows
    assert Attachment.objects.get(pk=world.attachment.pk).file.open("rb").read() == PDF
    assert list(world.p.staff.user_permissions.values_list("codename", flat=True)) == ["view_committee"]
    # The platform goes on: new rows and many-to-many rows get fresh ids.
    draft = world.draft()
    proposals.add_draft_attachment(actor=world.p.member, proposal=draft, upload=SimpleUploadedFile("b.pdf", PDF))
    assert draft.attachments.count() == 1


def test_it_refuses_a_restore_with_another_pii_key_and_writes_nothing(world, media, tmp_path, settings):
    archive = backup.create_backup(tmp_path / "backup.tar.gz").path
    empty_database(media)
    settings.PII_KEY = "another-key"

    with pytest.raises(CommandError, match="LVZHI_PII_KEY"):
        call_command("restore", str(archive))
    with pytest.raises(CommandError, match="LVZHI_PII_KEY"):
        call_command("restore", str(archive), check=True)

    assert not any(backup.row_counts().values())
    assert not media.exists()


def test_it_refuses_a_database_that_holds_data(world, tmp_path):
    archive = backup.create_backup(tmp_path / "backup.tar.gz").path
    before = backup.row_counts()

    with pytest.raises(CommandError, match="数据库中已有数据"):
        call_command("restore", str(archive))

    assert backup.row_counts() == before


def test_it_keeps_the_keys_out_of_the_archive_unless_asked(world, tmp_path, settings):
    plain = members(backup.create_backup(tmp_path / "plain.tar.gz").path)
    assert "keys.env" not in plain
    assert not any(KEY.encode() in data or settings.SECRET_KEY.encode() in data for data in plain.values())

    summary = backup.create_backup(tmp_path / "keys.tar.gz", include_keys=True)
    keys = members(summary.path)["keys.env"].decode()
    assert f"LVZHI_PII_KEY={KEY}" in keys and summary.keys_included
    assert (summary.path.stat().st_mode & 0o777) == 0o600


def test_it_refuses_a_damaged_archive(world, tmp_path):
    archive = backup.create_backup(tmp_path / "backup.tar.gz").path
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(damaged, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "data.jsonl":
                data = data.replace("李明".encode(), "李某".encode())
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))

    call_command("restore", str(archive), check=True, stdout=io.StringIO())
    with pytest.raises(CommandError, match="损坏"):
        call_command("restore", str(damaged), check=True)
