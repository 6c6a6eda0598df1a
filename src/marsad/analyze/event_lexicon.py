"""The event lexicons (``triggers.tsv``, ``event_markers.tsv``), loaded once and compiled.

Rules are data (STYLE.md): which words announce a visit or an airstrike, which markers make an
event planned, denied or speculated.  This module reads and compiles them; `events.py` applies
them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from marsad.analyze.quote_lexicon import read_rows
from marsad.analyze.quote_text import WordScan, fold, trie_regex

# The type scheme, in the order a reader meets them in political and security news.
EVENT_TYPES = (
    "visit", "meeting", "statement", "agreement", "sanction", "military_action", "attack",
    "weapons_transfer", "election", "protest", "disaster", "accusation", "invitation", "arrest",
    "appointment",
)
MODALITIES = ("happened", "planned", "denied", "speculated")


@dataclass(frozen=True)
class Trigger:
    form: str  # folded, words joined by one space
    types: tuple[str, ...]  # one type, or two to choose between (attack|military_action)
    verb: bool


@dataclass(frozen=True)
class EventLexicon:
    triggers: dict[str, Trigger]
    trigger_re: re.Pattern[str]
    markers: dict[str, frozenset[str]]  # class → folded words and phrases (space-joined)
    reject_after: dict[str, frozenset[str]]  # trigger base → words that make it no event
    transfer_re: re.Pattern[str]
    trigger_scan: WordScan  # the two regexes over a whole article, fast
    transfer_scan: WordScan


# The case, number and pronoun endings a listed noun takes in running text, so that the lexicon
# lists a noun once: the accusative alif ("أخمدت الفرق حريقا", "شنوا هجوما"), the dual ("قتلا في
# هجومين", "انفجاران", "شنت غارتين") and, on a noun in ة or a plural in ات, a possessive pronoun
# ("أعلنت المقاومة سيطرتها على", "غاراتها").  A noun in ة takes the dual only when its plural in ات
# is listed too (غارة/غارات, زيارة/زيارات): one the lexicon takes in the singular alone (جولة: a
# tour, but "بعد جولتين" is mostly two rounds of a league) stays so, and so does a noun of three
# letters (غزو: غزوان is a name).  A variant maps to the listed
# form (`Trigger.form`), so the rules written for that form apply to it.
_PRONOUNS = ("ه", "ها", "هم", "هما")


def _noun_variants(form: str, listed: frozenset[str] = frozenset()) -> list[str]:
    if " " in form or len(form) < 3:
        return []
    out = []
    if not form.endswith(("ا", "ه", "ي", "ات", "ون", "ين")):
        out.append(form + "ا")
        if not form.endswith("ان") and len(form) > 3:  # not غزو: غزوان is a name
            out.extend((form + "ين", form + "ان"))  # the dual: "هجومين", "انفجاران"
    if form.endswith("ه") and not form.endswith(("اه", "يه")) and len(form) > 3:
        out.extend(form[:-1] + "ت" + p for p in _PRONOUNS)
        if form[:-1] + "ات" in listed:
            out.extend((form[:-1] + "تين", form[:-1] + "تان"))  # "غارتين", "زيارتين"
    if form.endswith("ات") and len(form) > 4:
        out.extend(form + p for p in _PRONOUNS)  # "توقيع اتفاقياتها", "غاراتها"
    return out


def _strip_article(form: str) -> str:
    return form[2:] if form.startswith("ال") and len(form) > 4 else form


def _alt(forms: list[str]) -> str:
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(set(forms), key=lambda x: (-len(x), x)))


# the prefixes ``trigger_re`` lets a verb and a noun take, spelled out for `WordScan`
_VERB_PREFIXES = tuple(c + s for c in ("", "و", "ف") for s in ("", "س"))
_NOUN_PREFIXES = tuple(c + p + a for c in ("", "و", "ف") for p in ("", "ب", "ل", "ك", "لل") for a in ("", "ال"))


@cache
def event_lexicon() -> EventLexicon:
    triggers: dict[str, Trigger] = {}
    verbs: list[str] = []
    nouns: list[str] = []
    rows = read_rows("triggers.tsv")
    listed = frozenset(_strip_article(fold(raw.replace("_", " "))) for _, pos, forms in rows if pos != "verb"
                       for raw in forms.split())
    for typ, pos, forms in rows:
        types = tuple(typ.split("|"))
        for raw in forms.split():
            form = fold(raw.replace("_", " "))
            if pos != "verb":
                form = _strip_article(form)  # the article is matched by the prefix group
            triggers[form] = Trigger(form, types, pos == "verb")
            (verbs if pos == "verb" else nouns).append(form)
            if pos != "verb":
                for var in _noun_variants(form, listed):
                    if var not in triggers:
                        triggers[var] = Trigger(form, types, False)
                        nouns.append(var)
    # nouns take a conjunction or preposition and the article; verbs a conjunction and the
    # future prefix (وسيزور).  An optional group is written as an alternation with an empty
    # last branch, ``(?:ال|)`` for ``(?:ال)?``: the same tries in the same order, but ``re``
    # runs a group's ``?`` through its general repeat machinery at every word of the article,
    # and the trigger scan is a fifth faster without it
    noun_re = r"(?:[وف]?(?:[بلك]|لل|)(?:ال|))(?P<noun>" + trie_regex(nouns) + ")"
    verb_re = r"(?:[وف]?س?)(?P<verb>" + trie_regex(verbs) + ")"
    trigger_re = re.compile(r"(?<![\w])(?:" + verb_re + "|" + noun_re + r")(?![\w])")
    markers: dict[str, frozenset[str]] = {}
    reject_after: dict[str, set[str]] = {}
    for row in read_rows("event_markers.tsv"):
        cls, words = row[0], row[1].split()
        if cls == "reject_after":
            for w in words:
                trig, nxt = w.split(":", 1)
                reject_after.setdefault(fold(trig), set()).add(fold(nxt.replace("_", " ")))
            continue
        markers[cls] = frozenset(fold(w.replace("_", " ")) for w in words)
    transfer_re = re.compile(
        r"(?<![\w])[وف]?(?:" + trie_regex(sorted(markers["transfer"])) + r")(?![\w])(?:\s+\S+){0,4}?\s+[وفبل]?(?:"
        + trie_regex(sorted(markers["weapon"])) + r")(?![\w])")
    return EventLexicon(
        triggers=triggers, trigger_re=trigger_re, markers=markers,
        reject_after={k: frozenset(v) for k, v in reject_after.items()}, transfer_re=transfer_re,
        trigger_scan=WordScan(trigger_re, verbs + nouns, [p + v for p in _VERB_PREFIXES for v in verbs]
                              + [p + n for p in _NOUN_PREFIXES for n in nouns]),
        transfer_scan=WordScan(transfer_re, markers["transfer"],
                               [p + w for p in ("", "و", "ف") for w in markers["transfer"]]),
    )
