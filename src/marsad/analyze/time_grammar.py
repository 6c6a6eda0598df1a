"""What an Arabic news text *says* about time, before any date is known.

This module finds time expressions and reads their parts (day, month, year,
calendar, weekday, "الماضي"/"المقبل", counts, the tense of the clause) without
resolving anything.  Resolution against a publication date lives in
``time_resolve``; keeping the two apart lets ``pubdate`` parse an article once
and then try many candidate publication dates cheaply.

Why hand-written rules and not dateparser for finding spans: dateparser parses
a string it is given but does not find spans in running text, does not know
Levantine or Maghreb month names, "يونيو/حزيران" pairs, Hijri dates, or that a
weekday under a future verb points ahead.  ``benchmarks/times_quality.py``
measures both on the same set.

Speed: every pass is one compiled regex run with ``finditer`` over the text;
context is read from small slices around each hit, so the cost grows with the
number of hits, not with the number of rules.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from marsad.resources import load_json

DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
D = f"[{DIGITS}]"
ND = f"(?<![{DIGITS}])"  # not preceded by a digit
NND = f"(?![{DIGITS}])"  # not followed by a digit
_TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
HARAKAT = "[\u064b-\u0652]*"

# Left boundary that also admits one proclitic (و، ف، ب، ل) glued to the word.
PRE = r"(?:(?<!\w)|(?<=(?<!\w)[وفبل]))"
POST = r"(?!\w)"


def to_int(s: str) -> int:
    """An integer from ASCII, Arabic-Indic or Persian digits."""
    return int(s.translate(_TO_ASCII))


def loose(word: str) -> str:
    """A regex for a lexicon word that tolerates the spelling variants of print:
    any alef/hamza seat, ى for final ي, ه for final ة, any run of spaces."""
    out = []
    for i, ch in enumerate(word):
        if ch in "اأإآ":
            out.append("[اأإآ]")
        elif ch in "يى":
            out.append("[يى]")
        elif ch in "ةه" and i == len(word) - 1:
            out.append("[ةه]")
        elif ch == " ":
            out.append(r"\s+")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _alt(words: list[str]) -> str:
    return "|".join(loose(w) for w in sorted(set(words), key=len, reverse=True))


def _tokens(word: str) -> list[str]:
    """The regex tokens of ``loose(word)``, one per letter (for the trigger trie)."""
    toks = []
    for i, ch in enumerate(word):
        if ch in "اأإآ":
            toks.append("[اأإآ]")
        elif ch in "يى":
            toks.append("[يى]")
        elif ch in "ةه" and i == len(word) - 1:
            toks.append("[ةه]")
        elif ch == " ":
            toks.append(r"\s+")
        else:
            toks.append(re.escape(ch))
    return toks


def trie_regex(words: list[str]) -> str:
    """One regex for many words, factored by shared prefixes so that the engine
    rejects a position after a letter or two instead of trying every word."""
    root: dict = {}
    for w in words:
        node = root
        for t in _tokens(w):
            node = node.setdefault(t, {})
        node[""] = {}

    def emit(node: dict) -> str:
        end = "" in node
        alts = [t + emit(child) for t, child in sorted(node.items()) if t != ""]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if end else body

    return emit(root)


_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "\u0640": None})


@lru_cache(maxsize=8192)
def fold(s: str) -> str:
    """A lookup key: alef/hamza, ى/ي, ة/ه folded, spaces collapsed, tatweel dropped."""
    return " ".join(s.translate(_FOLD).split()).lower()


@dataclass
class Expr:
    """One time expression as written, not yet resolved.

    ``kind`` says which resolver applies; ``form`` is the label the quality
    benchmark reports by.  Fields not used by a kind stay ``None``.
    """

    start: int
    end: int
    kind: str  # date | year | weekday | dayrel | period | ago | curday
    form: str
    cal: str = "g"  # g (Gregorian) | h (Hijri)
    y: int | None = None
    m: int | None = None
    d: int | None = None
    y2: int | None = None
    m2: int | None = None
    d2: int | None = None
    yrel: int | None = None  # "من العام الماضي" -> -1 (year relative to the anchor)
    mod: int | None = None  # -1 الماضي, 0 الجاري, +1 المقبل (on the expression itself)
    weekday: int | None = None  # stated weekday (Monday 0)
    weekday2: int | None = None  # second weekday of "يومي الثلاثاء والأربعاء"
    offset: int | None = None  # dayrel: days from the anchor; period/ago: count
    unit: str | None = None  # day | week | month | year
    hedged: bool = False  # "نحو", "أكثر من": an approximate count
    tense: str | None = None  # future | past | None, read from the clause
    today_rel: int | None = None  # "اليوم الاثنين 25/10/1436": days from the anchor
    tags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Lexicon:
    """Compiled patterns and lookup tables built once from ``resources/time/lexicon.json``."""

    month_rx: re.Pattern[str]
    month_lookup: dict[str, tuple[str, int, str]]  # folded name -> (cal, month, system)
    ambiguous: frozenset[str]
    weekday_alt: str
    weekday_lookup: dict[str, int]
    number_words: dict[str, int]
    cues: dict[str, list[str]]


@cache
def lexicon() -> Lexicon:
    data = load_json("time/lexicon.json")
    lookup: dict[str, tuple[str, int, str]] = {}
    names: list[str] = []
    levantine = {"كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
                 "أيلول", "تشرين الأول", "تشرين الثاني", "كانون الأول", "كانون ثاني",
                 "كانون الثانى", "تشرين أول", "تشرين ثاني", "كانون أول"}
    maghreb = {"جانفي", "فيفري", "أفريل", "ماي", "ماى", "جوان", "جويلية", "أوت", "يوليوز",
               "غشت", "شتنبر", "نونبر", "دجنبر", "دجمبر", "أغشت", "شتمبر", "جانفييه",
               "فيفرييه"}
    for m, ws in data["gregorian_months"].items():
        for w in ws:
            system = "levantine" if w in levantine else "maghreb" if w in maghreb else "egyptian"
            lookup.setdefault(fold(w), ("g", int(m), system))
            names.append(w)
    for m, ws in data["hijri_months"].items():
        for w in ws:
            lookup.setdefault(fold(w), ("h", int(m), "hijri"))
            names.append(w)
    english = []
    for m, ws in data["english_months"].items():
        w = ws[0]  # full names only: "Mar", "May" are too often ordinary words
        lookup.setdefault(fold(w), ("g", int(m), "english"))
        english.append(re.escape(w))
    month_rx = re.compile(
        PRE + "(?:(?P<ar>" + _alt(names) + ")|(?i:(?P<en>" + "|".join(english) + ")))" + POST)
    wd_lookup = {fold(w): int(d) for d, ws in data["weekdays"].items() for w in ws}
    wd_words = [w for ws in data["weekdays"].values() for w in ws]
    ambiguous = frozenset(fold(w) for w in data["hijri_ambiguous"] + data["gregorian_ambiguous"])
    return Lexicon(month_rx=month_rx, month_lookup=lookup, ambiguous=ambiguous,
                   weekday_alt=_alt(wd_words), weekday_lookup=wd_lookup,
                   number_words={fold(k): v for k, v in data["number_words"].items()},
                   cues=data["cues"])


DAYREL_WORDS = ["أمس", "بالأمس", "البارحة", "اليوم", "الليلة", "غدا", "غد"]
PERIOD_WORDS = ["الأسبوع", "الشهر", "العام", "السنة"]
AGO_WORDS = ["منذ", "قبل", "بعد"]
# the plural or dual of a unit that opens "the last N days/months": "اليومين الماضيين",
# "الأيام الثلاثة الماضية", "الأشهر الستة الماضية"
LAST_WORDS = ["اليومين", "الأيام", "الايام", "الشهرين", "الأشهر", "الاشهر"]


@cache
def trigger_words() -> list[str]:
    """Every word that can start or anchor a time expression."""
    data = load_json("time/lexicon.json")
    words: list[str] = []
    for key in ("gregorian_months", "hijri_months", "weekdays"):
        for ws in data[key].values():
            words.extend(ws)
    words.extend(ws[0] for ws in data["english_months"].values())
    words.extend(ws[0].lower() for ws in data["english_months"].values())
    return sorted(set(words + DAYREL_WORDS + PERIOD_WORDS + AGO_WORDS + LAST_WORDS))


@cache
def trigger_kinds() -> dict[str, str]:
    """Folded trigger word -> what it can start (month | weekday | dayrel | period | ago)."""
    data = load_json("time/lexicon.json")
    kinds: dict[str, str] = {}
    for key, kind in (("gregorian_months", "month"), ("hijri_months", "month"),
                      ("english_months", "month"), ("weekdays", "weekday")):
        for ws in data[key].values():
            for w in ws:
                kinds[fold(w)] = kind
    for w in DAYREL_WORDS:
        kinds[fold(w)] = "dayrel"
    for w in PERIOD_WORDS:
        kinds[fold(w)] = "period"
    for w in AGO_WORDS:
        kinds[fold(w)] = "ago"
    for w in LAST_WORDS:
        kinds[fold(w)] = "last"
    return kinds


@cache
def patterns() -> dict[str, re.Pattern[str]]:
    """Every compiled regex of the grammar, built once."""
    lx = lexicon()
    c = lx.cues
    wd = f"(?:{lx.weekday_alt})"
    # grouped: "قبل\s+{past_mod}" must put قبل before every modifier, not the first alternative only
    past_mod = "(?:" + _alt(c["past_modifiers"]) + ")"
    next_mod = "(?:" + _alt(c["next_modifiers"]) + ")"
    cur_mod = "(?:" + _alt(c["current_modifiers"]) + ")"
    mods = f"(?P<mod>{past_mod}|{next_mod}|{cur_mod})"
    hedges = _alt(c["hedges"])
    numw = _alt(list(load_json("time/lexicon.json")["number_words"]))
    units = (r"ربع\s+قرن|نصف\s+قرن|يومين|يوما|يوماً|أيام|ايام|يوم|أسبوعين|اسبوعين|أسابيع|اسابيع|"
             r"أسبوعا|أسبوعاً|أسبوع|اسبوع|شهرين|أشهر|اشهر|شهور|شهرا|شهراً|شهر|عامين|أعوام|اعوام|"
             r"عاما|عاماً|عام|سنتين|سنوات|سنين|سنة|عقدين|عقود|عقدا|عقداً|عقد|قرنين|قرون|قرنا|قرناً|قرن")
    day = rf"(?:ال\u0640*\s*)?{ND}(?P<{{n}}>{D}{{{{1,2}}}}){NND}(?:st|nd|rd|th)?"
    return {
        # Days before a month name: "18 و19", "من 10 إلى 13", "الـ 20 من", "11th,".
        "days_left": re.compile(
            "(?:(?P<pre>من|بين|منذ|خلال|في|يومي|يوم|أيام)\\s+)?"
            + "(?:" + day.format(n="d1") + "|(?P<first>" + _alt(list(load_json("time/lexicon.json")["ordinal_days"]))
            + "))"
            + r"(?:\s*(?P<sep>و|-|–|إلى|الى|حتى|ـ|/|،|,)\s*(?:و\s*)?(?:" + day.format(n="d2")
            + "|(?P<second>" + _alt(list(load_json("time/lexicon.json")["ordinal_days"])) + ")))?"
            + r"\s*,?\s*(?:من\s+)?(?:شهر\s+)?\(?\s*$"),
        # A weekday (and اليوم/أمس/غدا) written before a date.
        "weekday_left": re.compile(
            r"(?:(?P<rel>اليوم|[اأ]مس|غدا|غداً|غدًا)\s+)?(?:(?:يوم|ليلة|مساء|صباح|فجر|ظهر|عصر)\s+)?"
            + f"[«\"]?(?P<wd>{wd})" + rf"(?:\s+(?P<wmod>{past_mod}|{next_mod}))?"
            + r"\s*[»\")]?\s*[،,]?\s*\(?\s*(?:و?الموافق\s*(?:ل\S*\s*)?)?$"),
        # A year (or a relative year) after a month name.
        "year_right": re.compile(
            r"\s*(?:[،,/]\s*)?(?:\)\s*)?(?:من\s+)?(?:(?:عام|العام|سنة|لعام|للعام|لسنة)\s*)?\(?\s*\.?"
            + f"{ND}(?P<y>{D}{{4}}){NND}" + r"\s*\)?\s*(?P<era>هـ|ه(?!\w)|م(?!\w)|ميلادية?|هجرية?)?"),
        "yrel_right": re.compile(
            r"\s*(?:من\s+)?(?:العام|السنة)\s+(?P<m>" + past_mod + "|" + next_mod + "|" + cur_mod
            + r"|الحالي|الحالية)" + POST),
        "mod_right": re.compile(r"\s*\)?\s*" + mods + POST),
        "en_right": re.compile(rf"\s+{ND}(?P<d>{D}{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>{D}{{4}}){NND}"),
        "opener_left": re.compile(
            "(?:" + _alt(c["month_openers"]) + r")\s*$"),
        # Numeric dates: 25/10/1436هـ, 2015-07-21, ( 15 / 1 / 1959 ).
        "numeric": re.compile(
            f"{ND}(?P<a>{D}{{1,4}})\\s*(?P<s>[/\\-.])\\s*(?P<b>{D}{{1,2}})\\s*(?P=s)\\s*"
            f"(?P<c>{D}{{1,4}}){NND}" + r"(?:\s*\)?\s*(?P<era>هـ|ه(?!\w)|م(?!\w)|ميلادية?|هجرية?))?"),
        # Four-digit numbers (candidate years).
        "year4": re.compile(f"{ND}(?P<y>{D}{{4}}){NND}"),
        "year_kw_left": re.compile(
            r"(?P<kw>عامي|سنتي|العامين|عام|العام|لعام|للعام|وعام|سنة|السنة|لسنة|للسنة|موسم|الموسم|"
            r"ميزانية|العام\s+المالي|العام\s+الهجري|العام\s+الدراسي|العام\s+الميلادي|بتاريخ|تاريخ)"
            r"\s*[:(.]?\s*$"),
        "year_opener_left": re.compile("(?:" + _alt(c["year_openers"]) + r")\s*\(?\s*$"),
        "year_era_right": re.compile(r"\s*\)?\s*(?P<era>هـ|ه(?!\w)|م(?!\w)|ميلادية?|هجرية?)"),
        "year_range_right": re.compile(
            r"\s*\)?\s*(?P<sep>-|–|/|إلى|الى|حتى|و)\s*(?:(?:عام|العام|سنة)\s*)?\(?\s*"
            + f"{ND}(?P<y2>{D}{{4}}|{D}{{2}}){NND}"
            + r"\s*\)?\s*(?P<era>هـ|ه(?!\w)|م(?!\w)|ميلادية?|هجرية?)?"),
        "weekday": re.compile(
            PRE + r"(?:(?P<lead>يومي|يوم|أيام|ايام|ليلة|مساء|صباح|فجر|ظهر|عصر|نهار)\s+)?" + f"(?P<wd>{wd})" + POST
            + rf"(?:\s*(?:و|-|–|إلى|الى|حتى)\s*(?P<wd2>{wd}){POST})*"
            + rf"(?:\s+(?P<mod>بعد\s+{next_mod}|قبل\s+{past_mod}|{past_mod}|{next_mod}){POST})?"),
        "weekday_bad_left": re.compile(
            r"(?:صلاة|صلاه|خطبة|خطبه|خطيب|خطب|كلا|بين|هذين|هذان|أحد|احد|يومي\s+\S+\s+و)\s*$"),
        "dayrel": re.compile(
            PRE + r"(?:(?P<lead>صباح|مساء|ليل|ليلة|ظهر|عصر|فجر|نهار|منتصف\s+ليل|منتصف\s+ليلة|مطلع|"
            r"حتى|مساء\s+يوم|صباح\s+يوم)\s+)?"
            r"(?P<w>[اأ]ول\s+من\s+[اأ]مس|[اأ]ول\s+[اأ]مس|[اأ]مس\s+الأول|[اأ]مس\s+الاول|بالأمس|بالامس|"
            r"[اأ]مس|البارحة|اليوم|الليلة\s+قبل\s+الماضي[ةه]|الليلة\s+الماضي[ةه]|الليلة|بعد\s+غد|غد[اًٌٍ]*)" + POST + HARAKAT
            + rf"(?:\s*[،,]?\s*[(«\"]?\s*(?:يوم\s+)?(?P<wd>{wd}){POST}\s*[)»\"]?)?"),
        "period": re.compile(
            PRE + r"(?:(?P<pos>مطلع|بداية|نهاية|أواخر|أوائل|منتصف|مستهل|غرة|ختام|أول|آخر)\s+)?"
            r"(?:(?P<this>هذا|هذه)\s+)?(?P<unit>الأسبوع|الاسبوع|الشهر|العام|السنة)" + POST
            + rf"(?:\s+(?P<mod>قبل\s+{past_mod}|بعد\s+{next_mod}|{past_mod}|{next_mod}|{cur_mod}){POST})?"),
        "ago": re.compile(
            PRE + r"(?P<dir>منذ|قبل|بعد)\s+(?:(?P<hedge>" + hedges + r")\s+)?"
            + rf"(?:(?P<n>{D}+|{numw})\s+)?(?P<unit>{units})" + HARAKAT + "[اى]?" + HARAKAT + POST
            + r"(?:\s+و\s*نصف" + POST + ")?"),
        # "(خلال) اليومين الماضيين", "الأيام الثلاثة الماضية", "الأشهر الستة المقبلة": a span of
        # whole days or months that ends (starts) next to the anchor's
        "last": re.compile(
            PRE + r"(?:(?P<dual>اليومين|الشهرين)|(?P<plural>الأيام|الايام|الأشهر|الاشهر)\s+(?P<n>"
            + _alt(list(_DEFINITE_COUNTS)) + r"))\s+(?P<mod>الماضيين|الماضيتين|الماضية|الأخيرين|الاخيرين|"
            r"الأخيرة|الاخيرة|المنصرمين|المنصرمة|السابقين|السابقة|المقبلين|المقبلة|القادمين|القادمة)" + POST),
        # an ordinal day before "من الشهر الجاري" ("في الخامس من الشهر الجاري", "بين العاشر
        # والثالث عشر من الشهر الماضي"): the day of that month, as "الـ12 من الشهر الجاري" is
        "ordinal_of_left": re.compile(
            "(?P<first>" + _alt(list(load_json("time/lexicon.json")["ordinal_days"])) + r")(?:\s*(?:و|-|–|إلى|الى|حتى)"
            + r"\s*(?P<second>" + _alt(list(load_json("time/lexicon.json")["ordinal_days"])) + r"))?\s+من\s+$"),
        "ago_bad_right": re.compile(rf"\s*(?:من|على|عن|ل|{D}|\(|بعد|قبل)"),
        "curday": re.compile(
            r"(?:(?:يومي|يوم)\s+)?(?:ال\u0640*\s*)?" + f"{ND}(?P<d1>{D}{{1,2}}){NND}"
            + rf"(?:\s*(?:و|-|إلى|الى|حتى)\s*(?:ال\u0640*\s*)?(?P<d2>{D}{{1,2}}){NND})?"
            + r"\s+(?:من\s+)?(?:(?:الشهر|شهر)\s+)?" + mods + POST),
        "future": re.compile(r"(?<!\w)[وف]?(?:" + _alt(c["future_words"]) + r")(?!\w)"),
        "past": re.compile(r"(?<!\w)(?:" + _alt(c["past_words"]) + r")(?!\w)"),
        "bare_year_right": re.compile(
            r"\s*(?:$|[،,.؛:)\]»\"\n]|-\s|و(?=\w)|(?:" + _alt(c["year_followers"]) + r")(?!\w)(?!\s+(?:المائة|المئة)))"),
        "quantity_left": re.compile(r"(?<!\w)(?:" + _alt(c["quantity_cues"]) + r")\s*$"),
        "quantity_right": re.compile(r"\s*(?:" + _alt(c["quantity_nouns"]) + r")(?!\w)"),
        # One pass finds every trigger; factored as a trie and anchored on a word
        # start so that most positions fail on their first letter (see times_speed).
        "trigger": re.compile(
            r"(?<!\w)(?:[وفبل]?(?P<w>" + trie_regex(trigger_words()) + ")" + POST
            + rf"|(?:ال\u0640*\s*)?(?P<num>{D}+))"),
        # A month glued to its day ("13شعبان"): rare, so a second cheap pass.
        "glued": re.compile(f"(?<={D})(?=[^\\W\\d_])"),
        "trie_at": re.compile("(?P<w>" + trie_regex(trigger_words()) + ")" + POST),
        "lead_left": re.compile(
            r"(?:يومي|يوم|ليلة|ليل|مساء|صباح|فجر|ظهر|عصر|نهار|منتصف\s+ليل[ةه]?|مطلع|حتى|هذا|هذه|"
            r"نهاية|بداية|أواخر|أوائل|منتصف|مستهل|غرة|ختام|أول|آخر|[اأ]ول\s+من|[اأ]ول|ال\u0640*)"
            r"\s*$"),
    }


_NOT_FUTURE: re.Pattern[str] | None = None

# what may stand before an ordinal day of "الخامس من الشهر الجاري": a preposition, يوم or a time
# of day, or nothing (a clause start); not a noun it numbers ("الأسبوع الأول من الشهر")
_ORDINAL_LEAD = re.compile(r"(?:^|[.،,؛:(\n]\s*|(?<!\w)(?:و?في|يوم|منذ|بين|حتى|من|إلى|الى|قبل|بعد|بتاريخ|مساء|صباح|"
                           r"ليلة|ظهر|عصر|فجر)\s+)$")

# counts with the article, as they follow a plural unit: "الأيام الثلاثة الماضية"
_DEFINITE_COUNTS = {"الثلاثة": 3, "الثلاث": 3, "الأربعة": 4, "الاربعة": 4, "الخمسة": 5, "الستة": 6,
                    "السبعة": 7, "الثمانية": 8, "التسعة": 9, "العشرة": 10}


def _not_future() -> re.Pattern[str]:
    global _NOT_FUTURE
    if _NOT_FUTURE is None:
        pfx = sorted(lexicon().cues["not_future_prefixes"], key=len, reverse=True)
        _NOT_FUTURE = re.compile("(?:" + "|".join(pfx) + ")")
    return _NOT_FUTURE


_NUM_RANGE_LEFT = re.compile(f"{ND}(?P<d0>{D}{{1,2}})\\s*(?:حتى|إلى|الى|ولغاية|لغاية)\\s*$")
_SINCE = re.compile(r"(?<!\w)و?(?:منذ|خلال|الماضي|الماضية)\s+(?:(?:يوم|شهر|عام)\s+)?$")
_FUTURE_VERB = re.compile(r"(?<!\w)[وف]?(س[يتن]\w{2,})(?!\w)")
_BOUNDARY = re.compile(r"[.\n؟?!؛;:]|،\s*و(?=\w)")
# a plan told in the past ("كان من المفترض أن تبدأ ... الجمعة", "كان مقررا"): whether the
# day is behind or ahead, the clause does not say
_WAS_PLANNED = re.compile(
    r"(?<!\w)[وف]?(?:كان|كانت)\s+(?:من\s+)?(?:المقرر|المفترض|المزمع|المنتظر|المتوقع|يفترض|مقررا|مقررة|"
    r"يتوقع|يعتزم|تعتزم|ينوي|تنوي)(?!\w)")


def clause_tense(text: str, start: int) -> str | None:
    """Tense of the clause a time expression sits in: ``future`` when a future
    marker (the prefix س on a verb, سوف، من المقرر …) precedes it in the same
    clause, ``past`` when a past marker (كان، قد، منذ …) does, else ``None``.

    Only the words *before* the expression count: "قال الثلاثاء إنه سيزور"
    puts the weekday under قال, not under سيزور."""
    lo = max(0, start - 100)
    seg = text[lo:start]
    if _SINCE.search(seg):
        return "past"  # "منذ 24 فبراير": whatever the clause, the date is behind us
    cut = 0
    for m in _BOUNDARY.finditer(seg):
        cut = m.end()
    seg = seg[cut:]
    if not seg.strip():
        return None
    if _WAS_PLANNED.search(seg):
        return None
    p = patterns()
    bad = _not_future()
    for m in _FUTURE_VERB.finditer(seg):
        if not bad.match(m.group(1)):
            return "future"
    if p["future"].search(seg):
        return "future"
    if p["past"].search(seg):
        return "past"
    return None


def _mod_value(word: str | None) -> int | None:
    if not word:
        return None
    w = fold(word)
    c = lexicon().cues
    if w.startswith("بعد"):
        return 2
    if w.startswith("قبل"):
        return -2
    if w in {fold(x) for x in c["past_modifiers"]}:
        return -1
    if w in {fold(x) for x in c["next_modifiers"]}:
        return 1
    return 0


@cache
def _ordinals() -> dict[str, int]:
    return {fold(k): v for k, v in load_json("time/lexicon.json")["ordinal_days"].items()}


def _ordinal(word: str) -> int:
    return _ordinals().get(fold(word), 0)


def _month_of(name: str) -> tuple[str, int, str] | None:
    return lexicon().month_lookup.get(fold(name))


def _weekday_of(name: str | None) -> int | None:
    if not name:
        return None
    return lexicon().weekday_lookup.get(fold(name))


def _era_cal(era: str | None, year: int) -> str:
    if era:
        return "h" if era.startswith(("ه", "هـ")) else "g"
    return "h" if 1300 <= year <= 1500 else "g"


def _add_weekday_left(text: str, e: Expr) -> None:
    """Extend a date leftwards over a weekday written before it ("الأحد 13 أكتوبر",
    "اليوم الاثنين 25/10/1436هـ", "يوم الأربعاء الموافق …")."""
    lo = max(0, e.start - 45)
    m = patterns()["weekday_left"].search(text, lo, e.start)
    if m and m.end() == e.start:
        e.start = m.start()
        e.weekday = _weekday_of(m.group("wd"))
        rel = m.group("rel")
        if rel:
            e.today_rel = {"اليوم": 0}.get(rel, 1 if rel.startswith("غد") else -1)


def _match_with_lead(rx: re.Pattern[str], text: str, s: int) -> re.Match[str] | None:
    """``rx`` matched at trigger ``s``, or from a lead word just before it
    ("يوم", "مساء", "هذا", "الـ") when the pattern admits one."""
    lm = patterns()["lead_left"].search(text, max(0, s - 16), s)
    if lm:
        m = rx.match(text, lm.start())
        if m and m.end() > s:
            return m
    return rx.match(text, s)


def _scan_months(text: str, out: list[Expr], hits: list[tuple[int, int, tuple[str, int, str], str]]) -> None:
    lx = lexicon()
    p = patterns()
    i = 0
    while i < len(hits):
        s, e, (cal, mon, system), name = hits[i]
        tags = [system]
        j = i
        # A pair of names for the same month: "يونيو/حزيران", "فبراير (شباط)", "أكتوبر / October".
        while j + 1 < len(hits):
            ns, ne, ninfo, _ = hits[j + 1]
            gap = text[hits[j][1]:ns]
            if ninfo[1] == mon and ninfo[0] == cal and len(gap) <= 4 and re.fullmatch(r"[\s/()\-–،]*", gap):
                tags.append(ninfo[2])
                j += 1
                e = ne
                if "(" in gap:
                    tags.append("paren_pair")
                else:
                    tags.append("slash_pair")
                if text[e:e + 3].lstrip().startswith(")"):
                    e = text.index(")", e) + 1
            else:
                break
        i = j + 1
        paired = "slash_pair" in tags or "paren_pair" in tags
        expr = Expr(start=s, end=e, kind="date", form="month", cal=cal, m=mon, tags=tags)
        # days before the month
        lo = max(0, s - 40)
        dm = p["days_left"].search(text, lo, s)
        if dm and dm.end() == s:
            d1 = _ordinal(dm.group("first")) if dm.group("first") else to_int(dm.group("d1"))
            if 1 <= d1 <= 31:
                expr.d = d1
                expr.start = dm.start() if dm.group("pre") not in ("من", "بين", "منذ", "خلال", "في") \
                    else dm.start("d1") if dm.group("d1") else dm.start("first")
                if dm.group("pre") in ("يومي", "يوم", "أيام"):
                    expr.start = dm.start()
                if dm.group("d2") or dm.group("second"):
                    # "من 3 إلى 5 أغسطس", "يومي الثاني والثالث من أغسطس": a range of days
                    d2 = to_int(dm.group("d2")) if dm.group("d2") else _ordinal(dm.group("second"))
                    if dm.group("sep") in ("/",):
                        pass
                    elif d1 < d2 <= 31:
                        expr.d2 = d2
                # "الـ 20" keeps its article in the span
                k = expr.start
                while k > 0 and text[k - 1] in " \u0640" and text[max(0, k - 4):k].strip().endswith("ال"):
                    k -= 1
                if text[max(0, k - 2):k] == "ال":
                    expr.start = k - 2
        # English "September 11, 2023"
        if expr.d is None and system == "english":
            em = p["en_right"].match(text, e)
            if em:
                expr.d = to_int(em.group("d"))
                expr.y = to_int(em.group("y"))
                e = em.end()
        # year or relative modifier after
        ym = p["year_right"].match(text, e)
        if expr.y is None and ym:
            y = to_int(ym.group("y"))
            ycal = _era_cal(ym.group("era"), y)
            if (ycal == cal or (ycal == "h") == (cal == "h")) and (1000 <= y <= 2200):
                expr.y = y
                e = ym.end()
        if expr.y is None:
            yr = p["yrel_right"].match(text, e)
            if yr:
                expr.yrel = _mod_value(yr.group("m"))
                e = yr.end()
            else:
                mr = p["mod_right"].match(text, e)
                if mr:
                    expr.mod = _mod_value(mr.group("mod"))
                    e = mr.end()
        expr.end = e
        strong = expr.d is not None or expr.y is not None or expr.yrel is not None \
            or expr.mod is not None or paired
        if not strong:
            om = p["opener_left"].search(text, max(0, s - 12), s)
            ok_opener = bool(om and om.end() == s)
            if fold(name) in lx.ambiguous:
                ok_opener = ok_opener and text[max(0, s - 5):s].strip().endswith("شهر")
            if not ok_opener:
                continue
        if expr.d is not None:
            expr.form = "full_date" if (expr.y is not None) else "day_month"
            if expr.d2 is not None:
                expr.form = "date_range"
        elif expr.y is not None:
            expr.form = "month_year"
        if cal == "h":
            expr.form = "hijri"
        if expr.d is not None or expr.y is not None:
            _add_weekday_left(text, expr)
        out.append(expr)


def _scan_numeric(text: str, out: list[Expr], positions: list[int]) -> None:
    rx = patterns()["numeric"]
    for hs in positions:
        m = rx.match(text, hs)
        if m is None:
            continue
        a, b, c = m.group("a"), m.group("b"), m.group("c")
        era = m.group("era")
        if len(c) == 4 and len(a) <= 2:
            y, mo, d = to_int(c), to_int(b), to_int(a)
            if mo > 12 and d <= 12:
                mo, d = d, mo
        elif len(a) == 4 and len(c) <= 2:
            y, mo, d = to_int(a), to_int(b), to_int(c)
        else:
            continue
        cal = _era_cal(era, y)
        if not (1 <= mo <= 12 and 1 <= d <= 31):
            continue
        if cal == "g" and not 1800 <= y <= 2100:
            continue
        if cal == "h" and not 1300 <= y <= 1500:
            continue
        expr = Expr(start=m.start(), end=m.end(), kind="date", form="numeric", cal=cal,
                    y=y, m=mo, d=d, tags=["numeric"] + (["hijri"] if cal == "h" else []))
        lm = _NUM_RANGE_LEFT.search(text, max(0, hs - 20), hs)
        if lm and to_int(lm.group("d0")) < d:  # "من 11 حتى 25/10/1436هـ"
            expr.d, expr.d2 = to_int(lm.group("d0")), d
            expr.start = lm.start("d0")
        _add_weekday_left(text, expr)
        out.append(expr)


def _scan_years(text: str, out: list[Expr], positions: list[int]) -> None:
    p = patterns()
    for hs in positions:
        m = p["year4"].match(text, hs)
        if m is None:
            continue
        s, e = m.start(), m.end()
        y = to_int(m.group("y"))
        if not 1000 <= y <= 2200:
            continue
        left = text[max(0, s - 30):s]
        kw = p["year_kw_left"].search(left)
        opener = p["year_opener_left"].search(left)
        era_m = p["year_era_right"].match(text, e)
        era = era_m.group("era") if era_m else None
        rng = p["year_range_right"].match(text, e)
        start = s
        if kw:
            start = s - (len(left) - kw.start())
        ok = bool(kw) or bool(era)
        if not ok and opener and 1900 <= y <= 2100 and not p["quantity_right"].match(text, e):
            ok = True
        if not ok and 1900 <= y <= 2100:
            # A bare year: a quantity usually has its noun next ("2000 شخص") or a
            # cue before ("نحو 2000"); a year is followed by punctuation or a particle.
            prev = text[max(0, s - 2):s]
            if (p["bare_year_right"].match(text, e) and not p["quantity_left"].search(left)
                    and not re.search(r"[\d,.:/+\-×$%]\s*$", prev)):
                ok = True
        if not ok and rng and len(rng.group("y2")) == 4 and rng.group("sep") in "-–/" \
                and 1900 <= y <= 2100 and not p["quantity_right"].match(text, rng.end()):
            ok = True  # "2015-2020", "2015/2016": a span of years
        if not ok:
            continue
        cal = _era_cal(era, y)
        if cal == "h" and not 1300 <= y <= 1500:
            cal = "g"
        expr = Expr(start=start, end=era_m.end() if era_m else e, kind="year", form="year", cal=cal, y=y,
                    tags=["hijri"] if cal == "h" else [])
        if kw and kw.group("kw") in ("عامي", "سنتي", "العامين"):
            expr.form = "year_range"
        if rng:
            y2s = rng.group("y2")
            y2 = to_int(y2s)
            if len(y2s) == 2:
                y2 = (y // 100) * 100 + y2
            sep = rng.group("sep")
            if y < y2 <= y + 200 and (sep != "و" or kw or opener):
                expr.y2 = y2
                expr.end = rng.end()
                expr.form = "year_range"
                if rng.group("era"):
                    expr.cal = _era_cal(rng.group("era"), y2)
        if expr.cal == "h":
            expr.form = "hijri"
        # "عام 1436هـ الجاري"
        mr = patterns()["mod_right"].match(text, expr.end)
        if mr and _mod_value(mr.group("mod")) == 0:
            expr.end = mr.end()
        out.append(expr)


def _scan_weekdays(text: str, out: list[Expr], positions: list[int]) -> None:
    p = patterns()
    for hs in positions:
        m = _match_with_lead(p["weekday"], text, hs)
        if m is None:
            continue
        wd = _weekday_of(m.group("wd"))
        if wd is None:
            continue
        s = m.start()
        if p["weekday_bad_left"].search(text, max(0, s - 14), s) \
                and m.group("lead") is None and m.group("mod") is None:
            continue  # صلاة الجمعة، كلا الاثنين
        after = text[m.end("wd"):m.end("wd") + 6]
        if wd == 6 and re.match(r"\s*عشر", after):
            continue
        if wd == 0 and m.group("lead") is None and m.group("mod") is None and \
                re.match(r"\s*(?:معا|معاً|منهما|من\s|في\s+ال|عشر)", after):
            continue
        expr = Expr(start=s, end=m.end(), kind="weekday", form="weekday", weekday=wd,
                    weekday2=_weekday_of(m.group("wd2")))
        if m.group("mod"):
            expr.mod = _mod_value(m.group("mod"))
            expr.form = "weekday_rel"
        out.append(expr)


# a count before "في اليوم" makes it a rate ("per day"): "خمس مرات في اليوم", "40 حريقا في اليوم"
_PER_DAY = re.compile(r"(?:(?<!\w)(?:مرات|مرة|مره|مرتين)|\d\s*\S*|\w\wا)\s+في\s+$")


def _scan_dayrel(text: str, out: list[Expr], positions: list[int]) -> None:
    p = patterns()
    for hs in positions:
        m = _match_with_lead(p["dayrel"], text, hs)
        if m is None:
            continue
        w = fold(m.group("w"))
        if w in ("اليوم", "الليله") and not m.group("wd"):
            nxt = text[m.end("w"):m.end("w") + 20]
            if re.match(r"\s*ال\w+", nxt) and not re.match(r"\s*\(", nxt):
                continue  # اليوم الوطني، اليوم التالي، الليلة الأولى
            prev = text[max(0, m.start() - 8):m.start()]
            if re.search(r"(?:هذا|ذلك|نفس|ذات|«|\")\s*$", prev) or text[m.end():m.end() + 1] in "»\"":
                continue
            if w == "اليوم" and _PER_DAY.search(text, max(0, m.start() - 30), m.start()):
                continue  # "خمس مرات في اليوم", "أربعين حريقا في اليوم": a rate, not a day
        if w.startswith("اول") or w.startswith("امس ال") or w.startswith("الليله قبل"):
            off = -2  # أول من أمس، أمس الأول، الليلة قبل الماضية
        elif w.startswith("بعد"):
            off = 2
        elif w in ("امس", "بالامس", "البارحه") or w.startswith("الليله "):  # الليلة الماضية: last night
            off = -1
        elif w.startswith("غد"):
            off = 1
        else:
            off = 0
        out.append(Expr(start=m.start(), end=m.end(), kind="dayrel", form="day_rel", offset=off,
                        weekday=_weekday_of(m.group("wd"))))


def _scan_periods(text: str, out: list[Expr], positions: list[int]) -> None:
    rx = patterns()["period"]
    for hs in positions:
        m = _match_with_lead(rx, text, hs)
        if m is None:
            continue
        if not (m.group("this") or m.group("mod")):
            continue
        u = fold(m.group("unit"))
        unit = {"الاسبوع": "week", "الشهر": "month", "العام": "year", "السنه": "year"}[u]
        mod = 0 if m.group("this") and not m.group("mod") else _mod_value(m.group("mod"))
        if unit == "month" and not m.group("pos") and mod in (-1, 0, 1):
            om = patterns()["ordinal_of_left"].search(text, max(0, m.start() - 40), m.start())
            if om is not None and _ORDINAL_LEAD.search(text, max(0, om.start() - 12), om.start()):
                d1 = _ordinal(om.group("first"))
                d2 = _ordinal(om.group("second")) if om.group("second") else None
                out.append(Expr(start=om.start(), end=m.end(), kind="curday", form="current_month_days",
                                d=d1, d2=d2 if d2 and d2 > d1 else None, mod=mod))
                continue
        out.append(Expr(start=m.start(), end=m.end(), kind="period", form="period_rel", unit=unit,
                        offset=mod))


_UNIT_OF = [("ربع", ("year", 25)), ("نصف", ("year", 50)), ("يوم", ("day", 1)), ("ايام", ("day", 1)),
            ("اسبوع", ("week", 1)), ("اسابيع", ("week", 1)), ("شهر", ("month", 1)),
            ("اشهر", ("month", 1)), ("عام", ("year", 1)), ("اعوام", ("year", 1)),
            ("سن", ("year", 1)), ("عقد", ("year", 10)), ("عقود", ("year", 10)), ("قرن", ("year", 100)),
            ("قرون", ("year", 100))]


def _scan_ago(text: str, out: list[Expr], positions: list[int]) -> None:
    p = patterns()
    nw = lexicon().number_words
    for hs in positions:
        m = p["ago"].match(text, hs)
        if m is None:
            continue
        if m.group("dir") != "منذ" and p["ago_bad_right"].match(text, m.end()):
            continue  # "قبل يومين من الانتخابات": counted from another event
        u = fold(re.sub(HARAKAT[:-1], "", m.group("unit")))
        found_unit = next((v for k, v in _UNIT_OF if u.startswith(k)), None)
        if found_unit is None:
            continue
        unit, mult = found_unit
        dual = u.endswith("ين") and not u.startswith(("ربع", "نصف"))
        n_s = m.group("n")
        if n_s:
            n = to_int(n_s) if re.match(f"{D}", n_s) else nw.get(fold(n_s))
            if n is None:
                continue
        elif dual:
            n = 2
        elif u in ("يوم", "اسبوع", "شهر", "عام", "سنه", "عقد", "قرن") or u.startswith(("ربع", "نصف")):
            n = 1
        else:
            continue  # "منذ سنوات": too vague to place
        sign = 1 if m.group("dir") == "بعد" else -1
        e = Expr(start=m.start(), end=m.end(), kind="ago", form="ago", unit=unit, offset=sign * n * mult,
                 hedged=bool(m.group("hedge")))
        if unit == "year" and mult >= 10:
            e.unit = "year"
        out.append(e)


def _scan_curday(text: str, out: list[Expr], positions: list[int]) -> None:
    rx = patterns()["curday"]
    for hs in positions:
        m = _match_with_lead(rx, text, hs)
        if m is None:
            continue
        d1 = to_int(m.group("d1"))
        if not 1 <= d1 <= 31:
            continue
        d2 = to_int(m.group("d2")) if m.group("d2") else None
        out.append(Expr(start=m.start(), end=m.end(), kind="curday", form="current_month_days", d=d1,
                        d2=d2 if d2 and d2 > d1 else None, mod=_mod_value(m.group("mod"))))


@cache
def _definite_counts() -> dict[str, int]:
    return {fold(k): v for k, v in _DEFINITE_COUNTS.items()}


def _scan_last(text: str, out: list[Expr], positions: list[int]) -> None:
    """"اليومين الماضيين" (the two days before the anchor), "الأيام الثلاثة الماضية", "الأشهر
    الستة المقبلة": a span of whole days or months next to the anchor's (kind ``last``; the
    offset is the count, negative for the past)."""
    rx = patterns()["last"]
    for hs in positions:
        m = rx.match(text, hs)
        if m is None:
            continue
        n = 2 if m.group("dual") else _definite_counts().get(fold(m.group("n")))
        if n is None:
            continue
        future = m.group("mod").startswith(("المقبل", "القادم"))
        unit = "day" if fold(m.group("dual") or m.group("plural")) in ("اليومين", "الايام") else "month"
        out.append(Expr(start=m.start(), end=m.end(), kind="last", form="last_span", unit=unit,
                        offset=n if future else -n))


_RANGE_GAP = re.compile(r"\s*(?:-|–|إلى|الى|حتى|ولغاية|لغاية)\s*$")


def _merge(text: str, found: list[Expr]) -> list[Expr]:
    """Drop expressions inside longer ones, then join neighbours that are one
    expression: a range "28 يوليو إلى 2 أغسطس 2015", a Hijri date and its
    Gregorian twin "26 شوال 1436 هـ الموافق 11 أغسطس 2015 م", and اليوم/أمس
    next to a date."""
    found.sort(key=lambda x: (x.start, -(x.end - x.start)))
    kept: list[Expr] = []
    for x in found:
        if kept and x.start < kept[-1].end:
            if x.end <= kept[-1].end:
                continue  # inside the previous one
            if (x.end - x.start) > (kept[-1].end - kept[-1].start):
                kept[-1] = x
            continue
        kept.append(x)
    out: list[Expr] = []
    for x in kept:
        if out:
            prev = out[-1]
            gap = text[prev.end:x.start]
            # Hijri date = Gregorian date
            if prev.kind == "date" and x.kind == "date" and len(gap) <= 14 and \
                    re.fullmatch(r"\s*[(،,]?\s*(?:و?الموافق\s*(?:ل\S*)?|-|/)?\s*", gap) and \
                    (prev.cal != x.cal) and prev.d and x.d:
                g, h = (x, prev) if x.cal == "g" else (prev, x)
                merged = Expr(**{**g.__dict__})
                merged.start, merged.end = prev.start, x.end
                merged.tags = [*g.tags, "hijri_gregorian"]
                merged.weekday = prev.weekday if prev.weekday is not None else x.weekday
                merged.today_rel = prev.today_rel if prev.today_rel is not None else x.today_rel
                merged.form = "hijri" if h is prev else g.form
                out[-1] = merged
                continue
            # date range across months: "28 يوليو إلى 2 أغسطس 2015"
            if prev.kind == "date" and x.kind == "date" and prev.d and x.d and prev.cal == x.cal and \
                    _RANGE_GAP.fullmatch(gap) and prev.d2 is None and x.d2 is None:
                merged = Expr(**{**prev.__dict__})
                merged.end = x.end
                merged.y = prev.y if prev.y is not None else x.y
                merged.m2, merged.d2, merged.y2 = x.m, x.d, x.y
                merged.yrel = prev.yrel if prev.yrel is not None else x.yrel
                merged.mod = prev.mod if prev.mod is not None else x.mod
                merged.form = "date_range"
                out[-1] = merged
                continue
            # اليوم/أمس + date right after
            if prev.kind == "dayrel" and x.kind == "date" and x.d and \
                    re.fullmatch(r"\s*[(،,]?\s*(?:و?الموافق\s*)?", gap):
                merged = Expr(**{**x.__dict__})
                merged.start = prev.start
                merged.today_rel = prev.offset
                if merged.weekday is None:
                    merged.weekday = prev.weekday
                out[-1] = merged
                continue
        out.append(x)
    return out


def scan(text: str) -> list[Expr]:
    """Every time expression in ``text`` with its parts, in text order."""
    p = patterns()
    kinds = trigger_kinds()
    months: list[tuple[int, int, tuple[str, int, str], str]] = []
    at: dict[str, list[int]] = {"weekday": [], "dayrel": [], "period": [], "ago": [], "num": [],
                                "year": [], "small": [], "last": []}
    for m in p["trigger"].finditer(text):
        if m.group("num"):
            s = m.start("num")
            at["num"].append(s)
            n = m.end() - s
            if n == 4:
                at["year"].append(s)
            elif n <= 2:
                at["small"].append(s)
            continue
        s = m.start("w")
        w = m.group("w")
        key = fold(w)
        kind = kinds.get(key)
        if kind == "month":
            info = _month_of(w)
            if info:
                months.append((s, m.end(), info, w))
        elif kind == "ago":
            at["ago"].append(s)
            if key == "بعد":
                at["dayrel"].append(s)
        elif kind:
            at[kind].append(s)
    for g in p["glued"].finditer(text):
        m = p["trie_at"].match(text, g.end())
        if m and kinds.get(fold(m.group("w"))) == "month":
            info = _month_of(m.group("w"))
            if info:
                months.append((m.start(), m.end(), info, m.group("w")))
    months.sort()
    if not (months or any(at.values())):
        return []
    found: list[Expr] = []
    if months:
        _scan_months(text, found, months)
    _scan_numeric(text, found, at["num"])
    _scan_years(text, found, at["year"])
    _scan_weekdays(text, found, at["weekday"])
    _scan_dayrel(text, found, at["dayrel"])
    _scan_periods(text, found, at["period"])
    _scan_ago(text, found, at["ago"])
    _scan_curday(text, found, at["small"])
    _scan_last(text, found, at["last"])
    out = _merge(text, found)
    for x in out:
        while x.end > x.start and (text[x.end - 1].isspace() or text[x.end - 1] in "(،,"):
            x.end -= 1
        if text[x.start:x.end].count(")") > text[x.start:x.end].count("("):
            x.end = text.rindex(")", x.start, x.end)
            while text[x.end - 1].isspace():
                x.end -= 1
        if x.kind in ("weekday", "date", "curday", "year", "ago") and x.tense is None:
            x.tense = clause_tense(text, x.start)
        if any(ch in "\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669"
               for ch in text[x.start:x.end]):
            x.tags.append("indic_digits")
    return out
