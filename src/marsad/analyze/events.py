"""Events: what happened, who took part, where and when — the stuff timelines are made of.

The type scheme is small on purpose, fitted to political and security news:

==================  =================================================================
visit               a visit, tour, arrival or departure of an official (زار، وصل إلى، جولة)
meeting             a meeting, summit, talks, reception or call (التقى، استقبل، قمة، مباحثات)
statement           a formal public act of speech: a condemnation, a welcome, a press
                    conference, a speech (أدان، رحب، أعرب عن، مؤتمر صحفي، ألقى كلمة).
                    Ordinary "قال" is a quote (`quotes.py`), not an event.
agreement           an agreement, deal, memorandum, truce or ceasefire (اتفاق، وقع، هدنة)
sanction            sanctions or an embargo imposed or lifted (عقوبات، حظر على)
military_action     airstrikes, shelling, battles, clashes, sieges, capture of ground,
                    withdrawals (غارة، قصف، اشتباكات، سيطر على)
attack              bombings, suicide and terrorist attacks, assassinations (تفجير، انتحاري)
weapons_transfer    supplying, selling or buying weapons (زود بالأسلحة، صفقة أسلحة)
election            elections, votes, referendums, voter registration (انتخابات، اقتراع)
protest             demonstrations, protests, strikes, sit-ins (مظاهرات، احتجاجات)
disaster            fires, earthquakes, floods, crashes, drownings, accidental blasts
accusation          accusations and blame (اتهم، حمّل المسؤولية)
invitation          an invitation extended or accepted (دعوة، بدعوة من، وجه الدعوة)
arrest              arrests and detentions (اعتقل، القبض على، يحتجز)
appointment         appointments, dismissals, resignations (تعيين، إعفاء، استقالة)
==================  =================================================================

Each `Event` carries its trigger span, the evidence sentence, a ``modality`` — happened,
planned ("قبل دعوة لزيارة", "سيزور", "الزيارة المرتقبة"), denied ("نفت ... توقيع", "لم يتم",
"عدم توقيع"; ``polarity`` False) or speculated ("قد يزود", "صفقة محتملة") — the date of the time
expression that belongs to it in its sentence (a time that dates the *reporting*, as in "قالت
الشرطة اليوم إن ...", is skipped), participants from the entity mentions with coarse roles
(agent, partner, target, destination) and a place.

One event is reported per type and sentence: a sentence that says "غارات" and "قصف" tells one
military action.  `event_signature` gives the key the link stage merges on when several outlets
report the same event: type, date and the sorted participant keys.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from marsad.analyze.event_lexicon import EVENT_TYPES, MODALITIES, event_lexicon
from marsad.analyze.quote_lexicon import lexicon
from marsad.analyze.quote_text import Folded, fold, folded
from marsad.arabic.namekey import name_key
from marsad.model import Event, Mention, Participant, TimeMention

__all__ = ["EVENT_TYPES", "MODALITIES", "event_signature", "find_events"]

# A clause break is ``[،,؛;:]|\s(?:فيما|...)\s|\s(?:إن|...)\s``: a comma or a colon, or a
# contrast word or أن/إن between spaces.  Written to open with one character class (the
# alternatives behind it tell the mark from the space by a lookbehind), so that `re` skips
# ahead to a candidate character in C instead of trying the alternation at every position:
# the same matches at two thirds of the cost.
_CLAUSE_BREAK = re.compile(r"[،,؛;:\s](?:(?<=[،,؛;:])|(?<=\s)(?:فيما|بينما|في حين|حيث|لكن|غير أن|إلا أن)\s"
                           r"|(?<=\s)(?:إن|إنه|إنها|إنّ|إنّه|أن|أنه|أنها|أنّ|أنّه|بأن|بأنه)\s)")
_WORD = re.compile(r"\w+")


# A period glued between two words ("قتل 20 شخصا.أما التفجير") ends a sentence too; the shared
# splitter (quote_text) wants a space after it.  Two letters on each side keep initials
# ("د.محمد") and numbers ("1.5") whole.  The pattern opens on the period (a lookbehind first
# would make `re` try every position); the letters before it are checked by hand.
_GLUED_END = re.compile(r"\.(?=[\u0621-\u064a]{2})")
_LETTER = re.compile(r"[\u0621-\u064a]{2}")


def _sentence_ends(F: Folded) -> list[int]:
    """``F.sentence_ends`` plus the ends at glued periods, computed once per article."""
    ends = F.__dict__.get("_event_sentence_ends")
    if ends is None:
        ends = F.sentence_ends
        if "." in F.f:
            f = F.f
            extra = [m.end() for m in _GLUED_END.finditer(f)
                     if m.start() >= 2 and _LETTER.fullmatch(f, m.start() - 2, m.start())]
            if extra:
                ends = sorted(set(ends).union(extra))
        F.__dict__["_event_sentence_ends"] = ends
    return ends


def _sentence(F: Folded, i: int) -> tuple[int, int]:
    """The folded span of the sentence holding offset ``i`` (as `Folded.sentence`, with the
    glued-period ends of `_sentence_ends`)."""
    return F.sentence(i, _sentence_ends(F))


@dataclass
class _Hit:
    type: str
    start: int  # folded span of the trigger
    end: int
    verb: bool
    future: bool


def find_events(text: str, mentions: Sequence[Mention] = (),
                times: Sequence[TimeMention] = ()) -> tuple[Event, ...]:
    """Event mentions in ``text`` (an article body), one per type and sentence, in text order.

    ``mentions`` (from `marsad.analyze.entities`) supply participants and the place;
    ``times`` (from `marsad.analyze.times`) supply dates.  Both are optional: without them the
    events still carry their type, trigger, sentence and modality.
    """
    if not text:
        return ()
    F = folded(text)
    lex = event_lexicon()
    f = F.f
    hits: list[_Hit] = []
    for m in lex.trigger_scan.finditer(F):
        form = m.group("verb") or m.group("noun")
        trig = lex.triggers.get(form)
        if trig is None:
            continue
        form = trig.form  # a case or pronoun variant is judged as its listed noun
        typ = _choose_type(F, m, trig.types)
        if typ is None or not _accept(F, m, form, typ):
            continue
        future = bool(m.group("verb")) and f[m.start():m.start("verb")].endswith("س")
        hits.append(_Hit(typ, m.start(), m.end(), trig.verb, future))
    for m in lex.transfer_scan.finditer(F):
        hits.append(_Hit("weapons_transfer", m.start(), m.end(), False, False))
    if not hits:
        return ()
    hits.sort(key=lambda h: h.start)
    hits = _drop_parts(F, hits)
    mentions_sorted = sorted(mentions, key=lambda x: x.start)
    if mentions_sorted:
        mention_starts = [m.start for m in mentions_sorted]
        hits = [h for h in hits if not _inside_name(F, h, mentions_sorted, mention_starts)]
    ends = _sentence_ends(F)
    by_key: dict[tuple[int, str], list[_Hit]] = {}
    order: list[tuple[int, str]] = []
    for h in hits:
        k = bisect.bisect_right(ends, h.start)
        key = (k, h.type)
        if key not in by_key:
            by_key[key] = []
            order.append(key)
        by_key[key].append(h)
    times_sorted = sorted((t for t in times if t.value), key=lambda t: t.start)
    span = max((m.end - m.start for m in mentions_sorted), default=0)  # the longest mention
    out: list[Event] = []
    by_sentence: dict[int, list[_Hit]] = {}
    for h in hits:
        by_sentence.setdefault(bisect.bisect_right(ends, h.start), []).append(h)
    anchor = next((t.anchor for t in times_sorted if t.anchor), None)
    for key in order:
        group = by_key[key]
        others = [h for h in by_sentence[key[0]] if h.type != key[1]]  # the sentence's other events
        out.append(_event(F, group, times_sorted, mentions_sorted, span, others, anchor))
    out.sort(key=lambda e: (e.start, e.type))
    return tuple(out)


def _inside_name(F: Folded, h: _Hit, mentions: list[Mention], starts: list[int] | None = None) -> bool:
    """A trigger that lies inside an entity name is a name: سيول (Seoul), not floods.
    ``starts`` are the mentions' starts (computed once per article by the caller)."""
    s, e = F.orig(h.start), F.orig_end(h.end)
    if starts is None:
        starts = [m.start for m in mentions]
    k = bisect.bisect_right(starts, s) - 1
    for m in mentions[max(0, k - 1):k + 2]:
        if m.start <= s + 2 and m.end >= e - 1 and m.type in ("GPE", "LOC", "PER", "ORG", "FAC"):
            return True
    return False


