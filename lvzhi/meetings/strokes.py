"""Stroke counts of surnames (姓氏笔画), for seating in stroke order.

No stroke-count package is installed (pypinyin has pinyin only), so this is a small table of the
surnames in use, counted in the standard simplified forms (GB 13000.1 stroke counts). A surname not
in the table sorts after the counted ones, by pinyin, so the order is still total and stable; add
a surname here when a committee has one that is missing.
"""

from pypinyin import lazy_pinyin

_TABLE = {
    2: "丁",
    3: "马万",
    4: "王邓韦方尹毛孔牛",
    5: "冯田叶卢石付白龙史兰",
    6: "刘孙朱许吕任江闫汤安祁米",
    7: "李张杨陈吴何宋肖余杜苏沈陆汪邹邱邵严豆把沙纳",
    8: "周林罗郑范金孟武苟尚虎",
    9: "赵胡姚姜钟段侯贺郝哈",
    10: "徐郭高唐袁贾夏秦陶顾钱莫海",
    11: "黄梁曹崔龚常康",
    12: "谢韩彭曾董蒋程覃",
    13: "雷蒲",
    14: "蔡谭廖熊",
    15: "潘黎",
    16: "薛穆",
    17: "魏戴",
}
STROKES = {char: count for count, chars in _TABLE.items() for char in chars}
UNKNOWN = 99


def surname_strokes(name: str) -> int:
    """The stroke count of the first character of a name (99 when not in the table)."""
    return STROKES.get((name or "")[:1], UNKNOWN)


def stroke_key(name: str) -> tuple:
    """Sort key: the surname's strokes, then the name's pinyin (a tie-break that readers accept)."""
    return (surname_strokes(name), "".join(lazy_pinyin(name or "")), name or "")
