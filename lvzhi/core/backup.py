"""Backup and restore: one archive with the database in a database-neutral form, the media files
and a manifest; a restore that checks everything it can before it writes anything.

The archive is a .tar.gz (mode 0600) holding, in this order:

- `manifest.json`: when and from which database vendor; the applied migrations; the rows per table;
  a salted PBKDF2 fingerprint of the personal-information key and of the secret key (never the
  keys); how many encrypted values each `*_encrypted` field holds and how many of them could not be
  read with the key at backup time; the size and SHA-256 of `data.jsonl` and of every media file.
- `data.jsonl`: every row of every table, one JSON object per line (Django's serializer), primary
  keys kept. The rows that `migrate` creates itself (content types, permissions) and the sessions
  are not copied, nor the figure cache's table versions (`core.TableVersion`); rows that point at
  a content type or a permission name it by its natural key, because their ids differ from one
  database to the next.
- `keys.env`: only when asked for (`include_keys`): `LVZHI_PII_KEY` and `LVZHI_SECRET_KEY`.
- `media/...`: the files under `MEDIA_ROOT`.

A restore goes into an empty database migrated to the same migrations and configured with the same
personal-information key. It refuses anything else with a message and writes nothing; it then loads
the rows and the files in one transaction and compares the rows per table with the manifest before
committing.
"""

import contextlib
import datetime
import hashlib
import hmac
import json
import os
import secrets
import shlex
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.serializers import jsonl
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, connections, router, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from lvzhi.core import audit, pii

FORMAT = "lvzhi-backup"
VERSION = 1
MANIFEST = "manifest.json"
DATA = "data.jsonl"
KEYS = "keys.env"
MEDIA = "media"
# Rows `migrate` creates in every database (with ids of its own), sessions, which a copy does not
# need, and the figure cache's table versions (bookkeeping of the database they were counted in; a
# restore empties the cache instead): not copied, not counted, not checked for emptiness;
# references to the first two are written as natural keys.
NOT_COPIED = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session", "core.tableversion"})
ITERATIONS = 100_000
CHUNK = 2000


class BackupError(Exception):
    """A backup or restore that was refused or failed; the message says why and what to do."""


@dataclass
class Summary:
    path: Path
    created_at: str
    rows: int
    tables: int
    media_files: int
    media_bytes: int
    keys_included: bool = False
    secret_key_matches: bool = True


# ---------------------------------------------------------------------------------------------
# What is copied


def copied_models(using=DEFAULT_DB_ALIAS) -> list:
    """The models whose rows go into the archive, models pointed at before those pointing at them."""
    app_list = []
    for app_config in apps.get_app_configs():
        models = [m for m in app_config.get_models() if _copied(m, using)]
        if models:
            app_list.append((app_config, models))
    return serializers.sort_dependencies(app_list, allow_cycles=True)


def _copied(model, using) -> bool:
    meta = model._meta
    return (
        meta.managed
        and not meta.proxy
        and meta.label_lower not in NOT_COPIED
        and router.allow_migrate_model(using, model)
    )


def counted_models(using=DEFAULT_DB_ALIAS) -> list:
    """Every table holding copied rows: the copied models and their automatic many-to-many tables."""
    tables = []
    for model in copied_models(using):
        tables.append(model)
        for field in model._meta.local_many_to_many:
            if field.remote_field.through._meta.auto_created:
                tables.append(field.remote_field.through)
    return tables


def row_counts(using=DEFAULT_DB_ALIAS) -> dict[str, int]:
    return {m._meta.label_lower: m._base_manager.using(using).count() for m in counted_models(using)}


def applied_migrations(using=DEFAULT_DB_ALIAS) -> list[str] | None:
    """The applied migrations as sorted "app.name" strings, or None if the database was never migrated."""
    recorder = MigrationRecorder(connections[using])
    if not recorder.has_table():
        return None
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


# ---------------------------------------------------------------------------------------------
# Key fingerprints


def fingerprint(key: str) -> dict:
    """A salted, slow hash of a key: enough to recognise it, useless for recovering it."""
    salt = secrets.token_hex(16)
    return {"algorithm": "pbkdf2_sha256", "iterations": ITERATIONS, "salt": salt, "hash": _hash(key, salt, ITERATIONS)}


def matches(key: str, entry: dict) -> bool:
    if entry.get("algorithm") != "pbkdf2_sha256":
        return False
    return hmac.compare_digest(_hash(key, entry["salt"], int(entry["iterations"])), entry["hash"])


