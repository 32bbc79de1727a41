"""Backup and restore: one archive with the database in a database-neutral form, the media files
and a manifest; a restore that checks everything it can before it writes anything.

The archive is a .tar.gz (mode 0600) holding, in this order:

- `manifest.json`: when and from which database vendor; the applied migrations; the rows per table;
  a salted PBKDF2 fingerprint of the personal-information key and of the secret key (never the
  keys); how many encrypted values each `*_encrypted` field holds and how many of them could not be
  read with the key at backup time; the size and SHA-256 of `data.jsonl` and of every media file.
- `data.jsonl`: every row of every table, one JSON object per line (Django's serializer), primary
  keys kept. The rows that `migrate` creates itself (content types, permissions) and the sessions
  are not copied; rows that point at a content type or a permission name it by its natural key,
  because their ids differ from one database to the next.
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
from pathlib import Path, PurePosixPath

import django
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.management import call_command
from django.core.management.color import no_style
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
# Rows `migrate` creates in every database (with ids of its own), and sessions, which a copy does
# not need: not copied; references to the first two are written as natural keys.
NOT_COPIED = frozenset({"contenttypes.contenttype", "auth.permission", "sessions.session"})
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


# ---------------------------------------------------------------------------------------------
# Restore


def read_manifest(path) -> dict:
    """The manifest of an archive (its first member), or BackupError if this is not one."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            member = tar.next()
            if member is None or member.name != MANIFEST or not member.isfile():
                raise BackupError(f"{path} 不是履职平台的备份文件。{path} is not a Lvzhi backup archive.")
            manifest = json.load(tar.extractfile(member))
    except (OSError, tarfile.TarError, ValueError) as exc:
        raise BackupError(f"无法读取备份文件 {path}：{exc}。Cannot read the archive.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{path} 不是履职平台的备份文件。{path} is not a Lvzhi backup archive.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"备份格式版本 {manifest.get('version')} 不受支持（支持 {VERSION}）。Unsupported archive version."
        )
    return manifest


def _check_key(manifest) -> bool:
    """Refuses an archive made with another personal-information key; tells whether the secret key matches."""
    if not matches(_pii_key(), manifest["keys"]["pii"]):
        hint = (
            "备份中带有 keys.env，可从中取回密钥。The archive carries keys.env with the keys."
            if manifest.get("keys_included")
            else "请使用备份时的密钥。Use the key the backup was made with."
        )
        raise BackupError(
            "备份时的个人信息密钥与当前配置的 LVZHI_PII_KEY 不同：用这个密钥恢复，身份证号和手机号将无法读取，"
            "因此拒绝恢复，没有写入任何数据。"
            "The archive was made with a different personal-information key (LVZHI_PII_KEY); "
            f"nothing was restored. {hint}"
        )
    return matches(settings.SECRET_KEY, manifest["keys"]["secret"])


def _check_migrations(manifest, using):
    here = applied_migrations(using)
    if here is None:
        raise BackupError("数据库尚未迁移：请先运行 manage.py migrate。The database is not migrated: run migrate.")
    there = manifest["migrations"]
    if set(here) != set(there):
        missing = sorted(set(there) - set(here))[:5]
        extra = sorted(set(here) - set(there))[:5]
        raise BackupError(
            "数据库的迁移状态与备份不同：请用制作备份时的版本恢复，恢复后再升级。"
            "The database's migrations differ from the archive's: restore with the release that made "
            f"the backup, then upgrade. Only in the archive: {missing}; only here: {extra}."
        )


def _model(label):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _check_empty(manifest, using):
    unknown = [label for label in manifest["counts"] if _model(label) is None]
    if unknown:
        raise BackupError(f"备份中有本版本没有的数据表：{unknown[:5]}。The archive has unknown tables.")
    held = {label: n for label, n in row_counts(using).items() if n}
    if held:
        tables = "、".join(f"{label}（{n}）" for label, n in list(held.items())[:5])
        raise BackupError(
            f"数据库中已有数据：{tables}。恢复只写入刚迁移的空数据库，以免混入或覆盖数据；没有写入任何数据。"
            "The database is not empty; restore into a new, migrated database. Nothing was written."
        )


def _safe(rel: str) -> bool:
    path = PurePosixPath(rel)
    return bool(rel) and not path.is_absolute() and ".." not in path.parts and path.as_posix() == rel


def _copy_hashing(source, dest: Path) -> str:
    digest = hashlib.sha256()
    dest.parent.mkdir(parents=True, exist_ok=True)
    with dest.open("wb") as out:
        for block in iter(lambda: source.read(1 << 20), b""):
            digest.update(block)
            out.write(block)
    return digest.hexdigest()


