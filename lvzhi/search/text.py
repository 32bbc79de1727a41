"""The search's text processing: jieba segmentation with the committee's own dictionary, pinyin and
initials, synonyms, and highlighted snippets. The index and the query go through the same functions,
so a word is cut the same way on both sides.

jieba runs as its own `Tokenizer` with `dictionary.txt` (界别, places of Gansu, 政协 vocabulary)
added, so the proposals' similarity tokens (jieba's default instance) are not affected.
"""

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import jieba
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from pypinyin import lazy_pinyin

jieba.setLogLevel(60)

DICTIONARY = Path(__file__).with_name("dictionary.txt")

# Words that mean the same thing to the committee; a query for one finds the others.
SYNONYMS = [
    {"提案", "建议", "议案"},
    {"社情民意", "民情", "社情"},
    {"委员", "政协委员"},
    {"协商", "商议"},
    {"调研", "考察", "视察"},
    {"通知", "公告", "通告"},
    {"制度", "规定", "办法", "规则"},
]
_SYNONYMS = {word: group for group in SYNONYMS for word in group}

STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "是",
        "在",
        "对",
        "为",
        "等",
        "之",
        "其",
        "或",
        "而",
        "也",
        "就",
        "都",
        "并",
        "把",
        "被",
        "于",
        "以",
        "由",
        "从",
        "向",
        "中",
        "上",
        "下",
    ]
)
_WORD = re.compile(r"\w+")  # letters (CJK too) and digits; punctuation and spaces split
_CJK = re.compile(r"[\u3400-\u9fff]")
MAX_QUERY = 100  # characters


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    t = jieba.Tokenizer()
    t.initialize()
    t.load_userdict(str(DICTIONARY))
    return t


def _pieces(text: str):
    """Runs of letters and digits (each CJK run kept whole for jieba)."""
    return _WORD.findall((text or "").lower())


def index_tokens(text: str) -> list[str]:
    """The tokens a text is indexed under: jieba's search mode (a long word and the words inside
    it: 政协委员 → 政协, 委员, 政协委员), stopwords and punctuation left out."""
    return _cut((text or "").lower())


# jieba's own split of a text into blocks (runs of CJK, letters, digits and +#&._%-) that it cuts
# one by one: a block's words never depend on its neighbours, so each distinct block is cut once
_BLOCK = jieba.re_han_default


def _cut(text: str) -> list[str]:
    tokens = []
    for block in _BLOCK.split(text):
        if not block:
            continue
        if _BLOCK.match(block):
            tokens.extend(_block_tokens(block))
        else:  # what lies between blocks: jieba yields it a character at a time
            tokens.extend(ch for ch in block if _WORD.fullmatch(ch) and ch not in STOPWORDS)
    return tokens


@lru_cache(maxsize=50_000)
def _block_tokens(block: str) -> tuple[str, ...]:
    """One block's tokens. Clauses, titles, names and places repeat across records (and a rebuild
    reads every record), so their cuts are remembered."""
    tokens = []
    for token in tokenizer().cut_for_search(block):
        if token in STOPWORDS:
            continue
        if _WORD.fullmatch(token):
            tokens.append(token)
        else:  # jieba keeps "5-3-0012" or "a.b" whole: their letters and digits are the tokens
            tokens.extend(_WORD.findall(token))
    return tuple(tokens)


@lru_cache(maxsize=50_000)
def _syllables(word: str) -> tuple[str, ...]:
    return tuple(lazy_pinyin(word))


@lru_cache(maxsize=50_000)
def _words(text: str) -> tuple[str, ...]:
    return tuple(w for w in tokenizer().lcut(text) if _CJK.match(w) and w not in STOPWORDS)