def _hash(key: str, salt: str, iterations: int) -> str:
    return hashlib.pbkdf2_hmac("sha256", f"lvzhi:backup:{key}".encode(), bytes.fromhex(salt), iterations).hex()


def _pii_key() -> str:
    return getattr(settings, "PII_KEY", settings.SECRET_KEY)


def _readable(token: str) -> bool:
    try:
        return bool(pii.decrypt(token))
    except Exception:  # a malformed value is as unreadable as one made with another key
        return False


# ---------------------------------------------------------------------------------------------
# Backup


class _Encoder(DjangoJSONEncoder):
    """Django's encoder, but keeping the microseconds of times (it cuts them to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        if isinstance(o, datetime.time):
            return o.isoformat()
        return super().default(o)


class _Serializer(jsonl.Serializer):
    """JSON lines with primary keys, except for references to rows that are not copied (content
    types, permissions): those carry the natural key. Counts the encrypted values as it goes, and
    how many of them the configured key cannot read."""

    def __init__(self, using):
        super().__init__()
        self.using = using
        self.natural: dict = {}
        self.encrypted: dict[str, dict[str, int]] = {}

    def _natural_key(self, model, pk):
        keys = self.natural.get(model)
        if keys is None:
            rows = model._base_manager.using(self.using).select_related()
            keys = self.natural[model] = {row.pk: list(row.natural_key()) for row in rows}
        return keys[pk]

    def start_serialization(self):
        super().start_serialization()
        self.json_kwargs["cls"] = _Encoder

    def end_object(self, obj):
        # json.dumps takes the C encoder; the parent's json.dump encodes in Python, several times slower.
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None

    def handle_field(self, obj, field):
        super().handle_field(obj, field)
        value = self._current[field.name]
        if value and field.name.endswith("_encrypted"):
            tally = self.encrypted.setdefault(f"{obj._meta.label_lower}.{field.name}", {"values": 0, "unreadable": 0})
            tally["values"] += 1
            tally["unreadable"] += 0 if _readable(value) else 1

    def handle_fk_field(self, obj, field):
        model = field.remote_field.model
        if model._meta.label_lower in NOT_COPIED:
            pk = getattr(obj, field.get_attname())
            self._current[field.name] = None if pk is None else self._natural_key(model, pk)
        else:
            super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj, field):
        """The related rows' keys, from the prefetched rows (the parent builds a query per row)."""
        if not field.remote_field.through._meta.auto_created:
            return  # an explicit through model is copied as a model of its own
        model = field.remote_field.model
        related = getattr(obj, "_prefetched_objects_cache", {}).get(field.name)
        if related is None:
            related = getattr(obj, field.name).all()
        if model._meta.label_lower in NOT_COPIED:
            self._current[field.name] = [self._natural_key(model, r.pk) for r in related]
        else:
            self._current[field.name] = [self._value_from_field(r, r._meta.pk) for r in related]


class _Counted:
    def __init__(self, rows):
        self.rows = rows
        self.n = 0

    def __iter__(self):
        for row in self.rows:
            self.n += 1
            yield row


def _dump(stream, using) -> tuple[dict[str, int], dict]:
    serializer = _Serializer(using)
    counts = {}
    for model in copied_models(using):
        rows = model._base_manager.using(using).order_by(model._meta.pk.name)
        many = [f.name for f in model._meta.local_many_to_many]
        if many:
            rows = rows.prefetch_related(*many)
        counted = _Counted(rows.iterator(chunk_size=CHUNK))
        serializer.serialize(counted, stream=stream, use_natural_foreign_keys=False)
        counts[model._meta.label_lower] = counted.n
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:
                counts[through._meta.label_lower] = through._base_manager.using(using).count()
    return counts, serializer.encrypted


