"""Quotes: who said what, in the article's own words.

Half of every news article is attributed speech, and an analyst needs it attributed right: a
statement by the Kremlin's spokesman is not a statement by Putin.  `find_quotes` finds

* indirect speech after a speech verb with أن/إن (أشار إلى أن، شدد على أن، أفاد بأن) or a
  colon, in the verb-first order of Arabic news ("وقال المتحدث باسم الكرملين ديمتري بيسكوف إن
  ...") and the subject-first one ("وكان المتحدث ... قال أمس إنه ...");
* direct speech in « » “ ” " (and their unbalanced, scraped forms) after a verb, with or
  without a colon;
* the speaker after the words: «...»، قال بيسكوف — and "..., على ما أعلنت بيونغيانغ" /
  "حسبما ذكرت الوكالة" / "صرح بذلك المتحدث";
* continuations (وأضاف: ، وتابعت أن، مضيفا أن، مشيرة إلى أن) that inherit the last speaker,
  a feminine verb picking a feminine speaker.

Each quote's span covers the words said, without the cue and without أن/إن; ``speaker_text``
is the speaker as written; ``speaker_key`` is the name key (`marsad.arabic.namekey.name_key`,
or the key of the entity mention the name falls on) of the person or institution the phrase
resolves to within the article, so the link stage can set ``speaker`` to an entity id.
``negated`` records a denial (نفى) or negated words (لا توجد خطط، لن، لم) because the
contradiction finder is built on it.

Rules are data (``marsad/resources/speech/``); this module only applies them.  It is a pure
function of its inputs and runs in well under a millisecond per article (benchmarks/
quotes_speed.py).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from marsad.analyze.quote_lexicon import COMP_PREPS, COMPLEMENTIZERS, NEGATORS, CueForm, lexicon
from marsad.analyze.quote_speakers import (
    NounPhrase,
    Resolver,
    Speaker,
    _name_like,
    has_article,
    is_cue,
    parse_np,
    plain_word,
    strip_clitics,
    words,
)
from marsad.analyze.quote_text import OPENERS, SYMMETRIC, Folded, Region, fold, folded, trie_regex
from marsad.model import Mention, Quote

__all__ = ["QuoteFinding", "attribute_quotes", "find_quotes"]

_OPEN_TOKENS = set(OPENERS) | SYMMETRIC | {"''"}
_COMMAS = {"،", ",", "؛", ";", "-", "–", "—"}
# "..., على ما أعلنت بيونغيانغ" / "حسبما ذكرت" / "كما قال": the speaker after the words
_AFTER_CONNECTIVE = re.compile(
    r"(?:^|[\s،,])(?P<c>على ما|حسبما|حسب ما|بحسب ما|كما|مثلما|وفق ما|وفقا لما|وفقا لما)\s*$")
_CLOSE_BEFORE = re.compile(r"[»”\"″]\s*[،,]?\s*(?:و)?\s*$")
_TAIL = re.compile(
    r"\s*(?:[،,]\s*(?:في\s+حين)|\s(?:و)?ذلك\s+(?:ردا|تعقيبا|تعليقا)|[،,]\s*(?<!\w)(?:و)?(?:بحسب|حسب|وفق|وفقا|كما\s+(?:ذكر|نقل|افاد|قال|اعلن|اوردت|اورد))|(?<!\w)(?:و)?(?:حسبما|نقلا\s+عن|على\s+حد\s+قول|وذلك\s+(?:نقلا|حسب|بحسب|حسبما)))(?!\w)")
# the narrator on what was left unsaid: "لكنه لم يوضح ما إذا"، "دون أن يحدد موعدا" (searched only
# when "لم" or "دون" occurs: as a branch of _TAIL it slowed every span)
_UNSAID = re.compile(r"[،,]?\s(?:و)?(?:لكن(?:ه|ها|هم)\s+لم|(?:من\s+|ب)?دون\s+ان)\s+[يت](?:وضح|كشف|ذكر|حدد|فصح|قدم|دل|شير|تطرق|قول)(?:وا)?(?!\w)")
_TAIL_WORDS = ("حين", "ذلك", "حسب", "وفق", "كما", "نقلا", "قول")
_DISCOURSE = re.compile(
    r"(?:و|ف)?(?:من\s+جهت(?:ه|ها|هم)|من\s+جانب(?:ه|ها|هم)|بدور(?:ه|ها|هم)|في\s+المقابل|كما|اذ|حيث|"
    r"ثم|وفي\s+السياق|في\s+السياق|من\s+ناحيت(?:ه|ها)|من\s+ناحيه\s+اخرى|من\s+جهه\s+اخرى|"
    r"في\s+غضون\s+ذلك|الى\s+ذلك|في\s+سياق\s+متصل|علاوه\s+على\s+ذلك)(?!\w)\s*[،,]?\s*")
_LEAD_CHUNK = re.compile(r"(?:و|ف)?(?:في|من|على|خلال|بعد|قبل|الى|حول|عن|مع|حسب|بحسب|وفق|وفقا)\s[^،,]{0,80}[،,]\s*")
# "وفي نهاية الاجتماع", "وفي ختام اللقاء", "وعقب انتهاء الجولة": a time phrase without a comma
_TIME_LEAD = re.compile(r"(?:و|ف)?(?:في|خلال|بعد|قبل|عقب|مع)\s+(?:نهايه|ختام|بدايه|مستهل|اثناء|انتهاء|نهايات)"
                        r"\s+\w+\s+")
_PRONOUN_OPENER = re.compile(r"^(?:و|ف)?(?:من\s+جهت|من\s+جانب|بدور|من\s+ناحيت)(?:ه|ها|هم)\b")
_KAN = re.compile(r"(?:و|ف)?(?:كان|كانت|كانوا)\s+")
# what can open the words said after a cue: أن/إن (with a preposition or pronoun), a colon, a mark
_OPENS = re.compile(r"(?<![\w])(?:[بل]?ان\w{0,2}|فان\w{0,2})(?![\w])|[:«“\"″„{]|''")
_BIDHALIKA = re.compile(r"\s*(?:ب)?ذلك\b")
_WORD = re.compile(r"\w+")
# "وكان الصافي، طالب العبادي بأن": a subject before the verb, after كان (searched only when كان
# occurs: the regex is tried at every position)
# "المصدر الذي طلب عدم ذكر اسمه"، "مسؤول فضل عدم الكشف عن هويته"، "مفضلا عدم ذكر اسمه": no part
# of the speaker
_ANONYMITY = re.compile(fold(
    r"(?<!\w)(?:(?:الذي|التي|الذين|الذى)\s+)?(?:طلب|طلبت|طلبوا|فضل|فضلت|فضلوا|رفض|رفضت|رفضوا|اشترط|اشترطت"
    r"|مفضلا|مفضلة|مفضلين|طالبا|طالبة|طالبين|رافضا|رافضة|رافضين|مشترطا|مشترطة)"
    r"\s+(?:عدم\s+)?(?:ذكر|نشر|كشف|الكشف\s+عن|الإفصاح\s+عن|الإشارة\s+إلى|الإشارة\s+الى|تحديد)"
    r"\s+(?:اسمه|اسمها|اسمهم|اسميهما|هويته|هويتها|هويتهم)(?!\w)\s*[،,]?"))
# "عدم ذكر"، "رفض ذكر اسمه": a speech verb's verbal noun after these is nobody's statement
_NOT_DOING = re.compile(r"(?<!\w)(?:[وب]?عدم|رفض|رفضت|رفضوا|رافضا|رافضه)\s+$")
# "مستشهدا على عمق عروبته بما قاله الراحل «...»": words the speaker cites; the one cited does
# not become the speaker a later "وبين أن" goes on with
_CITED = re.compile(r"(?<!\w)(?:و)?(?:مستشهد|مستدل|مستذكر|ذاكر)(?:ا|ه|ين)?(?!\w)[^.،,؛\n]{0,70}?(?:بما|بقول|قول|ما)\s*$")
_KAN_SUBJECT = re.compile(r"(?:^|\s)(?:و|ف)?(?:كان|كانت)\s+([^،,.]{2,80}?)[،,]?\s*(?:قد\s+)?$")


@dataclass(frozen=True)
class QuoteFinding:
    """A quote with the name its speaker phrase resolved to (``speaker_name``, original
    spelling); `find_quotes` returns the quotes alone."""

    quote: Quote
    speaker_name: str | None


def find_quotes(text: str, mentions: Sequence[Mention] = ()) -> tuple[Quote, ...]:
    """Every attributed quote in ``text`` (an article body), in text order."""
    return tuple(f.quote for f in attribute_quotes(text, mentions))


@dataclass
class _Raw:
    start: int  # folded span of the words said
    end: int
    direct: bool
    cue: CueForm
    cue_pos: int
    speaker: Speaker | None
    medium: str | None
    region: Region | None = None


def attribute_quotes(text: str, mentions: Sequence[Mention] = ()) -> list[QuoteFinding]:
    """Quotes with their resolved speakers (see the module docstring)."""
    if not text:
        return []
    F = folded(text)
    lex = lexicon()
    R = Resolver(F, mentions)
    raws: list[_Raw] = []
    cited: set[str] = set()  # speakers the speaker quotes (مستشهدا بما قاله فلان)
    cue_matches = list(lex.cue_scan.finditer(F))
    cue_starts = [m.start() for m in cue_matches]
    for k, m in enumerate(cue_matches):
        if F.inside_closed(m.start()) is not None:
            continue
        if any(r.start <= m.start() < r.end for r in raws[-3:]):
            continue  # reported speech nested inside a quote already read
        if _NOT_DOING.search(F.f, max(0, m.start() - 8), m.start()):
            continue  # "فضل عدم ذكر اسمه"، "رفض ذكر اسمه": a verbal noun, nobody speaks
        form = lex.form(m.group("cue"))
        if m.group("cue") in ("بين", "عبر") and not m.group("pre") \
                and not F.f[max(0, m.start() - 6):m.start()].endswith(("قد ", "الذي ", "التي ", "فيما ", "كما ")):
            continue  # the preposition "between"; the verb shows as وبين or قد بين
        R.pending = None
        raw = None if form.kind == "stance" else _read(F, R, m, form, cue_starts[k + 1:], raws)
        if form.kind == "stance":
            _register_subject(F, R, m, form)
        if raw is None:
            if R.pending is not None:
                # no words follow ("شدد الوزير على ضرورة ..."), but a later "وأضاف" is his
                np_, pf = R.pending
                _drop_plain_name(F, np_)
                ptoks = F.tokens(np_.start, min(len(F.f), np_.end + 80))
                np_ = _apposed_name(ptoks, np_, R, None) if np_.name is None else np_
                R.history.append(R.resolve(np_, np_.start, pf.gender, pf.plural))
            continue
        if any(_overlap(raw, r) for r in raws[-3:]):
            continue
        raws.append(raw)
        if raw.speaker is None:
            continue
        if _CITED.search(F.f, max(0, m.start() - 90), m.start()):
            cited.add(raw.speaker.key)
        elif not (raw.speaker.text_span is None and raw.speaker.key in cited):
            R.history.append(raw.speaker)
    raws.extend(_continued_paragraphs(F, raws))
    raws.sort(key=lambda r: r.start)
    return [_finding(F, r) for r in raws]


def _overlap(a: _Raw, b: _Raw) -> bool:
    inter = min(a.end, b.end) - max(a.start, b.start)
    return inter > 0 and inter >= 0.5 * min(a.end - a.start, b.end - b.start)


# -- reading one cue ---------------------------------------------------------------------------

def _read(F: Folded, R: Resolver, m: re.Match[str], form: CueForm, later_cues: list[int],
          raws: list[_Raw]) -> _Raw | None:
    f = F.f
    cue_s, cue_e = m.start(), m.end()
    s_start, s_end = F.sentence(cue_s)
    before = f[s_start:cue_s]
    if form.kind == "verb" and not form.present:
        after = _speaker_after(F, R, m, form, s_start, s_end, before, raws)
        if after is not None:
            return after
    # -- the words follow the cue ------------------------------------------------------------
    limit = min(len(f), max(s_end, cue_e + 40) + 1, cue_e + 300)
    if form.kind != "verb" and _OPENS.search(f, cue_e, min(limit + 2, len(f))) is None:
        return None  # nothing after the cue can start words said: "مشددا على ضرورة ..."
    toks = F.tokens(cue_e, limit)
    if not toks:
        return None
    anon = _ANONYMITY.search(f, cue_e, min(limit, cue_e + 160)) \
        if f.find("اسم", cue_e, limit) >= 0 or f.find("هوي", cue_e, limit) >= 0 else None
    if anon is not None:
        toks = [t for t in toks if not (anon.start() <= t[0] < anon.end())]
    mmap = R.mention_map(toks)
    np_: NounPhrase | None = None
    i = 0
    source_np: NounPhrase | None = None
    W = words()
    kan_subject = None
    kan = _KAN_SUBJECT.search(f[s_start:cue_s]) if f.find("كان", s_start, cue_s) >= 0 else None
    if kan and form.kind == "verb" and not form.present:
        kt = F.tokens(s_start + kan.start(1), s_start + kan.end(1))
        knp, kj = parse_np(kt, 0, R.mention_map(kt))
        if not knp.empty and kj >= len(kt) and (knp.head is not None or knp.name is not None):
            kan_subject = knp  # "وكان الصافي، طالب العبادي بأن": the subject stands before the verb
    if form.kind != "participle" and form.kind != "masdar" and kan_subject is None:
        i0 = 1 if toks[0][2] in ("بذلك", "ذلك") and len(toks) > 1 else 0  # "صرح بذلك المدير العام"
        if toks[i0][2] in W.aside or (len(toks[i0][2]) > 3 and toks[i0][2][0] == "و" and toks[i0][2][1:] in W.aside) \
                or _accusative(F, toks[i0]):
            # "وأضاف مخاطبا رئيس الوزراء «...»": the one addressed, not the speaker
            np_, i = NounPhrase(toks[i0][0], toks[i0][0]), i0
        else:
            np_, i = parse_np(toks, i0, mmap)
        i = _quantified(toks, np_, i, mmap)
        if form.lemma == "أبلغ" and not np_.empty and toks[i0][2] in _OPEN_TOKENS \
                and i < len(toks) and toks[i][2] in _COMMAS:
            # "وأبلغ «الشرق الأوسط»، الدكتور عادل العيد ... أن": the outlet told, then the speaker
            np2, i2 = parse_np(toks, i + 1, mmap)
            if not np2.empty and (np2.name is not None or np2.head is not None):
                np_, i = np2, i2
        if np_.empty:
            np_ = None
            # "وأعلنت أمس الشرطة الكينية أن", "أكد فيها جون راي أنه", "وكشف لـ«عكاظ» المدير العام ...، أن"
            j = _skip_adverbial(F, toks, W)
            if j:
                np2, i2 = parse_np(toks, j, mmap)
                outlet = toks[0][2].startswith("ل") and not toks[0][2].startswith("ال")
                # "أوضح لـ"الاقتصادية" لاحم الناصر؛ المستشار المصرفي، أن": a name set off from its role
                apposed = np2.kind == "name" and i2 + 1 < len(toks) and toks[i2][2] in _COMMAS \
                    and has_article(toks[i2 + 1][2]) and W.is_(W.role_any, toks[i2 + 1][2])
                if not np2.empty and (np2.head is not None or np2.kind == "person" or apposed
                                      or (not outlet and (np2.name is not None or np2.kind == "whole"))):
                    np_, i = np2, i2
        if np_ is not None and not np_.empty and _god(F, np_):
            # "دعا الله أن يمن على المصابين": God is the one prayed to, never the speaker; the
            # prayer is the subject's, as after any verb whose object comes before أن
            np_, i = None, i0
        if np_ is not None and (np_.head is not None or np_.kind in ("person", "inst")
                                or (np_.kind == "name" and len(F.words(np_.start, np_.end)) <= 3)) \
                and not _pronoun_np(np_, toks):
            R.pending = (np_, form)
        if form.present and np_ is None and not _svo_subject(F, R, cue_s, s_start):
            return None  # "تشير التكهنات إلى أن": a present-tense cue needs a subject that speaks
    # the walk from the speaker phrase to أن / إن / a colon / an opening quotation mark
    np_i = i
    comp_at = None
    kind = None
    chunk_open = True
    chunk_len = 0
    walked = 0
    obj_used = False
    while i < len(toks) and walked < 34:
        s, _, t = toks[i]
        walked += 1
        if s >= s_end and t not in _OPEN_TOKENS:
            return None
        if t in COMPLEMENTIZERS:
            comp_at, kind = i, "comp"
            break
        if t in COMP_PREPS and i + 1 < len(toks) and toks[i + 1][2] in COMPLEMENTIZERS:
            comp_at, kind = i + 1, "comp"
            break
        if t == ":":
            comp_at, kind = i, "colon"
            break
        if t in _OPEN_TOKENS:
            reg = F.region_at_open(s if t != "''" else s + 1)
            if reg is None:
                return None
            n_inner = len(F.words(reg.open + 1, reg.close))
            nxt_t = next((q for q in toks[i + 1:] if q[0] > reg.close), None)
            if reg.closed and n_inner <= 3 and i > 0 and nxt_t is not None and nxt_t[2] in COMPLEMENTIZERS:
                # "وأبلغ مصدر مطلع «الشرق الأوسط» أن": an outlet or a name, the words follow أن
                while i < len(toks) and toks[i][0] <= reg.close:
                    i += 1
                chunk_open = True
                continue
            if chunk_open or n_inner > 4 or not reg.closed:
                comp_at, kind = i, "open"
                break
            # a short name in quotation marks inside an adverbial: لصحيفة "نيويورك تايمز"
            while i < len(toks) and toks[i][0] <= reg.close:
                i += 1
            continue
        if t in ("”", "»") and i + 1 < len(toks) and toks[i + 1][2] not in COMPLEMENTIZERS:
            # a mark the wrong way round around a short name: لـ”عين اليوم”، العقيد ” القرشي “بأنه
            k2 = next((q for q in range(i + 2, min(len(toks), i + 6)) if toks[q][2] in ("”", "“", "»", "«")), None)
            if k2 is not None and all(_WORD.fullmatch(toks[q][2]) for q in range(i + 1, k2)):
                if i == np_i and np_ is not None and not np_.empty and np_.name is None and np_.head is None:
                    np_.name, np_.kind = (toks[i + 1][0], toks[k2 - 1][1]), "person"  # the rank's name
                i = k2 + 1
                chunk_open = True
                continue
        if form.source and t == "عن" and source_np is None:
            sub, j = parse_np(toks, i + 1, mmap)
            if sub.empty:
                return None
            source_np = sub
            i = j
            chunk_open = False
            continue
        if t == "عبر" and not form.source:
            pass  # the preposition "via": "وقال آي عبر إنستغرام"
        elif is_cue(t) and i > 0 and toks[i - 1][2] in ("لما", "ما", "حسبما"):
            c2 = lexicon().form(t)
            if form.source and c2 is not None and c2.lemma == "قال" and source_np is None:
                # "نقلت الوكالة ما قاله فلان:": the speaker follows قاله
                sub, j = parse_np(toks, i + 1, mmap)
                if not sub.empty:
                    source_np = sub
                    i = j
                    continue
            i += 1  # "، وفقاً لما نقلت عنه صحيفة الرياض،": an attribution inside the adverbials
            continue
        elif is_cue(t):
            c2 = lexicon().form(t) or lexicon().form(t[1:])
            if c2.lemma == "قال" and c2.kind == "participle":
                i += 1
                chunk_open = True
                continue
            if form.source and c2.kind == "masdar":
                i += 1
                continue
            if c2.kind == "stance":
                i += 1
                continue
            return None
        if t in _COMMAS:
            chunk_open = True
            chunk_len = 0
            i += 1
            continue
        if W.is_(W.time, t) or (t.isdigit() and chunk_len == 0):
            # time words are a chunk of their own: "قال أمس الأربعاء إنه"
            chunk_open = True
            i += 1
            continue
        if chunk_open and i == np_i and np_ is not None and not np_.empty and np_.name is None \
                and np_.head is not None and not np_.plural:
            j = _bare_name_end(toks, i, W)
            if j is not None:
                # "المدير العام لمكتب الصحة والسكان اليمني الخضر لصور أن": the name the role
                # ends in, unknown to the name reader
                np_.name, np_.kind, np_.end = (toks[i][0], toks[j - 1][1]), "person", toks[j - 1][1]
                i = j
                continue
        if chunk_open:
            ok = True if (i == np_i and np_ is None and _accusative(F, toks[i])) \
                else _chunk_opener(toks, i, W, form, np_, obj_used)
            if ok == "source":
                sub, j = parse_np(toks, i + 1, mmap)
                if not sub.empty:
                    source_np = sub
                    i = j
                    chunk_open = False
                    continue
                return None
            if ok == "object":
                obj_used = True
            elif not ok:
                return None
            chunk_open = False
            chunk_len = 0
        chunk_len += 1
        i += 1
    if comp_at is None:
        return None
    if form.obj and not obj_used and kind == "comp" and np_ is not None and not np_.empty \
            and np_.head is None and toks[comp_at][2].startswith("ب") \
            and (np_.name is None or _object_noun(F.words(np_.start, np_.end))):
        # "ووصف الحادثة بأنها", "ووصف حديث محاسن بأنه": the object described (a common noun,
        # also in construct with a name); the speaker is left out
        np_ = None
    # -- the span of the words said ------------------------------------------------------------
    direct = False
    region = None
    cs, ce, ct = toks[comp_at]
    if kind == "colon":
        nxt = toks[comp_at + 1] if comp_at + 1 < len(toks) else None
        if nxt is None:
            return None
        if nxt[2] in _OPEN_TOKENS:
            region = F.region_at_open(nxt[0] if nxt[2] != "''" else nxt[0] + 1)
        if region is None and nxt[2] in COMPLEMENTIZERS:
            start = nxt[1]
        elif region is None:
            start = nxt[0]
            direct = True
    elif kind == "open":
        region = F.region_at_open(cs if ct != "''" else cs + 1)
    else:
        start = ce
    if region is not None:
        span_s, span_e = region.inner
        direct = True
    else:
        span_s = _skip_space(f, start)
        # a quotation right after أن that runs to the end of the clause is direct speech
        if (span_s < len(f) and f[span_s] in OPENERS) or f[span_s:span_s + 1] in SYMMETRIC:
            reg = F.region_at_open(span_s)
            if reg is not None and reg.closed:
                end_guess = _clause_end(F, reg.close + 1, s_end, later_cues)
                if _only_punct(f, reg.close + 1, end_guess):
                    region = reg
        if region is not None:
            span_s, span_e = region.inner
            direct = True
        else:
            span_e = _clause_end(F, span_s, s_end, later_cues)
    span_s, span_e = _trim(f, span_s, span_e)
    if span_e - span_s < 3:
        return None
    if kind == "open" and not form.obj and len(F.words(span_s, span_e)) < 2:
        return None  # a scare-quoted word after a verb: تحذر "انتهاك"
    # a role followed by the name between commas: "المتحدث باسم البيت الأبيض، جون كيربي، إن"
    if np_ is not None and not np_.empty and (np_.name is None or np_.head is not None or np_.issuer):
        np_ = _apposed_name(toks, np_, R, mmap)
    if np_ is not None and not np_.empty and np_.name is None and np_.head is not None and not np_.plural:
        _ranked_name(toks, np_, comp_at)
    # -- the speaker -----------------------------------------------------------------------------
    medium = _medium(F, toks, 0, comp_at)
    gender, plural = form.gender, form.plural
    speaker: Speaker | None = None
    if kan_subject is not None and source_np is None:
        speaker = R.resolve(kan_subject, kan_subject.start, gender, plural)
    elif source_np is not None:
        g = "f" if (source_np.head or "").endswith("ه") or fold(R.text((source_np.start, source_np.end))).split()[0].endswith("ه") else "m"
        speaker = R.resolve(source_np, source_np.start, g, source_np.plural)
    if speaker is not None:
        pass
    elif np_ is not None and _pronoun_np(np_, toks):
        speaker = _clone(R.last(cue_s, None, None), cue_s) or _first_person(R, cue_s)
    elif np_ is not None:
        speaker = R.resolve(np_, np_.start, gender, plural)
        if speaker.kind == "role" and np_.name is None and form.lemma in _GOES_ON and not np_.plural:
            # "وأضاف النائب الجمهوري أن": a role that names nobody else, after a continuing
            # verb, is the speaker the article has been quoting
            sp = R.last(cue_s, gender, False, within=1500)
            if sp is not None and sp.kind in ("person", "name") and sp.name and not sp.plural:
                speaker = Speaker(cue_s, speaker.text_span, sp.name, sp.key, gender, False, speaker.head,
                                  speaker.role, sp.kind)
    else:
        speaker = _implicit_speaker(F, R, form, cue_s, s_start, before, raws)
    if speaker is not None and medium:
        speaker.medium = medium
    return _Raw(span_s, span_e, direct, form, cue_s, speaker, medium, region)


def _accusative(F: Folded, tok) -> bool:
    """A word written with the accusative tanween (ذاكراً، مستشهداً، مضيفةً): a circumstantial
    participle or an object, never the nominative subject of the verb before it."""
    e = F.orig_end(tok[1])
    raw = F.text[F.orig(tok[0]):e + 1]  # a dropped tanween after the last letter folds away
    return len(tok[2]) > 3 and (raw.endswith("\u064b") or raw[:-1].endswith("\u064b"))


_GOD = frozenset(fold(w) for w in ("الله", "لله", "المولى", "الباري", "العلي", "القدير"))


def _god(F: Folded, np_: NounPhrase) -> bool:
    """Whether the phrase after a verb is God (الله، الله عز وجل، المولى القدير): in news the one
    a prayer is addressed to (دعا الله أن، سأل الله أن), the object of the verb."""
    ws = F.words(np_.start, np_.end)
    return bool(ws) and ws[0] in _GOD


def _quantified(toks, np_: NounPhrase, i: int, mmap) -> int:
    """"عدد من المواطنين"، "العديد من الخبراء": a quantifier's phrase takes in what it counts;
    returns the token index after the phrase."""
    if i + 1 < len(toks) and toks[i][2] == "من" and len(np_.role) == 1 and np_.role[0] in _QUANTIFIERS \
            and np_.name is None:
        sub, j = parse_np(toks, i + 1, mmap)
        if not sub.empty and sub.name is None and (sub.plural or has_article(toks[i + 1][2])):
            np_.role.extend(["من", *sub.role])
            np_.end, np_.kind, np_.head, np_.plural, i = sub.end, "whole", None, True, j
        elif i + 2 < len(toks) and not sub.empty and sub.end == toks[i + 1][1] and _WORD.fullmatch(toks[i + 1][2]) \
                and not has_article(toks[i + 1][2]) and has_article(toks[i + 2][2]) and toks[i + 2][2] not in words().rel:
            # "عدد من زوار الشرقية": a broken plural in construct with what it belongs to
            np_.role.extend(["من", toks[i + 1][2], toks[i + 2][2]])
            np_.end, np_.kind, np_.head, np_.plural, i = toks[i + 2][1], "whole", None, True, i + 3
    return i


def _drop_plain_name(F: Folded, np_: NounPhrase) -> None:
    """"أعلنت وزارة الصحة تسجيل حالتي وفاة": what followed the institution as a name is the
    verb's object; the phrase ends before it."""
    if np_.name is not None and np_.head is not None and np_.name[0] > np_.start \
            and plain_word(F.f[np_.name[0]:np_.name[1]].split()[0]):
        np_.end = _before_space(F.f, np_.start, np_.name[0])
        np_.name = None
        np_.kind = "role"


