"""Tokens of a proposal for the similar-proposal search: jieba's search-mode words, two or more
characters, no stopwords (`Proposal.tokens`, the title counted twice), and the few of them that go
into the inverted index."""

import re
from collections import Counter

import jieba

jieba.setLogLevel(60)

_STOPWORD_TEXT = (
    "关于 建议 加强 进一步 推进 推动 提升 问题 工作 我市 全市 一是 二是 三是 四是 五是 "
    "以及 进行 相关 有关 方面 目前 存在 没有 通过 对于 提高 完善 实施 开展 我们 他们 "
    "一些 部分 一个 这个 其中 同时 因此 但是 而且 如何 需要 应当 可以 已经 不断 切实 "
    "有效 积极 认真 更加 不够 较为 比较 情况 主要 充分 各类 各级 有关部门 "
)
STOPWORDS = frozenset(_STOPWORD_TEXT.split())
WORD = re.compile(r"^[\u4e00-\u9fffA-Za-z][\u4e00-\u9fffA-Za-z0-9]*$")
INDEX_TOKENS = 24  # tokens per proposal in the inverted index


def tokenize(text: str) -> list[str]:
    """Content words of a text: jieba's search-mode tokens, two or more characters, no stopwords."""
    return [t for t in jieba.lcut_for_search(text or "") if len(t) >= 2 and t not in STOPWORDS and WORD.match(t)]


def tokens_for(title: str, situation: str = "", analysis: str = "", suggestions: str = "") -> str:
    words = tokenize(title) * 2 + tokenize(" ".join([situation or "", analysis or "", suggestions or ""]))[:400]
    return " ".join(words)


def index_tokens(tokens: str) -> list[str]:
    """The tokens of a proposal that go into the inverted index, at most INDEX_TOKENS: the most
    frequent first (the title's come twice), ties broken by rarity in jieba's dictionary; each cut
    to the column's 40 characters."""
    counts = Counter(tokens.split())
    jieba.dt.check_initialized()
    common = jieba.dt.FREQ
    ranked = sorted(counts, key=lambda w: (-counts[w], common.get(w, 0), w))
    return list(dict.fromkeys(w[:40] for w in ranked[:INDEX_TOKENS]))