def _drop_parts(F: Folded, hits: list[_Hit]) -> list[_Hit]:
    """An explosion told inside an airstrike or a battle is part of it ("عقب الانفجار الأول
    للصاروخ"), not a second event."""
    ends = _sentence_ends(F)
    mil = {bisect.bisect_right(ends, h.start) for h in hits if h.type == "military_action"}
    out = []
    for h in hits:
        if h.type == "attack" and bisect.bisect_right(ends, h.start) in mil and \
                re.match(r"[وف]?[بل]?(?:ال)?انفجار", F.f[h.start:h.end]):
            continue
        out.append(h)
    return out


# -- deciding what a trigger is ------------------------------------------------------------------

def _window(F: Folded, start: int, end: int, before: int, after: int) -> tuple[list[str], list[str]]:
    """Folded word tokens just before and just after a span, within its sentence."""
    s0, s1 = _sentence(F, start)
    b = F.words_before(max(s0, start - 12 * before), start, before)
    a = F.words_after(end, min(s1, end + 12 * after), after)
    return b, a


def _choose_type(F: Folded, m: re.Match[str], types: tuple[str, ...]) -> str | None:
    """The type of an ambiguous trigger: a هجوم by an army is a military action, by a
    suicide bomber an attack; an explosion next to a fire or a gas leak is a disaster."""
    if len(types) == 1:
        return types[0]
    mk = event_lexicon().markers
    before, after = _window(F, m.start(), m.end(), 8, 8)
    near = set(before) | set(after)
    near |= {w[1:] for w in near if len(w) > 3 and w[0] in "وبلف"}
    if "disaster" in types:
        s0, s1 = _sentence(F, m.start())
        sent = set(_WORD.findall(F.f[s0:s1]))
        if sent & mk["accident"]:
            return "disaster"
        return "attack"
    # an actor named after "على" / "ضد" is the target ("هجوم على مقر قوات الطوارئ")
    cut = next((k for k, w in enumerate(after) if w in ("على", "ضد")), None)
    if cut is not None:
        near = set(before) | set(after[:cut])
        near |= {w[1:] for w in near if len(w) > 3 and w[0] in "وبلف"}
    terror = bool(near & mk["actor_terror"])
    military = bool(near & mk["actor_military"])
    if after and after[0].startswith("ال") and after[0].endswith("ي") and after[0] not in _RELATIVE \
            and not terror:
        military = True  # "الهجوم الروسي": a state's offensive
    if military and not terror:
        return "military_action"
    return "attack"


