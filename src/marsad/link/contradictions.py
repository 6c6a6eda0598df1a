"""Contradictions: pairs of statements in one story that cannot both be true.

An analyst must be able to trust every flag, so this module is built for precision: a pair is
reported only when both statements are demonstrably about the *same* thing, and the rules
below say what "same" means for each kind.  Everything is read from the analyze stage's output
(events, quotes, times, mentions with entity ids set by the link stage); nothing is guessed
from free text except the casualty figures, which the analysis does not carry.

Kinds (the ``kind`` of a `Contradiction`):

``denial``      an event affirmed (happened or planned) against the same event denied ("لا توجد
                خطط لزيارة بوتين لبيونغيانغ" against "قبل بوتين دعوة لزيارة كوريا الشمالية").
                Same event type, and the principal participants (visitor, agent, host, partner,
                destination, target) share at least two entities, places counting for the
                actor they stand for (بيونغيانغ → North Korea, الكرملين → Russia); destinations,
                when both name one, must agree; explicit dates, when both give one, must agree.
``accusation``  an accusation ("اتهمت ... إيران بـ...") against a denial by the accused (a negated
                quote or a نفى sentence whose speaker or subject is the accused), sharing another
                entity or two content words with the accusation.
``number``      two different casualty figures (killed, or injured) for the same incident: a
                sentence telling of one incident (an attack or a disaster, never a running
                military campaign), at least two specific words in common (place and unit
                names: أبها، الطوارئ، سروج — not تفجير، مقتل، الخميس) and a shared entity
                or a third word, the same class of victims (people in general, security men,
                civilians, children ...), published within two days, neither figure hedged
                (نحو، أكثر من، على الأقل) nor an update (ارتفع) nor a running total (منذ،
                خلال الأسبوع، إجمالي).  One flag per pair of values: "27 against 32 killed"
                once, from the first articles that give them.
``date``        two different explicit dates (written with digits, both to the day) for one
                event: same type, same trigger word, same modality, at least two shared
                principal participants, dates not overlapping and no more than a week apart.
``self``        a number or date conflict inside one article, both statements in the article's
                own voice (neither is a quote).

Each side is an evidence span (the event's sentence, or a quote) with its article, the speaker
entity id when the statement is a quote, and the speaker as written.  Work is linear in the
number of statements: they are bucketed by topic keys (event type and participant entity,
victim class) and only statements sharing a bucket are compared; a bucket is capped so one
huge story cannot make it quadratic.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

from marsad.analyze.ner_gazetteer import gazetteer
from marsad.analyze.quote_text import fold, folded
from marsad.arabic.clitics import index_terms
from marsad.arabic.namekey import name_key
from marsad.link.story_terms import function_terms

__all__ = [
    "KINDS",
    "Contradiction",
    "Side",
    "StoryArticle",
    "contradiction_record",
    "find_contradictions",
]

KINDS = ("denial", "accusation", "date", "number", "self")

PRINCIPAL_ROLES = frozenset({"visitor", "agent", "host", "partner", "destination", "target"})
NUMBER_TYPES = frozenset({"attack", "disaster"})  # discrete incidents with one toll
BUCKET_CAP = 60  # statements compared within one topic bucket
NUMBER_WINDOW_DAYS = 2
DENIAL_WINDOW_DAYS = 30
DATE_GAP_DAYS = 7

# A short Arabic name for each event type, for topics.
_TYPE_AR = {
    "visit": "زيارة", "meeting": "لقاء", "statement": "بيان", "agreement": "اتفاق",
    "sanction": "عقوبات", "military_action": "عمل عسكري", "attack": "هجوم",
    "weapons_transfer": "نقل أسلحة", "election": "انتخابات", "protest": "احتجاج",
    "disaster": "حادث", "accusation": "اتهام", "invitation": "دعوة", "arrest": "اعتقال",
    "appointment": "تعيين", "incident": "حادثة",
}
_MEASURE_AR = {"killed": "عدد القتلى", "injured": "عدد المصابين"}


@dataclass(frozen=True)
class StoryArticle:
    """One article of a story, as the contradiction finder needs it.

    ``analysis`` is the JSON form of `marsad.model.Analysis` (a dict) whose mentions carry
    their final entity ids (``entity``) and whose quotes may carry the speaker's entity id
    (``speaker``); without ids the finder falls back on name keys, which is weaker but safe.
    """

    id: str
    body: str
    published: str | None = None  # YYYY-MM-DD
    outlet: str | None = None
    analysis: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class Side:
    """One statement of a contradicting pair: ``text == body[start:end]`` of ``article``."""

    article: str
    start: int
    end: int
    text: str
    speaker: str | None = None  # entity id of who said it, when it is a quote
    speaker_text: str | None = None  # the speaker as written


@dataclass(frozen=True)
class Contradiction:
    kind: str  # one of KINDS
    topic: str  # what the two statements disagree about
    a: Side
    b: Side


# -- statements ------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Stmt:
    """A statement read from one article's analysis."""

    idx: int  # index of the article in the story
    order: int  # position in the story (for deterministic choices)
    start: int
    end: int
    type: str
    positive: bool  # affirmed (happened/planned) or denied
    modality: str
    trigger: str
    principals: frozenset[str]  # entity keys, places expanded to the actor they stand for
    parts: tuple[frozenset[str], ...]  # the keys of each principal participant
    destinations: frozenset[str]
    keys: frozenset[str]  # every entity key in the sentence (expanded)
    groups: tuple[frozenset[str], ...]  # the keys of each mention in the sentence
    names: tuple[str, ...]  # principal participants as written, for the topic
    date: str | None
    explicit_date: bool
    speaker: str | None
    speaker_text: str | None
    quoted: bool


