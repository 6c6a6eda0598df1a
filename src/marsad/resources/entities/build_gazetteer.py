"""Build ``gazetteer.tsv``: the people, organisations and places the recogniser
and the resolver know by name, with English names and known Arabic spellings.

Run from the repository root (the output is committed; nothing runs at install time)::

    python src/marsad/resources/entities/build_gazetteer.py

Sources and licences
--------------------
* ``curated.tsv`` and ``countries.tsv`` (this folder): hand-curated by the
  Marsad project from general knowledge of Arabic news coverage; CC0.
  People, organisations, agencies, outlets, armed groups, seats of power
  (with the actor they stand for), and spellings of key places.
* Country and territory names in Arabic and English: the Unicode CLDR data
  shipped in ``babel`` (Unicode licence, permissive) and the ISO 3166 Arabic
  translations shipped in ``pycountry`` (from Debian's iso-codes, LGPL-2.1;
  only names, which are facts, are taken).
* Cities with Arabic names: GeoNames (CC BY 4.0, https://www.geonames.org/)
  as packaged by ``plaincities`` 0.3 (MIT).  Kept modest: places with an
  Arabic-script name that are capitals or first-level seats, or have at least
  50,000 people (20,000 in Arab League states).
* Ambiguity flags only (no text is copied): a single-word place name that is
  also a frequent ordinary word (الخبر، الوجه) is marked weak, judged from word
  frequencies of SaudiNewsNet (CC BY-NC-SA 4.0) and the training split of the
  NER corpora, when they are present under ``shared/corpora``.

Output columns: ``id  type  en  acts_for  names``.  ``names`` holds Arabic
spellings separated by ``|``, the canonical one first; a ``~`` before a
spelling marks it weak: a feature for the model and an alias for resolution,
never tagged on its own.  Sorted by id so rebuilds diff cleanly.
"""

from __future__ import annotations

import collections
import gettext
import io
import json
import os
import re
import sys
import zipfile
from importlib.util import module_from_spec, spec_from_file_location
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[2]))  # src/, when run as a script

from marsad.analyze.ner_text import fold  # noqa: E402
from marsad.paths import corpora_dir  # noqa: E402

ARAB_LEAGUE = set(
    ["DZ", "BH", "KM", "DJ", "EG", "IQ", "JO", "KW", "LB", "LY", "MR", "MA", "OM", "PS", "QA", "SA", "SO", "SD", "SY", "TN", "AE", "YE"]
)
_MARKS = re.compile("[\u064b-\u065f\u0670\u0640\u200e\u200f\u200c\u200d]")
_ARABIC = re.compile("[\u0621-\u064a]")


def clean(name: str) -> str:
    """Drop diacritics, tatweel and direction marks; squeeze spaces."""
    return " ".join(_MARKS.sub("", name).split())


def slug(text: str) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("'", "")).strip("-")
    return s or "x"


class Entry:
    def __init__(self, id: str, type: str, en: str, acts_for: str = "") -> None:
        self.id, self.type, self.en, self.acts_for = id, type, en, acts_for
        self.names: list[str] = []

    def add(self, name: str, weak: bool = False) -> None:
        name = clean(name)
        if not name or not _ARABIC.search(name):
            return
        tagged = ("~" if weak else "") + name
        for existing in self.names:
            if existing.lstrip("~") == name:
                return
        self.names.append(tagged)


def read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


# ------------------------------------------------------------------ nisba forms


def nisba_forms(masc: str) -> list[str]:
    """روسي → روسي، روسية، الروسي، الروسية (multi-word: كوري شمالي → الكوري الشمالي ...)."""
    words = masc.split()
    fem = [w + "ة" for w in words]
    out = [" ".join(words), " ".join(fem)]
    out.append(" ".join("ال" + w for w in words))
    out.append(" ".join("ال" + w for w in fem))
    return out


# ------------------------------------------------------------------ word frequencies


# Place names that are also ordinary words in a way the context count misses.
_ALSO_WORDS = frozenset(
    fold(w)
    for w in ["طراز", "دوما", "قارة", "المذنب", "الحرية", "النصر", "السلام", "الوحدة", "الأمل", "المستقبل", "الفتح", "الرحمة", "النور", "الخير", "البركة", "الثورة", "الشعب", "الوطن", "الصحة", "العين", "الرمل", "الجبل", "السوق", "المحطة", "الميناء", "المطار", "الجامعة", "القصر", "العاصمة", "الخليج", "المنصورة", "كفر"]
)


def word_counts() -> collections.Counter:
    """Folded word counts over SaudiNewsNet (used for ambiguity flags only)."""
    counts: collections.Counter = collections.Counter()
    folder = corpora_dir() / "saudinewsnet"
    if not folder.is_dir():
        return counts
    token = re.compile(r"[\u0621-\u064a\u0671-\u06d3]+")
    for zpath in sorted(folder.glob("*.zip")):
        with zipfile.ZipFile(zpath) as z:
            for member in z.namelist():
                for art in json.loads(z.read(member).decode("utf-8")):
                    words = token.findall(fold(art.get("content") or ""))
                    counts.update(words)
    return counts


