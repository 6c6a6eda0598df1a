"""Text plumbing shared by the quote and event finders: a folded copy, paragraphs, sentences,
quotation-mark regions.

Both finders match their lexicons against a *folded* copy of the article (alef forms, ة→ه,
ؤ→و, ئ→ي; diacritics and tatweel dropped) so that أكّد, أكد and اكد are one word.  ى is kept
apart from ي on purpose: the preposition على must not meet the name علي.  The
stored text is never changed (DESIGN.md): `Folded.orig` maps a folded offset back to the
original, so every span we report points into the article as written.

Why not `marsad.arabic.normalize.search_key`: it also collapses spaces and rewrites
punctuation (« → ", … → ...), and the quote finder needs to see which quotation mark opened a
quote.  Why not `marsad.arabic.sentences`: it costs about as much as quotes and events together
are allowed (2 ms per article, issue 7); the splitter here is a few regexes over the folded text
and agrees with it on the cases quotes care about (no split inside a closed quotation, none
after a one-letter abbreviation such as د. or م.).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

_DROP = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640"]
_DROP += [chr(c) for c in range(0x200B, 0x2010)] + ["\u202a", "\u202b", "\u202c", "\u202d",
                                                       "\u202e", "\ufeff", "\u061c"]
_FOLD_TABLE = {ord(c): None for c in _DROP}
_FOLD_TABLE.update({ord(a): b for a, b in {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ؤ": "و", "ئ": "ي",
    "ی": "ي", "ک": "ك", "ھ": "ه",
    "٠": "0", "١": "1", "٢": "2", "٣": "3", "٤": "4", "٥": "5", "٦": "6", "٧": "7", "٨": "8",
    "٩": "9",
}.items()})
_DROPPED = re.compile("[" + "".join(_DROP) + "]")
# str.translate is about twice as fast with a list indexed by code point than with a dict
_FOLD_LIST: list[int | str | None] = list(range(0x10000))
for _k, _v in _FOLD_TABLE.items():
    _FOLD_LIST[_k] = _v


def fold(text: str) -> str:
    """The folded form of a word or phrase (used for lexicon entries and tokens)."""
    return text.translate(_FOLD_LIST)


# (character, replacement) for every folded character; no replacement is itself folded, so
# applying them one after the other equals one translate.
_FOLD_PAIRS = tuple((chr(k), v or "") for k, v in _FOLD_TABLE.items())


def fold_text(text: str) -> str:
    """`fold` for a whole article: `str.translate` looks every character up in Python, while a
    `str.replace` per folded character that occurs scans in C — about five times faster on an
    article, where most of those characters never occur."""
    for a, b in _FOLD_PAIRS:
        if a in text:
            text = text.replace(a, b)
    return text


@lru_cache(maxsize=4)
def folded(text: str) -> Folded:
    """The `Folded` view of an article, shared by the quote and event finders (the analyze
    stage calls both on the same body)."""
    return Folded(text)


# Quotation marks: openers and the closers that end them.  ASCII " and the scraped ″ or '' are
# symmetric: they toggle.
OPENERS = {"«": "»", "“": "”", "„": "”", "‹": "›", "{": "»"}
CLOSERS = {"»", "”", "›"}
SYMMETRIC = {'"', "″"}
QUOTE_CHARS = set(OPENERS) | CLOSERS | SYMMETRIC
# Both regexes open with a character class so that `re` can skip ahead to a candidate
# character in C instead of trying the pattern at every position (a lookbehind or an
# alternation first defeats that):
# _MARK is ``[«»“”„‹›"″]|''`` — a mark, or two apostrophes;
_MARK = re.compile(r"[«»“”„‹›\"″'](?:(?<=[^'])|(?<=')')")
# _SENT_END is ``(?<![.])[.!?؟]+(?=[\s"»”’')\]]|$)|\n`` — a run of end marks not after a
# period, before a space, a closing mark or the end; or a newline.
_SENT_END = re.compile(r"[.!?؟\n](?:(?<=\n)|(?<!\.[.!?؟])[.!?؟]*(?=[\s\"»”’')\]]|$))")
_ONE_LETTER_BEFORE = re.compile(r"(?:^|[\s(])\w$")


@dataclass(frozen=True)
class Region:
    """A direct-quotation region: ``open`` and ``close`` are the indexes of the marks
    (``close`` is the paragraph end when the quotation is never closed)."""

    open: int
    close: int
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        return self.open + 1, self.close


def _closer_like(f: str, pos: int, ps: int, pe: int) -> bool:
    """A straight mark written as a closer: after a word, before a space or punctuation."""
    return pos > ps and not f[pos - 1].isspace() and f[pos - 1] not in ":(" \
        and (pos + 1 >= pe or f[pos + 1].isspace() or f[pos + 1] in ".،,؛;")


def _after_cue(f: str, pos: int) -> bool:
    """A mark glued to a speech verb ('وقال" تلقينا ...') opens, however it is spaced."""
    from marsad.analyze.quote_lexicon import lexicon

    m = re.search(r"(\w+)$", f[max(0, pos - 12):pos])
    return m is not None and (lexicon().form(m.group(1)) is not None or lexicon().form(m.group(1)[1:]) is not None)


def _opener_like(f: str, pos: int, ps: int, pe: int) -> bool:
    """A straight mark written as an opener: after a space, before a word."""
    return (pos == ps or f[pos - 1].isspace() or f[pos - 1] in ":(") \
        and pos + 1 < pe and not f[pos + 1].isspace() and f[pos + 1] not in ".،,؛;"


class Folded:
    """An article as the finders see it: folded text plus what is derived from it once."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.f = fold_text(text)
        if len(self.f) == len(text):  # folding maps one character to one unless it drops it
            self._gaps: list[int] = []
        else:
            removed = [m.start() for m in _DROPPED.finditer(text)]
            # folded index at which each removed character would have been
            self._gaps = [r - i for i, r in enumerate(removed)]
            self._removed = removed

    @property
    def folds_in_place(self) -> bool:
        """Whether folded and original offsets are the same (no character was dropped)."""
        return not self._gaps

    def orig(self, i: int) -> int:
        """The original offset of folded offset ``i`` (an end offset maps like a start)."""
        if not self._gaps:
            return i
        return i + bisect.bisect_right(self._gaps, i)

    def orig_end(self, i: int) -> int:
        """The original offset just after folded offset ``i - 1`` (for span ends)."""
        if not self._gaps or i == 0:
            return i
        return self.orig(i - 1) + 1

    @cached_property
    def paragraphs(self) -> list[tuple[int, int]]:
        out = []
        start = 0
        f = self.f
        n = len(f)
        while start <= n:
            end = f.find("\n", start)
            if end < 0:
                end = n
            out.append((start, end))
            start = end + 1
        return out

    @cached_property
    def _para_starts(self) -> list[int]:
        return [s for s, _ in self.paragraphs]

    def paragraph(self, i: int) -> tuple[int, int]:
        k = bisect.bisect_right(self._para_starts, i) - 1
        return self.paragraphs[max(k, 0)]

    @cached_property
    def regions(self) -> list[Region]:
        """Direct-quotation regions, paired within each paragraph.

        « » and “ ” nest; " toggles.  An opener never closed in its paragraph makes an
        unclosed region to the paragraph end (scraped pages drop closing marks), but only the
        outermost one: a stray « inside «...» does not open a second region.
        """
        f = self.f
        out: list[Region] = []
        # the marks of the whole text, found in one search and dealt out to the paragraphs (a
        # search per paragraph finds the same: no mark spans the newline between two)
        marks = [(m.start(), m.group()) for m in _MARK.finditer(f)]
        n_marks = len(marks)
        k_mark = 0
        for ps, pe in self.paragraphs:
            if k_mark == n_marks:
                break
            if marks[k_mark][0] >= pe:
                continue
            j = k_mark
            while j < n_marks and marks[j][0] < pe:
                j += 1
            seg_marks = marks[k_mark:j]
            k_mark = j
            if pe - ps < 2:
                continue
            open_at: int | None = None
            open_ch = ""
            depth = 0
            skip_to = -1
            for k, (pos, ch) in enumerate(seg_marks):
                if pos <= skip_to:
                    continue
                nxt_mark = seg_marks[k + 1] if k + 1 < len(seg_marks) else None
                if open_at is None:
                    if ch == '"' and _closer_like(f, pos, ps, pe) and not (
                            nxt_mark is not None and nxt_mark[1] == '"' and _closer_like(f, nxt_mark[0], ps, pe)
                            and not _opener_like(f, nxt_mark[0], ps, pe) and _after_cue(f, pos)):
                        continue  # 'قانونية". وأضاف': a closing mark whose opener was lost
                    if ch in OPENERS or ch in SYMMETRIC or ch == "''":
                        # for the two-character '' the region opens at its second mark
                        open_at, open_ch, depth = pos + len(ch) - 1, ch, 1
                    continue
                if open_ch in OPENERS:
                    if ch == open_ch and f[pos + 1:pos + 2].isspace() and f[pos - 1:pos].isspace() \
                            and pos > 0 and f[pos - 2:pos - 1].isalnum():
                        ch = OPENERS[open_ch]  # "«كليبر «": a closing mark typed the wrong way
                    if ch == open_ch:
                        depth += 1
                    elif ch in CLOSERS or (ch in SYMMETRIC and open_ch == "{"):
                        depth -= 1
                        if depth == 0:
                            out.append(Region(open_at, pos, True))
                            open_at = None
                    elif ch == "“" and open_ch == "“":
                        depth += 1
                else:  # symmetric marks close on the same mark
                    if ch == '"' and open_ch == '"' and _opener_like(f, pos, ps, pe) \
                            and not _closer_like(f, pos, ps, pe):
                        if nxt_mark is not None and nxt_mark[1] == '"' and _closer_like(f, nxt_mark[0], ps, pe) \
                                and f.count(" ", pos, nxt_mark[0]) <= 3 and ". " not in f[open_at:pos]:
                            skip_to = nxt_mark[0]  # a short name quoted inside a quotation: 'في سجن "نفحة"'
                            continue
                        open_at = pos  # 'محمد "من المفترض ... قائلا "يجب': the first was never closed
                        continue
                    if ch == open_ch or (open_ch == '"' and ch in {"”", "“"}):
                        out.append(Region(open_at, pos, True))
                        open_at = None
            if open_at is not None:
                out.append(Region(open_at, pe, False))
        return out

    @cached_property
    def _closed_regions(self) -> list[Region]:
        return [r for r in self.regions if r.closed]

    @cached_property
    def _region_opens(self) -> list[int]:
        return [r.open for r in self.regions]

    def region_at_open(self, i: int) -> Region | None:
        """The region whose opening mark is at ``i``."""
        k = bisect.bisect_left(self._region_opens, i)
        if k < len(self.regions) and self.regions[k].open == i:
            return self.regions[k]
        return None

    def inside_closed(self, i: int) -> Region | None:
        """The closed region strictly containing ``i`` (None when ``i`` is outside quotes)."""
        k = bisect.bisect_right(self._region_opens, i) - 1
        while k >= 0:
            r = self.regions[k]
            if r.open < i < r.close and r.closed:
                return r
            if r.close < i:
                return None
            k -= 1
        return None

    def scan_starts(self, bit: int) -> list[int]:
        """The offsets at which the `WordScan` with ``bit`` may match, ascending (see
        `scan_hits`): one pass over the article serves every scan, and is made again only when
        a scan was built after it."""
        hits = self.__dict__.get("_scan_hits")
        if hits is None or hits[0] != _SCAN_COUNT[0]:
            hits = (_SCAN_COUNT[0], scan_hits(self.f), {})
            self.__dict__["_scan_hits"] = hits
        by_bit = hits[2]
        out = by_bit.get(bit)
        if out is None:
            out = by_bit[bit] = [q for q, bits in hits[1] if bits & bit]
        return out

    @cached_property
    def sentence_ends(self) -> list[int]:
        """Offsets just after each sentence end (exclusive), ascending, ending with len(f)."""
        f = self.f
        ends = []
        for m in _SENT_END.finditer(f):
            i = m.start()
            if m.group() != "\n":
                if f[i] == "." and _ONE_LETTER_BEFORE.search(f, max(0, i - 3), i):
                    continue
                if f[i] == "." and i + 1 < len(f) and f[i + 1:i + 2].isdigit():
                    continue
                if self.inside_closed(i) is not None:
                    continue
                end = m.end()
                while end < len(f) and f[end] in "\"»”’')]":
                    end += 1
                ends.append(end)
            else:
                ends.append(i)
        if not ends or ends[-1] != len(f):
            ends.append(len(f))
        return ends

    def sentence(self, i: int, ends: list[int] | None = None) -> tuple[int, int]:
        """The folded span of the sentence holding offset ``i`` (spaces trimmed), cut at
        ``ends`` when given (other sentence ends), else at `sentence_ends`."""
        if ends is None:
            ends = self.sentence_ends
        k = bisect.bisect_right(ends, i)
        start = ends[k - 1] if k > 0 else 0
        end = ends[k] if k < len(ends) else len(self.f)
        f = self.f
        while start < end and f[start] in " \t\n\r\u00a0":
            start += 1
        while end > start and f[end - 1] in " \t\n\r\u00a0":
            end -= 1
        return start, end

    def tokens(self, start: int, end: int) -> list[tuple[int, int, str]]:
        """Tokens of the folded text between ``start`` and ``end``: words and single marks."""
        return tokens(self.f, start, end)

    def words(self, start: int, end: int) -> list[str]:
        """The token strings between ``start`` and ``end`` (no offsets: several times cheaper
        than `tokens` when only the words matter)."""
        return _chunk_words(self.f[start:end].split(" "))

    def words_before(self, start: int, end: int, n: int) -> list[str]:
        """``words(start, end)[-n:]``, from the last ``n`` whitespace-separated chunks alone
        (each holds one token or more)."""
        return _chunk_words(self.f[start:end].rsplit(None, n)[-n:])[-n:] if n > 0 else []

    def words_after(self, start: int, end: int, n: int) -> list[str]:
        """``words(start, end)[:n]``, from the first ``n`` whitespace-separated chunks alone."""
        return _chunk_words(self.f[start:end].split(None, n)[:n])[:n] if n > 0 else []

    def fold_pos(self, o: int) -> int:
        """The folded offset of original offset ``o`` (the inverse of `orig`)."""
        if not self._gaps:
            return o
        return o - bisect.bisect_left(self._removed, o)

    def sentences(self) -> list[tuple[int, int]]:
        out = []
        prev = 0
        f = self.f
        for e in self.sentence_ends:
            s = prev
            while s < e and f[s].isspace():
                s += 1
            t = e
            while t > s and f[t - 1].isspace():
                t -= 1
            if t > s:
                out.append((s, t))
            prev = e
        return out