@dataclass(frozen=True)
class _Figure:
    idx: int
    order: int
    start: int
    end: int
    measure: str  # killed | injured
    victims: str  # victim class
    value: int
    type: str
    keys: frozenset[str]
    groups: tuple[frozenset[str], ...]
    terms: frozenset[str]  # specific words of the sentence (names of places, units ...)
    names: tuple[str, ...]
    date: str | None
    speaker: str | None
    speaker_text: str | None
    quoted: bool


@dataclass(frozen=True)
class _Denial:
    """A denial by someone: a negated quote or a sentence with a denial verb."""

    idx: int
    order: int
    start: int
    end: int
    who: frozenset[str]  # the denier's keys
    keys: frozenset[str]
    terms: frozenset[str]
    speaker: str | None
    speaker_text: str | None


@dataclass(frozen=True)
class _Accusation:
    idx: int
    order: int
    start: int
    end: int
    accused: frozenset[str]
    accuser: frozenset[str]
    keys: frozenset[str]
    terms: frozenset[str]
    names: tuple[str, ...]
    speaker: str | None
    speaker_text: str | None


@cache
def _acts_for() -> dict[str, str]:
    g = gazetteer()
    return {e.id: e.acts_for for e in g.entries if e.acts_for}


def _expand(key: str) -> frozenset[str]:
    """A key with the actor it stands for: بيونغيانغ stands for North Korea."""
    target = _acts_for().get(key)
    return frozenset((key, target)) if target else frozenset((key,))


def _keyset(entity: str | None, text: str | None) -> frozenset[str]:
    """The keys one mention answers to: its entity id and the actor that id stands for, and
    the name key of its surface form (so that a mention the resolver attached to a wrong
    full name still meets the same name written elsewhere)."""
    out: set[str] = set()
    if entity:
        out |= _expand(entity)
    k = name_key(text or "")
    if k:
        out.add(f"name:{k}")
    return frozenset(out)


def _shared(x: Sequence[frozenset[str]], y: Sequence[frozenset[str]]) -> int:
    """How many participants two statements share: mentions of one that meet the other,
    counted on the side where fewer meet (a place and its state count once on each side)."""
    ux = frozenset().union(*x) if x else frozenset()
    uy = frozenset().union(*y) if y else frozenset()
    return min(len({g for g in x if g & uy}), len({g for g in y if g & ux}))


def _mention_key(m: Mapping) -> str | None:
    if m.get("entity"):
        return str(m["entity"])
    k = m.get("key") or name_key(m.get("text") or "")
    return f"name:{k}" if k else None


def _speaker_key(q: Mapping, key_of_span: Mapping[tuple[int, int], str]) -> str | None:
    if q.get("speaker"):
        return str(q["speaker"])
    s, e = q.get("speaker_start"), q.get("speaker_end")
    if s is not None and (s, e) in key_of_span:
        return key_of_span[(s, e)]
    if q.get("speaker_key"):
        return f"name:{q['speaker_key']}"
    return None


class _Article:
    """Per-article lookups: mention keys by position, quotes by position."""

    def __init__(self, idx: int, art: StoryArticle) -> None:
        self.idx = idx
        self.art = art
        an = art.analysis or {}
        self.mentions = sorted(an.get("mentions", ()), key=lambda m: (m["start"], m["end"]))
        self.key_of_span: dict[tuple[int, int], str] = {}
        self.ent_of_span = {(m["start"], m["end"]): m["entity"] for m in self.mentions if m.get("entity")}
        for m in self.mentions:
            k = _mention_key(m)
            if k:
                self.key_of_span[(m["start"], m["end"])] = k
        self.quotes = sorted(an.get("quotes", ()), key=lambda q: (q["start"], q["end"]))
        self.times = sorted((t for t in an.get("times", ()) if t.get("value")), key=lambda t: t["start"])
        self.events = list(an.get("events", ()))

    def groups_in(self, start: int, end: int) -> tuple[frozenset[str], ...]:
        out: list[frozenset[str]] = []
        for m in self.mentions:
            if m["start"] >= start and m["end"] <= end and m.get("type") in (
                    "PER", "ORG", "GPE", "LOC", "FAC", "NORP"):
                g = _keyset(m.get("entity"), m.get("text"))
                if g and g not in out:
                    out.append(g)
        return tuple(out)

    def keys_in(self, start: int, end: int) -> frozenset[str]:
        return frozenset().union(*self.groups_in(start, end))

    def quote_at(self, start: int, end: int) -> Mapping | None:
        """The quote that covers the span [start, end) (the statement is reported speech)."""
        for q in self.quotes:
            if q["start"] <= start and end <= q["end"] + 1:
                return q
            if q["start"] > end:
                break
        return None

    def speaker_of(self, start: int, end: int) -> tuple[str | None, str | None, bool]:
        q = self.quote_at(start, end)
        if q is None:
            return None, None, False
        return _speaker_key(q, self.key_of_span), q.get("speaker_text"), True

    def explicit_time(self, start: int, end: int, value: str) -> bool:
        """Whether the time with ``value`` in [start, end) is written with digits (a date an
        outlet states, not "اليوم" resolved against its own publication day)."""
        for t in self.times:
            if start <= t["start"] < end and t["value"] == value and re.search(r"[0-9٠-٩]", t["text"]):
                return True
        return False


# -- reading statements ----------------------------------------------------------------------