# relative pronouns end in ي but name no state: "للاعتداءات التي أوقعت 257 قتيلا"
_RELATIVE = frozenset(("التي", "الذي", "اللتي", "اللذي"))


def trig_is_verb(form: str) -> bool:
    t = event_lexicon().triggers.get(form)
    return bool(t and t.verb)


def _accept(F: Folded, m: re.Match[str], form: str, typ: str) -> bool:
    """False when the words around the trigger make it no event ("عاصفة الحزم", "لجنة
    الانتخابات", "استقبل مطار الجوف أول رحلة", "عقوبات تصل إلى السجن")."""
    lex = event_lexicon()
    mk = lex.markers
    before, after = _window(F, m.start(), m.end(), 3, 3)
    nxt = " ".join(after[:2])
    for base in {form, form.split()[0]}:
        for rej in lex.reject_after.get(base, ()):
            if nxt.startswith(rej):
                return False
    for w in before[-2:]:
        if w in mk["reject_before"] or (len(w) > 3 and w[1:] in mk["reject_before"]):
            return False
    if before and " ".join(before[-2:]) in mk["reject_before"]:
        return False
    if typ == "agreement" and not trig_is_verb(form):
        act = mk["agree_act"]
        wide, after5 = _window(F, m.start(), m.end(), 4, 3)
        if not (any(_is_act(w, act) for w in wide)
                or (after5[:1] and after5[0] in ("بين", "مع"))
                or any(_act_after(w, act) for w in after5)
                or (wide[-1:] == ["الى"] and any(_is_act(w, act) for w in _window(F, m.start(), m.end(), 9, 0)[0]))):
            return False  # "الاتفاق النووي" named in passing is no agreement event
    if typ == "military_action" and form == "سيطره" and "على" not in after:
        return False  # the noun tells a capture only with its object: "السيطرة على الميناء"
    if typ == "military_action" and (trig_is_verb(form) or form == "سيطره") and _FIRE_OBJECT.match(
            F.f, m.end(), min(len(F.f), m.end() + 80)):
        return False  # "سيطرت فرق الدفاع المدني، عصر اليوم، على حريق": firefighting
    if typ == "military_action" and form in _WAGE:
        _, obj = _window(F, m.start(), m.end(), 0, 6)
        k = next((i for i, w in enumerate(obj) if w in ("حمله", "حملات")), None)
        if k is not None and obj[k + 1:k + 2] not in (["عسكريه"], ["جويه"], ["عسكريا"]):
            return False  # "شنت قوات الاحتلال فجر أمس حملة دهم واعتقال": a raid, not a battle
    if typ == "sanction":
        s0, s1 = _sentence(F, m.start())
        sent = F.f[s0:s1]
        if any(p in sent for p in mk["penalty"]):
            return False
    if typ == "meeting" and form in ("بحث", "بحثت", "يبحث", "بحثا") and (after[:1] == ["عن"] or m.group().startswith("ال")):
        return False  # البحث عن: a search, not talks
    if typ == "statement" and form in _SPEECH_ACT and not _speech_object(F, m):
        return False  # "ألقى الرئيس أمس كلمة" is a speech, "ألقت الشرطة القبض" and "أصدر قرارا" are not
    if typ == "invitation" and _call_to(F, m):
        return False  # "دعوة إلى الحوار", "بدعوة مصر إلى عقد اجتماع": a call, not an invitation
    if typ == "meeting" and form in _RECEIVE and _counted_object(F, m):
        return False  # "استقبلت طوارئ المستشفى يوم أمس 40 مصابا": patients, not guests
    return not (typ == "military_action" and form in ("حرب", "الحرب") and after[:1] and after[0] in (
        "على", "ضد") and after[1:2] == ["الارهاب"])  # "الحرب على الإرهاب": a policy, not a battle