def trie_regex(words: list[str], spaces: bool = True) -> str:
    """A regex alternation of literal words built as a character trie: Python's ``re`` tries a
    flat alternation of hundreds of words one by one at every position, a trie only walks the
    common prefixes.  Longer words win (an optional tail is greedy)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = True

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    out = build(trie)
    return out.replace(re.escape(" "), r"\s+").replace(" ", r"\s+") if spaces else out


_TOKEN = re.compile(r"\w+(?:[-.]\w+)*|''|[^\w\s]")

_WORD_START = "(?<![\\w])"
_WORD_CHAR = re.compile(r"\w")
_LEAD_RUN = re.compile(r"\w+")
# Characters replaced by a space (`str.replace`, a C scan each) before an article is split into
# its runs of word characters: the marks that stand between words in most articles, and the
# whitespace other than the space, so that a run can be found again as " run ".  Any other
# character that is not a word character sends the split through `_NOT_WORD` (a regex over
# every character, several times slower; one article in twelve).
_COMMON_MARKS = "،.,:؛\"«»()-/؟!'“”[]%*–\n\t\r\u00a0"
_NOT_WORD = re.compile(r"[^\w\s]")
assert not any(_WORD_CHAR.match(c) for c in _COMMON_MARKS)

# The first runs of word characters of every lexicon entry (with each prefix its pattern
# allows) of every `WordScan`, each mapped to the bits of the scans that list it: one lookup
# per word of an article tells where any of the scans may match (`Folded.scan_starts`).
_SCAN_KEYS: dict[str, int] = {}
_SCAN_KEY_SET: list[frozenset[str]] = [frozenset()]  # the keys, for the lookups (a set is faster)
_SCAN_COUNT = [0]


def word_runs(f: str) -> tuple[str, list[str], bool]:
    """``f`` with every character that is neither a word character nor whitespace replaced by
    a space (offsets unchanged), its runs of word characters (``re.findall(r"\\w+", f)``), and
    whether every whitespace character left in it is a space.  Done by `str.replace` and
    `str.split`, which run in C over the whole text."""
    g = f
    for c in _COMMON_MARKS:
        if c in g:
            g = g.replace(c, " ")
    runs = g.split()
    joined = "".join(runs)
    # str.isalnum is \w without the underscore: when the runs joined are alphanumeric, every
    # character left between them is whitespace (an underscore, or a rarer mark, is rare)
    if joined.isalnum():
        return g, runs, len(g) - g.count(" ") == len(joined)
    g = _NOT_WORD.sub(" ", f)
    return g, g.split(), False


def scan_hits(f: str) -> list[tuple[int, int]]:
    """``(offset, bits)`` for every run of word characters of ``f`` that is a key of
    `_SCAN_KEYS`, in text order: where one of the registered `WordScan` patterns may match."""
    g, runs, spaces = word_runs(f)
    keys = _SCAN_KEYS
    out: list[tuple[int, int]] = []
    append = out.append
    pos = 0
    hits = filter(_SCAN_KEY_SET[0].__contains__, runs)  # a C loop over the runs
    # the next occurrence of a hit that is a whole run is the hit: the runs between the last
    # hit and this one are not keys
    if spaces:  # runs stand between spaces alone
        find = (" " + g + " ").find
        for w in hits:
            i = find(" " + w + " ", pos)  # the run starts at i in g (one space added before)
            append((i, keys[w]))
            pos = i + len(w)
        return out
    find = g.find
    n = len(g)
    for w in hits:
        i = find(w, pos)
        j = i + len(w)
        while (i > 0 and not g[i - 1].isspace()) or (j < n and not g[j].isspace()):
            i = find(w, i + 1)
            j = i + len(w)
        append((i, keys[w]))
        pos = j
    return out


class WordScan:
    """``pattern.finditer`` over a whole article, for a lexicon regex that matches at the
    start of a word only: ``(?<![\\w])`` followed by a pattern whose matches open with a word
    character (a trie of words, with their prefixes).

    ``re`` tries such a pattern at every position of the text.  A match opens with the first
    run of word characters of one of the lexicon's prefixed words, so it can start only where
    such a run stands in the article.  All scans share one pass per article that finds those
    runs (`Folded.scan_hits`: the article split into runs in C, one set lookup a run, a
    `str.find` for each hit), and the pattern is matched at those places alone, in text order;
    a hit that overlaps the previous match is dropped, as ``finditer`` does.  The four scans
    (speech cues, event triggers, weapons transfer, role titles) each searched the article for
    their own trie of prefixed words before, after every space, at about three times the cost
    of the shared pass.
    """

    def __init__(self, pattern: re.Pattern[str], words: Iterable[str] = (),
                 prefixed: Iterable[str] | None = None) -> None:
        """``words``: the lexicon words the pattern is built of (after its optional letter
        prefixes), checked to open with a word character, as the scan requires.
        ``prefixed``: those words with every letter prefix the pattern lets them take (the
        bare words included), or more; without it the scan is ``pattern.finditer``."""
        if not pattern.pattern.startswith(_WORD_START):
            raise ValueError("a WordScan pattern must open with (?<![\\w])")
        bad = [w for w in words if not _WORD_CHAR.match(w)]
        if bad:
            raise ValueError(f"a WordScan word must open with a word character: {bad[:3]}")
        self.pattern = pattern
        self.bit = 0
        if prefixed is not None:
            prefixed = list(prefixed)
            bad = [w for w in prefixed if not _WORD_CHAR.match(w)]
            if bad:
                raise ValueError(f"a WordScan word must open with a word character: {bad[:3]}")
            self.bit = 1 << _SCAN_COUNT[0]
            _SCAN_COUNT[0] += 1
            for w in prefixed:
                lead = _LEAD_RUN.match(w).group()  # type: ignore[union-attr]
                _SCAN_KEYS[lead] = _SCAN_KEYS.get(lead, 0) | self.bit
            _SCAN_KEY_SET[0] = frozenset(_SCAN_KEYS)

    def finditer(self, F: Folded, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
        """``pattern.finditer(F.f, start, end)``.  A lookbehind sees the text before ``start``
        and a lookahead nothing from ``end`` on, in ``re`` as here: every match is bounded by
        ``end``, and a word that ``end`` cuts is looked up as cut."""
        f = F.f
        n = len(f)
        if end is None or end > n:
            end = n
        if not self.bit:
            yield from self.pattern.finditer(f, start, end)
            return
        starts = F.scan_starts(self.bit)
        k = bisect.bisect_left(starts, start) if start else 0
        last: int | None = None  # where the run that ``end`` cuts starts, when it may match
        stop = end
        if 0 < end < n and _is_word(f[end]) and _is_word(f[end - 1]):
            q = end - 1
            while q > 0 and _is_word(f[q - 1]):
                q -= 1
            stop = q
            if q >= start and _SCAN_KEYS.get(f[q:end], 0) & self.bit:
                last = q
        match = self.pattern.match
        pos = start
        for q in starts[k:bisect.bisect_left(starts, stop, k)]:
            if q >= pos:
                m = match(f, q, end)
                if m is not None:
                    yield m
                    pos = m.end()
        if last is not None and last >= pos:
            m = match(f, last, end)
            if m is not None:
                yield m


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


_SPAN = re.Match.span


def tokens(f: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """Tokens of the folded text between ``start`` and ``end``: words and single marks.

    What ``_TOKEN.finditer(f, start, end)`` finds, built faster: a token never holds
    whitespace and every other character belongs to one, so the tokens of a stretch are those
    of its whitespace-separated chunks.  The stretch is split at single spaces, so that a
    piece's offset is the previous one's end plus one (no search); a piece of word characters
    alone (``str.isalnum`` is ``\\w`` without the underscore) is one token, a word with one
    mark glued before or after it (a comma, a quotation mark: most of the other pieces) is
    two, and only the rest (other whitespace inside, several marks) go through the regex.  The
    finders tokenize short stretches around every cue and trigger, about 550 tokens an
    article, and a match object per token cost more than the rest of the work on it."""
    out: list[tuple[int, int, str]] = []
    append = out.append
    pos = start
    for w in f[start:end].split(" "):
        n = len(w)
        if w.isalnum():
            append((pos, pos + n, w))
        elif n:
            e = pos + n
            if n > 1 and w[:-1].isalnum() and w[-1] != "_" and not w[-1].isspace():
                append((pos, e - 1, w[:-1]))  # a mark glued after a word: "الرياض،"
                append((e - 1, e, w[-1]))
            elif n > 1 and w[1:].isalnum() and w[0] != "_" and not w[0].isspace():
                append((pos, pos + 1, w[0]))  # a mark glued before one: "«الشرق"
                append((pos + 1, e, w[1:]))
            else:
                _chunk_tokens(f, pos, w, out)
        pos += n + 1
    return out


def _chunk_tokens(f: str, start: int, piece: str, out: list[tuple[int, int, str]]) -> None:
    """Append the tokens of ``piece`` (``f`` from ``start``; it may hold whitespace other than
    the space, as a newline between paragraphs) to ``out``: its whitespace-separated chunks,
    each found by `str.find` from the end of the previous one, read as `tokens` reads a piece."""
    append = out.append
    pos = start
    find = f.find
    for w in piece.split():
        s = find(w, pos)  # only whitespace lies between pos and the chunk
        pos = s + len(w)
        if w.isalnum():
            append((s, pos, w))
        elif len(w) > 1 and w[-1] != "_" and w[:-1].isalnum():
            append((s, pos - 1, w[:-1]))
            append((pos - 1, pos, w[-1]))
        elif len(w) > 1 and w[0] != "_" and w[1:].isalnum():
            append((s, s + 1, w[0]))
            append((s + 1, pos, w[1:]))
        else:
            out += [(a, b, f[a:b]) for a, b in map(_SPAN, _TOKEN.finditer(f, s, pos))]


def _chunk_words(chunks: list[str]) -> list[str]:
    """The token strings of ``chunks`` (pieces of a text split at spaces or at whitespace; an
    empty piece has none), as `tokens` reads them: a third cheaper than ``_TOKEN.findall``."""
    out: list[str] = []
    append = out.append
    for w in chunks:
        if w.isalnum():
            append(w)
        elif w:
            if len(w) > 1 and w[:-1].isalnum() and w[-1] != "_" and not w[-1].isspace():
                append(w[:-1])  # a mark glued after a word: "الرياض،"
                append(w[-1])
            else:
                out += _TOKEN.findall(w)
    return out