def pinyin_tokens(text: str, *, person: bool = False) -> list[str]:
    """Pinyin of a title or a name, to be found by typing it in Latin letters: the whole name's
    pinyin and initials (张三丰 → zhangsanfeng, zsf, and the given name sanfeng), each word's pinyin
    and initials, and the title's initials."""
    tokens = []
    cjk = "".join(ch for ch in (text or "") if _CJK.match(ch))
    if not cjk:
        return tokens
    if person:
        syllables = _syllables(cjk)
        tokens.append("".join(syllables))
        tokens.append("".join(s[0] for s in syllables if s))
        # the given name alone (a two-character surname too: 欧阳振华 → zhenhua)
        tokens.extend("".join(syllables[i:]) for i in range(1, min(len(syllables), 3)))
        return tokens
    initials = []
    for word in _words((text or "").lower()):
        syllables = _syllables(word)
        tokens.append("".join(syllables))
        letters = "".join(s[0] for s in syllables if s)
        initials.append(letters)
        if len(letters) > 1:
            tokens.append(letters)
    whole = "".join(initials)
    if whole:
        tokens.append(whole)
    return tokens


def person_tokens(name: str) -> list[str]:
    """A person's name: the name, each character (a surname alone finds them) and its pinyin."""
    chars = [ch for ch in name if _CJK.match(ch)]
    return index_tokens(name) + chars + pinyin_tokens(name, person=True)


@dataclass(frozen=True)
class Term:
    """One word of a query: its alternatives (the word and its synonyms) and whether it is matched
    as a prefix (Latin letters — pinyin, initials, codes — and words jieba does not know)."""

    words: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]

    def __bool__(self):
        return bool(self.terms)

    @property
    def marks(self) -> list[str]:
        """The words to highlight, longest first."""
        words = {w for term in self.terms for w in term.words if len(w) > 0}
        return sorted(words, key=len, reverse=True)


def parse_query(text: str) -> Query:
    """A query as typed → its terms, every one of which a record must contain (precise-mode jieba
    words, so 武威市政协 asks for 武威市 and 政协; the index holds the words inside compounds)."""
    text = " ".join((text or "").split())[:MAX_QUERY]
    t = tokenizer()
    terms = []
    seen = set()
    for piece in _pieces(text):
        if piece.isascii():
            words = [piece]
        else:
            words = [w for w in t.lcut(piece) if _WORD.fullmatch(w)]
        for word in words:
            if word in STOPWORDS or word in seen:
                continue
            seen.add(word)
            if word.isascii():
                terms.append(Term((word,), prefix=True))
                continue
            alternatives = tuple(sorted(_SYNONYMS.get(word, {word}), key=lambda w: (w != word, w)))
            unknown = len(word) > 1 and word not in t.FREQ
            terms.append(Term(alternatives, prefix=unknown))
    return Query(text, tuple(terms))


def snippet(text: str, query: Query, *, width: int = 80) -> SafeString:
    """A piece of `text` around the first word of the query it holds, escaped, the query's words
    in <mark>. Without a match, the text's beginning."""
    text = " ".join((text or "").split())
    if not text:
        return mark_safe("")
    marks = [m for m in query.marks if m]
    pattern = re.compile("|".join(re.escape(m) for m in marks), re.IGNORECASE) if marks else None
    start = 0
    found = pattern.search(text) if pattern else None
    if found:
        start = max(0, found.start() - width // 4)
    piece = text[start : start + width]
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + highlight(piece, query, pattern) + suffix)


def highlight(text: str, query: Query, pattern=None) -> SafeString:
    """`text` escaped, the query's words in <mark>."""
    text = text or ""
    if pattern is None:
        marks = [m for m in query.marks if m]
        if not marks:
            return escape(text)
        pattern = re.compile("|".join(re.escape(m) for m in marks), re.IGNORECASE)
    out, last = [], 0
    for found in pattern.finditer(text):
        out.append(escape(text[last : found.start()]))
        out.append("<mark>" + escape(found.group(0)) + "</mark>")
        last = found.end()
    out.append(escape(text[last:]))
    return mark_safe("".join(out))
