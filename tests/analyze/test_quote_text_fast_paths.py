"""The fast paths of the quote and event text plumbing find what the plain regexes they replace
find: tokens, words, a `WordScan` over a stretch, the one pass over an article's words that
the scans share, the clause-break regex, phrase stripping."""

from __future__ import annotations

import random
import re
import sys

import pytest

from marsad.analyze.event_lexicon import event_lexicon
from marsad.analyze.events import _CLAUSE_BREAK
from marsad.analyze.quote_lexicon import lexicon
from marsad.analyze.quote_speakers import _SPACES, _role_head_scan, _strip_lead
from marsad.analyze.quote_text import (
    _MARK,
    _SCAN_KEYS,
    _TOKEN,
    Folded,
    scan_hits,
    tokens,
    word_runs,
)
from marsad.paths import seeds_dir

TEXT = (
    "وقال المتحدث باسم الكرملين ديمتري بيسكوف، للصحفيين: «لا توجد خطط لزيارة بوتين».\n"
    "وأضاف أن \"الرئيس\" سيزور الرياض (السعودية) يوم 12.5 ... وأكدت وزارة الخارجية_الروسية"
    " أنها لم توقع الاتفاق؛ فيما شنت الطائرات غارات على مواقع المسلحين\u00a0أمس. د.محمد''قال"
    " ''نعم''، ووصف الوزير الأمريكي الهجوم بأنه «إرهابي»\t- على ما أعلنت الشرطة —\n\n"
    "وزود الجيش المقاتلين بالأسلحة الثقيلة، كما أعلن رئيس الوزراء؛ لكن  مسؤولا قال إن ...»"
)


def _stretches(f: str, n: int = 400) -> list[tuple[int, int]]:
    rnd = random.Random(7)
    out = [(0, len(f))]
    for _ in range(n):
        a = rnd.randrange(len(f) + 1)
        out.append((a, rnd.randrange(a, len(f) + 1)))
    return out


def _seed_texts() -> list[str]:
    """The seed articles (none when the folder is absent)."""
    folder = seeds_dir()
    paths = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    return [p.read_text(encoding="utf-8") for p in paths]


def test_tokens_and_words_are_the_token_regex():
    f = Folded(TEXT).f
    for a, b in _stretches(f):
        assert tokens(f, a, b) == [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(f, a, b)]
        assert Folded(TEXT).words(a, b) == _TOKEN.findall(f, a, b)


@pytest.mark.parametrize("scan", [
    lambda: lexicon().cue_scan, lambda: event_lexicon().trigger_scan,
    lambda: event_lexicon().transfer_scan, _role_head_scan,
])
def test_word_scan_over_a_stretch_is_the_pattern_over_it(scan):
    sc = scan()
    F = Folded(TEXT)
    for a, b in _stretches(F.f):
        assert [(m.span(), m.groups()) for m in sc.finditer(F, a, b)] \
            == [(m.span(), m.groups()) for m in sc.pattern.finditer(F.f, a, b)]


@pytest.mark.parametrize("scan", [
    lambda: lexicon().cue_scan, lambda: event_lexicon().trigger_scan,
    lambda: event_lexicon().transfer_scan, _role_head_scan,
])
def test_word_scan_over_seed_articles_is_the_pattern_over_them(scan):
    """The scans search after a space with a trie of the prefixed words (not the pattern
    itself): whole articles hold the prefix and word combinations a made-up text lacks."""
    folder = seeds_dir()
    paths = sorted(folder.glob("*.txt")) if folder.is_dir() else []
    if not paths:
        pytest.skip(f"no seed articles under {folder}")
    sc = scan()
    for p in paths:
        F = Folded(p.read_text(encoding="utf-8"))
        for a, b in _stretches(F.f, 40):
            assert [(m.span(), m.groups()) for m in sc.finditer(F, a, b)] \
                == [(m.span(), m.groups()) for m in sc.pattern.finditer(F.f, a, b)]