# a speech or a statement told by its verb with the subject or a time before the object:
# "ألقى الرئيس أمس كلمة", "أصدرت الوزارة اليوم بيانا"
_SPEECH_OBJECTS = ("كلمة", "كلمته", "كلمتها", "خطابا", "خطاب", "خطبة", "محاضرة")
_SPEECH_ACT = {fold(v): tuple(fold(o) for o in objs) for verbs, objs in (
    (("ألقى", "ألقت", "يلقي", "تلقي"), _SPEECH_OBJECTS),
    (("أصدر", "أصدرت", "أصدروا"), ("بيانا", "بيان"))) for v in verbs}


def _speech_object(F: Folded, m: re.Match[str]) -> bool:
    """Whether the speech verb's object (كلمة، خطابا، بيانا) follows within five words."""
    form = m.group("verb") or m.group("noun")
    _, after = _window(F, m.start(), m.end(), 0, 5)
    objs = _SPEECH_ACT.get(form, ())
    return any(w in objs or (len(w) > 3 and w[1:] in objs) for w in after)


_RECEIVE = frozenset(("استقبل", "استقبلت", "يستقبل", "تستقبل"))


def _counted_object(F: Folded, m: re.Match[str]) -> bool:
    """Whether a reception verb's object is a number ("استقبلت ... 40 مصابا", "يستقبل 500 حاج"):
    a hospital or an airport receiving people, not an official receiving a guest.  A number
    within seven words of the verb, before any comma, counts (the subject and a time may stand
    between)."""
    _, after = _window(F, m.start(), m.end(), 0, 7)
    for w in after:
        if w.isdigit():
            return True
        if w in ("،", ",", ".", "؛"):
            return False
    return False


def _call_to(F: Folded, m: re.Match[str]) -> bool:
    """A دعوة followed by إلى before any زيارة (within four words, a name may come between:
    "بدعوة مصر إلى عقد اجتماع") is a call to do something, not an invitation to visit."""
    _, after = _window(F, m.start(), m.end(), 0, 5)
    for k, w in enumerate(after[:4]):
        if w.endswith(("زياره", "زيارة")) or w in ("من", "لزياره", "لحضور", "للمشاركه"):
            return False
        if w in ("الى", "إلى"):
            return not any(x.endswith("زياره") for x in after[k + 1:k + 3])
    return False


# "شن" wages whatever its object names: غارات (military) or حملة اعتقالات (arrests)
_WAGE = frozenset(("شن", "شنت", "شنوا", "يشن", "تشن"))
# a fire as the object of a control verb, within the clause: "… على حريق", "… على النيران"
_FIRE_OBJECT = re.compile(r"[^.؛;:\n]{0,80}?(?<!\w)على\s+(?:ال)?(?:حريق|حرائق|حرايق|نيران|لهب)")  # folded ئ is ي


_ACT_PREFIX = re.compile(r"^[وف]?(?:[بل]|لل)?(?:ال)?")


def _is_act(w: str, act: frozenset[str]) -> bool:
    """An act of agreeing, with a conjunction, preposition or article before it: "وقع",
    "التوقيع على الاتفاق", "دخل الاتفاق حيز التنفيذ", "بتوقيع"."""
    if w in act or (len(w) > 3 and w[1:] in act):
        return True
    bare = _ACT_PREFIX.sub("", w)
    return len(bare) > 2 and bare in act


def _act_after(w: str, act: frozenset[str]) -> bool:
    """An act of agreeing right after an agreement noun, with or without an object pronoun:
    "اتفاق تم التوصل إليه", "الاتفاق النووي الذي أبرمته الدول الكبرى", "دخل الاتفاق حيز التنفيذ"."""
    return _is_act(w, act) or (len(w) > 4 and (w[:-1] in act or w[:-2] in act))


# -- building an event ---------------------------------------------------------------------------