def _before_space(f: str, lo: int, i: int) -> int:
    while i > lo and f[i - 1] in " \t\u00a0":
        i -= 1
    return i


def _register_subject(F: Folded, R: Resolver, m: re.Match[str], form: CueForm) -> None:
    """Put the subject of a stance verb (أعرب، أشاد، ندد) in the speaker history."""
    toks = F.tokens(m.end(), min(len(F.f), m.end() + 200))
    if not toks:
        return
    mmap = R.mention_map(toks)
    np_, i = parse_np(toks, 0, mmap)
    if np_.empty:
        j = _skip_adverbial(F, toks, words())
        if j:
            np_, i = parse_np(toks, j, mmap)
    _quantified(toks, np_, i, mmap)  # "أعرب عدد من الزوار عن ...": the phrase is what it counts
    if not np_.empty and _pronoun_np(np_, toks):
        # "وأدان معاليه ...": the rank pronoun is the one the article is about
        sp = _clone(R.last(m.start(), None, None), m.start()) or _first_person(R, m.start())
        if sp is not None:
            R.history.append(sp)
        return
    _drop_plain_name(F, np_)
    short_name = np_.kind in ("name", "whole") and (len(F.words(np_.start, np_.end)) <= 3
                                                   or (np_.plural and np_.role[:1] and np_.role[0] in _QUANTIFIERS))
    if np_.name is not None and (np_.head is None or np_.name[0] == np_.start) \
            and plain_word(F.f[np_.name[0]:np_.name[1]].split()[0]) \
            and not _surnamed(F.f[np_.name[0]:np_.name[1]].split()):
        return  # "وطالبوا برفع الظلم", "رفض دفع إدارة أوباما": the object, not a subject
    if not np_.empty and (np_.head is not None or np_.kind in ("person", "inst") or short_name):
        R.history.append(R.resolve(np_, np_.start, form.gender, form.plural))


