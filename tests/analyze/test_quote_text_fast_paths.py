"""The fast paths of the quote and event text plumbing find what the plain regexes they replace
find: tokens, words, a `WordScan` over a stretch, the clause-break regex, phrase stripping."""

from __future__ import annotations

import random
import re
import sys

import pytest

from marsad.analyze.event_lexicon import event_lexicon
from marsad.analyze.events import _CLAUSE_BREAK
from marsad.analyze.quote_lexicon import lexicon
from marsad.analyze.quote_speakers import _SPACES, _role_head_scan, _strip_lead
from marsad.analyze.quote_text import _TOKEN, Folded, tokens
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