def _modality(F: Folded, h: _Hit) -> tuple[str, bool]:
    mk = event_lexicon().markers
    before, after = _window(F, h.start, h.end, 5, 2)
    clause = _clause_tail(before)
    joined = " ".join(clause)
    words = set(clause) | {w[1:] for w in clause if len(w) > 2 and w[0] in "وف"}
    last3 = clause[-3:]
    if set(last3) & mk["denied"] or any(w in ("نفى", "نفت", "ينفي", "تنفي", "نفوا") for w in clause):
        return "denied", False
    if any(w.startswith(("لم", "لن")) and len(w) == 2 for w in last3):
        return "denied", False
    trig = F.f[h.start:h.end]
    purpose = not h.verb and re.match(r"[وف]?ل(?!ل)", trig) is not None and h.type in ("visit", "meeting")
    if h.future or purpose or any(p in joined for p in _phrases("planned")) or words & mk["planned"]:
        return "planned", True  # "سيزور", "دعوة لزيارة", "يتوجه ... للقاء"
    if after and (after[0] in mk["planned_after"] or " ".join(after[:2]) in mk["planned_after"]):
        return "planned", True
    spec = words & mk["speculated"]
    if "قد" in spec and not _qad_present(clause, h.verb and trig.lstrip("وف")[:1] not in "يتنس"):
        spec = spec - {"قد"}  # "وكان كيم قد وصل": قد before a past verb asserts, it does not hedge
    if spec or any(p in joined for p in _phrases("speculated")):
        return "speculated", True
    if after and after[0] in mk["speculated_after"]:
        return "speculated", True
    return "happened", True


@cache
def _phrases(cls: str) -> tuple[str, ...]:
    """The markers of class ``cls`` that are phrases (hold a space), looked for in the clause's
    text while single words are met as a set: picked out once rather than at every event."""
    return tuple(p for p in event_lexicon().markers[cls] if " " in p)


def _qad_present(clause: list[str], past_trigger: bool = False) -> bool:
    """Whether قد in the clause stands before a present-tense verb (قد يزود = may supply).
    قد right before the trigger hedges unless the trigger is a past verb ("وكان الوزير قد زار")."""
    for k, w in enumerate(clause[:-1]):
        if w in ("قد", "وقد") and clause[k + 1][:1] in "يتن":
            return True
    return bool(clause) and clause[-1] in ("قد", "وقد") and not past_trigger


def _clause_tail(before: list[str]) -> list[str]:
    """The tokens of ``before`` that belong to the trigger's clause (after the last comma)."""
    for k in range(len(before) - 1, -1, -1):
        if before[k] in ("،", ",", "؛", ";", ":", "."):
            return before[k + 1:]
    return before


# the complementisers that open what a speech verb reports (folded): a time after them is told
# inside the report, not the report's own
_THAT = frozenset(("ان", "انه", "انها", "انهم", "بان", "بانه", "بانها", "بانهم"))


def _reporting_time(F: Folded, t_start: int, t_end: int, trig: int) -> bool:
    """A time that dates the report rather than the event: it follows a speech verb and its
    subject ("قالت الشرطة اليوم إن", "أعلنت المقاومة اليوم عن مقتل") while the trigger comes
    after it.  A time after إن/أن that follows the verb ("قالت مصادر إن جنديين قتلا اليوم في
    هجومين") is inside what is reported, so it is the event's."""
    if t_start > trig:
        return False
    s0, _ = _sentence(F, t_start)
    toks = F.words(max(s0, t_start - 90), t_start)
    lex = lexicon()
    for k in range(len(toks) - 1, max(-1, len(toks) - 10), -1):
        t = toks[k]
        if t in ("،", ",", ".", "؛") or t in _THAT:
            return False  # "قالت مصادر إن جنديين قتلا اليوم في هجومين": the time is the report's content
        if lex.form(t) is not None or (len(t) > 3 and t[0] in "وف" and lex.form(t[1:]) is not None):
            form = lex.form(t) or lex.form(t[1:])
            return form is not None and form.kind != "stance"
    return False


def _date(F: Folded, group: list[_Hit], times: list[TimeMention], s0: int, s1: int,
          others: Sequence[_Hit] = ()) -> str | None:
    """The value of the time expression that dates the event: in its sentence, not a time of
    reporting, nearest to a trigger, preferring one in a relative clause on the trigger, then
    one in the same clause, then one that no verb of another event in the sentence holds
    (``others``: the triggers of the other events of the sentence)."""
    o0, o1 = F.orig(s0), F.orig_end(s1)
    starts = [t.start for t in times]
    k = bisect.bisect_left(starts, o0)
    cands = []
    while k < len(times) and times[k].start < o1:
        cands.append(times[k])
        k += 1
    if not cands:
        return None
    best = None
    best_score = None
    for h in group:
        ts, te = F.orig(h.start), F.orig_end(h.end)
        for t in cands:
            if _reporting_time(F, _fold_pos(F, t.start), _fold_pos(F, t.end), h.start):
                continue
            lo, hi = (t.end, ts) if t.end <= ts else (te, t.start)
            between = F.text[lo:hi] if hi > lo else ""
            same_clause = _CLAUSE_BREAK.search(between) is None
            dist = abs((t.start + t.end) / 2 - (ts + te) / 2)
            held = t.end <= ts and _held_by_verb(F, t, others)
            after = t.start >= te
            own = after and ((same_clause and _own_relative(between)) or _masculine_relative(between, F.text[ts:te]))
            rank = -1 if own else 2 if after and _other_relative(between) else 0 if same_clause else 1
            score = (rank, held, dist)
            if best_score is None or score < best_score:
                best, best_score = t, score
    if best is None:
        return None
    value = _pair_range(F, best, cands) or _weekday_fix(best)
    for h in group:
        value = _days_after(F, h, value)
    return value