def _surnamed(ws: list[str]) -> bool:
    """"مطلق البقمي", "سالم الحربي": a first name spelled like an ordinary word (مطلق، سالم)
    followed by a family name (a definite nisba that is no ordinary word) is a person."""
    return len(ws) >= 2 and has_article(ws[1]) and ws[1].endswith("ي") and not plain_word(ws[1]) \
        and strip_clitics(ws[1]) not in words().adj_bases


def _object_noun(ws: list[str]) -> bool:
    """A phrase opened by an ordinary noun (حديث محاسن، تصريحات الوزير) and not a first name
    spelled like one (مطلق البقمي): what a verb such as وصف takes as its object."""
    return bool(ws) and plain_word(ws[0]) and not _surnamed(ws) and not words().is_(words().role_any, ws[0])


def _skip_adverbial(F: Folded, toks, W) -> int:
    """The token index after adverbials that may stand between a verb and its subject: time
    words, a pronoun prepositional phrase (فيها، له) or a ل-phrase naming an outlet."""
    j = 0
    n = len(toks)
    while j < n and toks[j][2] in _COMMAS:
        j += 1
    while j < n and (W.is_(W.time, toks[j][2]) or toks[j][2].isdigit()):
        j += 1
    if j < n and toks[j][2] in ("فيها", "فيه", "له", "لها", "لهم", "لنا", "بدوره", "بدورها"):
        j += 1
    elif (j < n and toks[j][2] in ("ل", "لـ")) or (j < n and toks[j][2].startswith("ل") and not toks[j][2].startswith("ال")
                                                 and W.is_(W.medium, toks[j][2][1:])):
        j += 1
        if j < n and toks[j][2] in _OPEN_TOKENS:
            reg = F.region_at_open(toks[j][0])
            if reg is None or not reg.closed:
                return 0
            while j < n and toks[j][0] <= reg.close:
                j += 1
    while j < n and toks[j][2] in _COMMAS:
        j += 1
    return j if j < n else 0


