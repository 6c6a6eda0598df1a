"""What page furniture looks like on Arabic news sites: declarations only.

Kept apart from the code that applies them (clean/lines.py) so that adding a
site's quirk is a one-line change here.  Patterns are matched against a
*matching key* of the line (diacritics and tatweel dropped, alef/hamza, ى and
ة folded, digits made ASCII), never against the stored text.
"""

from __future__ import annotations

import re

from marsad.clean.keys import fold

# Whole lines that are buttons, widgets or navigation.
BOILERPLATE_LINES = {fold(w) for w in {
    "شارك", "شارك القصه", "شارك الخبر", "شارك المقال", "شارك هذا", "شاركها", "شارك عبر",
    "مشاركه", "المشاركه", "انشر", "نسخ الرابط", "نسخ", "رابط مختصر", "الرابط المختصر",
    "تابع القراءه", "اقرا المزيد", "المزيد", "عرض المزيد", "اقرا القصه كامله", "اقرا التفاصيل",
    "close", "اغلاق", "طباعه", "حفظ", "ارسال", "ارسل", "حجم الخط", "a a", "a+ a-", "+ -",
    "تابعنا", "تابعونا", "تابعونا على", "تابعنا على", "تابع احدث الاخبار عبر تطبيق",
    "تابع احدث الاخبار عبر", "تابعوا اخر الاخبار", "اشترك في النشره البريديه", "اشترك الان",
    "اشترك", "سجل الدخول", "الرئيسيه", "القائمه", "بحث", "share", "tweet", "print",
    "read more", "advertisement", "اعلان", "مساحه اعلانيه", "محتوي مدفوع", "برعايه",
    "شاهد", "شاهد الفيديو", "استمع", "استمع للخبر", "استمع الي المقال", "الصفحه الرئيسيه",
    "عاجل", "ابلغ عن خطا", "هل لديك تعليق", "صوره ارشيفيه", "ارشيفيه", "فيديو",
}}

# Words of share/follow widgets; a short line made only of these is a widget.
SHARE_WORDS = {fold(w) for w in {
    "فيسبوك", "فيس", "بوك", "تويتر", "اكس", "x", "واتساب", "واتس", "اب", "تلغرام", "تيليجرام",
    "تليجرام", "لينكدان", "لينكد", "ان", "انستغرام", "انستجرام", "يوتيوب", "تيك", "توك",
    "ايميل", "البريد", "الالكتروني", "ماسنجر", "facebook", "twitter", "whatsapp", "telegram",
    "linkedin", "email", "messenger", "شارك", "عبر", "على", "او", "و", "|", "-", "•",
}}

RELATED = re.compile(fold(
    r"^(?:[-•*]\s*)?(?:و?اقرا(?:\s+ايضا|\s+كذلك|\s+المزيد)?|شاهد\s+ايضا|طالع\s+ايضا|تابع\s+ايضا|"
    r"مواضيع\s+ذات\s+صله|اخبار\s+ذات\s+صله|ذات\s+صله|مقالات\s+ذات\s+صله|قد\s+يهمك(?:\s+ايضا)?|"
    r"اظهار\s+اخبار\s+متعلقه|اخبار\s+متعلقه|مواضيع\s+متعلقه|المزيد\s+من\s+الاخبار|"
    r"الاكثر\s+قراءه|الاكثر\s+مشاهده|اخر\s+الاخبار|اقرا\s+ايضا\s+من|يهمك\s+ايضا|"
    r"related|read\s+also|see\s+also)\b\s*[:：\-]?",
))
# Markers after which a second, unrelated article is often glued to a page.
GLUE_MARKER = re.compile(fold(
    r"^(?:و?اقرا\s+(?:ايضا|كذلك)|شاهد\s+ايضا|طالع\s+ايضا|تابع\s+ايضا|اقرا\s+المزيد)\s*[:：\-]?\s*$"
))

