"""Build ``lexicon.json``: the words Arabic news uses to write dates.

Run ``python -m marsad.resources.time.build_lexicon`` after editing the lists
below; it rewrites ``lexicon.json`` beside this file.  The time tagger
(``marsad.analyze.time_grammar``) only reads the JSON, so nothing here runs at
analysis time and babel is needed only to rebuild.

Sources and licences
--------------------
* Gregorian month names per locale: the Unicode CLDR data shipped in babel
  (``babel.Locale(loc).months['format']['wide']``) for ``ar`` (Egyptian/Gulf
  يناير…ديسمبر), ``ar_SY``/``ar_IQ``/``ar_LB``/``ar_JO``/``ar_PS`` (Levantine and
  Iraqi كانون الثاني…كانون الأول), ``ar_DZ``/``ar_TN`` (جانفي، فيفري، أفريل، جوان،
  جويلية، أوت), ``ar_MA`` (يوليوز، غشت، شتنبر، نونبر، دجنبر) and ``ar_MR``.
  CLDR is under the Unicode License v3 (permissive, attribution); babel is BSD-3.
* English month and weekday names: CLDR ``en`` via babel (same licence).
* Arabic weekday names: CLDR ``ar`` via babel, plus the spelling without hamza
  (الاثنين/الإثنين, الأربعاء/الاربعاء) that outlets use.
* Hijri (Islamic) month names, the Egyptian variants يونيه/يوليه, common
  misspellings (اغسطس، ابريل) and every cue-word list (tense cues, hedges,
  relative words): written by the Marsad authors from how Arabic outlets write
  (CC0 for these lists).  Letters with hamza/alef variants are matched loosely
  by the tagger, so only one spelling of each is needed here.
"""

from __future__ import annotations

import json
from pathlib import Path

OUT = Path(__file__).with_name("lexicon.json")

GREGORIAN_LOCALES = ("ar", "ar_EG", "ar_SA", "ar_SY", "ar_IQ", "ar_LB", "ar_JO", "ar_PS",
                     "ar_MA", "ar_DZ", "ar_TN", "ar_MR")

# Spellings seen in print that CLDR lacks.  Month number -> names.
EXTRA_MONTHS: dict[int, list[str]] = {
    1: ["كانون ثاني", "كانون الثانى", "جانفييه"],
    2: ["فبرير", "فيفرييه"],
    3: ["مارس"],
    4: ["أبريل", "ابريل", "إبريل", "أفريل", "ابرىل"],
    5: ["مايو", "أيار", "ماي", "ماى"],
    6: ["يونيو", "يونيه", "جوان"],
    7: ["يوليو", "يوليه", "جويلية", "يوليوز", "تموز"],
    8: ["أغسطس", "اغسطس", "أغشت", "غشت", "أوت", "آب"],
    9: ["سبتمبر", "أيلول", "شتنبر", "شتمبر"],
    10: ["أكتوبر", "اكتوبر", "تشرين أول", "أكتوبر"],
    11: ["نوفمبر", "تشرين ثاني", "نونبر"],
    12: ["ديسمبر", "كانون أول", "دجنبر", "دجمبر"],
}

ENGLISH_MONTH_ABBR = {1: "Jan", 2: "Feb", 3: "Mar", 4: "Apr", 6: "Jun", 7: "Jul", 8: "Aug",
                      9: "Sept", 10: "Oct", 11: "Nov", 12: "Dec"}