def _svo_subject(F: Folded, R: Resolver, cue_s: int, s_start: int) -> bool:
    """Whether a subject that can speak stands right before the verb ("الحكومة السودانية تقول")."""
    toks = F.tokens(max(s_start, cue_s - 200), cue_s)
    k = len(toks)
    while k > 0 and toks[k - 1][2] not in ("،", ",", ".", "ولكن", "لكن", "فان", "ان") and len(toks) - k < 20:
        k -= 1
    np_, j = parse_np(toks, k)
    return not np_.empty and j >= len(toks) and (np_.head is not None or np_.kind in ("whole", "inst"))


def _first_person(R: Resolver, pos: int) -> Speaker | None:
    """The first named person of the article before ``pos`` (who "معاليه" refers to)."""
    for e in R.table:
        if e.pos < pos and e.kind == "person":
            return Speaker(pos, None, e.name, R._key(e.name), "m", False, e.head, tuple(e.role), "person")
    return None


def _apposed_name(toks, np_: NounPhrase, R: Resolver, mmap) -> NounPhrase:
    """"المتحدث باسم البيت الأبيض، جون كيربي، إن": take the name set off by commas."""
    if np_.issuer is not None and np_.issuer.name is None:
        _apposed_name(toks, np_.issuer, R, mmap)  # "بيان أصدره المتحدث باسم المجلس، نيد برايس،"
        return np_
    k = next((j for j, t in enumerate(toks) if t[0] >= np_.end), None)
    if k is None or toks[k][2] not in ("،", ","):
        return np_
    if k + 1 < len(toks) and toks[k + 1][2] in ("واحد", "واحدى"):
        # "القيادي في الحزب، وأحد قادة البيشمركة في محور مخمور، علي حسين، إن": a second office
        k2 = next((q for q in range(k + 2, min(len(toks), k + 14)) if toks[q][2] in ("،", ",")), None)
        if k2 is None or any(toks[q][2] in COMPLEMENTIZERS or is_cue(toks[q][2]) for q in range(k + 2, k2)):
            return np_
        k = k2
    for _ in range(2):
        # "المتحدث الرسمي، لمديرية الدفاع المدني، بمنطقة جازان، الرائد يحيى القحطاني، أنه": the
        # role's complements set off by commas (a ل / ب / في phrase) come before the name
        t1 = toks[k + 1][2] if k + 1 < len(toks) else ""
        if not (t1 == "في" or (len(t1) > 3 and t1[0] in "لب" and not t1.startswith("ال")
                                and (has_article(t1[1:]) or words().is_(words().role_any, t1[1:])
                                     or words().is_(words().comp, t1[1:])))):
            break
        k2 = next((q for q in range(k + 2, min(len(toks), k + 10)) if toks[q][2] in ("،", ",")), None)
        if k2 is None or any(toks[q][2] in COMPLEMENTIZERS or is_cue(toks[q][2]) or toks[q][2] == ":"
                             for q in range(k + 1, k2)):
            return np_
        k = k2
    sub, j = parse_np(toks, k + 1, mmap, max_tokens=12)
    if sub.empty or j >= len(toks) or not ((sub.kind in ("name", "whole") and j - k - 1 <= 6)
                                           or (sub.kind == "person" and sub.name is not None)):
        return np_
    if toks[j][2] not in ("،", ",") and toks[j][2] not in COMPLEMENTIZERS:
        return np_
    np_.name = sub.name if sub.kind == "person" and sub.name is not None else (sub.start, sub.end)
    np_.kind = "person"
    return np_


# past-tense cues spelled like a noun ("ونقل الحالات"، "وذكر الله"): only their ت / وا forms end a span
_MASDAR_LIKE = frozenset(("نقل", "ذكر", "كشف", "وصف", "بين", "عبر", "تابع", "رأى", "طالب", "سلم", "كتب",
                          "زعم", "أقر", "توقع", "أخبر", "حذر", "نفى", "دعا", "أبلغ", "نادى", "أجاب", "نوه"))
_RESIDENTS = frozenset(fold(w) for w in ("سكان", "أهالي", "أبناء", "مواطني", "أهل"))
_QUANTIFIERS = frozenset(fold(w) for w in ("عدد", "العديد", "عشرات", "مئات", "آلاف", "كثير", "الكثير", "جملة"))
_GOES_ON = frozenset(("أضاف", "تابع", "استطرد", "استدرك", "زاد", "واصل", "أردف", "مضى"))


def _ranked_name(toks, np_: NounPhrase, comp_at: int) -> None:
    """"مدير إدارة الطوارئ والأزمات بالإنابة الأستاذ عايد العنزي، بأن": a rank and a name
    later in the speaker's chunk are the name of the role the parser stopped short of."""
    W = words()
    k = next((j for j, t in enumerate(toks) if t[0] >= np_.end), None)
    if k is None:
        return
    stop = min(comp_at, k + 10)
    j = k
    while j < stop and toks[j][2] not in _COMMAS and toks[j][2] not in _OPEN_TOKENS:
        if W.is_(W.rank, toks[j][2]) and not toks[j][2].endswith(("يه", "وه", "ته")):
            a = j + 1
            while a < stop and (W.is_(W.rank, toks[a][2]) or toks[a][2] in ("/", ".")):
                a += 1
            b = a
            while b < stop and b - a < 6 and (
                    _name_like(toks[b][2], W)
                    or (b > a and has_article(toks[b][2]) and not W.is_(W.role_any, toks[b][2])
                        and not W.is_(W.time, toks[b][2]))):
                b += 1
            if b > a and (b >= len(toks) or b == comp_at or toks[b][2] in _COMMAS or toks[b][2] == ":"
                          or toks[b][2] in COMPLEMENTIZERS):
                np_.name = (toks[a][0], toks[b - 1][1])
                np_.kind = "person"
            return
        j += 1