def frequent_words(counts: collections.Counter, n: int = 3000) -> frozenset[str]:
    """The n most frequent words of the news corpus (كان، انا، حين ...)."""
    return frozenset(w for w, _ in counts.most_common(n))


def looks_like_word(key: str, counts: collections.Counter, frequent: frozenset[str] = frozenset()) -> bool:
    """A one-word place name that is also an ordinary word (الخبر "the news",
    إطار "frame", بيان "statement").  Ordinary nouns also occur with the article
    ال (or without it, when the name has it) and with pronoun suffixes; names
    of places rarely do."""
    bare = key.removeprefix("ال")
    if key in _ALSO_WORDS or len(bare) <= 2 or key in frequent:
        return True
    n = counts.get(key, 0)
    if n < 10:
        return False
    other = counts.get(bare if key.startswith("ال") else "ال" + key, 0)
    suffixed = sum(counts.get(key + s, 0) for s in ("ه", "ها", "هم"))
    return (other >= 5 and other / n >= 0.08) or (suffixed >= 5 and suffixed / n >= 0.05)


# ------------------------------------------------------------------ sources


def countries(entries: dict[str, Entry], nisba: dict[str, list[str]]) -> dict[str, str]:
    import pycountry
    from babel import Locale

    ar = Locale("ar").territories
    en = Locale("en").territories
    tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ar"])
    adjectives: dict[str, str] = {}
    for row in read_tsv(HERE / "countries.tsv"):
        code, extra, masc, adj = ([*row, "", "", "", ""])[:4]
        adjectives[code] = adj
        e = entries.setdefault(f"gpe:{code}", Entry(f"gpe:{code}", "GPE", en.get(code, code)))
        for name in extra.split("|"):
            e.add(name)
        nisba[code] = [f for m in masc.split("|") if m for f in nisba_forms(clean(m))]
    for code, name in sorted(ar.items()):
        if not code.isalpha() or len(code) != 2 or code in ("ZZ", "XA", "XB", "EU", "EZ", "UN", "QO"):
            continue
        e = entries.setdefault(f"gpe:{code}", Entry(f"gpe:{code}", "GPE", en.get(code, code)))
        e.add(name)
    for c in pycountry.countries:
        code = c.alpha_2
        e = entries.setdefault(f"gpe:{code}", Entry(f"gpe:{code}", "GPE", en.get(code, c.name)))
        name = tr.gettext(c.name)
        if "،" in name:  # "كوريا، جمهورية كوريا الشعبية الديمقراطية": take both parts
            _head, _, rest = name.partition("،")
            e.add(rest.strip())
        else:
            e.add(name)
    for code, name in sorted(ar.items()):  # continents and regions
        if code.isdigit() and code not in ("001",):
            key = f"loc:{slug(en.get(code, code))}"
            e = entries.setdefault(key, Entry(key, "LOC", en.get(code, code)))
            e.add(name)
    return adjectives


_GOV_BODIES = [
    # (id suffix, Arabic masculine/feminine head with nisba slot, English template)
    ("mfa", ["وزارة الخارجية {f}", "الخارجية {f}", "وزارة خارجية {c}"], "{a} Ministry of Foreign Affairs"),
    ("mod", ["وزارة الدفاع {f}", "الدفاع {f}", "وزارة دفاع {c}"], "{a} Ministry of Defence"),
    ("moi", ["وزارة الداخلية {f}", "الداخلية {f}", "وزارة داخلية {c}"], "{a} Ministry of the Interior"),
    ("gov", ["الحكومة {f}", "حكومة {c}"], "{a} Government"),
    ("army", ["الجيش {m}", "جيش {c}", "القوات المسلحة {f}"], "{a} Armed Forces"),
]
_US_NAMES = {
    "mfa": "US Department of State",
    "mod": "US Department of Defense",
    "moi": "US Department of Homeland Security",
    "gov": "US Government",
    "army": "US Armed Forces",
}


def government_bodies(
    entries: dict[str, Entry], nisba: dict[str, list[str]], adjectives: dict[str, str]
) -> None:
    """Ministries, governments and armies of each country in countries.tsv,
    spelled with the nisba (الخارجية الروسية) and with the country (وزارة خارجية روسيا)."""
    for code, forms in nisba.items():
        if not forms:
            continue
        country = entries[f"gpe:{code}"]
        cnames = [n.lstrip("~") for n in country.names[:3]]
        # articled masculine and feminine forms: every 4 forms are m, f, al-m, al-f
        al_m = [forms[i + 2] for i in range(0, len(forms), 4)]
        al_f = [forms[i + 3] for i in range(0, len(forms), 4)]
        for suffix, patterns, en_t in _GOV_BODIES:
            eid = f"org:{suffix}-{code.lower()}"
            en = _US_NAMES[suffix] if code == "US" else en_t.format(a=adjectives.get(code, code))
            e = entries.setdefault(eid, Entry(eid, "ORG", en))
            for p in patterns:
                if "{f}" in p:
                    for f in al_f:
                        e.add(p.format(f=f))
                elif "{m}" in p:
                    for m in al_m:
                        e.add(p.format(m=m))
                else:
                    for c in cnames:
                        e.add(p.format(c=c))