def _events(a: _Article, order0: int) -> list[_Stmt]:
    out = []
    body = a.art.body
    denied_in: set[int] = set()  # sentences whose denial is already taken by an earlier event
    for k, e in enumerate(sorted(a.events, key=lambda x: (x["start"], x["type"]))):
        s, t = e.get("sentence_start"), e.get("sentence_end")
        if s is None or t is None:
            continue
        modality = e.get("modality", "happened")
        if modality == "speculated":
            continue
        if modality == "denied":
            # "تنفي توقيع أي اتفاقية خلال زيارة": the denial bears on the first event after it,
            # the visit is only its setting
            if s in denied_in:
                continue
            denied_in.add(s)
        positive = modality in ("happened", "planned") and e.get("polarity", True)
        if positive and _REQUESTED.search(fold(body[max(s, e["start"] - 60):e["start"]])):
            continue  # "طلب أن يزور بوتين كوريا الشمالية": asked for, not reported
        principals: set[str] = set()
        parts: list[frozenset[str]] = []
        dests: set[str] = set()
        names: list[str] = []
        for p in e.get("participants", ()):
            if p.get("role") not in PRINCIPAL_ROLES:
                continue
            ent = p.get("entity") or a.ent_of_span.get((p.get("start"), p.get("end")))
            g = _keyset(ent, p.get("text"))
            if not g:
                continue
            principals |= g
            if g not in parts:
                parts.append(g)
            if p["role"] == "destination":
                dests |= g
            if p["text"] not in names:
                names.append(p["text"])
        spk, spk_text, quoted = a.speaker_of(e["start"], e["end"])
        date = e.get("date")
        out.append(_Stmt(
            idx=a.idx, order=order0 + k, start=s, end=t, type=e["type"], positive=positive,
            modality=modality, trigger=e.get("trigger") or body[e["start"]:e["end"]],
            principals=frozenset(principals), parts=tuple(parts), destinations=frozenset(dests),
            keys=a.keys_in(s, t) | frozenset(principals),
            groups=tuple(dict.fromkeys(a.groups_in(s, t) + tuple(parts))), names=tuple(names), date=date,
            explicit_date=bool(date) and a.explicit_time(s, t, date),
            speaker=spk, speaker_text=spk_text, quoted=quoted,
        ))
    return out


# A request, wish or proposal just before a trigger: the event is asked for, not affirmed.
_REQUESTED = re.compile(r"(?<!\w)[وف]?(?:طلب|طلبت|يطلب|تطلب|طالب|طالبت|يطالب|تطالب|اقترح|اقترحت|يقترح"
                        r"|يامل|تامل|امل|اعرب عن امله|تمنى|يتمنى|يرغب|ترغب|يريد|تريد|يرجو|ناشد|ناشدت)"
                        r"(?!\w)(?:\s+\S+){0,3}?\s+(?:ان|بان)(?:\s+\S+){0,3}\s*$")


# Casualty figures.  A figure is a number (digits, or a small number word) tied to a casualty
# word, either "مقتل 13 شخصا" (word then number) or "15 قتيلا" (number then word).
_NUM_WORDS = {
    "واحد": 1, "اثنين": 2, "اثنان": 2, "ثلاثه": 3, "ثلاث": 3, "اربعه": 4, "اربع": 4, "خمسه": 5,
    "خمس": 5, "سته": 6, "ست": 6, "سبعه": 7, "سبع": 7, "ثمانيه": 8, "ثماني": 8, "تسعه": 9,
    "تسع": 9, "عشره": 10, "عشر": 10,
}
_NUM = r"(?P<num>[0-9٠-٩]+|" + "|".join(sorted(_NUM_WORDS, key=len, reverse=True)) + r")(?!\w)"
_KILL_NOUNS = r"(?:مقتل|استشهاد|مصرع|وفاة|سقوط|راح ضحيته|راح ضحيتها|ضحيته|ضحيتها|قتل|فاستشهد|استشهد)"
_HURT_NOUNS = r"(?:إصابة|جرح|أصيب|وأصيب|اصيب)"
_KILL_AFTER = r"(?:قتيلا|قتيل|قتلى|شهيدا|شهيد|شهداء|ضحية|ضحايا)"
_HURT_AFTER = r"(?:جريحا|جريح|جرحى|مصابا|مصاب|مصابين)"
# All figure patterns are matched against the folded sentence (fold keeps offsets apart from
# dropped diacritics, which only matter inside a sentence here).
_HEDGE = re.compile(fold(r"(?:نحو|حوالي|حوالى|قرابة|أكثر من|ما لا يقل عن|ما يزيد عن|ما يزيد على"
                         r"|زهاء|عشرات|العشرات|على الأقل|أقل من|ما يقارب|يقارب|قرابة الـ)\s*(?:الـ\s*)?$"))
_HEDGE_AFTER = re.compile(fold(r"^\s*(?:\S+\s+){0,2}?(?:على الأقل|تقريبا|أو أكثر)"))
# A sentence that updates a toll or sums several incidents says nothing against another figure.
_RUNNING = re.compile(fold(r"(?<!\w)(?:ارتفع|ارتفعت|ارتفاع|يرتفع|ترتفع|منذ|حتى الآن|إجمالي|مجموع|ليصل|لتصل"
                           r"|خلال (?:ال)?(?:أسبوع|شهر|أيام|عام|ساعات|فترة|يومين|أشهر|الـ))"))