def _chunk_opener(toks, i, W, form: CueForm, np_, obj_used) -> str | bool:
    """May a comma-separated chunk between the speaker and أن start with this token?

    Adverbials may (أمس، في بيان، للصحفيين، عبر حسابه، الذي ...); a bare noun or a preposition
    that takes a noun ("أعلن عن تعيين", "شدد على ضرورة") may not: that verb has no quote.
    """
    t = toks[i][2]
    nxt = toks[i + 1][2] if i + 1 < len(toks) else ""
    if form.source and t == "عن":
        return "source"
    if W.is_(W.time, t) or t.isdigit() or t == "(" or W.is_(W.rel, t) or t in W.rel:
        return True
    if t in W.aside or (len(t) > 3 and t[0] == "و" and t[1:] in W.aside):
        return True  # "وأضاف مخاطبا الحضور: «...»"
    if W.is_(W.rank, t) and strip_clitics(t).endswith(("ه", "ها")):
        return True  # معاليه، سموه
    if t == "من" and np_ is not None and np_.name is not None and (W.is_(W.place, nxt) or has_article(nxt)
                                                                  or nxt in _RESIDENTS):
        return True  # "الكاتب أحمد السالم من البصرة"، "موسى الكشاري من سكان حي العتيبية"
    if t in ("على", "عن", "الى", "من", "ب"):
        if t == "من" and form.obj and not obj_used and nxt not in _COMMAS:
            return "object"  # "مطالبا من أميركا أن تغير": the one asked
        if t == "على" and nxt in _OPEN_TOKENS:
            return True  # "وشدد الرئيس هادي على «مواصلة تطهير ...»"
        if t == "على" and nxt in ("اهميه", "ضروره") and i + 2 < len(toks) and toks[i + 2][2] in _OPEN_TOKENS:
            return True  # "وشدد على أهمية «التزام جميع الأطراف ...»": the marks hold the words
        if t == "من" and strip_clitics(nxt) in ("جهته", "جانبه", "جهتها", "جانبها", "ناحيته", "جهه", "ناحيه"):
            return True
        return strip_clitics(nxt) in ("حسابه", "حسابها", "صفحته", "صفحتها", "هامش", "موقع", "موقعه",
                                      "لسان", "خلفيه", "حد") or W.is_(W.medium, nxt)
    if t in W.prep or (len(t) > 2 and t[0] == "و" and t[1:] in W.prep):
        return True
    if t.startswith("ل") and not t.startswith("ال"):
        return True
    if strip_clitics(t) in ("ردا", "تعليقا", "تعقيبا", "بناء", "نقلا", "وفقا", "تصريح", "مشيرا") or t in ("وهو", "وهي", "وهم", "اي", "أي") \
            or (t in ("بشكل", "بصوره") and nxt not in COMPLEMENTIZERS) \
            or t in ("الانتباه", "النظر"):
        return True
    if form.obj and not obj_used:
        return "object"
    # a short apposition between commas or dashes: "، عز الدين كوجوك،", "– مدير التسويق بشركة تاف-"
    j = i
    while j < len(toks) and j - i < 9 and toks[j][2] not in _COMMAS:
        if toks[j][2] in COMPLEMENTIZERS or toks[j][2] == ":":
            break
        j += 1
    if j < len(toks) and toks[j][2] in _COMMAS:
        return True
    if j < len(toks) and toks[j][2] in COMPLEMENTIZERS and 0 < j - i <= 4 \
            and all(_name_like(toks[k][2], W) or (has_article(toks[k][2]) and not W.is_(W.role_any, toks[k][2]))
                    for k in range(i, j)) and _name_like(toks[i][2], W):
        return True  # "نائب رئيس حكومة إقليم كردستان، قوباد جلال الطالباني إنه": the name after a comma
    # a circumstantial clause before a colon and a quotation: "صرح، وابتسامة رضا بادية ...: «"
    for k in range(i, min(len(toks) - 1, i + 16)):
        tk = toks[k][2]
        if tk in COMPLEMENTIZERS or tk in _COMMAS:
            return False
        if tk == ":":
            return toks[k + 1][2] in _OPEN_TOKENS
    return False


def _bare_name_end(toks, i: int, W) -> int | None:
    """The index of أن / إن when the one to three tokens from ``i`` up to it can only be a
    name: no ordinary word, role, time or preposition among them, and not all definite."""
    j = i
    while j < len(toks) and j - i < 3 and toks[j][2] not in COMPLEMENTIZERS:
        t = toks[j][2]
        if not _WORD.fullmatch(t) or t.isdigit() or plain_word(t) or is_cue(t) or t in W.prep or t in W.stop \
                or W.is_(W.role_any, t) or W.is_(W.time, t) or W.is_(W.rank, t) or W.is_(W.medium, t) \
                or (len(t) > 3 and t[0] in "وفب" and (plain_word(t[1:]) or W.is_(W.role_any, t[1:]))):
            return None
        j += 1
    if j == i or j >= len(toks) or toks[j][2] not in COMPLEMENTIZERS:
        return None
    if all(has_article(toks[k][2]) for k in range(i, j)):
        return None
    return j


def _pronoun_np(np_: NounPhrase, toks) -> bool:
    """A phrase that is only a rank pronoun (معاليه، سموه) names nobody new."""
    W = words()
    return np_.name is None and all(W.is_(W.rank, r) and r.endswith(("يه", "وه", "ته")) for r in np_.role)


_DELIVERED = re.compile(r"(?:و|ف)?(?:القى|القت|وجه|وجهت|القيا)\s+")
_DATELINE = re.compile(r"[^\n:]{2,60}?[-–][^\n:]{0,40}:\s*")
_SUBORDINATORS = frozenset(fold(w) for w in ("عندما", "حين", "حينما", "لما", "بعدما", "إذ", "اذ", "حيث", "كلما", "فيما", "بينما"))