def _load_values(path: str):
    spec = spec_from_file_location("values", path)
    mod = module_from_spec(spec)
    spec.loader.exec_module(mod)  # type: ignore[union-attr]
    return mod


def cities(entries: dict[str, Entry], known: set[str]) -> None:
    import plaincities

    counts = word_counts()
    frequent = frequent_words(counts)
    base = Path(os.path.dirname(plaincities.__file__)) / "_values"
    for path in sorted((base / "ar").glob("*_ar.py")):
        cc = path.name[:2]
        if not re.fullmatch(r"[A-Z]{2}_ar\.py", path.name):
            continue
        ar = _load_values(str(path))
        en = _load_values(str(base / "en" / f"{cc}_en.py"))
        en_by_id = dict(zip(en.geoid_list, en.name_list, strict=False))
        min_pop = 20000 if cc in ARAB_LEAGUE else 50000
        for gid, name, pop, fcode in zip(
            ar.geoid_list, ar.name_list, ar.population_list, ar._feature_code_list, strict=False
        ):
            name = clean(name)
            if not _ARABIC.search(name):
                continue
            if not (fcode in ("PPLC", "PPLA") or (pop or 0) >= min_pop):
                continue
            key = fold(name)
            if key in known:  # curated or country name wins
                continue
            big = fcode == "PPLC" or (pop or 0) >= 1_000_000
            weak = " " not in key and not big and looks_like_word(key, counts, frequent)
            eid = f"gpe:gn{gid}"
            acts = f"gpe:{cc}" if fcode == "PPLC" else ""
            e = entries.setdefault(eid, Entry(eid, "GPE", en_by_id.get(gid, name), acts))
            e.add(name, weak=weak)
            known.add(key)


def curated(entries: dict[str, Entry]) -> None:
    for row in read_tsv(HERE / "curated.tsv"):
        eid, typ, en, acts, names = (row + [""] * 5)[:5]
        eid = eid or f"{typ.lower()}:{slug(en)}"
        e = entries.get(eid)
        if e is None:
            e = entries[eid] = Entry(eid, typ, en, acts)
        else:
            e.type, e.en, e.acts_for = typ, en or e.en, acts or e.acts_for
        for n in names.split("|"):
            weak = n.startswith("~")
            e.add(n.lstrip("~"), weak=weak)


def build() -> tuple[str, str]:
    entries: dict[str, Entry] = {}
    nisba: dict[str, list[str]] = {}
    curated(entries)
    adjectives = countries(entries, nisba)
    curated(entries)  # curated spellings and types win over generated ones
    government_bodies(entries, nisba, adjectives)
    known = {fold(n.lstrip("~")) for e in entries.values() for n in e.names}
    cities(entries, known)
    # an alias claimed by two entries is ambiguous: weak in both
    owners: dict[str, set[str]] = collections.defaultdict(set)
    for e in entries.values():
        for n in e.names:
            owners[fold(n.lstrip("~"))].add(e.id)
    out = io.StringIO()
    out.write("# generated by build_gazetteer.py: do not edit; edit curated.tsv/countries.tsv\n")
    out.write("# id\ttype\ten\tacts_for\tnames\n")
    for eid in sorted(entries):
        e = entries[eid]
        names = []
        for n in e.names:
            bare = n.lstrip("~")
            weak = n.startswith("~") or len(owners[fold(bare)]) > 1
            names.append(("~" if weak else "") + bare)
        if not names:
            continue
        out.write(f"{e.id}\t{e.type}\t{e.en}\t{e.acts_for}\t{'|'.join(names)}\n")
    nis = io.StringIO()
    nis.write("# generated by build_gazetteer.py from countries.tsv: nisba form -> country id\n")
    for code in sorted(nisba):
        for f in nisba[code]:
            nis.write(f"{f}\tgpe:{code}\n")
    return out.getvalue(), nis.getvalue()


def main() -> None:
    gaz, nis = build()
    (HERE / "gazetteer.tsv").write_text(gaz, encoding="utf-8")
    (HERE / "nisba.tsv").write_text(nis, encoding="utf-8")
    print(f"gazetteer.tsv: {gaz.count(chr(10)) - 2} entries; nisba.tsv: {nis.count(chr(10)) - 1} forms")


if __name__ == "__main__":
    main()
