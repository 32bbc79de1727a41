"""Restore of a backup archive (see lvzhi/core/backup.py for the archive): everything that can be
checked is checked before anything is written — the archive's integrity, the personal-information
key, the migrations, an empty target — then the rows and the files are loaded in one transaction and
the rows per table are compared with the manifest before committing. A committed restore empties
the cache: figure values counted from another database must not be served from it."""

import hashlib
import json
import shutil
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from lvzhi.core import audit
from lvzhi.core.backup import (
    DATA,
    FORMAT,
    KEYS,
    MANIFEST,
    MEDIA,
    VERSION,
    BackupError,
    Summary,
    _media_root,
    _pii_key,
    _readable,
    _sha256,
    _summary,
    applied_migrations,
    counted_models,
    matches,
    row_counts,
)


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
                transaction.on_commit(cache.clear, using=using)
        except BaseException:
            for dest in written:
                dest.unlink(missing_ok=True)
            raise
    return _summary(path, manifest, secret_ok)