def _implicit_speaker(F: Folded, R: Resolver, form: CueForm, cue_s: int, s_start: int,
                      before: str, raws: list[_Raw]) -> Speaker | None:
    """The speaker of a cue without a subject phrase: the subject before the verb (وكان
    المتحدث ... قال), the subject of the sentence's first verb (دان الوزير ...، وقال:), the
    speaker of an earlier quote in the same sentence (participles), or the last speaker whose
    gender agrees with the verb (وأضافت:)."""
    f = F.f
    if before.endswith(" ") and re.search(r"(?:^|[\s.،,؛;])[وف]\s+$", before):
        before = before.rstrip()  # "و أضاف ، ان": the conjunction set off by a space, not a subject
    lead = before.strip()
    W = words()
    # an earlier quote in this sentence: مضيفا أن، مشيرة إلى أن، "...، وقال"
    for r in reversed(raws):
        if r.cue_pos >= s_start and r.speaker is not None:
            if form.kind == "participle" or (re.search(r"(?:[،,؛;]\s*|\s)و?$", before)
                                             and _contrast_subject(f, s_start, cue_s) is None):
                return _clone(r.speaker, cue_s)  # (not "...، لكن المعارضة قالت": a new subject)
            break
    # "من جهته، قال" / "بدوره أكد": the pronoun points at the last speaker
    if _PRONOUN_OPENER.fullmatch(lead.rstrip(" ،,")):
        sp = R.last(cue_s, form.gender, form.plural or None)
        return _clone(sp, cue_s) if sp else None
    cue_word = _WORD.match(f, cue_s)
    cue_end = cue_word.end() if cue_word else cue_s
    if re.match(r"\s*(?:فيه|فيها)(?!\w)", f[cue_end:cue_end + 8]):
        # "وألقى قائد المخيم محمد رعدان خلال حفل افتتحه فلان كلمة أوضح فيها": who delivered it
        dv = _DELIVERED.match(f, s_start + (len(before) - len(before.lstrip())), cue_s)
        if dv is not None:
            toks = F.tokens(dv.end(), cue_s)
            mmap = R.mention_map(toks)
            np_, _ = parse_np(toks, 0, mmap) if toks else (None, 0)
            if np_ is not None and not np_.empty and np_.name is not None:
                return R.resolve(np_, np_.start, form.gender, form.plural)
        # "خطاب للأمين العام ... حسن نصر الله، قال فيه": the person just named
        here = _sentence_person(R, s_start, cue_s, last=True)
        if here is not None:
            return here
    prev = re.search(r"(\w+)\s*$", before)
    if prev and prev.group(1) in ("الذي", "التي", "الذين"):
        # "المقدم عطالله الرويلي، الذي بين أن": the relative clause's antecedent speaks
        sp = R.last(cue_s, None, None)
        if sp is not None and sp.pos >= s_start:
            return _clone(sp, cue_s)
        here = _sentence_person(R, s_start, cue_s, last=True)
        if here is not None:
            return here
    if prev and prev.group(1) in _SUBORDINATORS:
        # "عندما قال", "حين قال": the subject is the one the sentence is about
        sp = R.last(cue_s, form.gender, None)
        if sp is not None and sp.pos >= s_start:
            return _clone(sp, cue_s)  # "أبدى شويبله استعداده ...، حيث أوضح أن": the one just heard
        return (_sentence_person(R, s_start, cue_s) or _clone(sp, cue_s)
                or _sentence_person(R, max(0, cue_s - 700), cue_s, last=True))
    # where the sentence's own words start: past a dateline and discourse openers
    off = s_start + (len(before) - len(before.lstrip()))
    dl = _DATELINE.match(f, off, cue_s)
    if dl:
        off = dl.end()
    d = _DISCOURSE.match(f, off, cue_s)
    if d:
        off = d.end()
    if f.startswith(("اما ", "واما "), off):
        sp = R.last(cue_s, form.gender, form.plural or None)
        return _clone(sp, cue_s) if sp else None
    # subject before the verb: "وكان المتحدث ... قال", "كريستوفر بايلي صرح،"
    k = _KAN.match(f, off, cue_s)
    svo_off = k.end() if k else off
    if not k:
        # "وبحسب «الفرنسية»، فإن سيباستيان ابيس الباحث ... يعتبر أن": past the lead and فإن
        lc = _LEAD_CHUNK.match(f, svo_off, cue_s)
        fa = re.match(r"(?:ف|و)?ان\s+", f[lc.end() if lc else svo_off:cue_s])
        if fa:
            svo_off = (lc.end() if lc else svo_off) + fa.end()
    if cue_s - svo_off < 220:
        toks = F.tokens(svo_off, cue_s)
        if toks and len(toks) <= 22 and not (len(toks) == 1 and toks[0][2] in ("و", "ف")):
            np_, j = parse_np(toks, 0, R.mention_map(toks))
            verb_first = np_.name is not None and np_.name[0] == toks[0][0] and np_.head is not None
            if not np_.empty and not verb_first and j >= len(toks) - (1 if toks[-1][2] in ("قد", "لقد", "فقد") else 0):
                return R.resolve(np_, np_.start, form.gender, form.plural)
    # the subject of the last clause: "...، لكن أقرباء له قالوا إنه", "إلا أن رئيس لجنة الأمن
    # الداخلي، مايكل ماكول، قال إن"
    if form.kind == "verb":
        sp = _clause_subject(F, R, form, cue_s, s_start)
        if sp is not None:
            return sp
    # a later clause of the sentence with its own speech or stance verb: "أنهى فريق الوحدة ...،
    # وأبدى المدرب اخوان رضاه ...، وقال:" — the verb goes on with the nearest subject that spoke
    if form.kind == "verb" and re.search(r"[،,؛;]\s*(?:و|ف)?$", before):
        near = R.last(cue_s, form.gender, form.plural or None, within=cue_s - s_start)
        if near is not None and near.pos >= s_start and near.gender == form.gender \
                and near.kind in ("person", "name"):
            return _clone(near, cue_s)
    # the subject of the sentence's first verb: "دان الوزير ... وقال:", "وعبرت الولايات المتحدة ...، مؤكدة"
    chunk = _LEAD_CHUNK.match(f, off, cue_s)
    if chunk:
        off = chunk.end()
    toks = F.tokens(off, cue_s)
    if len(toks) >= 2:
        v = toks[0][2]
        if not has_article(v) and not W.is_(W.role_any, v) and v not in W.prep and v not in W.stop \
                and not (v[0] in "وف" and v[1:] in W.prep) \
                and (v not in lexicon().cues or form.kind == "participle") and len(strip_clitics(v)) >= 2:
            j0 = 2 if toks[1][2] in ("بذلك", "ذلك") and len(toks) > 2 else 1  # "صرح بذلك المدير ..."
            cf = lexicon().cues.get(v[1:] if v[0] in "وف" and v[1:] in lexicon().cues else v)
            if cf is not None and "على" in cf.preps:
                # "أكد مدير الجامعة المكلف على أهمية الاتفاقية، مشيرا": the object starts at على
                toks = toks[:next((q for q in range(j0, len(toks)) if toks[q][2] == "على"), len(toks))]
            mmap = R.mention_map(toks)
            np_, k = parse_np(toks, j0, mmap)
            _quantified(toks, np_, k, mmap)  # "تناول عدد من المواقع والصحف ... خبر ...، وأشارت"
            if not np_.empty and (np_.name is None or np_.head is not None):
                np_ = _apposed_name(toks, np_, R, mmap)
            if not np_.empty and (np_.name is not None or np_.head is not None or np_.kind == "whole"):
                return R.resolve(np_, np_.start, form.gender, form.plural)
    if form.kind == "participle" and raws and raws[-1].speaker is not None and cue_s - raws[-1].end < 400:
        sp = R.last(cue_s, form.gender, form.plural or None)
        if sp is not None and sp.pos > raws[-1].cue_pos:
            return _clone(sp, cue_s)  # a later speaker without words of his own: "أكدت الرئاسة ...، مشيرة"
        return _clone(raws[-1].speaker, cue_s)
    if form.gender == "f":
        sp = R.last(cue_s, "f", form.plural or None, within=1500)
        if sp is not None and sp.gender == "f":
            return _clone(sp, cue_s)  # "وقالت:" after "أعربت سارة أوباما": the woman last heard
    if cue_s - s_start > 20 and not re.match(r"\s*(?:و|ف)?$", before):
        # "ففي استقبال الملك سلمان لوزير الصحة ... قال لهم:": a person named earlier in the sentence
        here = _sentence_person(R, s_start, cue_s)
        if here is not None:
            return here
    sp = R.last(cue_s, form.gender, form.plural or None)
    if form.kind == "verb" and not form.plural and re.match(r"\s*(?:و|ف)?$", before):
        # "وتفقد الأمير سعود بن نايف المشروع. وقال إن": the one the last sentence was about
        prev = _prev_subject(F, R, form, s_start, sp.pos if sp is not None else -1)
        if prev is not None:
            return prev
    if sp is None:
        sp = _sentence_person(R, max(0, cue_s - 700), cue_s, last=True, gender=form.gender)
    return _clone(sp, cue_s) if sp else None


def _prev_subject(F: Folded, R: Resolver, form: CueForm, s_start: int, after: int) -> Speaker | None:
    """The named subject of the sentence before ``s_start`` when it opens with a verb other
    than a speech verb and comes after the last speaker heard (``after``)."""
    f = F.f
    if s_start <= 0:
        return None
    j = s_start - 1
    while j > 0 and f[j] in " \t\n\u00a0":
        j -= 1  # "... الأدراج .\n وذكرت": past the spaces around a paragraph break
    ps, pe = F.sentence(max(0, j - 1))
    if ps <= after or pe <= ps or ps >= s_start:
        return None
    off = _skip_space(f, ps)
    while off < pe and f[off] in "\n ":
        off += 1
    d = _DISCOURSE.match(f, off, pe)
    if d:
        off = d.end()
    chunk = _LEAD_CHUNK.match(f, off, pe) or _TIME_LEAD.match(f, off, pe)
    if chunk:
        off = chunk.end()  # "وفي نهاية الاجتماع تناول المزروع ..."
    toks = F.tokens(off, min(pe, off + 200))
    if len(toks) < 3:
        return None
    W = words()
    v = toks[0][2]
    if has_article(v) or W.is_(W.role_any, v) or v in W.prep or v in W.stop or v in lexicon().cues \
            or (v[0] in "وف" and (v[1:] in W.prep or v[1:] in lexicon().cues)) or len(strip_clitics(v)) < 3 \
            or v in ("كان", "وكان", "كانت", "وكانت") or v.isdigit() or not _WORD.fullmatch(v):
        return None
    np_, _ = parse_np(toks, 1, R.mention_map(toks))
    if form.gender == "f":
        # "كما حددت الهيئة العامة للغذاء والدواء خطوات ... . وذكرت أن": a feminine verb goes on
        # with the subject of a feminine verb, a woman or a body (هيئة، وزارة), not the last man
        if not v.endswith("ت") or np_.empty or np_.plural or np_.kind not in ("person", "inst") \
                or (np_.head is None and np_.name is None):
            return None
        _drop_plain_name(F, np_)
        return R.resolve(np_, np_.start, "f", False)
    if np_.kind == "whole" and np_.name is None and np_.head is None and len(np_.role) == 1 \
            and has_article(np_.role[0]) and not plain_word(np_.role[0]) and not W.is_(W.role_any, np_.role[0]):
        # "وفي نهاية الاجتماع تناول المزروع أبرز ما جاء فيه. وقال:": the surname of a person
        # named earlier ("برئاسة الدكتور عبدالواحد المزروع")
        full = R._expand(R.text((np_.start, np_.end)), np_.start)
        if len(full.split()) >= 2:
            return Speaker(np_.start, (np_.start, np_.end), full, R._key(full), form.gender, False,
                           None, (), "person")
        return None
    if np_.empty or np_.name is None or np_.kind != "person" or np_.plural:
        return None
    _drop_plain_name(F, np_)
    if np_.name is None or plain_word(f[np_.name[0]:np_.name[1]].split()[0]):
        return None
    return R.resolve(np_, np_.start, form.gender, False)


_CLAUSE_OPENER = re.compile(
    r"(?<!\w)(?:و|ف)?(?:لكن|الا\s+ان|غير\s+ان|بيد\s+ان|في\s+حين|بينما|فيما|كما\s+ان)\s+")