KEYWORDS = re.compile(fold(
    r"^(?:كلمات\s+دلاليه|كلمات\s+مفتاحيه|الكلمات\s+المفتاحيه|الكلمات\s+الدلاليه|الوسوم|وسوم|"
    r"الكلمات\s+الداله|مواضيع|موضوعات|tags|keywords)\s*[:：]"
))

COMMENTS = re.compile(fold(
    r"^(?:(?:التعليقات|تعليقات)(?:\s+(?:الزوار|القراء))?|تعليق|عدد\s+التعليقات|"
    r"اضف\s+تعليق(?:ك|ا)?|اترك\s+تعليقا|"
    r"شارك\s+برايك|اكتب\s+تعليقك|comments?)\s*(?:\(\s*\d+\s*\)|[:：]?\s*\d*)\s*$"
    r"|^\(?\d+\)?\s*(?:تعليق|تعليقات|comments?)\s*$"
))

MASTHEAD = re.compile(fold(
    r"^(?:رئيس\s+مجلس\s+الاداره|رئيس\s+التحرير|مدير\s+التحرير|المدير\s+العام|رئيس\s+مجلس\s+الاداره"
    r"\s+ورئيس\s+التحرير|نائب\s+رئيس\s+التحرير|المشرف\s+العام|رئيس\s+التحرير\s+التنفيذي)"
))

# A comments counter that opens the readers' comments ("التعليقات (2)", "تعليقات الزوار (2)"),
# as opposed to the form prompt ("أضف تعليقك") that closes them.
COMMENTS_HEADER = re.compile(fold(
    r"^(?:التعليقات|تعليقات|عدد\s+التعليقات)(?:\s+(?:الزوار|القراء))?\s*(?:\(\s*(\d+)\s*\)|[:：]?\s*(\d*))\s*$"
))

# Copyright lines and "follow us on …" prompts.
FOOTER = re.compile(fold(
    r"^(?:جميع\s+الحقوق\s+محفوظه|حقوق\s+النشر|الحقوق\s+محفوظه|©|copyright|all\s+rights)"
    r"|^تابعو?(?:ا|نا)?\s.{0,40}\s(?:على|عبر)\s+(?:جوجل\s+نيوز|غوغل\s+نيوز|تويتر|فيسبوك|تلغرام|واتساب|يوتيوب|انستغرام|تطبيق)"
))
# "دبي - المدار نت": a byline naming the city and the outlet.
CITY_BYLINE = re.compile(r"^([^\s\-–—:/]+(?:\s[^\s\-–—:/]+)?)\s[-–—/]\s([^\s\-–—:/]+(?:\s[^\s\-–—:/]+){0,2})$")
CREDIT = re.compile(r"^(?:المصدر|المصادر|مصدر\s+الخبر|source)\s*[:：]\s*(.*)$")
DATELINE = re.compile(fold(
    r"^(?:تاريخ\s+النشر|نشر\s+في|نشر\s+بتاريخ|نشر\s+يوم|تم\s+النشر|نشر|اخر\s+تحديث|"
    r"تاريخ\s+الخبر|published|updated)\s*[:：]?\s*(.*\d.*)$"
))
# A bare "نشر" label followed on the next line by the outlet's name.
PUBLISHED_BY_LABEL = {fold(w) for w in ("نشر", "نشر بواسطه", "نشر عبر", "بواسطه", "الناشر")}
AUTHOR = re.compile(r"^(?:كتب|كتبت|بقلم|اعداد|تحرير|المحرر|مراسل)\s*[:：]?\s*\S.{0,40}$")