_FIGURE = re.compile(fold(
    r"(?<!\w)[وف]?(?:(?P<kn>" + _KILL_NOUNS + r")|(?P<hn>" + _HURT_NOUNS + r"))[»”\u0022]?\s+(?:الـ\s*)?" + _NUM
    + r"(?P<after>(?:\s+\S+){0,3})"
    + r"|" + _NUM.replace("num", "num2") + r"\s+(?:(?P<ka>" + _KILL_AFTER + r")|(?P<ha>" + _HURT_AFTER + r"))"
))
_TERROR = re.compile(fold(r"(?<!\w)[وفبل]?(?:ال)?(?:إرهابي|إرهابية|انتحاري|انتحارية|تفجير|ناسف|ناسفة|مفخخة)(?!\w)"))
# Words that make a sentence tell of an incident (the event finder misses "انفجارا").
_INCIDENT = re.compile(fold(r"(?<!\w)[وفبل]?(?:ال)?(?:تفجير|انفجار|هجوم|اعتداء|حادث|انتحاري|حريق|تصادم"
                            r"|اصطدام|انهيار|غرق|زلزال|تحطم|عملية إرهابية|العملية الإرهابية)"))
# The words each pattern cannot match without, for a quick test of a whole article with
# ``in`` (a scan in C) before the patterns' slower one (each tried at every position).
_FIGURE_WORDS = tuple(fold(w) for group in (_KILL_NOUNS, _HURT_NOUNS, _KILL_AFTER, _HURT_AFTER)
                      for w in group[3:-1].split("|"))
_INCIDENT_WORDS = tuple(fold(w) for w in ("تفجير", "انفجار", "هجوم", "اعتداء", "حادث", "انتحاري", "حريق",
                                           "تصادم", "اصطدام", "انهيار", "غرق", "زلزال", "تحطم",
                                           "عملية"))  # "عملية إرهابية" has عملية
# Victim classes: the noun after a figure says whose figure it is.  Generic words for people
# and casualties share one class; anything else unknown gets a class of its own (and so is
# never compared with a different one).
_VICTIMS = (
    ("security", ("رجل امن", "رجال امن", "رجال الامن", "رجل الامن", "منسوبي", "عسكري", "عسكريا",
                  "عسكريين", "جندي", "جنديا", "جنود", "الجنود", "شرطي", "شرطيا", "شرطيين",
                  "افراد الامن", "عناصر الامن", "ضابط", "ضباط")),
    ("civilian", ("مدني", "مدنيا", "مدنيين", "المدنيين")),
    ("child", ("طفل", "طفلا", "اطفال", "الاطفال")),
    ("woman", ("امراه", "نساء", "سيده", "سيدات")),
    ("worker", ("عامل", "عاملا", "عمال", "العمال", "العاملين", "عاملين")),
    ("militant", ("مسلح", "مسلحا", "مسلحين", "ارهابي", "ارهابيا", "ارهابيين", "حوثي", "حوثيا",
                  "حوثيين", "الحوثيين", "متمرد", "متمردين", "عنصرا", "عناصر", "مقاتل", "مقاتلا",
                  "مقاتلين")),
    ("pilgrim", ("حاج", "حاجا", "حجاج", "معتمر", "معتمرين")),
    ("worshipper", ("مصل", "مصليا", "مصلين", "المصلين")),
)
_GENERIC = ("شخص", "شخصا", "اشخاص", "الاشخاص", "آخرين", "اخرين", "اخرون", "آخرون", "قتيلا",
            "قتلى", "قتيل", "شهيدا", "شهيد", "شهداء", "جريحا", "جرحى", "مصابا", "مصابين",
            "ضحيه", "ضحايا", "فردا", "افراد", "مواطنا", "مواطنين", "نفسا")


def _victim_class(after: str) -> str | None:
    """The victim class named in the few words after a figure; None when the words name a
    thing that is not people (a figure of ten *days*)."""
    words = fold(after).split()
    words = [w.strip("،,.:؛()«»\"") for w in words]
    words = [w for w in words if w and w not in ("من", "بين", "بينهم")]
    if not words:
        return "generic"
    w0 = words[0]
    two = " ".join(words[:2])
    for cls, forms in _VICTIMS:
        if two in forms or w0 in forms or (len(w0) > 3 and w0[0] in "وبل" and w0[1:] in forms):
            return cls
    if w0 in _GENERIC:
        return "generic"
    if w0 in ("في", "جراء", "اثر", "إثر", "بعد", "وإصابة", "واصابه", "واصابة", "و", "خلال", "عندما",
              "حين", "بسبب", "نتيجه", "نتيجة"):
        return "generic"
    return None


def _number(text: str) -> int | None:
    t = fold(text)
    if t.isdigit():
        return int(t)
    return _NUM_WORDS.get(t)