def _clause_subject(F: Folded, R: Resolver, form: CueForm, cue_s: int, s_start: int) -> Speaker | None:
    """The subject standing between a contrast or coordination word and the verb: "لكن
    أقرباء له قالوا إنه", "إلا أن رئيس لجنة ...، مايكل ماكول، قال إن"."""
    f = F.f
    lo = max(s_start, cue_s - 220)
    last = None
    for m in _CLAUSE_OPENER.finditer(f, lo, cue_s):
        last = m
    if last is None or last.end() >= cue_s:
        return None
    toks = F.tokens(last.end(), cue_s)
    if not toks or len(toks) > 22:
        return None
    if toks[-1][2] in ("قد", "لقد", "فقد"):
        toks = toks[:-1]
    mmap = R.mention_map(toks)
    np_, j = parse_np(toks, 0, mmap)
    if np_.empty:
        return None
    if j == len(toks) - 1 and toks[j][2] in ("له", "لها", "لهم", "منه", "منها", "منهم") and np_.name is None:
        j += 1  # "لكن أقرباء له قالوا", "مقربون منه"
        np_.end = toks[-1][1]
    if j < len(toks):
        if toks[j][2] not in _COMMAS or (np_.name is not None and np_.head is None):
            return None
        # "، مايكل ماكول،": the apposed name and its commas are all that is left
        np_ = _apposed_name([*toks, (cue_s, cue_s, "،")], np_, R, mmap)
        if np_.name is None or any(t[2] not in _COMMAS for t in toks[j:] if t[1] > np_.name[1]):
            return None
    if np_.head is None and np_.name is None and np_.kind not in ("whole", "inst"):
        return None
    return R.resolve(np_, np_.start, form.gender, form.plural)


def _sentence_person(R: Resolver, start: int, end: int, last: bool = False,
                     gender: str | None = None) -> Speaker | None:
    """A named person (or a titled role) introduced between ``start`` and ``end``; with
    ``gender`` "f", not one whose title is masculine ("وتابعت" is not "ولي أمر الفتاتين")."""
    source = R.table if R._table is not None else R.entries(start, end)
    hits = [e for e in source if start <= e.pos < end and e.kind in ("person", "role")
            and not (gender == "f" and e.head and not e.head.endswith("ه"))]
    if not hits:
        return None
    e = hits[-1] if last else hits[0]
    if e.kind == "role" and e.head:
        # "تلا ذلك كلمة من وكيل المحافظة أكد فيها": the role is the person the article named
        # with it ("وكيل المحافظ ماجد العساف")
        hit = R._lookup(e.head, e.role, e.pos, "role")
        if hit is not None and hit.kind == "person" and hit.name:
            return Speaker(end, None, hit.name, R._key(hit.name), "m", False, e.head, tuple(e.role), "person")
    return Speaker(end, None, e.name, R._key(e.name), "m", False, e.head, tuple(e.role),
                   "person" if e.kind == "person" else "role")


def _clone(sp: Speaker | None, pos: int) -> Speaker | None:
    if sp is None:
        return None
    return Speaker(pos, None, sp.name, sp.key, sp.gender, sp.plural, sp.head, sp.role, sp.kind, sp.medium)


def _speaker_after(F: Folded, R: Resolver, m: re.Match[str], form: CueForm, s_start: int,
                   s_end: int, before: str, raws: Sequence[_Raw] = ()) -> _Raw | None:
    """«...»، قال بيسكوف / "...، على ما أعلنت بيونغيانغ" / "...، صرح بذلك المتحدث"."""
    f = F.f
    cue_e = m.end()
    close = _CLOSE_BEFORE.search(before)
    conn = _AFTER_CONNECTIVE.search(before)
    bidhalika = _BIDHALIKA.match(f, cue_e, min(len(f), cue_e + 8))
    if close is None and conn is None and bidhalika is None:
        return None
    span: tuple[int, int] | None = None
    region = None
    if close is not None:
        mark = s_start + close.start()
        region = next((r for r in F.regions if r.close == mark), None)
        if region is None or not region.closed or len(F.words(*region.inner)) < 3:
            return None
        if any(r.start <= region.open <= r.end for r in raws[-3:]):
            # "وقال ستاثاكيس إن المحادثات أصبحت "في المرحلة النهائية"، وذكرت صحيفة «آفي» أن":
            # the marks close words an earlier verb already gave; this verb has words of its own
            return None
        span = region.inner
    else:
        if conn is not None:
            cut = s_start + conn.start("c")
            if any(is_cue(t) for t in F.words(s_start, cut)):
                return None  # "وأوضح فلان، وفقاً لما نقلت عنه صحيفة": a source of the report
            if not f[s_start:cut].strip(" ،,و"):
                if conn.group("c") == "كما":
                    return None  # "كما قال" opening a sentence means "also said"
                return _attribution_first(F, R, m, form, s_end)
        else:
            cut = s_start + len(before.rstrip(" ،,"))
        st = s_start
        lead = re.match(r"(?:(?:و)?(?:يذكر|يشار(?:\s+الي)?)\s+(?:ان|انه|انها)\s+)", f[st:cut])
        if lead:
            st += lead.end()
        span = (st, cut)
    start = bidhalika.end() if bidhalika else cue_e
    toks = F.tokens(start, min(s_end + 1, start + 300))
    if toks and toks[0][2] in ("به", "بها", "بهم", "عنه", "عنها"):
        toks = toks[1:]  # "حسب ما أفاد به الناطق"
    W = words()
    while toks and (W.is_(W.time, toks[0][2]) or toks[0][2] in _COMMAS):
        toks = toks[1:]  # "حسب ما أعلنت سابقا المتحدثة"
    if not toks:
        return None
    np_, j = parse_np(toks, 0, R.mention_map(toks))
    if np_.empty:
        return None
    if j < len(toks) and toks[j][2] in COMPLEMENTIZERS | {":"}:
        return None  # "كما أعلن فلان أن ...": the words follow after all
    sp_s, sp_e = _trim(f, *span)
    if sp_e - sp_s < 3:
        return None
    speaker = R.resolve(np_, np_.start, form.gender, form.plural)
    return _Raw(sp_s, sp_e, region is not None, form, m.start(), speaker, None, region)


def _attribution_first(F: Folded, R: Resolver, m: re.Match[str], form: CueForm,
                       s_end: int) -> _Raw | None:
    """"وحسبما ذكر موقع «إنجادجيت»، فإن التاب الجديد ...": the source comes first, then the
    words, after a comma and an optional فإن."""
    f = F.f
    toks = F.tokens(m.end(), min(s_end + 1, m.end() + 300))
    if toks and toks[0][2] in ("به", "بها"):
        toks = toks[1:]
    if not toks:
        return None
    np_, j = parse_np(toks, 0, R.mention_map(toks))
    if np_.empty or j >= len(toks):
        return None
    k = j
    while k < len(toks) and toks[k][2] not in _COMMAS and k < 12:
        k += 1  # the rest of the source phrase: "الأمريكي"، "التقني المختص"
    if k < len(toks) and toks[k][2] in _COMMAS:
        j = k + 1
    elif np_.head is None and np_.kind != "inst":
        return None  # without a comma the source must be a titled phrase: "وكالة ... الأمريكية كان"
    if j < len(toks) and toks[j][2] in COMPLEMENTIZERS | {"فان", "فانه", "فانها", "فإن"}:
        j += 1
    if j >= len(toks):
        return None
    start = toks[j][0]
    end = _clause_end(F, start, s_end, [])
    sp_s, sp_e = _trim(f, start, end)
    if sp_e - sp_s < 3:
        return None
    speaker = R.resolve(np_, np_.start, form.gender, form.plural)
    return _Raw(sp_s, sp_e, False, form, m.start(), speaker, None, None)


# -- spans -------------------------------------------------------------------------------------

def _skip_space(f: str, i: int) -> int:
    while i < len(f) and f[i] in " \t\u00a0":
        i += 1
    return i


def _only_punct(f: str, a: int, b: int) -> bool:
    return not f[a:b].strip(" \t.،,؛;:!؟?\"»”")


def _opens_quote(F: Folded, c: int, s_end: int) -> bool:
    """Whether the cue at ``c`` is followed, within its clause, by أن/إن, a colon or a quotation
    mark: only then does it start new words said ("، وأضاف أن"); "وبين أمانة الأحساء" does not."""
    for t in F.words(c, min(s_end, c + 170))[1:26]:
        if t in COMPLEMENTIZERS or t == ":" or t in _OPEN_TOKENS:
            return True
        if t in (".", "؟", "!"):
            return False
    return False