_PAIR_OPEN = re.compile(r"(?<!\w)يومي\s+$")
_PAIR_GAP = re.compile(r"\s*و\s*")


def _pair_range(F: Folded, t: TimeMention, cands: list[TimeMention]) -> str | None:
    """Two days joined by و after "يومي" are one range: "تظاهرات شهدتها مدن مختلفة يومي أمس وأمس
    الأول" is the range of the two days (the time reader gives أمس and أمس الأول apart)."""
    k = cands.index(t)
    for a, b in ((k - 1, k), (k, k + 1)):
        if a < 0 or b >= len(cands):
            continue
        x, y = cands[a], cands[b]
        if _PAIR_OPEN.search(F.text[max(0, x.start - 8):x.start]) and _PAIR_GAP.fullmatch(F.text[x.end:y.start]) \
                and x.value and y.value and len(x.value) == len(y.value) == 10 and x.value != y.value:
            lo, hi = sorted((x.value, y.value))
            return f"{lo}/{hi}"
    return None


def _held_by_verb(F: Folded, t: TimeMention, others: Sequence[_Hit]) -> bool:
    """Whether a time before a trigger belongs to the verb of another event that opens its
    clause: in "زار الأمين أمس المصابين في العدوان الغاشم على المسجد الخميس الماضي" أمس is the
    visit's (verb, subject, time), and the attack has its own time after it.  A noun of another
    event holds a time that follows it at once or after one word ("أدان المجلس في بيان صدر عقب
    اجتماعه أمس الهجوم الإرهابي الذي وقع الخميس": أمس is the meeting's)."""
    for o in others:
        oe = F.orig_end(o.end)
        if oe > t.start or (not o.verb and t.start - oe > 30) \
                or _CLAUSE_BREAK.search(F.text[oe:t.start]) is not None:
            continue
        if len(_WORD.findall(F.text[oe:t.start])) <= (12 if o.verb else 1):
            return True  # a noun holds the time right after it: "عقب اجتماعه أمس الهجوم الإرهابي"
    return False


_DAYS_AFTER = re.compile(
    r"(?<!\w)(?P<dir>بعد|قبل)\s+(?:(?P<n>\d{1,2}|\w+)\s+)?(?P<unit>يومين|ايام|يوما|يوم|اسبوعين|اسبوع|اسابيع)"
    r"\s+(?:عل[يى]|من)\s+$")
_UNIT_DAYS = {"يومين": 2, "ايام": 1, "يوما": 1, "يوم": 1, "اسبوعين": 14, "اسبوع": 7, "اسابيع": 7}


@cache
def _number_words() -> dict[str, int]:
    from marsad.resources import load_json

    return {fold(k): v for k, v in load_json("time/lexicon.json")["number_words"].items() if v <= 30}


def _days_after(F: Folded, h: _Hit, value: str | None) -> str | None:
    """An event told as "بعد أربعة أيام على هجوم انتحاري" or "قبل يومين من الزيارة" lies that many
    days before (after) the day the sentence dates: the strike of "شن الطيران الجمعة غاراته بعد
    أربعة أيام على هجوم" is Friday, the attack the Monday before."""
    if not value or len(value) != 10:
        return value
    m = _DAYS_AFTER.search(F.f, max(0, h.start - 40), h.start)
    if m is None:
        return value
    unit = _UNIT_DAYS[m.group("unit")]
    n = m.group("n")
    if n is not None:
        count = int(n) if n.isdigit() else _number_words().get(n)
        if count is None or unit in (2, 14):
            return value
    else:
        count = 1
    try:
        d = _dt.date.fromisoformat(value)
    except ValueError:
        return value
    days = count * unit
    return (d - _dt.timedelta(days=days) if m.group("dir") == "بعد" else d + _dt.timedelta(days=days)).isoformat()


_RELATIVE_CLAUSE = re.compile(r"(?<!\w)(?:التي|الذي|اللتين|اللذين|الذين|اللاتي|اللواتي)(?!\w)")


def _other_relative(between: str) -> bool:
    """Whether the words between a trigger and a time after it open a relative clause on
    another noun: in "الاتهام بارتكاب جرائم ... في المجزرة التي وقعت في 17 يونيو" the date is the
    massacre's, not the indictment's.  A relative pronoun within two words of the trigger
    ("الاتفاق النووي الذي أبرم في 14 يوليو") describes the trigger itself."""
    m = _RELATIVE_CLAUSE.search(between)
    return m is not None and len(_WORD.findall(between[:m.start()])) > 2


