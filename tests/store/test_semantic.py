"""Semantic search as an analyst uses it: other words and other languages find the story."""

from __future__ import annotations

import os

import pytest

from marsad.errors import QueryError
from marsad.ingest.readers import make_document
from marsad.model import Source
from marsad.pipeline import process
from marsad.store import semantic
from marsad.store.sqlite import Store

PAGES = {
    "kim.txt": ("بوتين يصل إلى بيونغ يانغ في زيارة نادرة\n\n"
                "وصل الرئيس الروسي فلاديمير بوتين إلى العاصمة الكورية الشمالية بيونغ يانغ فجر الأربعاء "
                "في أول زيارة له منذ أربعة وعشرين عاماً، واستقبله الزعيم كيم جونغ أون في المطار، "
                "ووقع الجانبان اتفاقية شراكة استراتيجية شاملة.\n"),
    "sport.txt": ("الهلال يفوز على النصر في الدوري\n\n"
                  "فاز فريق الهلال على منافسه النصر بهدفين مقابل هدف في المباراة التي أقيمت مساء الجمعة "
                  "ضمن منافسات الدوري السعودي للمحترفين، وسط حضور جماهيري كبير في الرياض.\n"),
    "oil.txt": ("أسعار النفط تتراجع مع ارتفاع المخزونات الأمريكية\n\n"
                "انخفضت أسعار خام برنت بنسبة اثنين في المئة اليوم بعد أن أظهرت بيانات رسمية ارتفاع مخزونات "
                "الخام في الولايات المتحدة على غير المتوقع، مما زاد المخاوف من تخمة المعروض.\n"),
    "rain.txt": ("أمطار غزيرة وسيول في جدة وتعليق الدراسة\n\n"
                 "هطلت أمطار غزيرة على محافظة جدة صباح اليوم وجرفت السيول عدداً من السيارات، وأعلنت إدارة "
                 "التعليم تعليق الدراسة في المدارس حفاظاً على سلامة الطلاب، فيما حذر الدفاع المدني السكان.\n"),
    "health.txt": ("وزارة الصحة تطلق حملة للتطعيم ضد الإنفلونزا\n\n"
                   "أطلقت وزارة الصحة حملتها الوطنية للتطعيم ضد الإنفلونزا الموسمية في جميع المراكز الصحية، "
                   "ودعت كبار السن والحوامل والمصابين بالأمراض المزمنة إلى أخذ اللقاح مجاناً.\n"),
}


@pytest.fixture()
def store(tmp_path):
    s = Store(tmp_path / "s.db")
    semantic.ensure_schema(s.db)
    for name, text in PAGES.items():
        d = make_document(text.encode(), Source(path=name), name)
        p = process(d)
        s.put(d, p.articles, p.analyses, index=p.index, vectors=p.vectors)
    # Ingest embeds as it stores: nothing is left for the backfill.
    assert semantic.embed_articles(s.db) == 0
    assert s.db.execute("SELECT count(*) FROM article_vectors").fetchone()[0] == len(PAGES)
    yield s
    s.close()
    semantic.forget_cache()


def titles(store, q, **kw):
    found = semantic.semantic_search(store.db, q, **kw)
    return [store.db.execute("SELECT title FROM articles WHERE rowid=?", (r,)).fetchone()[0]
            for r, _ in found]


@pytest.mark.parametrize("q,first", [
    ("Putin visit North Korea", "بوتين يصل إلى بيونغ يانغ في زيارة نادرة"),
    ("الرئيس الروسي يزور كوريا الشمالية", "بوتين يصل إلى بيونغ يانغ في زيارة نادرة"),
    ("oil prices fall", "أسعار النفط تتراجع مع ارتفاع المخزونات الأمريكية"),
    ("هبوط سعر البترول", "أسعار النفط تتراجع مع ارتفاع المخزونات الأمريكية"),
    ("floods close schools in Jeddah", "أمطار غزيرة وسيول في جدة وتعليق الدراسة"),
    ("إيقاف الدراسة بسبب الأمطار", "أمطار غزيرة وسيول في جدة وتعليق الدراسة"),
    ("flu vaccination campaign", "وزارة الصحة تطلق حملة للتطعيم ضد الإنفلونزا"),
    ("football match result", "الهلال يفوز على النصر في الدوري"),
])
def test_other_words_and_english_find_the_article_first(store, q, first):
    assert titles(store, q)[0] == first


def test_scores_are_cosines_best_first_and_deterministic(store):
    a = semantic.semantic_search(store.db, "Putin visit North Korea", limit=5)
    assert len(a) == len(PAGES)
    assert [s for _, s in a] == sorted((s for _, s in a), reverse=True)
    assert -1.0 <= a[-1][1] <= a[0][1] <= 1.0
    semantic.forget_cache()
    assert semantic.semantic_search(store.db, "Putin visit North Korea", limit=5) == a