# Credits that end a photo or video caption ("… - جيتي", "(الصورة: سبوتنيك)").
PHOTO_CREDITS = tuple(fold(w) for w in (
    "سبوتنيك", "جيتي", "رويترز", "ا ف ب", "اف ب", "فرانس برس", "الاناضول", "اسوشيتد برس",
    "اسوشيتدبرس", "ا ب", "اي بي ايه", "ايبا", "وكالات", "ارشيفيه", "ارشيف", "مواقع التواصل",
    "مواقع التواصل الاجتماعي", "تويتر", "فيسبوك", "اكس", "الجزيره", "العربيه", "شينخوا",
    "تاس", "يونهاب", "واس", "وام", "afp", "reuters", "getty", "ap", "epa", "getty images",
    "الصوره", "خاص", "متداوله", "انترنت", "الاعلام الحربي", "ريا نوفوستي", "كنا", "سانا",
))
CAPTION_CREDIT = re.compile(fold(
    r"(?:\(\s*(?:الصوره|صوره|الصور|تصوير|photo|المصدر)\s*[:：]?[^()]{0,40}\)|"
    r"\((?:" + "|".join(re.escape(c) for c in PHOTO_CREDITS) + r")\))\s*$"
))
CAPTION_DASH_CREDIT = re.compile(fold(
    r"\s*[-–—|]\s*(?:" + "|".join(re.escape(c) for c in PHOTO_CREDITS) + r")\s*$"
))
CAPTION_START = re.compile(r"^(?:صوره|الصوره|مقطع\s+فيديو|فيديو|بالفيديو|بالصور|من\s+الارشيف|تصوير)\b")

# HTML blocks outside the article text, named by a word of their class or id, and the kind their
# lines are removed as (trafilatura drops most of them; they are still the page's furniture).
HTML_FURNITURE = (
    ("comment", "comments"), ("related", "related"), ("read-also", "related"),
    ("readalso", "related"), ("more-news", "related"), ("most-read", "related"),
    ("tags", "keywords"), ("keywords", "keywords"), ("disclaimer", "boilerplate"),
    ("share", "boilerplate"), ("author", "metadata"), ("byline", "metadata"),
    ("dateline", "metadata"), ("publish", "metadata"),
)
# Class words of the elements that carry a visible byline or publication date.
HTML_BYLINE = ("date", "time", "byline", "meta", "publish", "author", "place", "dateline")
# Class words of a breadcrumb trail.
HTML_BREADCRUMB = ("breadcrumb", "crumbs")
# Separators printed between breadcrumb links.
CRUMB_SEPARATORS = set("»›>/\\|«‹<")
HOME_LINKS = {fold(w) for w in ("الرئيسيه", "الصفحه الرئيسيه", "home")}

# Common section names printed above a headline.
SECTIONS = {fold(w) for w in {
    "سياسه", "سياسه دوليه", "دولي", "دوليه", "عربي", "عربي ودولي", "عربي و دولي", "اخبار عربيه",
    "اخبار دوليه", "اخبار العالم", "العالم", "اقتصاد", "اقتصاد واعمال", "مال واعمال", "رياضه",
    "ثقافه", "ثقافه وفنون", "فن", "فنون", "صحه", "تكنولوجيا", "علوم وتكنولوجيا", "منوعات",
    "محليات", "محلي", "مجتمع", "حوادث", "اراء", "مقالات", "راي", "تقارير", "تقارير وتحليلات",
    "الشرق الاوسط", "الخليج", "مصر", "المغرب", "السعوديه", "اسيا", "اوروبا", "امريكا",
    "سياسه عربيه", "شؤون دوليه", "الشان الدولي", "اخبار", "اخبار محليه", "متابعات", "تحقيقات",
    "حوارات", "بيئه", "سياحه", "تعليم", "الاقتصاد", "الرياضه", "السياسه", "news", "world",
    "اخبار عالميه", "عالميه", "اخبار عربيه ودوليه", "رياضه عالميه", "رياضه محليه", "بورصه",
    "اقتصاد وبورصه", "اسواق", "طاقه", "عسكري", "امن", "برلمان", "انتخابات", "فيديو", "صور",
}}

# base64-looking tokens and hex hashes that tracking scripts leave in scraped text.
TRACKING_TOKEN = re.compile(r"(?<![\w/])(?=[A-Za-z0-9+/]*[0-9])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])"
                            r"[A-Za-z0-9+/]{16,}={0,2}(?![\w/])")

# Terminal punctuation of a sentence; a short line without it is a heading candidate.
SENTENCE_END = re.compile(r"[.!?؟…:\"»”']\s*$")