def _own_relative(between: str) -> bool:
    """Whether the words between a trigger and a time after it open a relative clause on the
    trigger itself (a relative pronoun within two words of it): in "قدم الجيش أمس مذكرة حول
    عمليات القصف التي شنتها القوات الهندية خلال اليومين الماضيين" the clause tells when the
    shelling was, and its time is preferred to a nearer one before the trigger (أمس: the note's)."""
    m = _RELATIVE_CLAUSE.search(between)
    return m is not None and len(_WORD.findall(between[:m.start()])) <= 2


_FEMININE_END = re.compile(r"(?:ة|ات)$")


def _masculine_relative(between: str, trigger: str) -> bool:
    """Whether "الذي" after a trigger, with feminine words between (a feminine noun or a plural
    in ات cannot be its head), opens a clause on the trigger: "الاعتداء على القنصلية الأميركية في
    بنغازي الليبية الذي أدى إلى مقتل السفير ... عام 2012" dates the attack.  The trigger's own word
    must be masculine (not in ة or ات)."""
    if "الذي" not in between:
        return False
    m = _RELATIVE_CLAUSE.search(between)
    if m is None or m.group() != "الذي" or _FEMININE_END.search(trigger.split()[0]):
        return False
    prev = _WORD.findall(between[:m.start()])
    return bool(prev) and _FEMININE_END.search(prev[-1]) is not None


_WEEKDAYS = {"الاثنين": 0, "الإثنين": 0, "الثلاثاء": 1, "الأربعاء": 2, "الاربعاء": 2, "الخميس": 3,
             "الجمعة": 4, "الجمعه": 4, "السبت": 5, "الأحد": 6, "الاحد": 6}
_TODAY_WEEKDAY = re.compile(
    r"^(?:و|ف)?(?:(?:صباح|مساء|ظهر|عصر|فجر|ليلة|ليل|يوم)\s+)?(?:اليوم|[أا]مس(?:\s+الأول|\s+الاول)?|البارحة|(?:بعد\s+)?(?:غدا|غدًا|غداً|غد))"
    r"\s+(?:\(\s*)?(" + "|".join(_WEEKDAYS) + r")\b")


def _weekday_fix(t: TimeMention) -> str | None:
    """"اليوم الجمعة", "أمس الثلاثاء", "غدا الثلاثاء" read against a crawl date a day or two
    after the article was written: the weekday it names is the day meant (outlets are crawled
    a day or two later), so the event is dated on the most recent such day on or before the
    value read from اليوم / أمس / غدا, as a weekday alone is."""
    v = t.value
    m = _TODAY_WEEKDAY.match(t.text.strip())
    if m is None or not v or len(v) != 10:
        return v
    try:
        d = _dt.date.fromisoformat(v)
    except ValueError:
        return v
    back = (d.weekday() - _WEEKDAYS[m.group(1)]) % 7
    return (d - _dt.timedelta(days=back)).isoformat() if back else v


def _after(value: str | None, anchor: str | None) -> bool:
    """Whether a date value starts after the anchor day, compared at the value's precision (a day,
    a month, a year; a week is not compared): an event dated so is still to come."""
    if not value or not anchor:
        return False
    v = value.split("/")[0]
    if len(v) == 10 or (len(v) == 7 and v[5] != "W") or len(v) == 4:
        return v > anchor[:len(v)]
    return False


def _future_year(value: str | None, times: list[TimeMention]) -> str | None:
    """A planned event is not dated in the past: a day and month without a year that the
    time resolver put in the previous year ("يومي الثاني والثالث من أغسطس" read on 1 August)
    moves to the anchor's year when that falls within the coming two months."""
    if not value or len(value) != 10:
        return value
    t = next((x for x in times if x.value == value), None)
    if t is None or not t.anchor or re.search(r"\d{4}|[٠-٩]{4}", t.text):
        return value
    try:
        d, a = _dt.date.fromisoformat(value), _dt.date.fromisoformat(t.anchor[:10])
        moved = d.replace(year=a.year)
    except ValueError:
        return value
    return moved.isoformat() if d < a and 0 <= (moved - a).days <= 62 else value


def _fold_pos(F: Folded, o: int) -> int:
    """A folded offset for original offset ``o`` (inverse of Folded.orig, to the left)."""
    return F.fold_pos(o)


