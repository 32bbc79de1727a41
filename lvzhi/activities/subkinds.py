"""The committee's own lists of subkinds (活动子类目录): read them and check a new list (staff replace
a kind's list with `services.save_subkinds`).

A kind's codes are fixed; its subkinds are names. A committee without its own list for a kind uses
the defaults (`DEFAULT_SUBKINDS`). Saving an empty list goes back to the defaults. A name taken off
the list is kept as an inactive row (activities store the name, so nothing that used it changes);
the figures count some names (专题学习, 双月, 监督性视察, …), which the page says.
"""

from django.utils.translation import gettext as _

from lvzhi.activities.choices import DEFAULT_SUBKINDS, ActivityKind
from lvzhi.activities.models import Subkind
from lvzhi.core.errors import Invalid
from lvzhi.org.models import Committee

MAX_NAMES = 50
NAME_LENGTH = 50
# The names the figures count (see figures.py): taking one off a list stops new activities from
# counting there, so the page names them.
COUNTED = {
    "consultation": ["常委会", "界别", "双月"],
    "inspection": ["调研", "监督性视察"],
    "study": ["第一议题", "党组理论学习中心组", "专题学习", "研讨"],
    "reading": ["读书分享", "荐书", "读书心得交流", "书画展"],
    "studio": ["送医", "送教", "送文化", "法律咨询", "联系界别群众"],
}


def subkind_table(committee: Committee) -> list[dict]:
    """Every kind with its current list (own or default), in one query."""
    own: dict[str, list[str]] = {}
    for kind, name in Subkind.objects.filter(committee=committee, is_active=True).values_list("kind", "name"):
        own.setdefault(kind, []).append(name)
    return [
        {
            "kind": kind,
            "label": label,
            "names": own.get(kind) or list(DEFAULT_SUBKINDS.get(kind, [])),
            "custom": kind in own,
            "defaults": list(DEFAULT_SUBKINDS.get(kind, [])),
            "counted": COUNTED.get(kind, []),
            "uncounted": [n for n in COUNTED.get(kind, []) if n not in (own.get(kind) or DEFAULT_SUBKINDS[kind])],
        }
        for kind, label in ActivityKind.choices
    ]


def clean_names(names) -> list[str]:
    """The names in order, stripped, without blanks; Invalid for duplicates, long or too many names."""
    if isinstance(names, str):
        names = names.splitlines()
    if not isinstance(names, (list, tuple)):
        raise Invalid(errors={"names": [_("请逐行填写子类名称。")]})
    cleaned, problems = [], []
    for raw in names:
        name = " ".join(str(raw or "").split())
        if not name:
            continue
        if len(name) > NAME_LENGTH:
            problems.append(_("“%(s)s…”超过 %(n)d 个字符。") % {"s": name[:10], "n": NAME_LENGTH})
        elif name in cleaned:
            problems.append(_("“%(s)s”重复。") % {"s": name})
        else:
            cleaned.append(name)
    if len(cleaned) > MAX_NAMES:
        problems.append(_("最多 %(n)d 个子类。") % {"n": MAX_NAMES})
    if problems:
        raise Invalid(errors={"names": problems})
    return cleaned
