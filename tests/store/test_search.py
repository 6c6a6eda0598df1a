"""Search as an analyst uses it: every spelling finds the article, bad queries get a message."""

from __future__ import annotations

import pytest

from marsad.errors import QueryError
from marsad.ingest.readers import make_document
from marsad.model import Source
from marsad.pipeline import process
from marsad.store.sqlite import Store

PAGES = {
    "kim.txt": ("كيم جونغ-أون يصل إلى روسيا\n\n"
                "وصل الزعيم الكوري الشمالي كيم جونغ-أون إلى محطة خاسان الحدودية قادماً من بيونغ يانغ، "
                "في زيارة رسمية تلبيةً لدعوة من الرئيس الروسي فلاديمير بوتين، وقال المتحدث باسم الكرملين "
                "ديمتري بيسكوف إن المحادثات ستتناول التعاون الاستراتيجي.\n"),
    "sport.txt": ("الهلال يفوز على النصر في الدوري\n\n"
                  "فاز فريق الهلال على منافسه النصر بهدفين مقابل هدف في المباراة التي أقيمت مساء الجمعة "
                  "ضمن منافسات الدوري السعودي للمحترفين، وسط حضور جماهيري كبير في الرياض.\n"),
}


@pytest.fixture()
def store(tmp_path):
    s = Store(tmp_path / "s.db")
    for name, text in PAGES.items():
        d = make_document(text.encode(), Source(path=name), name)
        p = process(d)
        s.put(d, p.articles, p.analyses)
    return s


def titles(store, q, **kw):
    return [h.title for h in store.search(q, **kw)]


@pytest.mark.parametrize("q", ["كيم جونغ أون", "كيم جونج أون", "كيم جونغ-أون", "بيونغيانغ", "بيونغ يانغ",
                               "بيونجيانج", "لبوتين", "وبوتين", "بوتين", "الكرملين", "بالكرملين",
                               "إستراتيجي", "استراتيجي", "قادما", "تلبيه", "دعوه", "الزعيم الكوري",
                               "بيسكوف", "خاسان", '"الرئيس الروسي"'])
def test_spelling_variants_find_the_article(store, q):
    assert titles(store, q) == ["كيم جونغ-أون يصل إلى روسيا"]


def test_other_articles_do_not_match(store):
    assert titles(store, "الهلال") == ["الهلال يفوز على النصر في الدوري"]
    assert titles(store, "كيم الهلال") == []
    assert titles(store, '"الرئيس السعودي"') == []


def test_snippet_highlights_point_into_the_stored_body(store):
    hit, = store.search("بيونجيانج")
    row = store.article_row(hit.id)
    for a, b in hit.highlights:
        assert row["body"][a:b] == "بيونغ يانغ"
    assert hit.snippet in row["body"]


@pytest.mark.parametrize("q,msg", [("", "empty"), ("   ", "empty"), ('"بوتين', "unbalanced"),
                                   ("*** ()", "no words"), ("x" * 10_000, "too long")])
def test_bad_queries_get_clear_messages(store, q, msg):
    with pytest.raises(QueryError, match=msg):
        store.search(q)


def test_fts_syntax_in_query_is_just_text(store):
    assert titles(store, "بوتين OR NEAR(") == []
    assert titles(store, "بوتين AND") == []


def test_index_follows_rebuild(store):
    from marsad.pipeline import rebuild

    rebuild(store)
    assert titles(store, "بيونغيانغ") == ["كيم جونغ-أون يصل إلى روسيا"]


def _put(store, name, text):
    d = make_document(text.encode(), Source(path=name), name)
    p = process(d)
    store.put(d, p.articles, p.analyses)


def test_pages_of_a_common_word_go_past_the_ranking_cap(store, monkeypatch):
    """A word found in more articles than the unfiltered ranking scores still pages
    through every one of them, each once."""
    from marsad.store import search

    for i in range(6):
        _put(store, f"oil{i}.txt", f"أسعار النفط اليوم {i}\n\n" + "ارتفعت أسعار النفط في الأسواق. " * (i + 1))
    monkeypatch.setattr(search, "RANK_CAP", 2)
    first = [h.id for h in store.search("النفط", limit=3)]
    second = [h.id for h in store.search("النفط", limit=3, offset=3)]
    assert len(first) == 3 and len(second) == 3
    assert len(set(first) | set(second)) == 6


def test_snippet_of_a_long_article_shows_its_match(store):
    """The only mention, deep in a long article, is in the snippet and highlighted."""
    filler = "وتناولت الجلسة ملفات اقتصادية عدة في إطار التعاون بين البلدين. " * 120
    _put(store, "long.txt", "جلسة مطولة\n\n" + filler + "وحضر الاجتماع وزير الدفاع سيرغي شويغو. " + filler)
    hit, = store.search("شويغو")
    row = store.article_row(hit.id)
    assert [row["body"][a:b] for a, b in hit.highlights] == ["شويغو"]
    assert "شويغو" in hit.snippet and hit.snippet in row["body"]


def test_a_known_name_finds_its_other_spellings(store):
    """Spellings no name key joins come from the gazetteer: Seoul is سول, سيول and سيئول."""
    _put(store, "seoul.txt", "زيارة إلى سيول\n\nوصل وزير الخارجية إلى سيول في زيارة تستمر يومين لبحث الملف "
                             "النووي مع نظيره الكوري الجنوبي، وسط توتر متزايد في شبه الجزيرة الكورية.\n")
    _put(store, "how.txt", "كيف تختار هاتفك\n\nكيف تختار هاتفا جديدا يناسب حاجتك؟ يقدم الخبراء نصائح عملية "
                           "تبدأ بتحديد الميزانية ثم المقارنة بين البطارية والكاميرا وسعة التخزين.\n")
    assert titles(store, "سول") == ["زيارة إلى سيول"]
    assert "كيف تختار هاتفك" not in titles(store, "كييف")  # Kyiv's weak spelling is also "how"


def test_a_weak_spelling_counts_only_beside_its_country(store):
    """كيف is Kyiv after "العاصمة الأوكرانية" and the word "how" elsewhere; a search for
    كييف finds the first and not the second, even in an article about Ukraine."""
    _put(store, "kyiv.txt", "وفد إلى أوكرانيا\n\nوصل وفد برلماني إلى العاصمة الأوكرانية كيف أمس في زيارة "
                            "تستمر ثلاثة أيام يبحث خلالها ملف الطاقة مع المسؤولين هناك.\n")
    _put(store, "how.txt", "كيف تختار هاتفك\n\nكيف تختار هاتفا جديدا يناسب حاجتك؟ يقدم الخبراء نصائح عملية "
                           "تبدأ بتحديد الميزانية ثم المقارنة بين البطارية والكاميرا وسعة التخزين.\n")
    _put(store, "far.txt", "أسعار القمح\n\nارتفعت أسعار القمح بعد تراجع صادرات أوكرانيا في الموسم الحالي "
                           "بنسبة كبيرة، وقال تجار في الأسواق الأوروبية إنهم لا يعرفون حتى الآن إلى أي حد "
                           "ستصل الزيادة في الأسابيع المقبلة ولا كيف ستتصرف الحكومات.\n")
    hits = store.search("كييف")
    assert [h.title for h in hits] == ["وفد إلى أوكرانيا"]
    row = store.article_row(hits[0].id)
    assert "كيف" in [row["body"][a:b] for a, b in hits[0].highlights]