def _participants(F: Folded, h: _Hit, typ: str, mentions: list[Mention], s0: int, s1: int,
                  span: int | None = None) -> tuple[tuple[Participant, ...], str | None]:
    """``mentions`` are sorted by start; ``span``, when given, is the longest mention's length,
    so that only the mentions that can reach the clause are looked at."""
    if not mentions:
        return (), None
    o0, o1 = F.orig(s0), F.orig_end(s1)
    ts, te = F.orig(h.start), F.orig_end(h.end)
    text = F.text
    parts: list[Participant] = []
    place = None
    seen = set()
    c0, c1 = _clause_bounds(text, o0, o1, ts, te)
    # "استقبل الملك سلمان الرئيس اليمني": the one who receives hosts, the one received visits
    receives = typ == "meeting" and re.match(r"[وف]?(?:است?قبل|يستقبل|تستقبل)", F.f[h.start:h.end]) is not None
    if span is not None:  # a mention that ends after c0 starts after c0 - span, before c1
        lo = bisect.bisect_right(mentions, c0 - span, key=_start)
        mentions = mentions[lo:bisect.bisect_left(mentions, c1, lo, key=_start)]
    for m in mentions:
        if m.end <= c0 or m.start >= c1 or m.type not in ("PER", "ORG", "GPE", "LOC", "FAC", "NORP"):
            continue
        pre = text[max(o0, m.start - 12):m.start]
        prev = (_WORD.findall(pre) or [""])[-1]
        glued = text[max(0, m.start - 1):m.start] not in (" ", "\n", "")
        lead = prev if not glued else text[max(0, m.start - 2):m.start].strip()
        if m.type in ("LOC", "GPE", "FAC") and (lead.endswith(("في", "ب", "بمدينة", "بمنطقة", "بمحافظة"))
                                                or lead in ("في", "داخل", "قرب")):
            if place is None:
                place = m.text
            continue
        if m.end <= ts:
            role = "visitor" if typ == "visit" else ("host" if receives else "agent")
        elif receives and m.start - te < 80 and m.type in ("PER", "ORG") \
                and not any(p.role in ("host", "visitor") for p in parts if p.role == "visitor"):
            role = "host" if not any(p.role == "host" for p in parts) else "visitor"
        elif lead in ("مع",):
            role = "partner" if typ in ("meeting", "agreement") else "participant"
        elif lead in ("على", "ضد") or lead.endswith(("استهدف", "استهدفت")):
            role = "target"
        elif typ == "visit" and (lead in ("إلى", "الى", "لـ") or (glued and text[m.start - 1] == "ل")
                                 or (m.type in ("GPE", "LOC", "FAC")
                                     and not any(p.role == "destination" for p in parts))):
            # "وصل إلى الرياض", "زيارته لموسكو", "زار السيسي العاصمة السعودية الرياض"
            role = "destination"
            if place is None and m.type in ("GPE", "LOC", "FAC"):
                place = m.text
        elif m.start - te < 60 and not parts:
            role = "visitor" if typ == "visit" else "agent"
        else:
            role = "participant"
        key = (role, m.key or m.text)
        if key in seen:
            continue
        seen.add(key)
        parts.append(Participant(role=role, text=m.text, start=m.start, end=m.end, entity=m.entity))
    return tuple(parts), place


def _start(m: Mention) -> int:
    return m.start


def _clause_bounds(text: str, o0: int, o1: int, ts: int, te: int) -> tuple[int, int]:
    """The span of the trigger's clause inside its sentence (commas and contrast words bound it)."""
    left = o0
    for m in _CLAUSE_BREAK.finditer(text, o0, ts):
        left = m.end()
    right = o1
    m = _CLAUSE_BREAK.search(text, te, o1)
    if m:
        right = m.start()
    return left, right


def _event(F: Folded, group: list[_Hit], times: list[TimeMention], mentions: list[Mention],
           span: int | None = None, others: Sequence[_Hit] = (), anchor: str | None = None) -> Event:
    h = group[0]
    s0, s1 = _sentence(F, h.start)
    modality, polarity = _modality(F, h)
    date = _date(F, group, times, s0, s1, others)
    if modality == "planned":
        date = _future_year(date, times)
    elif modality == "happened" and _after(date, anchor):
        modality = "planned"  # "يزور الرئيس الرياض الأحد المقبل", "الانتخابات ... في شهر ذي القعدة المقبل"
    parts, place = _participants(F, h, h.type, mentions, s0, s1, span)
    ts, te = F.orig(h.start), F.orig_end(h.end)
    os0, os1 = F.orig(s0), F.orig_end(s1)
    return Event(
        start=ts, end=te, type=h.type, text=F.text[os0:os1], date=date,
        sentence_start=os0, sentence_end=os1, trigger=F.text[ts:te], participants=parts,
        place=place, modality=modality, polarity=polarity,
    )


def event_signature(event: Event) -> str:
    """The key under which the link stage merges reports of one event from several outlets:
    type, date (or "?"), and the sorted keys of its agents and partners (entity ids when the
    link stage has set them, else name keys)."""
    keys = sorted({p.entity or name_key(p.text) for p in event.participants
                   if p.role in ("agent", "visitor", "host", "partner", "destination", "target")})
    return "|".join([event.type, event.date or "?", ",".join(keys)])