def _figures(a: _Article, stmts: list[_Stmt], order0: int) -> list[_Figure]:
    """Casualty figures in the sentences that tell of one incident (an attack or a disaster;
    a sentence with a military action tells of a campaign, whose tolls keep changing)."""
    out: list[_Figure] = []
    body = a.art.body
    whole = folded(body).f
    if not any(w in whole for w in _INCIDENT_WORDS) or not any(w in whole for w in _FIGURE_WORDS) \
            or not _INCIDENT.search(whole) or not _FIGURE.search(whole):
        # Most articles give no casualty figure: one search of the whole text spares the
        # sentence-by-sentence test (a sentence that matches matches inside its article too,
        # as sentences start and end at spaces and stops, which neither pattern looks past).
        return out
    by_sentence: dict[tuple[int, int], list[_Stmt]] = defaultdict(list)
    for st in stmts:
        by_sentence[(st.start, st.end)].append(st)
    for s0, s1 in _sentences(body):
        sent = fold(body[s0:s1])
        if not _FIGURE.search(sent) or not _INCIDENT.search(sent) or _RUNNING.search(sent):
            continue
        evs = by_sentence.get((s0, s1), [])
        types = {e.type for e in evs} & (NUMBER_TYPES | {"military_action"})
        if "military_action" in types and _TERROR.search(sent):
            types = (types - {"military_action"}) | {"attack"}  # "هجوما إرهابيا" is an attack
        if "military_action" in types or any(e.modality != "happened" for e in evs if e.type in types):
            continue
        typ = min(types) if len(types) == 1 else "incident"
        per_measure: dict[tuple[str, str], set[int]] = defaultdict(set)
        for m in _FIGURE.finditer(sent):
            if m.group("num") is not None:
                measure = "killed" if m.group("kn") else "injured"
                value = _number(m.group("num"))
                victims = _victim_class(m.group("after") or "")
                nstart, nend = m.start("num"), m.end("num")
            else:
                measure = "killed" if m.group("ka") else "injured"
                value = _number(m.group("num2"))
                victims = "generic"
                nstart, nend = m.start("num2"), m.end("num2")
                if re.search(r"(?:رجال|رجل|عناصر|افراد)\s*$", sent[max(0, nstart - 12):nstart]):
                    continue
            if value is None or victims is None:
                continue
            if _HEDGE.search(sent[max(0, nstart - 20):nstart]) or _HEDGE_AFTER.search(sent[nend:nend + 20]):
                continue
            per_measure[(measure, victims)].add(value)
        groups = a.groups_in(s0, s1)
        for e in evs:
            groups = tuple(dict.fromkeys(groups + e.parts))
        spk, spk_text, quoted = a.speaker_of(s0, s1)
        names = tuple(dict.fromkeys(n for e in evs for n in e.names))
        dates = {e.date for e in evs if e.date}
        for (measure, victims), values in sorted(per_measure.items()):
            if len(values) != 1:
                continue  # two figures of one kind in a sentence: a breakdown we cannot read
            out.append(_Figure(
                idx=a.idx, order=order0 + len(out), start=s0, end=s1, measure=measure,
                victims=victims, value=values.pop(), type=typ, keys=frozenset().union(*groups) if groups else frozenset(),
                groups=groups, terms=_specific_terms(body[s0:s1]), names=names,
                date=min(dates) if len(dates) == 1 else None, speaker=spk, speaker_text=spk_text,
                quoted=quoted,
            ))
    return out


def _sentences(body: str) -> list[tuple[int, int]]:
    """Sentence spans of a body, split as the event finder splits (its sentences are the
    spans events carry)."""
    F = folded(body)
    return [(F.orig(s0), F.orig_end(s1)) for s0, s1 in F.sentences() if s1 > s0]


# Words too common in incident reports to tell one incident from another: what is left of a
# sentence after them (and the event triggers) is its specific words, place names mostly.
_COMMON_WORDS = """
مقتل استشهاد مصرع وفاة سقوط إصابة اصابة جرح قتيل قتيلا قتلى شهيد شهيدا شهداء جريح جريحا جرحى
مصاب مصابا مصابين ضحية ضحايا ضحيته ضحيتها شخص شخصا أشخاص آخرين آخرون اخرين رجل رجال أمن الأمن
منسوبي عناصر أفراد عسكري عسكريين جنود مدنيين أطفال نساء عامل عمال العاملين مسجد جامع قوات القوات
مدينة منطقة بلدة محافظة قرية مقر حي شارع جنوب شمال شرق غرب جنوبي شمالي شرقي غربي قرب داخل خارج
حادث حادثة الحادث الحادثة عملية العملية إرهابي إرهابية الإرهابي الإرهابية إرهابيا انتحاري انتحارية
انتحاريا تفجير تفجيرا التفجير تفجيرات انفجار انفجارا الانفجار هجوم هجوما الهجوم اعتداء الاعتداء
حزام ناسف حزاما ناسفة عبوة سيارة مفخخة أسفر أسفرت نتج عنه عنها أودى أودت أوقع أوقعت خلف خلفت راح
وقع وقعت شهد شهدت استهدف استهدفت يوم اليوم أمس الأمس الماضي الماضية الخميس الجمعة السبت الأحد
الاثنين الإثنين الثلاثاء الأربعاء ظهر صباح مساء ليلة أثناء خلال صلاة أداء قال قالت أكد أكدت أعلن
أعلنت ذكر ذكرت أفاد أفادت وزارة الداخلية بيان مصدر مصادر مسؤول مسؤولون شهود وكالة الأنباء حيث
بينهم بينها منهم إضافة الذي التي الذين كان كانت قد تم وذلك أكثر نحو حوالي قرابة الأقل
يوليو أغسطس تموز آب حصيلة أولية
"""
_COMMON = frozenset(fold(w) for w in _COMMON_WORDS.split())
_TERM_WORD = re.compile(r"[^\W\d_]{3,}")


def _specific_terms(text: str) -> frozenset[str]:
    """The words of a sentence that can tell one incident from another: folded, a leading
    conjunction, preposition or article stripped, common report words and stop words
    dropped (أبها، الطوارئ، سروج — not تفجير، مقتل، الخميس)."""
    stop = function_terms()
    triggers = _trigger_forms()
    out = set()
    for w in _TERM_WORD.findall(fold(text)):
        if w in _COMMON or w in triggers:
            continue
        for p in ("وبال", "وال", "بال", "لل", "ال", "و", "ب", "ل", "ف"):
            if w.startswith(p) and len(w) - len(p) >= 3:
                w = w[len(p):]
                break
        if w in _COMMON or ("ال" + w) in _COMMON or w in stop or w in triggers or len(w) < 3:
            continue
        out.add(w)
    return frozenset(out)


