"""Every write to the draft store: save as the user types, discard, purge on a successful submit.

A draft is the author's alone: each service works on the actor's own rows and nobody else's.
Saving is not audited row by row (drafts.js saves every few seconds while the user types; the
text is private and the submit it leads to is audited by its module); the first save of a form
and an explicit discard are."""

import json

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from lvzhi.core import audit
from lvzhi.core.cleaning import Cleaner
from lvzhi.core.errors import Forbidden, Invalid
from lvzhi.drafts.models import KEY_MAX, PATH_MAX, Draft

FIELD_NAME_MAX = 100
FIELDS_MAX = 60


def _require_user(actor):
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise Forbidden()


def _clean_fields(cleaner: Cleaner, fields) -> tuple[dict[str, str], int]:
    if not isinstance(fields, dict):
        cleaner.error("fields", _("草稿内容须是字段名到文字的对应。"))
        return {}, 0
    if len(fields) > FIELDS_MAX:
        cleaner.error("fields", _("草稿最多保存 %(n)s 个字段。") % {"n": FIELDS_MAX})
    clean = {}
    for name, value in fields.items():
        if not isinstance(name, str) or not name or len(name) > FIELD_NAME_MAX or "\x00" in name:
            cleaner.error("fields", _("字段名须是 1 至 %(n)s 个字符。") % {"n": FIELD_NAME_MAX})
            continue
        if not isinstance(value, str) or "\x00" in value:
            cleaner.error("fields", _("字段“%(f)s”的内容须是文字。") % {"f": name[:20]})
            continue
        clean[name] = value
    size = len(json.dumps(clean, ensure_ascii=False).encode())
    limit = settings.DRAFT_MAX_KB * 1024
    if size > limit:
        cleaner.error(
            "fields",
            _("草稿过长（%(size)s KB），上限为 %(limit)s KB。")
            % {"size": size // 1024, "limit": settings.DRAFT_MAX_KB},
        )
    return clean, size


def _clean_key(cleaner: Cleaner, key) -> str:
    key = cleaner.text(
        "key", value=key if isinstance(key, str) else "", required=True, max_length=KEY_MAX, label=_("表单")
    )
    if key and not key.startswith("/"):
        cleaner.error("key", _("表单标识须以页面路径开头。"))
    return key


def save_draft(*, actor, key, path, fields) -> Draft:
    """Keep what the actor typed in the form `key` (on page `path`), replacing the last save."""
    _require_user(actor)
    cleaner = Cleaner()
    key = _clean_key(cleaner, key)
    path = cleaner.text(
        "path", value=path if isinstance(path, str) else "", required=True, max_length=PATH_MAX, label=_("页面")
    )
    if path and not path.startswith("/"):
        cleaner.error("path", _("页面须是本站的路径。"))
    fields, size = _clean_fields(cleaner, fields)
    if cleaner.errors:
        raise Invalid(errors=cleaner.errors)
    with transaction.atomic():
        draft = Draft.objects.select_for_update().filter(user=actor, key=key).first()
        if draft is None:
            if Draft.objects.filter(user=actor).count() >= settings.DRAFT_MAX_PER_USER:
                raise Invalid(
                    _("草稿已有 %(n)s 份，已达上限：请先提交或丢弃旧的草稿。") % {"n": settings.DRAFT_MAX_PER_USER},
                    errors={"key": [_("草稿数量已达上限。")]},
                )
            draft = Draft.objects.create(user=actor, key=key, path=path, fields=fields, size=size)
            audit.record("drafts.create", actor=actor, obj=draft, after={"key": key, "size": size})
            return draft
        draft.path, draft.fields, draft.size = path, fields, size
        draft.save(update_fields=["path", "fields", "size", "updated_at"])
    return draft


def discard_draft(*, actor, key) -> bool:
    """Delete the actor's draft of form `key`; True if there was one."""
    _require_user(actor)
    with transaction.atomic():
        deleted, _rows = Draft.objects.filter(user=actor, key=key).delete()
        if deleted:
            audit.record("drafts.discard", actor=actor, object_type="drafts.draft", note=key[:200])
    return bool(deleted)


def purge_submitted(*, actor, keys) -> int:
    """The forms `keys` were submitted successfully: their drafts are no longer needed."""
    if not getattr(actor, "is_authenticated", False):
        return 0
    keys = [k for k in keys if isinstance(k, str) and k][:10]
    if not keys:
        return 0
    deleted, _rows = Draft.objects.filter(user=actor, key__in=keys).delete()
    return deleted