def test_ann_path_matches_exact_path(store, monkeypatch):
    exact = semantic.semantic_search(store.db, "rain and floods", limit=3)
    monkeypatch.setattr(semantic, "EXACT_LIMIT", 0)
    ann = semantic.semantic_search(store.db, "rain and floods", limit=3)
    assert ann == exact
    assert os.path.exists(store.path + ".vec.usearch")  # the index file, beside the store


def test_delete_removes_the_article_from_both_paths(store, monkeypatch):
    r, _ = semantic.semantic_search(store.db, "oil prices fall", limit=1)[0]
    monkeypatch.setattr(semantic, "EXACT_LIMIT", 0)
    assert semantic.semantic_search(store.db, "oil prices fall", limit=1)[0][0] == r  # index built
    semantic.delete(store.db, [r])
    for limit in (0, 10**9):
        monkeypatch.setattr(semantic, "EXACT_LIMIT", limit)
        found = semantic.semantic_search(store.db, "oil prices fall", limit=10)
        assert r not in [x for x, _ in found]
        assert len(found) == len(PAGES) - 1


def test_index_file_catches_up_with_changes_from_another_process(store, monkeypatch):
    monkeypatch.setattr(semantic, "EXACT_LIMIT", 0)
    first = semantic.semantic_search(store.db, "flu vaccination campaign", limit=1)[0][0]
    semantic.forget_cache()  # as a new process: loads the index file
    semantic.delete(store.db, [first])  # a change the file does not have
    found = semantic.semantic_search(store.db, "flu vaccination campaign", limit=10)
    assert first not in [r for r, _ in found]
    semantic.forget_cache()
    semantic.embed_articles(store.db, [first])  # and back, again seen through the index file
    assert semantic.semantic_search(store.db, "flu vaccination campaign", limit=1)[0][0] == first


def test_filters(store):
    out = semantic.semantic_search(store.db, "Putin visit North Korea", outlet="no such outlet")
    assert out == []


def test_hybrid_fuses_keyword_and_semantic_ranks(store):
    hits = store.search("الهلال")
    fused = semantic.hybrid_search(store.db, "football match result", hits, limit=5)
    assert fused[0].id == hits[0].id
    assert fused[0].keyword_rank == 1 and fused[0].semantic_rank == 1
    assert [f.score for f in fused] == sorted((f.score for f in fused), reverse=True)
    # semantic-only articles come after, and the order is stable
    assert all(f.keyword_rank is None for f in fused[1:])
    assert semantic.hybrid_search(store.db, "football match result", hits, limit=5) == fused


def test_hybrid_brings_in_articles_keyword_search_misses(store):
    hits = store.search("بيونغ يانغ")
    fused = semantic.hybrid_search(store.db, "Putin visit North Korea", [], limit=3)
    assert fused[0].id == hits[0].id and fused[0].keyword_rank is None


def test_a_paraphrase_sharing_some_words_is_ranked_by_them_too(store):
    # Not every word is in the article, so keyword search finds nothing...
    q = "تعليق الدراسة في جدة بسبب العواصف الرعدية"
    assert store.search(q) == []
    # ...but the any-word ranking puts the article sharing the rare words first,
    sparse = semantic.sparse_search(store.db, q)
    rain = store.db.execute("SELECT rowid FROM articles WHERE title LIKE 'أمطار%'").fetchone()[0]
    assert sparse[0] == rain
    # and hybrid search has it first, found by both rankings.
    fused = semantic.hybrid_search(store.db, q, [], limit=3)
    assert fused[0].rowid == rain and fused[0].sparse_rank == 1 and fused[0].semantic_rank == 1
    assert fused[0].as_dict()["sparse_rank"] == 1
    assert semantic.hybrid_search(store.db, q, [], limit=3) == fused  # deterministic


def test_english_queries_reach_the_arabic_word_index_through_translation(store):
    # The full-text index folds Arabic only: an English query's words are translated
    # (names from the gazetteer, news words from the bilingual list) before they rank.
    assert semantic.arabic_share("floods close schools in Jeddah") == 0.0
    assert semantic.arabic_share("أمطار غزيرة في Jeddah") == 0.75
    assert semantic.lexical_share("floods close schools in Jeddah") == 1.0
    assert semantic.lexical_share("أمطار غزيرة") == 1.0
    assert semantic.lexical_share("2024") == 1.0
    rain = store.search("جدة")[0].id
    assert store.db.execute("SELECT id FROM articles WHERE rowid=?",
                            (semantic.sparse_search(store.db, "floods in Jeddah")[0],)).fetchone()[0] == rain
    fused = semantic.hybrid_search(store.db, "floods close schools in Jeddah", [], limit=5)
    assert fused[0].id == rain and fused[0].semantic_rank == 1
    # Its translated words (سيول، مدارس، جدة) are in the article's lead: lexical evidence
    # is added to its cosine, and to no other article's as much.
    assert fused[0].score - fused[0].semantic_score > max(f.score - f.semantic_score for f in fused[1:])
    assert semantic.hybrid_search(store.db, "floods close schools in Jeddah", [], limit=5) == fused