@cache
def _trigger_forms() -> frozenset[str]:
    from marsad.analyze.event_lexicon import event_lexicon

    return frozenset(event_lexicon().triggers)


_DENY_VERB = re.compile(r"(?<!\w)[وف]?(?:نفى|نفت|نفوا|ينفي|تنفي|نافيا|نافية|كذب|كذبت|تكذب|يكذب)(?!\w)")
_ACCUSE = re.compile(r"(?<!\w)[وف]?(?:اتهم|اتهمت|اتهموا|يتهم|تتهم|متهما|متهمة)(?!\w)")


def _terms(text: str) -> frozenset[str]:
    stop = function_terms()
    return frozenset(t for t in index_terms(text) if len(t) >= 4 and t not in stop)


def _denials(a: _Article, order0: int) -> list[_Denial]:
    """Denials: negated quotes (whose speaker is the denier), and sentences with a denial verb
    (whose subject, the entity right after the verb, is the denier)."""
    out = []
    body = a.art.body
    for q in a.quotes:
        if not q.get("negated"):
            continue
        cue = fold(q.get("cue") or "")
        if not _DENY_VERB.fullmatch(cue) and "نفي" not in cue and "نفى" not in cue:
            continue  # negated content ("لن تتردد") is not a denial of a charge
        who = _speaker_key(q, a.key_of_span)
        if who is None:
            continue
        out.append(_Denial(
            idx=a.idx, order=order0 + len(out), start=q["start"], end=q["end"], who=_expand(who),
            keys=a.keys_in(q["start"], q["end"]), terms=_terms(q.get("text") or ""),
            speaker=who, speaker_text=q.get("speaker_text"),
        ))
    for m in _DENY_VERB.finditer(body):
        s0, s1 = _sentence(body, m.start())
        subj = [x for x in a.mentions if m.end() <= x["start"] <= m.end() + 3]
        if not subj:
            continue
        k = a.key_of_span.get((subj[0]["start"], subj[0]["end"]))
        if k is None or a.quote_at(m.start(), m.end()) is not None:
            continue
        if any(d.start <= m.end() < d.end + 200 and d.who & _expand(k) for d in out):
            continue
        out.append(_Denial(
            idx=a.idx, order=order0 + len(out), start=s0, end=s1, who=_expand(k),
            keys=a.keys_in(s0, s1), terms=_terms(body[subj[0]["end"]:s1]),
            speaker=k, speaker_text=subj[0]["text"],
        ))
    return out


def _accusations(a: _Article, order0: int) -> list[_Accusation]:
    """Accusations: an accusation verb with the entities after it in its clause (the accused)
    and before it (the accuser)."""
    out = []
    body = a.art.body
    for m in _ACCUSE.finditer(body):
        s0, s1 = _sentence(body, m.start())
        clause_end = s1
        stop = re.search(r"[،,؛;]|\s(?:فيما|بينما|في حين|لكن|غير أن)\s", body[m.end():s1])
        if stop:
            clause_end = m.end() + stop.start()
        accused_m = [x for x in a.mentions if m.end() <= x["start"] < clause_end]
        accuser_m = [x for x in a.mentions if s0 <= x["start"] and x["end"] <= m.start()]
        if not accused_m:
            continue
        first = accused_m[0]
        k = a.key_of_span.get((first["start"], first["end"]))
        if k is None or first["start"] - m.end() > 40:
            continue
        accuser: set[str] = set()
        for x in accuser_m:
            kk = a.key_of_span.get((x["start"], x["end"]))
            if kk:
                accuser |= _expand(kk)
        spk, spk_text, _ = a.speaker_of(m.start(), m.end())
        if spk:
            accuser |= _expand(spk)
        out.append(_Accusation(
            idx=a.idx, order=order0 + len(out), start=s0, end=s1, accused=_expand(k),
            accuser=frozenset(accuser), keys=a.keys_in(s0, s1), terms=_terms(body[first["end"]:s1]),
            names=(first["text"],), speaker=spk, speaker_text=spk_text,
        ))
    return out


_SENT_END = re.compile(r"[.!؟?\n]")


def _sentence(body: str, pos: int) -> tuple[int, int]:
    s = pos
    while s > 0 and not _SENT_END.match(body[s - 1]):
        s -= 1
    m = _SENT_END.search(body, pos)
    e = m.end() if m else len(body)
    while s < e and body[s].isspace():
        s += 1
    while e > s and body[e - 1].isspace():
        e -= 1
    return s, e


# -- comparing -------------------------------------------------------------------------------

def _day(value: str | None) -> _dt.date | None:
    if not value or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        return None


def _range(value: str | None) -> tuple[_dt.date, _dt.date] | None:
    """A date or a range of days (``A/B``); None for anything coarser."""
    if not value:
        return None
    parts = value.split("/")
    days = [_day(p) for p in parts]
    if any(d is None for d in days) or len(days) > 2:
        return None
    lo, hi = days[0], days[-1]
    assert lo is not None and hi is not None
    return (lo, hi) if lo <= hi else (hi, lo)


def _coarse_overlap(a: str | None, b: str | None) -> bool:
    """Whether two date values (of any precision) can name the same time; unknown is True."""
    if not a or not b:
        return True
    ra, rb = _range(a), _range(b)
    if ra and rb:
        return ra[0] <= rb[1] and rb[0] <= ra[1]
    a0, b0 = a.split("/")[0], b.split("/")[0]
    n = min(len(a0), len(b0), 10)
    return a0[:n] == b0[:n]


def _days_apart(a: StoryArticle, b: StoryArticle) -> int | None:
    da, db = _day(a.published), _day(b.published)
    if da is None or db is None:
        return None
    return abs((da - db).days)


