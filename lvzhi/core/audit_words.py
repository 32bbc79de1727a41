"""Audit entries in the office's words: "transition.accept" reads 状态流转：采用编辑, "agenda_item.create"
reads 新建 · 议程, "accounts.user" reads 用户 — the auditor reads what happened, not a code. The code
stays in the entry (and in its xlsx export) for whoever needs it."""

from functools import lru_cache

from django.apps import apps
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lvzhi.core import registry

VERBS = {
    "create": gettext_lazy("新建"),
    "update": gettext_lazy("修改"),
    "delete": gettext_lazy("删除"),
    "save": gettext_lazy("保存"),
    "attach": gettext_lazy("上传附件"),
    "detach": gettext_lazy("删除附件"),
    "login": gettext_lazy("登录"),
    "logout": gettext_lazy("退出登录"),
    "failed": gettext_lazy("登录失败"),
    "load": gettext_lazy("载入演示数据"),
    "export": gettext_lazy("导出"),
    "docx": gettext_lazy("导出 Word"),
    "xlsx": gettext_lazy("导出 Excel"),
    "import": gettext_lazy("导入"),
    "unmask": gettext_lazy("查看完整个人信息"),
    "read": gettext_lazy("阅读"),
    "reply": gettext_lazy("回执"),
    "reply_update": gettext_lazy("修改回执"),
    "remind": gettext_lazy("发送提醒"),
    "hide": gettext_lazy("屏蔽"),
    "post": gettext_lazy("发言"),
    "join": gettext_lazy("加入"),
    "leave": gettext_lazy("退出"),
    "auto": gettext_lazy("自动排座"),
    "move": gettext_lazy("调整座位"),
    "cast": gettext_lazy("投票"),
    "seed": gettext_lazy("载入默认项"),
    "revoke": gettext_lazy("吊销"),
    "unlock": gettext_lazy("解锁"),
    "change": gettext_lazy("修改"),
    "language": gettext_lazy("切换语言"),
    "permissions": gettext_lazy("修改权限"),
    "roles": gettext_lazy("修改角色"),
    "reset": gettext_lazy("重置"),
    "invite": gettext_lazy("邀请"),
    "mark_absent": gettext_lazy("记为缺席"),
    "walk_in": gettext_lazy("现场登记"),
    "check_in": gettext_lazy("签到"),
    "resign": gettext_lazy("离任"),
    "letter": gettext_lazy("上传答复函"),
    "file": gettext_lazy("归档"),
    "entry_remove": gettext_lazy("移出目录"),
    "enter": gettext_lazy("代录"),
    "edit": gettext_lazy("编辑"),
    "forward": gettext_lazy("上报"),
    "to_proposal": gettext_lazy("转为提案"),
    "from_proposal": gettext_lazy("由提案转来"),
    "from_deliberation": gettext_lazy("由网络议政转来"),
    "paper_signature": gettext_lazy("登记纸质签名"),
    "confirm": gettext_lazy("确认联名"),
}
# Subjects whose code is not a model name.
NOUNS = {
    "password": gettext_lazy("密码"),
    "token": gettext_lazy("访问令牌"),
    "account": gettext_lazy("账号"),
    "demo": "",
    "transition": "",
    "minutes": gettext_lazy("会议纪要"),
    "seating_chart": gettext_lazy("座次图"),
    "seat": gettext_lazy("座位"),
    "discussion": gettext_lazy("讨论组"),
    "talk": gettext_lazy("发言"),
}


@lru_cache(maxsize=1)
def _models() -> dict[str, object]:
    """Model name (lowercase, without underscores) → its verbose name."""
    found = {}
    for model in apps.get_models():
        found.setdefault(model._meta.model_name, model._meta.verbose_name)
    return found


@lru_cache(maxsize=1)
def _steps() -> dict[str, object]:
    """Workflow step name → its label, from the action tables."""
    found = {}
    for table in registry.action_tables():
        for action in table.actions:
            found.setdefault(action.name.replace("-", "_"), action.label)
    return found


def _noun(code: str) -> str:
    if code in NOUNS:
        return str(NOUNS[code])
    name = _models().get(code.replace("_", ""))
    return str(name) if name is not None else ""


def object_words(object_type: str) -> str:
    """ "accounts.user" → 用户 (the model's name); unknown codes read 记录."""
    if not object_type:
        return ""
    app_label, _dot, model = object_type.partition(".")
    try:
        return str(apps.get_model(app_label, model)._meta.verbose_name)
    except (LookupError, ValueError):
        return _noun(model or app_label) or _("记录")


def action_words(action: str) -> str:
    """An audit action code in words; never the code itself."""
    if not action:
        return ""
    parts = action.split(".")
    if action == "login.failed":
        return str(VERBS["failed"])
    verb = parts[-1]
    words = VERBS.get(verb) or _steps().get(verb)
    if len(parts) == 1:
        return str(words) if words else _("其他操作")
    if parts[0] == "transition":
        return _("状态流转：%(step)s") % {"step": words or _("其他")}
    noun = ""
    for code in reversed(parts[:-1]):
        noun = _noun(code)
        if noun:
            break
    if not words:
        words = _("操作")
    return f"{words} · {noun}" if noun else str(words)