def _unpack(path, manifest, work: Path) -> Path:
    """Extracts the data and the media files into `work`, checking each against the manifest."""
    media = manifest["media"]["files"]
    seen = set()
    try:
        with tarfile.open(path, "r:gz") as tar:
            for member in tar:
                name = member.name
                if name in (MANIFEST, KEYS) or (member.isdir() and name.startswith(MEDIA)):
                    continue
                rel = name[len(MEDIA) + 1 :] if name.startswith(MEDIA + "/") else None
                if name == DATA:
                    expected = manifest["data"]
                elif rel is not None and _safe(rel) and rel in media:
                    expected = media[rel]
                else:
                    raise BackupError(f"备份中有意外的条目：{name}。Unexpected member in the archive.")
                if not member.isfile() or name in seen:
                    raise BackupError(f"备份中的 {name} 不是普通文件或重复出现。Bad member in the archive.")
                seen.add(name)
                if _copy_hashing(tar.extractfile(member), work / name) != expected["sha256"]:
                    raise BackupError(f"{name} 的校验和与清单不符：备份已损坏。{name} is corrupt.")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"无法读取备份文件 {path}：{exc}。Cannot read the archive.") from exc
    missing = ({DATA} | {f"{MEDIA}/{rel}" for rel in media}) - seen
    if missing:
        raise BackupError(f"备份不完整，缺少：{sorted(missing)[:5]}。The archive is incomplete.")
    return work / DATA


def _check_encrypted(manifest, data_path: Path):
    """Every encrypted value that the key could read at backup time, it can read now."""
    fields = {}
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if f.name.endswith("_encrypted")]
        if names:
            fields[model._meta.label_lower] = names
    unreadable: dict[str, int] = {}
    with data_path.open(encoding="utf-8") as stream:
        for line in stream:
            if not line.strip():
                continue
            row = json.loads(line)
            for name in fields.get(row["model"], ()):
                value = row["fields"].get(name)
                if value and not _readable(value):
                    key = f"{row['model']}.{name}"
                    unreadable[key] = unreadable.get(key, 0) + 1
    worse = {key: n for key, n in unreadable.items() if n > manifest["encrypted"].get(key, {}).get("unreadable", 0)}
    if worse:
        raise BackupError(
            f"备份中的加密字段无法用当前密钥解密：{worse}；拒绝恢复，没有写入任何数据。"
            "Encrypted values in the archive cannot be read with the configured key; nothing was restored."
        )


def _media_plan(manifest, work: Path) -> list[tuple[Path, Path]]:
    """The media files to write: none may overwrite a different file already there."""
    root = _media_root()
    plan, clashes = [], []
    for rel, entry in manifest["media"]["files"].items():
        dest = root / rel
        if dest.is_symlink() or dest.exists():
            if dest.is_file() and not dest.is_symlink() and _sha256(dest) == entry["sha256"]:
                continue
            clashes.append(rel)
        else:
            plan.append((work / MEDIA / rel, dest))
    if clashes:
        raise BackupError(
            f"媒体目录 {root} 中已有不同的同名文件：{clashes[:5]}；没有写入任何数据。"
            "MEDIA_ROOT already holds different files of the same names; nothing was written."
        )
    return plan


def _reset_sequences(using):
    """loaddata resets the sequences of the models it loaded, not those of many-to-many tables."""
    connection = connections[using]
    statements = connection.ops.sequence_reset_sql(no_style(), counted_models(using))
    if statements:
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)


def _verify_counts(manifest, using):
    counts = row_counts(using)
    wrong = {label: (n, counts.get(label, 0)) for label, n in manifest["counts"].items() if counts.get(label, 0) != n}
    if wrong:
        raise BackupError(
            f"恢复后的行数与备份不符（表：备份行数，恢复行数）：{dict(list(wrong.items())[:5])}；已撤销。"
            "Row counts after loading differ from the archive's; the restore was rolled back."
        )


def verify_backup(path) -> Summary:
    """Checks an archive without restoring it: readable, complete, uncorrupted, and made with the
    configured personal-information key, every encrypted value readable with it. Writes nothing."""
    manifest = read_manifest(path)
    secret_ok = _check_key(manifest)
    with tempfile.TemporaryDirectory(prefix="lvzhi-verify-") as work:
        data_path = _unpack(path, manifest, Path(work))
        _check_encrypted(manifest, data_path)
    return _summary(path, manifest, secret_ok)


def restore_backup(path, *, using=DEFAULT_DB_ALIAS) -> Summary:
    """Restores an archive into this empty, migrated database and MEDIA_ROOT; see the module docstring."""
    manifest = read_manifest(path)
    secret_ok = _check_key(manifest)
    _check_migrations(manifest, using)
    _check_empty(manifest, using)
    with tempfile.TemporaryDirectory(prefix="lvzhi-restore-") as work:
        data_path = _unpack(path, manifest, Path(work))
        _check_encrypted(manifest, data_path)
        plan = _media_plan(manifest, Path(work))
        ContentType.objects.clear_cache()  # natural keys resolve against this database's content types
        written = []
        try:
            with transaction.atomic(using=using):
                try:
                    call_command("loaddata", str(data_path), database=using, verbosity=0)
                except Exception as exc:
                    raise BackupError(f"载入数据失败，已撤销：{exc}。Loading failed; nothing was restored.") from exc
                _reset_sequences(using)
                _verify_counts(manifest, using)
                for source, dest in plan:
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, dest)
                    written.append(dest)
                audit.record(
                    "backup.restore",
                    actor_name="manage.py restore",
                    object_type="backup",
                    after={
                        "file": Path(path).name,
                        "created_at": manifest["created_at"],
                        "rows": manifest["rows"],
                        "media_files": len(manifest["media"]["files"]),
                    },
                )
        except BaseException:
            for dest in written:
                dest.unlink(missing_ok=True)
            raise
    return _summary(path, manifest, secret_ok)