HIJRI_MONTHS: dict[int, list[str]] = {
    1: ["محرم", "المحرم"],
    2: ["صفر"],
    3: ["ربيع الأول", "ربيع أول"],
    4: ["ربيع الآخر", "ربيع الثاني", "ربيع ثاني", "ربيع الأخر"],
    5: ["جمادى الأولى", "جمادى الأول", "جمادى أول", "جماد الأول"],
    6: ["جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "جمادى الأخرة", "جمادى ثاني", "جماد الآخر"],
    7: ["رجب"],
    8: ["شعبان"],
    9: ["رمضان"],
    10: ["شوال"],
    11: ["ذو القعدة", "ذي القعدة", "ذا القعدة"],
    12: ["ذو الحجة", "ذي الحجة", "ذا الحجة"],
}

# Python's weekday numbers: Monday 0 … Sunday 6.
WEEKDAYS: dict[int, list[str]] = {
    0: ["الاثنين", "الإثنين", "الأثنين", "الاتنين"],
    1: ["الثلاثاء", "الثلثاء"],
    2: ["الأربعاء", "الاربعاء", "الأربعا"],
    3: ["الخميس"],
    4: ["الجمعة"],
    5: ["السبت"],
    6: ["الأحد", "الاحد"],
}

# Hijri month names that are also everyday words or personal names
# (رجب طيب أردوغان، رمضان قاديروف، صفر = zero, محرم = forbidden): the tagger
# accepts these only with a day number, a year, شهر, or a relative modifier.
HIJRI_AMBIGUOUS = ["محرم", "المحرم", "صفر", "رجب", "شعبان", "رمضان", "شوال"]

# Gregorian names that are everyday words on their own (آب "August" vs أب "father",
# مارس the verb, ماي, نيسان the car maker): need a day, a year or a pair partner.
GREGORIAN_AMBIGUOUS = ["آب", "أوت", "ماي", "ماى", "مارس", "نيسان", "تموز", "أيار", "غشت"]

CUES = {
    # Words right after a date that say which way it lies from "now".
    "past_modifiers": ["الماضي", "الماضية", "الماضيين", "المنصرم", "المنصرمة", "الفائت", "الفائتة",
                       "المنقضي", "المنقضية", "السابق", "السابقة"],
    "next_modifiers": ["المقبل", "المقبلة", "القادم", "القادمة", "المقبلين", "القادمين"],
    "current_modifiers": ["الجاري", "الجارية", "الحالي", "الحالية"],
    # Markers of a future clause (besides the prefix س on a verb).
    "future_words": ["سوف", "المقرر", "المزمع", "المرتقب", "يعتزم", "تعتزم", "يعتزمون",
                     "من المنتظر", "من المتوقع", "يتوقع أن", "تتوقع أن", "ينوي", "تنوي", "يرتقب",
                     "اعتبارا", "اعتباراً", "ابتداء", "ابتداءً", "بدءا", "بدءاً", "بحلول",
                     "ستنطلق", "تنطلق", "ينطلق", "يبدأ", "تبدأ"],
    # Markers of a past clause.
    "past_words": ["كان", "كانت", "وكان", "وكانت", "قد", "وقد", "سبق", "منذ", "ومنذ",
                   "سابق", "سابقا", "سابقاً"],
    # Nouns that start with س+ي/ت and are not future verbs (سياسة، سيارة، ستة …).
    "not_future_prefixes": ["سياس", "سيار", "سياح", "سياق", "سياد", "سيد", "سيط", "سيول",
                            "سيرغ", "سيرة", "سيري", "سيرين", "سيناء", "سينا", "سينم", "سيس",
                            "سيف", "سيدن", "سيلف", "سيلا", "سيك", "سيج", "سيم", "سيو", "سيئ",
                            "ستة", "ستين", "ستون", "ستا", "ستو", "ستراتيج", "ستيف", "ستي",
                            "ستر", "ستوك", "ستالين", "سيري", "سين", "سيه", "سيت",
                            "سنو", "سنة", "سنه", "سني", "سنت", "سنغ", "سند", "سنا", "سنب",
                            "سنم", "سنج", "سنن"],
    # Hedges that make a count approximate ("منذ نحو ربع قرن").
    "hedges": ["نحو", "حوالي", "حوالى", "قرابة", "زهاء", "أكثر من", "اكثر من", "أقل من",
               "ما يزيد على", "ما يزيد عن", "ما يقارب", "ما يقرب من", "ما لا يقل عن",
               "أزيد من", "أربى على", "قرابة ال", "تقريبا", "تقريباً"],
    # Prepositions and nouns that make a bare month or year a time expression.
    "month_openers": ["في", "منذ", "خلال", "شهر", "مطلع", "أواخر", "أوائل", "بداية", "نهاية",
                      "منتصف", "حتى", "بحلول", "قبل", "بعد", "من", "إلى", "الى", "طوال",
                      "وفي", "ومنذ", "وخلال", "وحتى", "لشهر", "بشهر", "وشهر", "أول", "آخر"],
    "year_openers": ["في", "منذ", "عامي", "نهاية", "أواخر", "خلال", "حتى", "بحلول", "قبل", "بعد", "مطلع", "نهاية",
                     "بداية", "منتصف", "أواخر", "أوائل", "طوال", "وفي", "ومنذ", "وخلال",
                     "وحتى", "إلى", "الى", "من", "لعام", "ففي"],
    # Words after a bare year that show it is a year (a quantity has its noun next).
    "year_followers": ["و", "في", "على", "حيث", "إلى", "الى", "بعد", "قبل", "حين", "عندما", "ضد",
                       "أمام", "مع", "حتى", "عن", "بين", "التي", "الذي"],
    # Words before a number that make it a quantity, not a year.
    "quantity_cues": ["نحو", "حوالي", "حوالى", "أكثر", "اكثر", "أقل", "قرابة", "زهاء", "بلغ",
                      "بلغت", "مبلغ", "عدد", "رقم", "بقيمة", "إجمالي", "قدره", "قدرها", "بنحو",
                      "من أصل", "أصل", "ب", "الرقم", "المادة", "القرار"],
    # Counted nouns: a 4-digit number followed by one of these is a quantity, not a year.
    "quantity_nouns": ["ريال", "ريالا", "ريالاً", "دولار", "دولارا", "دولاراً", "شخص", "شخصا",
                       "شخصاً", "مليون", "ألف", "الف", "متر", "مترا", "كيلو", "كلم", "كم",
                       "طن", "طنا", "حالة", "طالب", "طالبا", "طالبة", "موظف", "موظفا",
                       "وحدة", "سرير", "مشروع", "مشروعا", "عامل", "عاملا", "جنيه", "درهم",
                       "دينار", "يورو", "ساعة", "دقيقة", "يوما", "يوم", "أسرة", "منزل",
                       "مقعد", "صوت", "نسمة", "قتيل", "جريح", "مصاب", "سيارة", "رحلة"],
}

# Days of the month written as ordinals ("الثالث من أغسطس", "التاسع من شهر شوال").
_UNITS = ["الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع"]
ORDINAL_DAYS = {w: i + 1 for i, w in enumerate(_UNITS)}
ORDINAL_DAYS.update({"العاشر": 10, "الحادي عشر": 11, "العشرين": 20, "الثلاثين": 30,
                     "الحادي والعشرين": 21, "الحادي والثلاثين": 31, "غرة": 1})
ORDINAL_DAYS.update({f"{w} عشر": 10 + i + 1 for i, w in enumerate(_UNITS) if i >= 1})
ORDINAL_DAYS.update({f"{w} والعشرين": 20 + i + 1 for i, w in enumerate(_UNITS) if i >= 1})

# Counts written out in words (masculine/feminine, with common spellings).
NUMBER_WORDS = {
    "واحد": 1, "واحدة": 1, "اثنين": 2, "اثنان": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4,
    "أربعة": 4, "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثماني": 8,
    "ثمانية": 8, "ثمان": 8, "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10, "عشرين": 20,
    "عشرون": 20, "ثلاثين": 30, "ثلاثون": 30, "أربعين": 40, "أربعون": 40, "خمسين": 50,
    "خمسون": 50, "ستين": 60, "ستون": 60, "سبعين": 70, "سبعون": 70, "ثمانين": 80,
    "ثمانون": 80, "تسعين": 90, "تسعون": 90, "مئة": 100, "مائة": 100,
}


def _babel_months() -> dict[int, list[str]]:
    from babel import Locale

    out: dict[int, list[str]] = {m: [] for m in range(1, 13)}
    for loc in GREGORIAN_LOCALES:
        wide = Locale.parse(loc).months["format"]["wide"]
        for m in range(1, 13):
            if wide[m] not in out[m]:
                out[m].append(wide[m])
    return out


def build() -> dict:
    """Collect every list into one JSON-ready dict (sorted, deduplicated)."""
    from babel import Locale

    months = _babel_months()
    for m, names in EXTRA_MONTHS.items():
        for n in names:
            if n not in months[m]:
                months[m].append(n)
    en = Locale.parse("en")
    english = {m: list(dict.fromkeys([en.months["format"]["wide"][m], en.months["format"]["abbreviated"][m]]))
               for m in range(1, 13)}
    for m, a in ENGLISH_MONTH_ABBR.items():
        if a not in english[m]:
            english[m].append(a)
    ar = Locale.parse("ar")
    weekdays = {d: list(dict.fromkeys([ar.days["format"]["wide"][d], *WEEKDAYS[d]]))
                for d in range(7)}
    english_weekdays = {d: [en.days["format"]["wide"][d]] for d in range(7)}
    return {
        "gregorian_months": {str(m): v for m, v in months.items()},
        "english_months": {str(m): v for m, v in english.items()},
        "hijri_months": {str(m): v for m, v in HIJRI_MONTHS.items()},
        "weekdays": {str(d): v for d, v in weekdays.items()},
        "english_weekdays": {str(d): v for d, v in english_weekdays.items()},
        "hijri_ambiguous": HIJRI_AMBIGUOUS,
        "gregorian_ambiguous": GREGORIAN_AMBIGUOUS,
        "number_words": NUMBER_WORDS,
        "ordinal_days": ORDINAL_DAYS,
        "cues": CUES,
    }


def main() -> None:
    OUT.write_text(json.dumps(build(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