@pytest.mark.parametrize("q,title", [
    ("Putin arrives in North Korea", "بوتين يصل إلى بيونغ يانغ في زيارة نادرة"),
    ("Brent crude prices", "أسعار النفط تتراجع مع ارتفاع المخزونات الأمريكية"),
    ("Hilal beat Nassr", "الهلال يفوز على النصر في الدوري"),
    ("Ministry of Health flu vaccine", "وزارة الصحة تطلق حملة للتطعيم ضد الإنفلونزا"),
])
def test_an_english_query_finds_the_arabic_article_by_its_names_and_words(store, q, title):
    assert store.semantic_search(q, hybrid=True, limit=3)[0].title == title
    fused = semantic.hybrid_search(store.db, q, [], limit=5)
    # ranked by the translated words as well as by meaning
    assert fused[0].score - fused[0].semantic_score > max(f.score - f.semantic_score for f in fused[1:])


def test_lexical_weight_follows_the_share_of_the_query_that_was_translated(store):
    # Words with no translation ("blorp") do not count as searched for.
    assert semantic.lexical_share("Jeddah blorp") == 0.5
    assert semantic.lexical_share("the of and") == 0.0
    fused = semantic.hybrid_search(store.db, "blorp zyxt", [], limit=5)
    assert all(f.sparse_rank is None for f in fused)
    assert [f.rowid for f in fused] == [r for r, _ in semantic.semantic_search(store.db, "blorp zyxt", 5)]


def test_hybrid_store_search_finds_the_arabic_paraphrase_and_the_english_query(store):
    for q in ("تعليق الدراسة في جدة بسبب العواصف الرعدية", "schools closed after heavy rain"):
        assert store.semantic_search(q, hybrid=True, limit=3)[0].title == "أمطار غزيرة وسيول في جدة وتعليق الدراسة"


def test_sparse_search_leaves_out_words_too_common_to_rank_by(store, monkeypatch):
    monkeypatch.setattr(semantic, "sparse_cap", lambda n: 2)  # a word in 2 of 5 articles is common here
    # "في" is in most articles, so it is left out; "الهلال" is in one and ranks it alone.
    found = semantic.sparse_search(store.db, "في الهلال")
    assert len(found) == 1
    # Only common words: the rarest one still ranks.
    assert semantic.sparse_search(store.db, "في") != []
    assert semantic.sparse_search(store.db, "كلمةغيرموجودة") == []


def test_sparse_search_honours_filters(store):
    assert semantic.sparse_search(store.db, "أمطار جدة", outlet="no such outlet") == []


@pytest.mark.parametrize("q", ["", "   ", "x" * 10_000])
def test_bad_queries_get_a_message(store, q):
    with pytest.raises(QueryError):
        semantic.semantic_search(store.db, q)


def test_store_without_vectors_finds_nothing(tmp_path):
    s = Store(tmp_path / "plain.db")
    assert semantic.semantic_search(s.db, "anything") == []
    s.close()


def test_a_big_store_estimates_word_counts_from_its_newest_articles(store, monkeypatch):
    """Past COUNT_WINDOW articles the plan counts a word in the newest window and scales
    it; a word seldom seen there is counted exactly, and a common one reaches the cap."""
    exact = {w: semantic._count_matches(store.db, f'terms:"{w}"', 100) for w in ("في", "جده", "هلال")}
    assert exact["في"] >= 4 and exact["جده"] == exact["هلال"] == 1
    monkeypatch.setattr(semantic, "COUNT_WINDOW", 2)  # the two newest of five articles
    monkeypatch.setattr(semantic, "COUNT_EXACT_BELOW", 1)
    assert semantic._count_matches(store.db, 'terms:"في"', 100) == 5  # 2 of 2 seen: 2 * 5 / 2
    assert semantic._count_matches(store.db, 'terms:"في"', 3) == 3  # the cap
    assert semantic._count_matches(store.db, 'terms:"هلال"', 100) == 1  # not in the window: exact
    monkeypatch.setattr(semantic, "COUNT_EXACT_BELOW", 30)
    assert semantic._count_matches(store.db, 'terms:"في"', 100) == exact["في"]  # seldom seen: exact


def test_hybrid_takes_the_keyword_matches_unranked_when_they_are_few(store):
    from marsad.store.search import ranked_ids

    ranked = ranked_ids(store.db, "في", limit=50)
    few = ranked_ids(store.db, "في", limit=50, all_if_few=True)
    assert sorted(few) == few and sorted(few) == sorted(ranked) and len(few) >= 4
    assert ranked_ids(store.db, "في", limit=2, all_if_few=True) == ranked_ids(store.db, "في", limit=2)
    assert [aid for _, aid in ranked] == [h.id for h in store.search("في", limit=50)]