def test_clause_break_is_the_plain_alternation():
    plain = re.compile(r"[،,؛;:]|\s(?:فيما|بينما|في حين|حيث|لكن|غير أن|إلا أن)\s"
                       r"|\s(?:إن|إنه|إنها|إنّ|إنّه|أن|أنه|أنها|أنّ|أنّه|بأن|بأنه)\s")
    text = TEXT + " قال إن الوزير، في حين أن  إن "
    for a, b in _stretches(text):
        assert [m.span() for m in _CLAUSE_BREAK.finditer(text, a, b)] == [m.span() for m in plain.finditer(text, a, b)]


def test_strip_lead_is_the_plain_substitution():
    assert sorted(_SPACES) == [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    plain = re.compile(r"^[\s،,:«»\"“”(]+|[\s،,:«»\"“”)]+$")
    rnd = random.Random(5)
    alphabet = list("،,:«»\"“”() \n\u00a0\u2003اب")
    for _ in range(20_000):
        s = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(9)))
        assert _strip_lead(s) == plain.sub("", s), repr(s)


def _all_scans() -> None:
    """Build the four scans, so that `_SCAN_KEYS` holds every lexicon's words."""
    lexicon()
    event_lexicon()
    _role_head_scan()


def _plain_hits(f: str) -> list[tuple[int, int]]:
    """What `scan_hits` finds, the plain way: every run of word characters, looked up."""
    return [(m.start(), _SCAN_KEYS[m.group()]) for m in re.finditer(r"\w+", f) if m.group() in _SCAN_KEYS]


def test_word_runs_are_the_runs_of_word_characters():
    for text in [TEXT, TEXT.replace("*", "") + " * @ x_y …", "", "«»", *_seed_texts()]:
        f = Folded(text).f
        g, runs, spaces = word_runs(f)
        assert runs == re.findall(r"\w+", f)
        assert len(g) == len(f) and [m.span() for m in re.finditer(r"\w+", g)] == [m.span() for m in re.finditer(r"\w+", f)]
        if spaces:
            assert all(c == " " for c in re.sub(r"\w", "", g))


def test_scan_hits_are_the_runs_that_are_lexicon_words():
    """The one pass over an article's words that every `WordScan` uses finds each run of word
    characters that opens a lexicon word (with its prefix), at its offset, with the bits of the
    scans that list it: on made-up text with odd marks and spaces, and on real articles."""
    _all_scans()
    texts = [TEXT, TEXT + " قال*وقال @اكد\tاكد\u2003قال x_y", "قال", " وقال ", *_seed_texts()]
    for text in texts:
        f = Folded(text).f
        assert scan_hits(f) == _plain_hits(f)


def test_words_before_and_after_are_the_ends_of_words():
    for text in [TEXT, *_seed_texts()[:5]]:
        F = Folded(text)
        for a, b in _stretches(F.f, 150):
            for n in (0, 1, 3, 8):
                assert F.words_before(a, b, n) == (F.words(a, b)[-n:] if n else [])
                assert F.words_after(a, b, n) == F.words(a, b)[:n]


def test_tokens_and_words_over_seed_articles_are_the_token_regex():
    """Stretches of real articles cross paragraphs (a newline inside a space-split piece)."""
    texts = _seed_texts()
    if not texts:
        pytest.skip(f"no seed articles under {seeds_dir()}")
    for text in texts:
        F = Folded(text)
        for a, b in _stretches(F.f, 60):
            assert tokens(F.f, a, b) == [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(F.f, a, b)]
            assert F.words(a, b) == _TOKEN.findall(F.f, a, b)


def test_quotation_marks_of_the_whole_text_are_those_of_its_paragraphs():
    """`Folded.regions` searches the marks once and deals them out to the paragraphs."""
    for text in [TEXT, "قال ''نعم''\n''لا'' «x»", *_seed_texts()]:
        F = Folded(text)
        whole = [(m.start(), m.group()) for m in _MARK.finditer(F.f)]
        per = [(m.start(), m.group()) for ps, pe in F.paragraphs for m in _MARK.finditer(F.f, ps, pe)]
        assert whole == per