@contextlib.contextmanager
def _snapshot(using):
    """One consistent view of the whole database for the time of the dump, without stopping writers."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield
    elif connection.vendor == "sqlite":
        # A deferred read transaction sees one snapshot (WAL) and takes no write lock; Django's
        # atomic() would BEGIN IMMEDIATE and make every writer wait for the whole dump.
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("BEGIN DEFERRED")
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("ROLLBACK")
    else:
        with transaction.atomic(using=using):
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _media_files() -> dict[str, dict]:
    """Every regular file under MEDIA_ROOT (symbolic links are not followed), by relative path."""
    root = _media_root()
    files = {}
    if not root.is_dir():
        return files
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = Path(dirpath) / name
            if path.is_symlink() or not path.is_file():
                continue
            files[path.relative_to(root).as_posix()] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    return files


def _target(output) -> Path:
    """The archive's path: `output` itself, or a dated name in it if it is (or ends like) a directory."""
    path = Path(output)
    if path.is_dir() or str(output).endswith(("/", os.sep)):
        return path / f"lvzhi-backup-{timezone.now():%Y%m%d-%H%M%S}.tar.gz"
    return path


def _tar_info(name: str, size: int, mode: int = 0o600) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, mode, int(timezone.now().timestamp())
    return info


def _add_file(tar, path: Path, name: str):
    with path.open("rb") as f:
        tar.addfile(_tar_info(name, path.stat().st_size), f)


def _add_bytes(tar, name: str, data: bytes):
    with tempfile.SpooledTemporaryFile() as f:
        f.write(data)
        f.seek(0)
        tar.addfile(_tar_info(name, len(data)), f)


def _keys_file(created_at: str) -> str:
    return (
        f"# 履职平台密钥（随 {created_at} 的备份导出）。请与备份分开保管；恢复前设为环境变量。\n"
        "# Lvzhi keys. Keep this file apart from the backups; set these variables before a restore.\n"
        f"LVZHI_PII_KEY={shlex.quote(_pii_key())}\n"
        f"LVZHI_SECRET_KEY={shlex.quote(settings.SECRET_KEY)}\n"
    )


def create_backup(output, *, include_keys: bool = False, using=DEFAULT_DB_ALIAS) -> Summary:
    """Write one archive of the database and the media files to `output` (a file, or a directory
    in which a dated file name is chosen). The keys go in only with `include_keys`."""
    target = _target(output)
    if target.exists():
        raise BackupError(f"{target} 已存在，不覆盖。{target} already exists; it is not overwritten.")
    media_root = _media_root().resolve()
    if target.resolve().is_relative_to(media_root):
        raise BackupError(
            f"备份文件不能放在媒体目录 {media_root} 里。The archive may not be written inside MEDIA_ROOT."
        )
    migrations = applied_migrations(using)
    if migrations is None:
        raise BackupError("数据库尚未迁移，没有可备份的数据。The database was never migrated.")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".lvzhi-backup-", dir=target.parent))
    try:
        created_at = timezone.now().isoformat()
        data_path = work / DATA
        with _snapshot(using), data_path.open("w", encoding="utf-8") as stream:
            counts, encrypted = _dump(stream, using)
        media = _media_files()
        manifest = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": created_at,
            "django": django.get_version(),
            "database": {"vendor": connections[using].vendor},
            "migrations": migrations,
            "counts": counts,
            "rows": sum(counts.values()),
            "data": {"file": DATA, "size": data_path.stat().st_size, "sha256": _sha256(data_path)},
            "media": {"files": media, "size": sum(f["size"] for f in media.values())},
            "encrypted": encrypted,
            "keys": {"pii": fingerprint(_pii_key()), "secret": fingerprint(settings.SECRET_KEY)},
            "keys_included": include_keys,
        }
        part = work / "archive.tar.gz"
        with tarfile.open(part, "w:gz", format=tarfile.PAX_FORMAT) as tar:
            _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode())
            _add_file(tar, data_path, DATA)
            if include_keys:
                _add_bytes(tar, KEYS, _keys_file(created_at).encode())
            for rel in media:
                _add_file(tar, media_root / rel, f"{MEDIA}/{rel}")
        part.chmod(0o600)
        os.replace(part, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    audit.record(
        "backup.create",
        actor_name="manage.py backup",
        object_type="backup",
        after={"file": target.name, "rows": manifest["rows"], "media_files": len(media), "keys": include_keys},
    )
    return _summary(target, manifest)


def _summary(path, manifest, secret_key_matches=True) -> Summary:
    return Summary(
        path=Path(path),
        created_at=manifest["created_at"],
        rows=manifest["rows"],
        tables=sum(1 for n in manifest["counts"].values() if n),
        media_files=len(manifest["media"]["files"]),
        media_bytes=manifest["media"]["size"],
        keys_included=manifest["keys_included"],
        secret_key_matches=secret_key_matches,
    )


# Restore: lvzhi.core.restore.