def _clause_end(F: Folded, start: int, s_end: int, later_cues: list[int]) -> int:
    """Where indirect speech ends: the sentence end, or before a following cue that opens a
    new clause ("، مضيفا أن", "، وأضاف"), an attribution tail ("، بحسب قولها") or an aside
    participle ("، متمنيا")."""
    f = F.f
    end = s_end
    for c in later_cues[bisect.bisect_right(later_cues, start):]:  # ascending
        if c >= end:
            break
        if F.inside_closed(c) is not None:
            continue
        word = _WORD.match(f, c)
        cf = None
        if word:
            cf = lexicon().cues.get(word.group()) or lexicon().cues.get(word.group()[1:])
        if cf is None:
            st = lexicon().stance.get(word.group()) if word else None
            if st is not None and not st.present:
                # "...، فيما أشاد العديد من الزوار بـ": the narrator turns to another stance
                sub = re.search(r"(?<!\w)(?:فيما|بينما|في حين)\s+$", f[max(start, c - 9):c])
                if sub or (word.group()[0] == "و" and re.search(r"[،,؛;]\s*$", f[max(start, c - 3):c])):
                    end = c - len(sub.group()) if sub else c
                    break
            continue
        if cf.present and cf.kind == "verb":
            continue  # a present-tense verb inside the words said: "...، وتؤكد انصياع"
        sub = re.search(r"(?:فيما|بينما|في حين|حين)\s+$", f[max(start, c - 9):c])
        if sub:
            end = c - len(sub.group())
            break
        opener = _contrast_subject(f, start, c)
        if opener is not None and cf.kind == "verb":
            end = opener  # "...، بيد أن المتحدث الرسمي للجامعة أكد أنه": another speaker answers
            break
        pre = f[max(start, c - 4):c]
        if cf.kind == "verb" and not cf.present and re.search(r"[،,؛;]\s*(?:و|كما\s+)$", f[max(start, c - 8):c]):
            end = c  # "، كما أكد معاليه على أهمية ...": the narrator goes on
            break
        if (re.search(r"[،,؛;]\s*(?:و)?$|\sو$|^و$|[.]\s*$", pre) or (f[c] == "و" and cf.kind == "verb")) \
                and _opens_quote(F, c, end):
            end = c  # "، وأضاف أن", "... بايران وأعلنت أن"
            break
        if cf.kind == "participle" and cf.lemma != "قال":
            end = c
            break
        if cf.kind == "verb" and not cf.present and f[c] == "و" and f[c - 1:c] == " " \
                and (cf.lemma not in _MASDAR_LIKE or word.group().endswith(("ت", "وا"))) \
                and F.inside_closed(start) is None:
            end = c  # "إنها أحبطت مؤامرة ... وأعلنت استدعاء سفيرها": the narrator goes on
            break
    seg = f[start:end]
    best = end
    # every branch of _TAIL holds one of these words: without them it cannot match
    tails = _TAIL.finditer(seg) if any(w in seg for w in _TAIL_WORDS) else ()
    for mt in tails:
        p = start + mt.start()
        if F.inside_closed(p) is None and p > start + 3:
            best = min(best, p)
            break
    if "لم " in seg or "دون ان" in seg:
        mt = _UNSAID.search(seg)
        if mt is not None and mt.start() > 3 and F.inside_closed(start + mt.start()) is None:
            best = min(best, start + mt.start())
    # the first aside participle (متمنيا) after a comma or a space; only the words of that
    # class are matched, as the words in between never end the span
    for mt in _aside_re().finditer(seg):
        p = start + mt.start()
        if p >= best:
            break
        if F.inside_closed(p) is None:
            best = p
            break
    return best


_CONTRAST = re.compile(r"[،,؛;]?\s*(?<!\w)(?:و)?(?:لكن|الا\s+ان|غير\s+ان|بيد\s+ان|في\s+حين\s+ان|في\s+حين|بينما|فيما)\s+"
                       r"(?P<np>[^،,.:؛;]{3,80}?)\s+(?:قد\s+)?$")


def _contrast_subject(f: str, start: int, c: int) -> int | None:
    """Where "بيد أن / لكن / في حين" opens a clause whose subject (a noun phrase of a few words,
    no complementizer in it) is followed by the cue at ``c``: the words said end before it."""
    lo = max(start, c - 100)
    m = _CONTRAST.search(f, lo, c)
    if m is None or m.start() <= start + 3:
        return None
    a = m.start("np")
    toks = [(a + w.start(), a + w.end(), w.group()) for w in re.finditer(r"\S+", m.group("np"))]
    if len(toks) > 7 or any(t[2] in COMPLEMENTIZERS or is_cue(t[2]) for t in toks):
        return None
    np_, j = parse_np(toks, 0)
    if np_.empty or j < len(toks) or not (np_.head is not None or np_.name is not None or np_.kind in ("whole", "inst")):
        return None
    return m.start()


_ASIDE_RE: re.Pattern[str] | None = None


def _aside_re() -> re.Pattern[str]:
    """``(?:[،,]\\s*|\\s)(\\w+)`` restricted to the words of the ``aside`` class: it starts
    where that regex starts a match on such a word (every word run is preceded by the gap the
    separator is read from, untouched by the previous match), without a Python step per word."""
    global _ASIDE_RE
    if _ASIDE_RE is None:
        aside = sorted(w for w in words().aside if _WORD.fullmatch(w))
        _ASIDE_RE = re.compile(r"(?:[،,]\s*|\s)(?:" + trie_regex(aside, spaces=False) + r")(?!\w)")
    return _ASIDE_RE


_TRIM_END = " \t\u00a0.،,؛;:!"
_TRAILING_OPENER = re.compile(r"[،,]\s*(?:و)?(?:من\s+جانب\w+|من\s+جهت\w+|بدور\w+|في\s+المقابل)\s*[،,]?\s*$")


def _trim(f: str, s: int, e: int) -> tuple[int, int]:
    while s < e and f[s] in " \t\u00a0\n:":
        s += 1
    m = _TRAILING_OPENER.search(f, s, e)
    if m:
        e = m.start()
    while e > s and f[e - 1] in _TRIM_END + "\n":
        e -= 1
    # a closing mark whose opener lies outside the span, and the reverse
    while e > s and f[e - 1] in "»”\"″":
        inner = f[s:e - 1]
        if f[e - 1] == '"' and inner.count('"') % 2 == 1:
            break
        if f[e - 1] in "»”" and (inner.count("«") + inner.count("“")) > (inner.count("»") + inner.count("”")):
            break
        e -= 1
        while e > s and f[e - 1] in _TRIM_END:
            e -= 1
    while s < e and f[s] in "«“\"″":
        rest = f[s + 1:e]
        if f[s] == '"' and rest.count('"') % 2 == 1:
            break
        if f[s] in "«“" and (rest.count("»") + rest.count("”")) > (rest.count("«") + rest.count("“")):
            break
        s += 1
    return s, e


_MEDIUM_CHUNK = re.compile(r"[،,]")


def _medium(F: Folded, toks, i0: int, i1: int) -> str | None:
    """The medium stated between the speaker and the words: في بيان، للصحفيين، في تصريحات
    نقلتها وكالة إنترفاكس، عبر حسابه في تويتر."""
    W = words()
    for i in range(i0, min(i1, len(toks))):
        t = toks[i][2]
        nxt = toks[i + 1][2] if i + 1 < len(toks) else ""
        start = None
        if (t in ("في", "خلال", "عبر", "على", "امام") and W.is_(W.medium, nxt)) or (t.startswith("ل") and not t.startswith("ال") and (W.is_(W.medium, t[1:]) or W.is_(W.medium, "ال" + t[2:]) or t[1:] in ("وكاله", "صحيفه", "قناه"))):
            start = i
        if start is None:
            continue
        j = start + 1
        while j < i1 and toks[j][2] not in ("،", ",", ":") and toks[j][2] not in COMPLEMENTIZERS and j - start < 9:
            if toks[j][2] in COMP_PREPS and j + 1 < len(toks) and toks[j + 1][2] in COMPLEMENTIZERS:
                break
            j += 1
        s, e = toks[start][0], toks[j - 1][1]
        return F.text[F.orig(s):F.orig_end(e)].strip(" «»\"“”")
    return None


def _negated(F: Folded, s: int, e: int) -> bool:
    """Negated words: a negator among the first words, or right after a leading relative
    clause ("الزيارة التي شهدت ...، لم تتضمن")."""
    toks = F.words(s, min(e, s + 160))
    head = toks[:6]
    for k, t in enumerate(head):
        if t in NEGATORS:
            if t == "غير" and k + 1 < len(toks) and toks[k + 1] in COMPLEMENTIZERS:
                continue
            return True
    if any(t in ("التي", "الذي", "الذين") for t in toks[:8]):
        for k, t in enumerate(toks[:24]):
            if t in ("،", ","):
                return any(x in NEGATORS for x in toks[k + 1:k + 4])
    return False


def _continued_paragraphs(F: Folded, raws: list[_Raw]) -> list[_Raw]:
    """A direct quote left open at a paragraph end and closed in the next paragraph (scraped
    pages break long quotations into paragraphs): the next paragraph up to the closing mark is
    the same speaker's words."""
    out = []
    f = F.f
    for r in raws:
        if r.region is None or r.region.closed:
            continue
        ps, pe = F.paragraph(r.region.close + 1) if r.region.close + 1 < len(f) else (0, 0)
        if pe <= ps:
            continue
        seg = f[ps:pe]
        mclose = re.search(r"[»”]", seg)
        mopen = re.search(r"[«“]", seg)
        if mclose is None or (mopen is not None and mopen.start() < mclose.start()):
            continue
        s, e = _trim(f, ps, ps + mclose.start())
        if e - s > 3:
            out.append(_Raw(s, e, True, r.cue, r.cue_pos, r.speaker, r.medium, None))
    return out


def _finding(F: Folded, r: _Raw) -> QuoteFinding:
    s, e = F.orig(r.start), F.orig_end(r.end)
    sp = r.speaker
    sp_text = sp_s = sp_e = None
    if sp is not None and sp.text_span is not None:
        sp_s, sp_e = F.orig(sp.text_span[0]), F.orig_end(sp.text_span[1])
        sp_text = F.text[sp_s:sp_e].strip(" ،,«»\"")
    neg = r.cue.neg or _negated(F, r.start, r.end)
    q = Quote(
        start=s, end=e, text=F.text[s:e], speaker=None, speaker_text=sp_text,
        cue=r.cue.lemma, direct=r.direct, speaker_start=sp_s, speaker_end=sp_e,
        medium=r.medium, negated=neg, speaker_key=sp.key if sp is not None else None,
    )
    return QuoteFinding(q, sp.name if sp is not None else None)


def _fold_key(s: str) -> str:
    return fold(s)