def _trigger_stem(trigger: str) -> str:
    """A rough stem of a trigger word, so that وصل and يصل match but وصل and غادر do not."""
    w = fold(trigger).split()[0] if trigger.strip() else ""
    for p in ("وال", "بال", "لل", "ال", "و", "ف", "ب", "ل", "س"):
        if w.startswith(p) and len(w) - len(p) >= 3:
            w = w[len(p):]
            break
    for suf in ("تها", "تهم", "ته", "ها", "هم", "ه", "وا", "ا", "ت"):
        if w.endswith(suf) and len(w) - len(suf) >= 3:
            w = w[: -len(suf)]
            break
    if len(w) > 3 and w[0] in "يتن":
        w = w[1:]
    return w[:3]


def _side(articles: Sequence[StoryArticle], idx: int, start: int, end: int,
          speaker: str | None, speaker_text: str | None) -> Side:
    art = articles[idx]
    return Side(article=art.id, start=start, end=end, text=art.body[start:end],
                speaker=speaker if speaker and not speaker.startswith("name:") else None,
                speaker_text=speaker_text)


def _topic(type_: str, names: Sequence[str], extra: str = "") -> str:
    head = _TYPE_AR.get(type_, type_)
    # "بوتين" and "فلاديمير بوتين" are one name in a topic: keep the fuller form.
    words = [set(n.split()) for n in names]
    kept = [n for i, n in enumerate(names)
            if not any(j != i and words[i] < words[j] for j in range(len(names)))]
    who = "، ".join(kept[:3])
    text = f"{head}: {who}" if who else head
    return f"{extra} — {text}" if extra else text


def _buckets(items: Sequence, keys_of) -> list[list]:
    """Items grouped under each of their keys, each group capped (linear in the items)."""
    groups: dict = defaultdict(list)
    for it in items:
        for k in keys_of(it):
            g = groups[k]
            if len(g) < BUCKET_CAP:
                g.append(it)
    return [groups[k] for k in sorted(groups, key=str)]


def _denial_pairs(stmts: list[_Stmt], articles: Sequence[StoryArticle]) -> list[tuple]:
    out = []
    seen: set[tuple[int, int]] = set()
    buckets = _buckets(stmts, lambda s: [(s.type, k) for k in s.principals])
    for group in buckets:
        neg = [s for s in group if not s.positive and s.modality == "denied"]
        if not neg:
            continue
        pos = [s for s in group if s.positive]
        for d in neg:
            for p in pos:
                if (d.order, p.order) in seen or (d.idx == p.idx and d.start == p.start):
                    continue
                if not _same_event(d, p, articles):
                    continue
                seen.add((d.order, p.order))
                out.append((p, d))
    return out


def _same_event(d: _Stmt, p: _Stmt, articles: Sequence[StoryArticle]) -> bool:
    if _shared(d.parts, p.parts) < 2:
        return False
    if d.destinations and p.destinations and not (d.destinations & p.destinations):
        return False
    if d.explicit_date and p.explicit_date and not _coarse_overlap(d.date, p.date):
        return False
    apart = _days_apart(articles[d.idx], articles[p.idx])
    return apart is None or apart <= DENIAL_WINDOW_DAYS


def _distinct(keys: frozenset[str]) -> set[str]:
    """Keys with a place and the actor it stands for counted once."""
    acts = _acts_for()
    return {acts.get(k, k) for k in keys}


def find_contradictions(articles: Sequence[StoryArticle]) -> list[Contradiction]:
    """Contradicting statement pairs among the articles of one story (see the module
    docstring for what each kind requires).  Deterministic: the same articles, in any order,
    give the same list, sorted by kind, then the a side, then the b side."""
    arts = sorted(articles, key=lambda x: x.id)
    views = [_Article(i, a) for i, a in enumerate(arts)]
    stmts: list[_Stmt] = []
    figures: list[_Figure] = []
    denials: list[_Denial] = []
    accusations: list[_Accusation] = []
    for v in views:
        evs = _events(v, len(stmts))
        stmts.extend(evs)
        figures.extend(_figures(v, evs, len(figures)))
        denials.extend(_denials(v, len(denials)))
        accusations.extend(_accusations(v, len(accusations)))
    found: list[Contradiction] = []
    found += _denial_contradictions(stmts, arts)
    found += _number_contradictions(figures, arts)
    found += _date_contradictions(stmts, arts)
    found += _accusation_contradictions(accusations, denials, arts)
    unique: dict[tuple, Contradiction] = {}
    for c in found:
        k = (c.kind, c.a.article, c.a.start, c.b.article, c.b.start)
        unique.setdefault(k, c)
    return sorted(unique.values(), key=lambda c: (KINDS.index(c.kind), c.a.article, c.a.start,
                                                  c.b.article, c.b.start, c.topic))


def _denial_contradictions(stmts: list[_Stmt], arts: Sequence[StoryArticle]) -> list[Contradiction]:
    out = []
    done: set[tuple] = set()
    for p, d in _denial_pairs(stmts, arts):
        # one flag per pair of sentences (a sentence may carry two events of one type)
        k = (p.idx, p.start, d.idx, d.start)
        if k in done:
            continue
        done.add(k)
        names = list(dict.fromkeys(d.names + p.names))
        out.append(Contradiction(
            kind="denial", topic=_topic(p.type, names),
            a=_side(arts, p.idx, p.start, p.end, p.speaker, p.speaker_text),
            b=_side(arts, d.idx, d.start, d.end, d.speaker, d.speaker_text),
        ))
    return out


