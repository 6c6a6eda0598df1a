"""Who is speaking: reading a speaker's noun phrase and resolving roles within the article.

A statement by "المتحدث باسم الكرملين" is a statement by Dmitry Peskov when the article names
him, and never a statement by Putin; "الوزير الروسي" after "وزير الدفاع الروسي سيرغي شويغو" is
Shoigu; "الوكالة" after "وكالة الأنباء المركزية الكورية" is that agency.  Analysts need the
resolved person or institution, while the quote keeps the speaker *as written*
(``speaker_text``) as its evidence.

The noun phrase reader works on folded tokens and the word classes of ``words.tsv``:

* a role is a title or institution head (رئيس، المتحدث، وزارة) with its complements, which
  are either definite (الخارجية، الروسي), construct nouns (مجلس، شؤون) or prepositional
  (باسم الكرملين، بمنطقة نجران، في الشرطة);
* a name starts at the first token that is none of these and carries no article (ديمتري);
  it may go on with article-bearing surnames (عادل الجبير، علي آل جرمان الشهراني);
* the phrase ends at punctuation, a complementizer (أن، إن), a time word (أمس، الأربعاء), a
  relative pronoun (الذي), an adverbial preposition (في بيان، خلال المؤتمر) or, once a name has
  been read, a ل-phrase (للصحفيين، لبوتين).

Entity mentions, when the entities stage supplies them, take precedence: a PER mention inside
the phrase is the name.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from operator import itemgetter

from marsad.analyze.quote_lexicon import COMPLEMENTIZERS, lexicon
from marsad.analyze.quote_text import Folded, WordScan, fold, trie_regex
from marsad.arabic.namekey import name_key
from marsad.model import Mention

Tok = tuple[int, int, str]
_tok_start = itemgetter(0)  # a token's start offset

_PUNCT_STOP = frozenset("،,:؛;.!?؟()[]«»“”\"″„‹›{}-–—/|…'")
_NAME_LINKS = frozenset(fold(w) for w in ("بن", "ابن", "بنت", "آل", "أبو", "ابو", "أبي", "عبد", "ولد", "أم", "ام", "دي", "فان", "فون"))
_HEAD_FAMILIES = {
    "ناطق": "متحدث", "ناطقه": "متحدث", "متحدثه": "متحدث",
    "وزيره": "وزير", "رئيسه": "رئيس", "مديره": "مدير", "سفيره": "سفير",
    "مصادر": "مصدر", "مسوولون": "مسوول", "مسوولين": "مسوول", "مسوولو": "مسوول",
}
_INDEFINITE_HEADS = frozenset(fold(w) for w in ("مسؤول", "مصدر", "مسؤولة", "خبير", "محلل", "شاهد"))
_SOURCE_HEADS = frozenset(fold(w) for w in ("مصدر", "خبير", "محلل", "شاهد"))
_STATEMENT_HEADS = frozenset(fold(w) for w in ("بيان", "تقرير", "دراسة", "رسالة", "خطاب"))
_DEFINITE_PREFIXES = ("ال", "وال", "بال", "لل", "فال", "كال")


@lru_cache(maxsize=200_000)
def strip_clitics(tok: str) -> str:
    """A token without a leading conjunction/preposition and article: وبالمنطقة → منطقه."""
    t = tok
    for p in ("وبال", "وال", "بال", "فال", "كال", "لل", "ال"):
        if t.startswith(p) and len(t) - len(p) >= 2:
            return t[len(p):] if p != "لل" else t[2:]
    if len(t) > 3 and t[0] in "وبلفك":
        return t[1:]
    return t


_PROPER_ADJ = frozenset(fold(w) for w in ("المتحدة", "الأبيض", "الكبرى", "الوسطى", "الجديدة"))


def _nisba(tok: str) -> bool:
    """An adjective of origin or kind (الروسي، الأمريكية، استخباراتية، نفطيون), or one of the
    few other adjectives that belong to proper names (الولايات المتحدة، البيت الأبيض).  Without
    the article only the feminine and plural forms count: a final ي ends many foreign names
    (ديمتري، نوفوستي)."""
    base = strip_clitics(tok)
    if tok in _PROPER_ADJ:
        return True
    if len(base) < 4:
        return False
    if has_article(tok):
        return base.endswith(("ي", "يه", "يين", "يون"))
    return base.endswith(("يه", "يين", "يون"))


@lru_cache(maxsize=200_000)
def has_article(tok: str) -> bool:
    return tok.startswith(_DEFINITE_PREFIXES) and len(tok) > 3


_PLURAL_HEADS = frozenset(fold(w) for w in (
    "مصادر", "خبراء", "شهود", "أهالي", "سكان", "وسائل", "مسؤولو", "مسؤولين", "ناشطين", "محتجين",
    "متظاهرين", "مسلحين", "مراقبين", "محللين", "دبلوماسيين", "قيادات", "منظمات", "نشطاء", "أعضاء"))


@lru_cache(maxsize=200_000)
def base_form(tok: str) -> str:
    """A token without its clitics, stripping a prefix only when what remains is a known
    word: بيان stays بيان, والدة stays والدة, وبوزارة becomes وزاره, للدفاع becomes دفاع."""
    known = words().known
    if tok in known:
        return tok[2:] if tok.startswith("ال") and len(tok) > 4 else tok
    for p in ("وبال", "وال", "بال", "فال", "كال", "لل", "ال", "وب", "ول", "و", "ب", "ل", "ف", "ك"):
        if tok.startswith(p) and len(tok) - len(p) >= 2:
            rest = tok[len(p):]
            if rest in known:
                return rest
            if ("ال" + rest) in known:
                return rest
    if tok.startswith("ال") and len(tok) > 4:
        return tok[2:]
    return tok


def _head_key(tok: str) -> str:
    base = base_form(tok)
    return _HEAD_FAMILIES.get(base, base)


class Words:
    """Word-class lookups on folded tokens, tolerant of clitics (وبوزارة, للدفاع)."""

    def __init__(self) -> None:
        w = lexicon().words
        self.title = w["title"]
        self.kin = w["kin"]
        self.rank = w["rank"]
        self.inst = w["inst"]
        self.comp = w["comp"]
        self.place = w["place"]
        self.time = w["time"]
        self.prep = w["prep"]
        self.medium = w["medium"]
        self.rel = w["rel"]
        self.aside = w["aside"]
        self.issued = w["issued"]
        self.stop = w["stop"]
        self.common = w.get("common", frozenset())
        self.adj_bases = frozenset(strip_clitics(x) for x in w["adj"])
        self.known = frozenset().union(*w.values())
        self._masks: dict[str, int] = {}
        # answers of `_is_common` and `_name_like`, which depend on the word alone
        self.memo_common: dict[str, bool] = {}
        self.memo_name_like: dict[str, bool] = {}
        self.role_any = self.title | self.kin | self.inst | self.comp | self.place
        # every class gets a bit; a token's classes are computed once (is_)
        self._classes = [(1 << k, c) for k, c in enumerate((
            self.title, self.kin, self.rank, self.inst, self.comp, self.place, self.time, self.prep,
            self.medium, self.rel, self.aside, self.issued, self.stop, self.role_any))]
        self._bits = {id(c): b for b, c in self._classes}
        # the bits of the classes `parse_np` tests in its loop, looked up once
        self.b_rank, self.b_title, self.b_inst, self.b_kin = (self._bits[id(c)] for c in (
            self.rank, self.title, self.inst, self.kin))
        self.b_role, self.b_medium, self.b_place, self.b_comp, self.b_issued = (self._bits[id(c)] for c in (
            self.role_any, self.medium, self.place, self.comp, self.issued))
        # word → bits of every class it belongs to: a token's mask is then a few dict lookups
        self._word_bits: dict[str, int] = {}
        for b, c in self._classes:
            for x in c:
                self._word_bits[x] = self._word_bits.get(x, 0) | b

    def forms(self, tok: str) -> tuple[str, ...]:
        out = [tok]
        if len(tok) > 3 and tok[0] in "وفبلك":
            out.append(tok[1:])
        base = strip_clitics(tok)
        out.append(base)
        if has_article(tok) or tok.startswith("لل"):
            out.append("ال" + base)
        return tuple(out)

    def mask(self, tok: str) -> int:
        """The classes of a token as bits (see `bit`)."""
        mask = self._masks.get(tok)
        if mask is None:
            self.is_(self.title, tok)
            mask = self._masks[tok]
        return mask

    def has(self, bit: int, tok: str) -> bool:
        """`is_` with the class given by its bit (hot loops keep the bits in locals)."""
        mask = self._masks.get(tok)
        if mask is None:
            mask = self.mask(tok)
        return bool(mask & bit)

    def bit(self, cls: frozenset[str]) -> int:
        return self._bits[id(cls)]

    def is_(self, cls: frozenset[str], tok: str) -> bool:
        mask = self._masks.get(tok)
        if mask is None:
            wb = self._word_bits
            mask = 0
            for form in self.forms(tok):
                mask |= wb.get(form, 0)
            if len(self._masks) > 300_000:
                self._masks.clear()
            self._masks[tok] = mask
        return bool(mask & self._bits[id(cls)])


_WORDS: Words | None = None


def words() -> Words:
    global _WORDS
    if _WORDS is None:
        _WORDS = Words()
    return _WORDS


@dataclass
class NounPhrase:
    """A speaker phrase in folded tokens: where it is, its role part and its name part."""

    start: int  # folded offsets
    end: int
    role: list[str] = field(default_factory=list)  # folded role tokens (heads, complements)
    name: tuple[int, int] | None = None  # folded span of the name
    head: str | None = None  # family key of the first title/institution token
    kind: str = "role"  # person | inst | role | kin | name
    definite: bool = False
    issuer: NounPhrase | None = None  # "بيان لوزارة الخارجية" → وزارة الخارجية
    plural: bool = False

    @property
    def empty(self) -> bool:
        return self.end <= self.start


_IS_CUE: dict[str, bool] = {}


def is_cue(tok: str) -> bool:
    """A speech or stance verb, with or without a leading و/ف (وقالت، فأضاف)."""
    hit = _IS_CUE.get(tok)
    if hit is None:
        lex = lexicon()
        hit = lex.form(tok) is not None or (len(tok) > 3 and tok[0] in "وف" and lex.form(tok[1:]) is not None)
        if len(_IS_CUE) > 200_000:
            _IS_CUE.clear()
        _IS_CUE[tok] = hit
    return hit


def _is_time_token(toks: Sequence[Tok], i: int, W: Words) -> bool:
    t = toks[i][2]
    if W.is_(W.time, t) or t.isdigit():
        return True
    # "العام" is a role complement in "المدير العام" unless a time adjective follows
    if strip_clitics(t) in ("اسبوع", "شهر", "عام", "سنه") and i + 1 < len(toks):
        return strip_clitics(toks[i + 1][2]) in ("ماضي", "جاري", "مقبل", "حالي")
    return False


R_NAME_TO_ROLE = "\x00"  # marker: the tokens read as a name so far belong to the role
_OPEN = frozenset("«“\"″„{")
_CLOSE = frozenset("»”\"″")


def _quoted_name(toks: Sequence[Tok], i: int) -> int | None:
    """If a short quoted name starts at token ``i`` («ناسا», "بوينج"), the index after it."""
    if toks[i][2] not in _OPEN:
        return None
    for j in range(i + 1, min(len(toks), i + 6)):
        if toks[j][2] in _CLOSE:
            return j + 1 if j > i + 1 else None
        if toks[j][2] in _PUNCT_STOP or toks[j][2] in COMPLEMENTIZERS:
            return None
    return None


def _rank_ahead(toks: Sequence[Tok], i: int, W: Words) -> bool:
    """Whether a rank (السفير، الدكتور) follows within three tokens: the name comes after it."""
    return any(W.is_(W.rank, toks[k][2]) for k in range(i, min(len(toks), i + 4)))


_ADDRESSEES = frozenset(fold(w) for w in (
    "الصحفيين", "الصحافيين", "صحفيين", "صحافيين", "الصحافة", "وسائل", "وكالة", "صحيفة", "قناة",
    "إذاعة", "تلفزيون", "شبكة", "موقع", "رويترز", "فرانس", "أسوشيتد", "الجزيرة", "عكاظ", "بي",
    "يونهاب", "إنترفاكس", "تاس", "واس", "سبق", "الإعلام", "إعلام"))


_AFFILIATED = frozenset(fold(w) for w in ("التابع", "التابعة", "التابعين", "التابعون", "المقرب", "المقربة",
                                           "الموالي", "الموالية", "المحسوب", "المحسوبة"))


_OWN_MEDIA = frozenset(fold(w) for w in (
    "موقعه", "موقعها", "حسابه", "حسابها", "صفحته", "صفحتها", "كلمته", "كلمتها", "بيانه", "بيانها",
    "تصريحه", "تصريحها", "تغريدته", "تغريدتها", "مدونته", "مدونتها"))
_GENERIC_HEADS = frozenset(fold(w) for w in ("مسؤول", "مسوول", "دبلوماسي", "مسووله", "المسؤول"))
_PREP_PRONOUNS = frozenset(fold(w) for w in ("عليه", "إليه", "اليه", "لديه", "فيه", "عليها", "إليها", "لديها"))
_RESPONSIBLE = frozenset(fold(w) for w in ("مسؤول", "مسؤولة", "مسوول", "مسووله"))
_VERB_PARTICLES = frozenset(fold(w) for w in ("قد", "وقد", "فقد", "لقد", "كما", "وكما", "ثم", "لم", "ولم", "لن"))
_ROLE_ADVERBS = frozenset(fold(w) for w in ("حاليا", "حالياً", "سابقا", "سابقاً", "آنذاك", "وقتها"))
_ONE_OF = frozenset(fold(w) for w in ("أحد", "إحدى", "احد", "احدى"))  # "جاك دورسي أحد مؤسسي تويتر"


_AFFAIRS = re.compile(r"(?<!\w)(?:ال)?شوون\w{0,3}\s+$")  # "شؤونه الداخلية": an adjective of affairs
# "ذات العلاقة"، "ذوو الشهداء"، "ذات المصدر": nouns of possession or sameness, heads of a phrase
# ("the families of", "the same source") but never part of a personal name; nor are "اسمه" (his
# name) and "عدم" (the lack of: "انتقد المهندس أنور البراك عدم تنفيذ البلدية")
_NOT_NAMES = frozenset(fold(w) for w in ("ذات", "ذوو", "ذوي", "ذوات", "ذا", "اسمه", "اسمها", "اسمهم", "عدم"))


def _is_common(tok: str, W: Words) -> bool:
    """A frequent noun that is never a name, also with a clitic or a pronoun: "استعداده".

    Asked of every token of every phrase read, so the answer is kept per word."""
    return _kept(W.memo_common, tok, W, _is_common_word)


def _kept(memo: dict[str, bool], tok: str, W: Words, test: Callable[[str, Words], bool]) -> bool:
    """``test(tok, W)``, remembered in ``memo`` (bounded: emptied past 200,000 words)."""
    hit = memo.get(tok)
    if hit is None:
        hit = memo[tok] = test(tok, W)
        if len(memo) > 200_000:
            memo.clear()
    return hit


def _is_common_word(tok: str, W: Words) -> bool:
    c = W.common
    return tok in c or (len(tok) > 3 and tok[0] in "وبل" and tok[1:] in c) \
        or (len(tok) > 4 and ((tok[-1] == "ه" and tok[:-1] in c) or (tok[-2:] in ("ها", "هم") and tok[:-2] in c)))


@lru_cache(maxsize=1)
def _plain_words() -> frozenset[str]:
    """Frequent words never seen inside a name in the NER training corpora (the entities
    stage's ``plain_words.txt``), folded as quotes fold."""
    from importlib import resources

    try:
        text = resources.files("marsad.resources").joinpath("entities", "plain_words.txt").read_text(encoding="utf-8")
    except (FileNotFoundError, ModuleNotFoundError):
        return frozenset()
    return frozenset(fold(w.strip()) for w in text.split("\n") if w.strip() and not w.startswith("#"))


def plain_word(tok: str) -> bool:
    """A token that is an ordinary word, with or without a leading و/ب/ل/ف: "منحت", "وظهور",
    "برفع" — what a role followed by its verb or object ("الأمانة منحت مقاول") must not
    be read as a name."""
    P = _plain_words()
    if tok in P:
        return True
    return len(tok) > 3 and tok[0] in "وبلف" and tok not in _NAME_LINKS and tok[1:] in P


def _name_like(tok: str, W: Words) -> bool:
    """A token that can be (part of) a personal or proper name.

    A pure function of the word and the word classes, asked of most tokens of every phrase
    read, some several times: the answer is kept per word."""
    return _kept(W.memo_name_like, tok, W, _name_like_word)


def _name_like_word(tok: str, W: Words) -> bool:
    if tok in _NAME_LINKS:
        return True
    if tok in W.stop or tok in W.time or _is_common(tok, W) or tok in _NOT_NAMES:
        return False
    if has_article(tok) or tok[:1].isdigit() or tok in _PUNCT_STOP:
        return False
    if W.is_(W.role_any, tok) or W.is_(W.rank, tok) or W.is_(W.medium, tok) or tok in W.prep:
        return False
    if tok.startswith("ب") and len(tok) > 3 and (tok.startswith("بال") or W.is_(W.role_any, tok[1:])
                                                  or W.is_(W.medium, tok[1:])):
        return False
    return not _nisba(tok) or len(tok) < 4


def _full_name_at(toks: Sequence[Tok], i: int, W: Words) -> bool:
    """Two to four name words from ``i`` (the last may carry the article: عبدالله المعدي) that
    end the phrase: before أن / إن, a comma, a colon or the end."""
    j = i
    while j < len(toks) and j - i < 4 and (_name_like(toks[j][2], W) and not plain_word(toks[j][2])):
        j += 1
    if j < len(toks) and j > i and has_article(toks[j][2]) and not plain_word(toks[j][2]) \
            and not W.is_(W.role_any, toks[j][2]):
        j += 1
    return j - i >= 2 and (j >= len(toks) or toks[j][2] in COMPLEMENTIZERS or toks[j][2] in ("،", ",", ":"))


def parse_np(toks: Sequence[Tok], i0: int, mention_at: dict[int, tuple[int, str]] | None = None,
             max_tokens: int = 32, table: bool = False) -> tuple[NounPhrase, int]:
    """Read a speaker noun phrase starting at token ``i0``; returns it and the next token index.

    ``mention_at`` maps a token index to (index after the mention, type) for entity mentions
    that start on that token, so a PER mention is taken as the name whatever its shape.
    ``table``: the phrase is read for the role table, after any verb, so an ordinary definite
    noun after a finished role is the verb's object and ends it.
    """
    W = words()
    n = len(toks)
    np_ = NounPhrase(start=toks[i0][0] if i0 < n else 0, end=toks[i0][0] if i0 < n else 0)
    i = i0
    name_n = 0
    post_role = False
    open_slot = False
    anon_adj = 0
    agent = False

    def take_role(t: str, e: int) -> None:
        np_.role.append(t)
        np_.end = e

    b_rank, b_title, b_inst, b_kin = W.b_rank, W.b_title, W.b_inst, W.b_kin
    b_role, b_medium, b_place, b_comp, b_issued = W.b_role, W.b_medium, W.b_place, W.b_comp, W.b_issued
    while i < n and i - i0 < max_tokens:
        s, e, t = toks[i]
        mk = W.mask(t)
        if post_role and i > i0 and np_.role and toks[i - 1][2] == np_.role[-1] and not has_article(np_.role[-1]):
            q = _quoted_name(toks, i)
            if q is not None:  # "وكاتب «الجغرافية السياسية للقمح»": a quoted title inside the role
                for k in range(i + 1, q - 1):
                    take_role(toks[k][2], toks[k][1])
                np_.end = toks[q - 1][1]
                i = q
                continue
        q = _quoted_name(toks, i) if (np_.name is None and (i == i0 or (np_.kind == "inst" and len(np_.role) == 1))) else None
        if q is None and np_.name is None and i > i0 and np_.role and toks[i][2] in _OPEN:
            q = _quoted_name(toks, i)  # "صاحب البقرة «يزيك زاسادا»"، "وكالة التصنيف الائتماني «ستاندرد آند بورز»"
            if q is not None and not all(_name_like(toks[k][2], W) or toks[k][2] in _NAME_LINKS
                                         for k in range(i + 1, q - 1)):
                q = None
        if q is None and np_.name is None and open_slot and np_.head is not None and toks[i][2] in _OPEN \
                and toks[i - 1][2] == np_.role[-1] and not has_article(np_.role[-1]):
            q2 = _quoted_name(toks, i)
            if q2 is not None and q2 < n and ((_name_like(toks[q2][2], W) and not plain_word(toks[q2][2]))
                                              or W.is_(W.rank, toks[q2][2])):
                # "رئيسة فريق «لأمتنا نحيا التطوعي» سليمى الشهراني": the quoted name of the body
                # completes the role; the person's name follows
                for k in range(i + 1, q2 - 1):
                    take_role(toks[k][2], toks[k][1])
                np_.end = toks[q2 - 1][1]
                open_slot = False
                i = q2
                continue
        if q is not None:
            np_.name = (toks[i + 1][0], toks[q - 2][1])
            np_.end = toks[q - 1][1]
            name_n = q - i - 2
            i = q
            continue
        if t == "." and i > i0 and len(toks[i - 1][2]) == 1 and np_.name is None:
            i += 1  # "د. عاطي القرشي", "م. جديع": an abbreviated rank
            continue
        if t == "/" and i > i0 and np_.name is None and (W.mask(toks[i - 1][2]) & b_rank):
            i += 1  # "الدكتور/ محمد اسماعيل": a slash after the rank, as Saudi outlets write it
            continue
        if t in _ROLE_ADVERBS and np_.name is None and np_.head is not None and i + 1 < n \
                and _name_like(toks[i + 1][2], W) and not plain_word(toks[i + 1][2]):
            i += 1  # "نائب الرئيس السوري السابق المنشق حاليا عبدالحليم خدام"
            continue
        if t in _PUNCT_STOP or t in COMPLEMENTIZERS or t in W.rel or t in W.stop or is_cue(t):
            break
        if np_.name is not None and not post_role and i > i0 and toks[i - 1][2] in _NAME_LINKS \
                and toks[i - 1][1] == np_.name[1] and name_n < 8:
            np_.name = (np_.name[0], e)  # "جلوي بن عبدالعزيز بن مساعد", "عبداللطيف آل الشيخ"
            np_.end = e
            name_n += 1
            i += 1
            continue
        if i > i0 and toks[i - 1][2] == "باسم" and np_.role and np_.role[-1] == "باسم" and t[:1].isalpha():
            take_role(t, e)  # "المتحدث باسم انتخابات المجالس البلدية": what he speaks for is role
            open_slot = not has_article(t)
            i += 1
            continue
        common = _is_common(t, W)
        if i == i0 and common:
            break  # "واعتبر زيارة مملوك ...": a common noun opens the object, not a speaker
        if common and np_.role and not post_role \
                and (np_.name is not None or np_.definite or has_article(np_.role[-1])):
            break  # "وشرح الأمين العام جهود المركز": the object of the verb
        if np_.role and (mk & b_issued) and i > i0 + 1:
            break  # "بيان للدائرة الإعلامية ... وزع صباح اليوم"
        if mention_at and i in mention_at and np_.name is None:
            j, typ = mention_at[i]
            if typ == "PER" and j > i:
                np_.name = (s, toks[j - 1][1])
                np_.end = toks[j - 1][1]
                name_n = j - i
                i = j
                continue
        nxt = toks[i + 1][2] if i + 1 < n else ""
        if i == i0 and has_article(t) and mk == 0 and t.endswith("ي") and _nisba(t) \
                and (nxt == "" or nxt in _PUNCT_STOP
                     or (not has_article(nxt) and not (W.mask(nxt) & (b_role | b_rank)))) \
                and strip_clitics(t) not in W.adj_bases:
            np_.name = (s, e)  # "جدد السيسي موقف مصر": an adjective cannot open a phrase; a surname can
            np_.end = e
            name_n = 1
            i += 1
            continue
        if i == i0 and has_article(t) and mk == 0 and not _nisba(t) and nxt and (W.mask(nxt) & b_title) \
                and has_article(nxt) and strip_clitics(t) not in W.adj_bases:
            np_.name = (s, e)  # "الربيعة المشرف العام على ...": a surname, then the office
            np_.end = e
            name_n = 1
            i += 1
            continue
        # "تلفزيون المنار التابع لحزب الله": a body's affiliation belongs to its description
        if t in _AFFILIATED and np_.role and i + 1 < n and nxt.startswith("ل") and not nxt.startswith("ال"):
            take_role(t, e)
            i += 1
            k = 0
            while i < n and k < 4 and toks[i][2] not in _PUNCT_STOP and not _is_time_token(toks, i, W) \
                    and toks[i][2] not in COMPLEMENTIZERS and not is_cue(toks[i][2]) and toks[i][2] not in W.prep \
                    and not (k > 0 and W.is_(W.rank, toks[i][2])):
                take_role(toks[i][2], toks[i][1])
                i += 1
                k += 1
            if np_.name is not None and i + 1 < n and W.is_(W.rank, toks[i][2]) and _name_like(toks[i + 1][2], W):
                # "رئيس المجلس البلدي بمحافظة دومة الجندل التابعة لمنطقة الجوف المهندس أنور
                # البراك": a rank after the affiliation opens the person's name; the place was role
                np_.role.append(R_NAME_TO_ROLE)
                np_.name = None
                continue
            post_role = np_.name is not None
            continue
        if t.isdigit() and np_.head is not None and np_.name is None and open_slot:
            take_role(t, e)  # "عضو الأمانة العامة لقوى 14 آذار"
            i += 1
            continue
        if _is_time_token(toks, i, W):
            break
        if t in W.prep or (len(t) > 2 and t[0] in "وف" and t[1:] in W.prep and t[1:] != "من"):
            # a preposition inside a role: "مصدر في الشرطة", "المشرف العام على العلاقات"
            nxt2 = toks[i + 2][2] if i + 2 < n else ""
            if nxt in _OWN_MEDIA:
                break  # "على موقعه الإلكتروني", "عبر حسابه": where he said it, not who he is
            if ((np_.name is None or post_role) and np_.head is not None
                    and (t in ("في", "على", "من") or (t == "عن" and np_.head in _RESPONSIBLE))
                    and nxt and nxt not in COMPLEMENTIZERS and not W.is_(W.medium, nxt)
                    and not W.is_(W.time, nxt) and nxt not in _PUNCT_STOP
                    and (has_article(nxt) or W.is_(W.role_any, nxt) or (has_article(nxt2) and nxt2 not in W.rel)
                         or (t == "في" and _name_like(nxt, W) and _rank_ahead(toks, i + 1, W)))):
                take_role(t, e)
                if _name_like(nxt, W) and not has_article(nxt2) and not W.is_(W.role_any, nxt):
                    i += 1  # "في لوس انجلوس": read on; a rank after it restarts the name
                    open_slot = True
                    continue
                take_role(nxt, toks[i + 1][1])  # "في مُلكية الجامعة": the noun after it is role too
                open_slot = not has_article(nxt)
                i += 2
                continue
            break
        if t == "ل":
            break
        if t.startswith("ل") and not t.startswith("ال") and len(t) > 2:
            rest = t[2:] if t.startswith("لل") else t[1:]
            if rest in _ADDRESSEES or ("ال" + rest) in _ADDRESSEES:
                break
            if np_.name is not None and not post_role:
                break  # an addressee: "قال كيم لبوتين"
            if i == i0 and not t.startswith("لل") and _name_like(rest, W) and not W.is_(W.role_any, rest):
                np_.name = (s, e)  # a name that starts with ل: لوكهيد، لاري
                np_.end = e
                name_n = 1
                i += 1
                continue
            if np_.role:
                take_role(t, e)
                open_slot = not t.startswith("لل")
                i += 1
                continue
            break
        if (mk & b_rank) and (np_.name is None or post_role) and np_.role and not has_article(np_.role[-1]) \
                and (W.mask(np_.role[-1]) & (b_inst | b_comp)) and not (W.mask(np_.role[-1]) & b_title):
            # "مركز الملك سلمان", "جامعة الملك سعود": a rank and name inside an institution's name
            take_role(t, e)
            i += 1
            k = 0
            while i < n and k < 3 and _name_like(toks[i][2], W) and toks[i][2] not in _NAME_LINKS \
                    and not (toks[i][2][0] in "وف" and k > 0):
                take_role(toks[i][2], toks[i][1])
                i += 1
                k += 1
            open_slot = False
            continue
        rank_before_name = (mk & b_rank) and nxt != "" and (W.is_(W.rank, nxt) or _name_like(nxt, W))
        if (mk & b_rank) and ((not (mk & b_title) and not (mk & b_inst)) or rank_before_name):
            if np_.name is not None:
                k = i + 1
                while (k < n and W.is_(W.rank, toks[k][2])) or (k < n and toks[k][2] == "."):
                    k += 1
                if post_role or not (k < n and _name_like(toks[k][2], W)):
                    break
                # "... في ملكية الجامعة الدكتور عبدالله": what looked like a name was role
                np_.role.append(R_NAME_TO_ROLE)
                np_.name = None
            take_role(t, e)
            open_slot = not has_article(t)  # "شيخ التمور", "صاحب البقرة"
            i += 1
            if i == i0 + 1 and np_.name is None and t.endswith(("يه", "وه", "ته")):
                break  # "وأدان معاليه باسمه ...": a rank pronoun (معاليه، سموه) is the whole phrase
            continue
        in_name_run = np_.name is not None and not post_role and (toks[i - 1][1] == np_.name[1])
        if in_name_run and t[0] in "وف" and len(t) > 3 and t not in _NAME_LINKS and np_.head is not None \
                and not (nxt in _PUNCT_STOP or nxt in COMPLEMENTIZERS or is_cue(nxt)) \
                and (t[0] == "و" or t[1:] in W.known or is_cue(t[1:])):
            # "باراك أوباما ويراجعه": a conjunction ends a person's name, unless the phrase
            # ends right there, as after a surname that starts with و: "أدريان واتسون:"
            break
        if np_.name is None and np_.role and (np_.plural or (np_.head in _INDEFINITE_HEADS and not np_.definite)) \
                and _name_like(t, W) and not (mk & b_place):
            # sources and officials are not named: "مصادر مطلعة", "مصدر مختص", then stop
            if anon_adj >= 2 or (t[0] in "وف" and len(t) > 3) or len(np_.role) > 3:
                break
            anon_adj += 1
            take_role(t, e)
            i += 1
            continue
        if np_.name is None and np_.kind == "inst" and np_.role and has_article(np_.role[0]) \
                and _name_like(t, W) and not (mk & b_place):
            break  # "ناشدت الحكومة اليمنية جميع الأطباء": after a definite institution comes its object
        if np_.name is None and np_.role and open_slot and np_.head is not None and plain_word(t) \
                and not has_article(t) and t[0] not in "وف" and not (mk & b_rank) \
                and (W.mask(np_.role[-1]) & (b_comp | b_inst | b_title)) and not (W.mask(np_.role[-1]) & b_place):
            take_role(t, e)  # "مدير مركز تاريخ الطائف": an ordinary noun fills the construct, no name
            i += 1
            continue
        # an indefinite "nisba" right after a definite role is a name: "الروسي أندريه رودينكو"
        nisba_name = np_.name is None and bool(np_.role) and _nisba(t) and not has_article(t) \
            and has_article(np_.role[-1]) and toks[i - 1][2] == np_.role[-1] and not (mk & (b_role | b_rank)) \
            and strip_clitics(t) not in W.adj_bases and t[0] not in "وف" and t not in W.common \
            and t not in W.prep and t not in _PREP_PRONOUNS
        if (_name_like(t, W) or nisba_name or (in_name_run and not has_article(t) and not (mk & b_role)
                                               and not (mk & b_medium) and not t[:1].isdigit() and t not in W.prep)) \
                and not (np_.name is None and np_.role and _nisba(t) and not nisba_name):
            if post_role:
                prev = toks[i - 1][2]
                if not has_article(prev) and prev not in W.prep and np_.role and np_.role[-1] == prev \
                        and not prev[:1].isdigit():
                    take_role(t, e)  # "ورئيس لجنة متابعة أسعار ...": the complement of a role
                    i += 1
                    continue
                if t[0] == "و" and len(t) > 3 and np_.role:
                    take_role(t, e)  # "رئيس شركة ويندلابس ... ومقرها كانبيرا": more of the description
                    i += 1
                    continue
                if np_.name is not None and np_.name[0] == toks[i0][0] and name_n >= 2 and t[0] not in "وف":
                    # "توم إندريه الرئيس التنفيذي للشركة الموجود مقرها": the full name opened the
                    # phrase; a later unknown word is more of the description, not a new name
                    take_role(t, e)
                    i += 1
                    continue
                if np_.name is not None and prev not in _PUNCT_STOP and i - i0 < max_tokens - 1 \
                        and t[0] not in "وف":
                    # "وكيل أعمال اللاعب الدولي بواتينغ": the real name comes after the role
                    for k in range(i0, i):
                        if toks[k][0] >= np_.name[0] and toks[k][2] not in np_.role:
                            np_.role.append(toks[k][2])
                    np_.name = (s, e)
                    np_.end = e
                    name_n = 1
                    post_role = False
                    i += 1
                    continue
                break
            if np_.kind == "kin":
                take_role(t, e)  # "والدة آلاجوز": the name belongs to the role
                i += 1
                continue
            if np_.name is None:
                np_.name = (s, e)
                name_n = 1
            else:
                if name_n >= 6:
                    break
                if has_article(toks[i - 1][2]) and not has_article(t) and t not in _NAME_LINKS \
                        and toks[i - 1][2] not in _NAME_LINKS \
                        and (not _nisba(toks[i - 1][2]) or plain_word(t) or len(t) <= 3) \
                        and not (i - 2 >= i0 and toks[i - 2][2] in _NAME_LINKS):
                    # a name ends with its definite surname: "السيسي موقف مصر"; a family name
                    # like البقمي ends it before an ordinary or function word ("بما تم تقديمه")
                    break
                np_.name = (np_.name[0], e)
                name_n += t not in _NAME_LINKS
            np_.end = e
            i += 1
            continue
        # a role word (title, institution, construct noun, place, definite word, nisba)
        is_title = (mk & b_title) or (mk & b_inst) or (mk & b_kin) or (np_.name is not None and t in _ONE_OF)
        if np_.name is not None:
            if post_role:
                prev = toks[i - 1][2]
                if table and has_article(t) and plain_word(t) and not (mk & (b_title | b_rank | b_kin | b_comp)) \
                        and not _nisba(t) \
                        and strip_clitics(t) not in W.adj_bases and prev not in W.prep \
                        and ((W.mask(prev) & b_place) or (_name_like(prev, W) and not plain_word(prev))):
                    # "الأمير فيصل بن خالد أمير منطقة عسير الجهات ذات العلاقة": after the role's
                    # proper-noun complement, an ordinary definite noun is the verb's object
                    break
                take_role(t, e)
                i += 1
                continue
            if name_n == 1 and i == i0 + 1 and has_article(t) and plain_word(t) and not is_title \
                    and _full_name_at(toks, i + 1, W):
                # "منظم البرنامج عبدالله معدي أن": a one-word "name" with a plain definite
                # complement is an agent noun and its object; the personal name follows
                np_.name = None
                take_role(toks[i0][2], toks[i0][1])
                take_role(t, e)
                np_.head = np_.head or _head_key(toks[i0][2])
                np_.definite = True
                name_n = 0
                agent = True
                i += 1
                continue
            if has_article(t) and not is_title and not (mk & b_role) and not (mk & b_medium) \
                    and name_n < 6 and not (plain_word(t) and (name_n >= 2 or has_article(toks[i - 1][2]))):
                # (not an object after a full name: "استنكر حسن النعمي الحادث")
                np_.name = (np_.name[0], e)  # a surname with the article: عادل الجبير
                np_.end = e
                name_n += 1
                i += 1
                continue
            if (mk & b_place) and nxt and _name_like(nxt, W) and not post_role:
                # "مدير فنون أبها أحمد السروي": what looked like a name was part of the role
                for k in range(i0, i):
                    if toks[k][0] >= np_.name[0] and toks[k][2] not in np_.role:
                        np_.role.append(toks[k][2])
                np_.name = None
                take_role(t, e)
                i += 1
                continue
            if _nisba(t) and not has_article(t):
                take_role(t, e)  # "مختصون نفطيون", "مسؤول أمريكي"
                i += 1
                continue
            if is_title:
                post_role = True  # "كريس فيليرز المتحدث باسم بوينغ"
                if np_.head is None or any(W.is_(W.rank, r) and _head_key(r) == np_.head for r in np_.role):
                    np_.head = _head_key(t)  # "الأمير خليفة ... رئيس الوزراء": the office, not the rank
                take_role(t, e)
                i += 1
                continue
            break
        if np_.head is not None and np_.name is None and np_.role and has_article(t) and not (mk & (b_role | b_rank)) \
                and has_article(np_.role[-1]) and _nisba(np_.role[-1]) and not _nisba(t) \
                and strip_clitics(t) not in W.adj_bases and len(np_.role) > 2:
            break  # "دان مجلس الوزراء الكويتي التفجير": after the body's adjective comes its object
        if np_.head is None and np_.role and has_article(t) and not (mk & b_role) \
                and not _nisba(t) and not any(W.is_(W.rank, r) for r in np_.role[-1:]) and not open_slot \
                and not (t.startswith("الم") and len(t) > 5 and has_article(np_.role[-1])):
            break  # "كوريا الشمالية التدريبات": a proper phrase ends before a new noun
        if t[:1].isdigit():
            if np_.head is None or np_.name is not None:
                break  # "لقوى 14 آذار", "قناة 14 نيوز" keep their numbers
        elif has_article(t) and not t.startswith(("بال", "لل", "وال", "فال", "كال")) and len(np_.role) == 1 \
                and has_article(np_.role[0]) and (np_.kind == "inst" or np_.plural) \
                and not is_title and not _nisba(t) and strip_clitics(t) not in W.adj_bases \
                and not (mk & b_place) and not (mk & b_comp) and not _rank_ahead(toks, i, W):
            break  # "ودعت الجوازات الأشقاء": after a bare institution a new noun is its object
        if np_.head is None and is_title:
            np_.head = _head_key(t)
            # definite by the article or by a definite complement (وزير الخارجية، رئيس الوزراء)
            np_.definite = has_article(t) or (nxt != "" and has_article(nxt))
            if (mk & b_kin):
                np_.kind = "kin"
            elif (mk & b_inst) and not (mk & b_title):
                np_.kind = "inst"
            if base_form(t).endswith(("ون", "يين")) or base_form(t) in _PLURAL_HEADS:
                np_.plural = True
        # an indefinite noun of a role opens a slot for its complement: وزير [الخارجية]
        open_slot = not has_article(t) and not (mk & b_rank) and not t[:1].isdigit()
        take_role(t, e)
        i += 1
        # a statement or report names its issuer: بيان لوزارة ...، بيان صادر عن ...
        if np_.head in _STATEMENT_HEADS and len(np_.role) == 1 and i < n:
            if W.is_(W.issued, toks[i][2]):
                i += 1
                if i < n and toks[i][2] in ("عن", "من"):
                    i += 1
            if i < n and (toks[i][2] not in _PUNCT_STOP or toks[i][2] in _OPEN) \
                    and toks[i][2] not in COMPLEMENTIZERS:
                sub_toks = list(toks)
                nt = toks[i][2]
                if nt.startswith("ل") and not nt.startswith("ال") and len(nt) > 2:
                    s2, e2, _ = toks[i]
                    cut = 2 if nt.startswith("لل") else 1
                    sub_toks[i] = (s2 + cut, e2, ("ال" + nt[2:]) if cut == 2 else nt[1:])
                if sub_toks[i][2] not in W.prep and not _is_time_token(sub_toks, i, W):
                    issuer, j = parse_np(sub_toks, i, mention_at, max_tokens=10)
                    if not issuer.empty:
                        np_.issuer = issuer
                        np_.end = issuer.end
                        i = j
            break
    if R_NAME_TO_ROLE in np_.role:
        np_.role = [r for r in np_.role if r != R_NAME_TO_ROLE]
    if np_.head is not None and not np_.definite:
        np_.definite = any(has_article(r) for r in np_.role[1:4])  # "مدير عام السجون"
    if np_.kind == "role":
        if np_.name is not None:
            if not np_.role or all(W.is_(W.rank, r) for r in np_.role):
                np_.kind = "name"
            elif np_.head is None and any(W.is_(W.rank, r) for r in np_.role):
                np_.kind = "person"  # "شيخ التمور بالأحساء عبدالحميد الحليبي"
            elif np_.head is None:
                np_.kind = "whole"  # "واشنطن وسول", "كوريا الجنوبية والولايات المتحدة"
            elif any(W.is_(W.title, r) for r in np_.role):
                np_.kind = "person"
            else:
                np_.kind = "inst"
        elif np_.head is None and np_.role and not all(W.is_(W.rank, r) for r in np_.role):
            np_.kind = "whole"  # "الولايات المتحدة", "اليابان"
    if agent and np_.name is not None:
        np_.kind = "person"
    return np_, i


@dataclass
class Speaker:
    """A speaker as resolved: the phrase as written and the person or institution it means."""

    pos: int  # folded offset of the phrase (or of the cue when there is no phrase)
    text_span: tuple[int, int] | None  # folded span of the phrase as written
    name: str  # resolved name (original spelling)
    key: str
    gender: str
    plural: bool
    head: str | None
    role: tuple[str, ...]
    kind: str
    medium: str | None = None


@dataclass
class RoleEntry:
    pos: int
    head: str
    role: frozenset[str]
    name: str
    kind: str
    heads: frozenset[str] = frozenset()  # every title in the phrase: "برئاسة مدير عام السجون اللواء ..."


def _match_form(t: str) -> str:
    """A role word as compared between two phrases: without و، the article, ب or ل."""
    b = base_form(t)
    if b != t:
        return b
    for p in ("وال", "فال", "بال", "لل", "ال", "و", "ب", "ل"):
        if t.startswith(p) and len(t) - len(p) >= 3:
            return t[len(p):]
    return t


def _content(tokens_: Sequence[str]) -> frozenset[str]:
    W = words()
    out = set()
    for t in tokens_:
        if W.is_(W.rank, t):
            continue
        b = _match_form(t)
        if b in ("اسم",) or len(b) < 2:
            continue
        out.add(b)
    return frozenset(out)


_ROLE_HEAD_RE: re.Pattern[str] | None = None


def _role_head_re() -> re.Pattern[str]:
    global _ROLE_HEAD_RE
    if _ROLE_HEAD_RE is None:
        # a character trie matches what the flat alternation, longest word first, matched
        # (heads are single words, so at one position the longest that ends a word wins in
        # both) at a quarter of its cost
        alt = trie_regex(_role_heads(), spaces=False)
        _ROLE_HEAD_RE = re.compile(r"(?<![\w])(?:و|ف)?(?:ب|ل|بال|لل|ال|وال)?(?:" + alt + r")(?![\w])")
    return _ROLE_HEAD_RE


def _role_heads() -> list[str]:
    """The title, institution and rank words `_role_head_re` is built of, without the article."""
    W = words()
    heads = set()
    for w in W.title | W.inst | W.rank:
        if len(w) < 3:
            continue
        heads.add(w[2:] if w.startswith("ال") else w)
    return sorted(heads)


# every prefix `_role_head_re` allows before a head, for `WordScan`
_ROLE_HEAD_PREFIXES = tuple(c + p for c in ("", "و", "ف") for p in ("", "ب", "ل", "بال", "لل", "ال", "وال"))


@lru_cache(maxsize=1)
def _role_head_scan() -> WordScan:
    """`_role_head_re` as a `WordScan`: the role table of a whole article or of a stretch of
    one is read off every role word in it, and the regex, which opens with a lookbehind, was
    tried at every character."""
    heads = _role_heads()
    return WordScan(_role_head_re(), heads, [p + h for p in _ROLE_HEAD_PREFIXES for h in heads])


_HEAD_FORMS: dict[str, re.Pattern[str]] | None = None
_HEAD_WORDS: dict[str, tuple[str, ...]] = {}  # head key → its words, when all are plain words
_PLAIN_WORD = re.compile(r"\w+")
_PREFIX_MAX = 4  # the longest prefix the head patterns allow: و/ف and بال/لل/وال


def _head_matches(pattern: re.Pattern[str], head: str, f: str) -> Iterator[re.Match[str]]:
    """``pattern.finditer(f)`` for the pattern of one head, found from the occurrences of its
    words (`str.find` runs in C) instead of trying the regex at every position of the article.

    A match is a whole word — no word character before it, its prefix and head word letters,
    none after — so it starts where the word holding an occurrence of a head word starts, at
    most `_PREFIX_MAX` letters before the occurrence; the regex is tried at those starts only,
    in order.  Heads with a word that is not plain letters (ا.د) are scanned as before."""
    ws = _HEAD_WORDS.get(head)
    if ws is None:
        yield from pattern.finditer(f)
        return
    starts: set[int] = set()
    for w in ws:
        i = f.find(w)
        while i >= 0:
            q = i
            while q > 0 and (f[q - 1].isalnum() or f[q - 1] == "_") and i - q <= _PREFIX_MAX:
                q -= 1
            if i - q <= _PREFIX_MAX:
                starts.add(q)
            i = f.find(w, i + 1)
    last_end = 0
    match = pattern.match
    for q in sorted(starts):
        if q < last_end:
            continue
        m = match(f, q)
        if m is not None:
            last_end = m.end()
            yield m


def _head_forms() -> dict[str, re.Pattern[str]]:
    """Head key → a regex of the title, rank and institution words with that head."""
    global _HEAD_FORMS
    if _HEAD_FORMS is None:
        W = words()
        groups: dict[str, set[str]] = {}
        for w in W.title | W.inst | W.rank:
            base = w[2:] if w.startswith("ال") and len(w) > 4 else w
            groups.setdefault(_head_key(w), set()).add(base)
        _HEAD_FORMS = {
            h: re.compile(r"(?<![\w])(?:و|ف)?(?:ب|ل|بال|لل|ال|وال)?(?:"
                          + "|".join(re.escape(x) for x in sorted(ws, key=len, reverse=True)) + r")(?![\w])")
            for h, ws in groups.items()}
        _HEAD_WORDS.update({h: tuple(sorted(ws)) for h, ws in groups.items()
                            if all(_PLAIN_WORD.fullmatch(x) for x in ws)})
    return _HEAD_FORMS


class Resolver:
    """Per-article speaker resolution: the role table, the speaker history, the mentions."""

    def __init__(self, F: Folded, mentions: Sequence[Mention] = ()) -> None:
        self.F = F
        self.history: list[Speaker] = []
        self.pending: tuple[NounPhrase, object] | None = None  # a speaker read for a cue without words
        self._table: list[RoleEntry] | None = None
        self._fold_starts: list[int] | None = None
        self._by_head: dict[str, list[RoleEntry]] = {}
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._mention_starts: dict[int, Mention] = {}
        self._fold_mentions: dict[int, tuple[int, str]] | None = None
        for m in self.mentions:
            self._mention_starts.setdefault(m.start, m)

    # -- mentions -------------------------------------------------------------------------
    def mention_map(self, toks: Sequence[Tok]) -> dict[int, tuple[int, str]] | None:
        """Token index → (index after mention, type) for mentions starting on a token."""
        if not self._mention_starts:
            return None
        if self._fold_mentions is None:
            fm = self._fold_mentions = {}
            if self.F.folds_in_place:
                for m in self.mentions:
                    fm.setdefault(m.start, (m.end, m.type))
            else:
                fp = self.F.fold_pos
                for m in self.mentions:
                    fm.setdefault(fp(m.start), (fp(m.end), m.type))
        fm = self._fold_mentions
        out: dict[int, tuple[int, str]] = {}
        if not toks:
            return out
        if self._fold_starts is None:
            self._fold_starts = sorted(fm)
        starts = self._fold_starts
        lo = bisect.bisect_left(starts, toks[0][0])
        if lo >= len(starts) or starts[lo] > toks[-1][0] + 2:
            return out
        hi = bisect.bisect_right(starts, toks[-1][0] + 2)
        # only a token that starts at most two characters before a mention can hit one (the
        # tokens are searched by their starts in place: a list of the starts cost more)
        cand: set[int] = set()
        for ms in starts[lo:hi]:
            cand.update(range(bisect.bisect_left(toks, ms - 2, key=_tok_start),
                              bisect.bisect_right(toks, ms, key=_tok_start)))
        for i in sorted(cand):
            s = toks[i][0]
            hit = fm.get(s) or fm.get(s + 1) or fm.get(s + 2)  # a clitic before the mention: وبيسكوف
            if hit is None:
                continue
            fe, typ = hit
            j = i
            while j < len(toks) and toks[j][1] < fe:
                j += 1
            out[i] = (min(j + 1, len(toks)), typ)
        return out

    def mention_covering(self, ostart: int, oend: int) -> Mention | None:
        # a mention that starts before ostart - 2 never qualifies: skip those
        for m in self.mentions[bisect.bisect_left(self._starts, ostart - 2):]:
            if (m.start <= ostart < m.end or ostart <= m.start < oend) \
                    and m.start >= ostart - 2 and m.end <= oend + 2:
                return m
            if m.start > oend:
                break
        return None

    # -- role table -----------------------------------------------------------------------
    @property
    def table(self) -> list[RoleEntry]:
        """Every "role + name" phrase in the article (وزير الدفاع الروسي سيرغي شويغو), and every
        institution phrase (وكالة الأنباء الكورية), in text order.  Built on first use: most
        articles resolve their speakers without it."""
        if self._table is None:
            self._table = self.entries(0, len(self.F.f))
        return self._table

    def entries_for(self, head: str) -> list[RoleEntry]:
        """The role table restricted to phrases around one head word (المتحدث، وزير): what a
        lookup for that head needs, at a fraction of the whole table's cost."""
        if self._table is not None:
            return self._table
        hit = self._by_head.get(head)
        if hit is None:
            forms = _head_forms().get(head)
            hit = self.entries(0, len(self.F.f), forms, head) if forms else []
            self._by_head[head] = hit
        return hit

    def entries(self, start: int, end: int, pattern: re.Pattern[str] | None = None,
                head: str | None = None) -> list[RoleEntry]:
        """The role table of the text between ``start`` and ``end`` (see `table`); with a
        ``pattern`` (of ``head``, over the whole text), of the phrases it finds."""
        out: list[RoleEntry] = []
        f = self.F.f
        last_end = -1
        W = words()
        if pattern is None:
            found: Iterator[re.Match[str]] = _role_head_scan().finditer(self.F, start, end)
        elif head is not None and start == 0 and end == len(f):
            found = _head_matches(pattern, head, f)
        else:
            found = pattern.finditer(f, start, end)
        for m in found:
            if m.start() < last_end:
                continue
            if _AFFAIRS.search(f, max(0, m.start() - 14), m.start()):
                continue  # "التدخل في الشؤون الداخلية لدول أخرى": internal affairs, not the ministry
            toks = self.F.tokens(m.start(), min(len(f), m.start() + 160))
            if toks and toks[0][2][:1] in "لب" and not toks[0][2].startswith(("ال", "لل", "بال")) \
                    and base_form(toks[0][2]) != toks[0][2]:
                s0, e0, t0 = toks[0]
                toks[0] = (s0 + 1, e0, t0[1:])
            elif toks and toks[0][2].startswith(("لل", "بال")):
                s0, e0, t0 = toks[0]
                toks[0] = (s0 + 1, e0, "ال" + t0[2:] if t0.startswith("لل") else t0[1:])
            np_, _ = parse_np(toks, 0, None, table=True)
            if np_.empty:
                continue
            last_end = np_.end
            if np_.plural or (np_.head in _INDEFINITE_HEADS and not np_.definite):
                continue
            if np_.name is not None and plain_word(self.F.f[np_.name[0]:np_.name[1]].split()[0]):
                continue  # "وزارة الخدمة المدنية أجرت مفاضلة": the role's verb, not its name
            if np_.name is not None and np_.kind in ("person", "inst", "name"):
                heads = frozenset(_head_key(r) for r in np_.role if W.is_(W.title, r))
                out.append(RoleEntry(np_.start, np_.head or "", _content(np_.role), self.text(np_.name),
                                     "person" if np_.kind != "inst" or heads else "inst", heads))
            elif np_.kind == "inst" and np_.name is None and len(_content(np_.role)) >= 2:
                out.append(RoleEntry(np_.start, np_.head or "", _content(np_.role),
                                     self.text((np_.start, np_.end)), "inst"))
            elif np_.head is not None and np_.name is None and (np_.definite or len(np_.role) >= 2):
                nb = self._name_before(np_.start) if np_.definite else None
                if nb is not None:
                    # "آندي كار الرئيس التنفيذي للشركة": the name stands before its role
                    heads = frozenset(_head_key(r) for r in np_.role if W.is_(W.title, r))
                    out.append(RoleEntry(nb[0], np_.head, _content(np_.role), self.text(nb), "person", heads))
                else:
                    out.append(RoleEntry(np_.start, np_.head, _content(np_.role),
                                         self.text((np_.start, np_.end)), "role"))
        return out

    def _name_before(self, pos: int) -> tuple[int, int] | None:
        """A personal name written right before a role ("عبدالله نايف المريبض المتحدث ..."):
        two to five name words, the last of them possibly a definite surname."""
        W = words()
        f = self.F.f
        if pos < 2 or f[pos - 1] != " " or not f[pos - 2].isalpha():
            return None
        last = f[max(0, pos - 30):pos - 1].rsplit(" ", 1)[-1]
        if not (_name_like(last, W) or (has_article(last) and not W.is_(W.role_any, last))):
            return None  # most roles follow a verb, a preposition or a comma: no name to read back
        toks = self.F.tokens(max(0, pos - 60), pos)
        if not toks or toks[-1][1] < pos - 1:
            return None
        k = len(toks) - 1
        taken = []
        if has_article(toks[k][2]) and not W.is_(W.role_any, toks[k][2]) and not W.is_(W.time, toks[k][2]) \
                and not plain_word(toks[k][2]) and toks[k][2] not in W.stop:
            taken.append(k)
            k -= 1
        while k >= 0 and len(taken) < 5:
            t = toks[k][2]
            if has_article(t) and k > 0 and toks[k - 1][2] in ("عبد", "ابو", "ابي"):
                taken += [k, k - 1]  # "عبد الله"
                k -= 2
                continue
            if not _name_like(t, W) or plain_word(t) or is_cue(t) or t in _VERB_PARTICLES \
                    or (t[0] in "وف" and t not in _NAME_LINKS and len(t) > 3 and (t[1:] in W.known or t[1] in "يتن")):
                break
            taken.append(k)
            k -= 1
        plain = [i for i in taken if not has_article(toks[i][2])]
        if len(taken) < 2 or len(plain) < 1 or toks[taken[-1]][2] in _NAME_LINKS:
            return None
        if k >= 0 and toks[k][2] in _NAME_LINKS:
            return None
        return toks[taken[-1]][0], toks[taken[0]][1]

    def text(self, span: tuple[int, int]) -> str:
        s, e = span
        raw = self.F.text[self.F.orig(s):self.F.orig_end(e)]
        return _strip_lead(raw)

    # -- resolution -----------------------------------------------------------------------
    def resolve(self, np_: NounPhrase, pos: int, gender: str, plural: bool) -> Speaker:
        """The person or institution a speaker phrase means."""
        W = words()
        span = (np_.start, np_.end)
        role = tuple(np_.role)
        if np_.issuer is not None and np_.issuer.kind == "whole" and 1 <= len(np_.issuer.role) <= 2 \
                and np_.issuer.name is None and all(plain_word(t) or _nisba(t) or (t.endswith("ه") and plain_word(t[:-1]))
                        for t in np_.issuer.role):
            name = self.text(span)  # "تقرير حديث": an adjective, not the issuer
            return Speaker(pos, span, name, self._key(name, span), gender, plural, np_.head, role, "name")
        if np_.issuer is not None:
            sub = self.resolve(np_.issuer, pos, gender, plural)
            return Speaker(pos, span, sub.name, sub.key, gender, sub.plural, sub.head, sub.role, sub.kind)
        if np_.kind == "whole" or (np_.plural and np_.name is None and not np_.definite) \
                or (np_.head in _INDEFINITE_HEADS and not np_.definite):
            name = self.text(span)
            return Speaker(pos, span, name, self._key(name, span), gender, plural or np_.plural, np_.head,
                           role, "name")
        if np_.name is not None and np_.kind != "kin":
            name = self.text(np_.name)
            name = self._expand(name, pos)
            return Speaker(pos, span, name, self._key(name, np_.name), gender, plural, np_.head, role, np_.kind)
        if np_.head in _STATEMENT_HEADS:
            # "وأفاد البيان": the issuer of the last statement, else the last institution
            for sp in reversed(self.history):
                if sp.kind == "inst" or (sp.medium and "بيان" in fold(sp.medium)):
                    return Speaker(pos, span, sp.name, sp.key, gender, sp.plural, np_.head, role, sp.kind)
            for e in reversed(self.table):
                if e.pos < pos and e.kind == "inst" and e.head not in _STATEMENT_HEADS:
                    return Speaker(pos, span, e.name, self._key(e.name), gender, plural, np_.head, role, "inst")
        if np_.definite and np_.name is None and np_.head in _SOURCE_HEADS and len(role) == 1 \
                and has_article(role[0]):
            # "وقال المصدر" after "أفاد مصدر في وزارة الحج": the source the article introduced
            desc = self._earlier_description(role[0], np_.head, pos)
            if desc is not None:
                return Speaker(pos, span, desc, self._key(desc), gender, plural or np_.plural, np_.head,
                               role, "name")
        content = _content(role)
        specific_inst = np_.kind == "inst" and len(content) >= 2 and has_article(role[0]) if role else False
        if np_.definite and np_.head is not None and np_.kind != "kin" and not specific_inst:
            hit = self._lookup(np_.head, content, pos, np_.kind)
            if hit is None and np_.kind in ("inst", "whole") and content:
                hit = self._containing(content, pos)
            if hit is not None:
                return Speaker(pos, span, hit.name, self._key(hit.name), gender, plural or np_.plural,
                               np_.head, role, hit.kind)
        elif np_.kind == "whole" and content and np_.definite is False and has_article(np_.role[0] if np_.role else ""):
            hit = self._containing(content, pos)
            if hit is not None:
                return Speaker(pos, span, hit.name, self._key(hit.name), gender, plural, np_.head, role, hit.kind)
        if np_.definite and np_.name is None and np_.head in _GENERIC_HEADS and not np_.plural:
            # "ولفت المسؤول اليمني": the official the article has been quoting
            sp = self.last(pos, gender, False, within=2000)
            if sp is not None and sp.kind in ("person", "name") and sp.name:
                return Speaker(pos, span, sp.name, sp.key, gender, False, np_.head, role, "person")
        name = self.text(span)
        kind = np_.kind if np_.kind != "role" else ("inst" if np_.head and W.is_(W.inst, np_.head) else "role")
        return Speaker(pos, span, name, self._key(name), gender, plural or np_.plural, np_.head, role, kind)

    def _lookup(self, head: str, content: frozenset[str], pos: int, kind: str) -> RoleEntry | Speaker | None:
        """The nearest earlier phrase with the same head whose role words include ours; then a
        later one in the next few sentences; then, for a bare head (الوزير), the last one."""
        mods = {c for c in content if c != head and _HEAD_FAMILIES.get(c, c) != head}
        cands: list[tuple[int, RoleEntry | Speaker, frozenset[str]]] = []
        for sp in self.history:
            if sp.head == head and sp.pos < pos:
                cands.append((sp.pos, sp, _content(sp.role)))
        for e in self.entries_for(head):
            if (e.head == head or head in e.heads) and e.name:
                cands.append((e.pos, e, e.role))
        before = sorted((c for c in cands if c[0] < pos), key=lambda c: -c[0])
        after = sorted((c for c in cands if pos < c[0] < pos + 600), key=lambda c: c[0])

        def fits(c: tuple[int, RoleEntry | Speaker, frozenset[str]]) -> bool:
            if fold(c[1].name).split() == [f"ال{head}"] or (len(c[2]) <= 1 and not isinstance(c[1], Speaker) \
                    and c[1].kind != "person"):
                return False  # a bare "الحكومة" says no more than the phrase being resolved
            has_nisba = any(_nisba("ال" + x) for x in c[2])
            named = c[1].kind in ("person", "inst", "name")  # "الوكالة الأمريكية" → "ستاندرد آند بورز"
            return all(m in c[2] or any(m[:4] == x[:4] for x in c[2])
                       or (named and _nisba("ال" + m) and not has_nisba) for m in mods)

        for group in (before, after):
            for c in group:
                if fits(c) and _resolved(c[1]):
                    return c[1]
        if not mods:
            for c in before:
                if _resolved(c[1]):
                    return c[1]
        return None

    def _earlier_description(self, tok: str, head: str, pos: int) -> str | None:
        """The indefinite phrase an anonymous source was introduced by ("مصدر في الشرطة",
        "مصادر مطلعة"), for a later bare "المصدر" / "المصادر": the last speaker heard with that
        head, else the last such phrase in the text before ``pos``."""
        bare = tok[2:] if tok.startswith("ال") else tok
        for p in ("وال", "فال", "بال", "لل"):
            if tok.startswith(p):
                bare = tok[len(p):]
        if len(bare) < 3:
            return None
        for sp in reversed(self.history):
            if sp.pos < pos and sp.head == head and sp.kind == "name" and fold(sp.name).split()[:1] == [bare]:
                return sp.name
        f = self.F.f
        lo = max(0, pos - 3000)
        hit = -1
        i = f.find(bare, lo, pos)
        while i >= 0:
            j = i + len(bare)
            pre = f[max(0, i - 1):i]
            if (j >= len(f) or not f[j].isalnum()) and (i == 0 or not pre.isalnum()
                                                        or (pre in "وفب" and (i < 2 or not f[i - 2].isalnum()))):
                hit = i
            i = f.find(bare, i + 1, pos)
        if hit < 0:
            return None
        toks = self.F.tokens(hit, min(len(f), hit + 120))
        np_, _ = parse_np(toks, 0, None)
        if np_.empty or np_.head != head or np_.name is not None or len(np_.role) < 2:
            return None
        return self.text((np_.start, np_.end))

    def _containing(self, content: frozenset[str], pos: int) -> RoleEntry | None:
        """An earlier institution whose full name holds all our words: "الجوازات" → "المديرية
        العامة للجوازات", "الخارجية" → "وزارة الخارجية الأمريكية"."""
        f = self.F.f
        if self._table is None and any(f.find(c, 0, max(0, pos)) < 0 for c in content):
            return None  # a word of ours never occurs earlier: no earlier name can hold it (cheap)
        for e in reversed(self.table):
            if e.pos < pos and e.kind == "inst" and content <= e.role and len(e.role) > len(content):
                return e
        return None

    def _expand(self, name: str, pos: int) -> str:
        """A one-word name (كيم، بيسكوف) read as the fuller name the article gave earlier:
        the first earlier mention of the word with name words around it."""
        if " " in name.strip():
            return name
        k = fold(name)
        if len(k) < 2:
            return name
        for sp in self.history:
            parts = fold(sp.name).split()
            if sp.kind in ("person", "name") and len(parts) > 1 and k in parts:
                return sp.name
        f = self.F.f
        W = words()
        ms = _first_word_at(f, k, max(0, pos))
        if ms >= 0:
            me = ms + len(k)
            before = self.F.tokens(max(0, ms - 60), ms)[-4:]
            after = self.F.tokens(me, min(len(f), me + 40))[:2]
            s, e = ms, me
            for b in range(len(before) - 1, -1, -1):
                ts, _, t = before[b]
                prev_t = before[b - 1][2] if b > 0 else ""
                if has_article(t) and prev_t in ("عبد", "ابو", "ابي"):
                    s = ts  # "عبد الله الربيعة"
                    continue
                if not _name_like(t, W) or W.is_(W.rank, t) or prev_t in _VERB_PARTICLES \
                        or (t[0] in "وف" and t not in _NAME_LINKS and len(t) > 3
                            and (t[1:] in W.known or t[1] in "يتن")):
                    break  # "وقد أجرى إقليدس تساكالوتوس": a verb is no part of the name
                if t in ("وقد", "فقد", "لقد", "قد"):
                    break
                s = ts
            for _, te, t in ([] if has_article(k) else after):  # a definite surname ends a name
                if not (_name_like(t, W) or (has_article(t) and not W.is_(W.role_any, t)
                                             and not W.is_(W.time, t))) \
                        or (t[0] in "وفبل" and len(t) > 3 and t not in _NAME_LINKS and not has_article(t[1:])
                            and (t[1:] in W.known or t[2:] in W.known or W.is_(W.role_any, t[1:]))):
                    break
                e = te
            if (s, e) != (ms, me):
                return self.text((s, e))
        return name

    def _key(self, name: str, span: tuple[int, int] | None = None) -> str:
        if span is not None and self.mentions:
            m = self.mention_covering(self.F.orig(span[0]), self.F.orig_end(span[1]))
            if m is not None and m.key:
                return m.key
        return name_key(name)

    def last(self, pos: int, gender: str | None, plural: bool | None, within: int = 4000) -> Speaker | None:
        """The most recent speaker before ``pos`` agreeing with a continuation's verb."""
        best = None
        for sp in reversed(self.history):
            if sp.pos >= pos or pos - sp.pos > within:
                continue
            if best is None:
                best = sp
            if (gender is None or sp.gender == gender) and (plural is None or sp.plural == plural or not plural):
                return sp
        return best


def _is_word_char(c: str) -> bool:
    """What ``\\w`` matches (Unicode alphanumerics and the underscore)."""
    return c.isalnum() or c == "_"


def _first_word_at(f: str, w: str, end: int) -> int:
    """Where ``w`` first occurs in ``f[:end]`` as a whole word (``(?<!\\w)w(?!\\w)`` with
    ``end`` as the end of the text), or -1: what a regex compiled per name found, without
    compiling one per name."""
    n = len(w)
    i = f.find(w, 0, end)
    while i >= 0:
        j = i + n
        if (i == 0 or not _is_word_char(f[i - 1])) and (j >= end or not _is_word_char(f[j])):
            return i
        i = f.find(w, i + 1, end)
    return -1


def _resolved(x: RoleEntry | Speaker) -> bool:
    return bool(x.name) and x.kind in ("person", "inst", "name")


# what ``re.sub(r"^[\s،,:«»\"“”(]+|[\s،,:«»\"“”)]+$", "", raw)`` strips, as `str.strip`
# characters (``\s`` is every character that `str.isspace` accepts, listed in `_SPACES`; a
# test checks the list): the regex tried its second branch at every space of the phrase
_SPACES = "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) \
    + "\u2028\u2029\u202f\u205f\u3000"
_LEAD_CHARS = _SPACES + "،,:«»\"“”("
_TRAIL_CHARS = _SPACES + "،,:«»\"“”)"


def _strip_lead(raw: str) -> str:
    """A phrase as written, without surrounding punctuation."""
    return raw.lstrip(_LEAD_CHARS).rstrip(_TRAIL_CHARS)