def _number_contradictions(figs: list[_Figure], arts: Sequence[StoryArticle]) -> list[Contradiction]:
    out: list[Contradiction] = []
    seen: set[tuple] = set()
    cands: list[tuple] = []
    buckets = _buckets(figs, lambda f: [(f.measure, f.victims, k) for k in sorted(f.keys | f.terms)])
    for group in buckets:
        for i, x in enumerate(group):
            for y in group[i + 1:]:
                if x.value == y.value or (x.idx == y.idx and x.start == y.start):
                    continue
                if x.type != y.type and "incident" not in (x.type, y.type):
                    continue  # an attack and an accident are two incidents
                if len(x.terms & y.terms) < 2:
                    continue  # no two specific words (place names ...) in common: not one incident
                if _shared(x.groups, y.groups) < 1 and len(x.terms & y.terms) < 3:
                    continue
                if not _coarse_overlap(x.date, y.date):
                    continue
                apart = _days_apart(arts[x.idx], arts[y.idx])
                if apart is not None and apart > NUMBER_WINDOW_DAYS:
                    continue
                a, b = (x, y) if (x.idx, x.start) <= (y.idx, y.start) else (y, x)
                kind = "self" if a.idx == b.idx and not a.quoted and not b.quoted else "number"
                cands.append(((a.idx, a.start, b.idx, b.start), kind, a, b))
    # one flag per pair of figures ("27 against 32 killed"), from the first articles that give
    # them, not one for every pair of the articles that repeat them
    for _, kind, a, b in sorted(cands, key=lambda c: c[0]):
        key = (kind, a.measure, a.victims, min(a.value, b.value), max(a.value, b.value))
        if key in seen:
            continue
        seen.add(key)
        names = list(dict.fromkeys(a.names + b.names))
        out.append(Contradiction(
            kind=kind, topic=_topic(a.type, names, _MEASURE_AR[a.measure]),
            a=_side(arts, a.idx, a.start, a.end, a.speaker, a.speaker_text),
            b=_side(arts, b.idx, b.start, b.end, b.speaker, b.speaker_text),
        ))
    return out


def _date_contradictions(stmts: list[_Stmt], arts: Sequence[StoryArticle]) -> list[Contradiction]:
    out = []
    seen: set[tuple] = set()
    dated = [s for s in stmts if s.positive and s.explicit_date and _range(s.date)]
    buckets = _buckets(dated, lambda s: [(s.type, s.modality, _trigger_stem(s.trigger), k) for k in s.principals])
    for group in buckets:
        for i, x in enumerate(group):
            for y in group[i + 1:]:
                if x.idx == y.idx and x.start == y.start:
                    continue
                if _shared(x.parts, y.parts) < 2:
                    continue
                if x.destinations and y.destinations and not (x.destinations & y.destinations):
                    continue
                rx, ry = _range(x.date), _range(y.date)
                assert rx is not None and ry is not None
                if rx[0] <= ry[1] and ry[0] <= rx[1]:
                    continue
                gap = min(abs((rx[0] - ry[1]).days), abs((ry[0] - rx[1]).days))
                if gap > DATE_GAP_DAYS:
                    continue
                a, b = (x, y) if (x.idx, x.start) <= (y.idx, y.start) else (y, x)
                key = (a.idx, a.start, b.idx, b.start)
                if key in seen:
                    continue
                seen.add(key)
                kind = "self" if a.idx == b.idx and not a.quoted and not b.quoted else "date"
                names = list(dict.fromkeys(a.names + b.names))
                out.append(Contradiction(
                    kind=kind, topic=_topic(a.type, names, "التاريخ"),
                    a=_side(arts, a.idx, a.start, a.end, a.speaker, a.speaker_text),
                    b=_side(arts, b.idx, b.start, b.end, b.speaker, b.speaker_text),
                ))
    return out


def _accusation_contradictions(accs: list[_Accusation], dens: list[_Denial],
                               arts: Sequence[StoryArticle]) -> list[Contradiction]:
    out = []
    by_who: dict[str, list[_Denial]] = defaultdict(list)
    for d in dens:
        for k in d.who:
            if len(by_who[k]) < BUCKET_CAP:
                by_who[k].append(d)
    seen: set[tuple] = set()
    for acc in accs:
        cands: dict[int, _Denial] = {}
        for k in sorted(acc.accused):
            for d in by_who.get(k, ()):
                cands.setdefault(d.order, d)
        for _, d in sorted(cands.items()):
            if d.who & acc.accuser:
                continue  # the accuser denying something is no answer to the charge
            if d.idx == acc.idx and d.start <= acc.start < d.end:
                continue  # one sentence that reports the charge and its denial
            other = (d.keys & acc.keys) - acc.accused
            if not (_distinct(other) or len(d.terms & acc.terms) >= 2):
                continue
            key = (acc.idx, acc.start, d.idx, d.start)
            if key in seen:
                continue
            seen.add(key)
            out.append(Contradiction(
                kind="accusation", topic=_topic("accusation", acc.names),
                a=_side(arts, acc.idx, acc.start, acc.end, acc.speaker, acc.speaker_text),
                b=_side(arts, d.idx, d.start, d.end, d.speaker, d.speaker_text),
            ))
    return out


def contradiction_record(c: Contradiction, story_id: str) -> dict:
    """A contradiction in the ``marsad/v1`` export shape (CONTRACT.md)."""
    def side(s: Side) -> dict:
        return {"article": s.article, "start": s.start, "end": s.end, "text": s.text,
                "speaker": s.speaker, "speaker_text": s.speaker_text}

    return {"story": story_id, "topic": c.topic, "kind": c.kind, "a": side(c.a), "b": side(c.b)}
