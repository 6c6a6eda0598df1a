"""The CRF decoded in numpy (marsad.analyze.ner_crf) is the trained model's own
decision: the same labels as python-crfsuite on real text, the same state
scores as the features :func:`sequence_features` gives, crfsuite's Viterbi
tie-break, and caches that change no result; the whole-text gazetteer and
seen-name passes equal the per-sentence ones."""

from __future__ import annotations

import itertools
import random

import numpy as np
import pytest

from marsad.analyze import entities
from marsad.analyze.ner_crf import Scorer, load, scorer, viterbi
from marsad.analyze.ner_features import (
    doc_state_scores,
    gaz_tags,
    is_sport,
    sequence_features,
    sport_ranges,
)
from marsad.analyze.ner_gazetteer import gazetteer
from marsad.analyze.ner_text import (
    fold,
    fold_light,
    fold_tokens,
    segment_bounds,
    segments,
    token_spans,
    tokenize,
)
from marsad.paths import seeds_dir

# Sentences that exercise the feature rules: closed-class words inside and
# outside gazetteer names, sport sentences (team retyping), a seen name, a
# single-token sentence, punctuation, digits and Latin, and a run of more
# than 150 tokens (cut into sequences of 151).
SENTENCES = [
    "قال الرئيس الروسي فلاديمير بوتين في موسكو إن روسيا مستعدة للحوار مع الولايات المتحدة.",
    "وفاز منتخب مصر على منتخب الجزائر بهدفين في بطولة كأس الأمم الأفريقية لكرة القدم!",
    "التقى وزير الخارجية الأميركي أنتوني بلينكن نظيره الصيني وانغ يي في بكين؟",
    "نعم.",
    "أعلنت وكالة الأنباء المركزية الكورية أن كيم جونغ-أون زار بيونغيانغ يوم 12 مايو 2024 (حسب Reuters).",
    "وقالت منظمة الصحة العالمية في جنيف: إن عدد الإصابات بلغ ١٢٣ حالة في لبنان وسوريا والأردن",
    " ".join(["في", "بيروت", "و", "من", "على"] * 70),
]


def _texts() -> list[str]:
    texts = ["\n".join(SENTENCES), " ".join(SENTENCES)]
    folder = seeds_dir()
    if folder.is_dir():
        texts += [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    return texts


def _inputs(text: str):
    toks = tokenize(text)
    folded, light = fold_tokens(toks)
    bounds = segments(text, toks)
    g = gazetteer()
    seen = entities._seen_for(None)
    per_sentence = []
    gts: list[str] = []
    seens: list[str] = []
    sports: list[bool] = []
    for a, b in bounds:
        seg = folded[a:b]
        m = g.match(seg)
        t = seen.tags(seg)
        per_sentence.append(sequence_features(light[a:b], seg, m, t))
        gts += gaz_tags(seg, m)
        seens += t
        sports.append(is_sport(seg))
    return light, bounds, gts, seens, sports, per_sentence


def test_labels_equal_python_crfsuite() -> None:
    pycrfsuite = pytest.importorskip("pycrfsuite")
    path = entities._model_path()
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    sc = scorer(path)
    for text in _texts():
        light, bounds, gts, seens, sports, per_sentence = _inputs(text)
        expected = [lab for feats in per_sentence for lab in tagger.tag(feats)]
        best = viterbi(doc_state_scores(sc, light, bounds, gts, seens, sports), bounds, sc.model.trans)
        assert [sc.model.labels[k] for k in best] == expected


def test_model_file_is_read_as_crfsuite_reads_it() -> None:
    pycrfsuite = pytest.importorskip("pycrfsuite")
    path = entities._model_path()
    tagger = pycrfsuite.Tagger()
    tagger.open(path)
    model = load(path)
    assert model.labels == tagger.labels()
    info = tagger.info()  # weights printed with 6 decimals
    lab = {name: i for i, name in enumerate(model.labels)}
    for (a, b), w in info.transitions.items():
        assert model.trans[lab[a], lab[b]] == pytest.approx(w, abs=1e-6)
    for (attr, label), w in itertools.islice(info.state_features.items(), 0, None, 97):
        assert model.weights[model.attr_index[attr], lab[label]] == pytest.approx(w, abs=1e-6)


def test_state_scores_are_the_sum_of_the_feature_weights() -> None:
    sc = scorer(entities._model_path())
    w, index = sc.model.weights, sc.model.attr_index
    for text in _texts():
        light, bounds, gts, seens, sports, per_sentence = _inputs(text)
        got = doc_state_scores(sc, light, bounds, gts, seens, sports)
        want = np.array([w[[index[a] for a in feats if a in index]].sum(axis=0)
                         for sent in per_sentence for feats in sent])
        np.testing.assert_allclose(got, want, rtol=0, atol=1e-9)


def test_a_small_cache_changes_no_result() -> None:
    path = entities._model_path()
    text = "\n".join(SENTENCES)
    light, bounds, gts, seens, sports, _ = _inputs(text)
    big = doc_state_scores(scorer(path), light, bounds, gts, seens, sports)
    small = Scorer(load(path))
    small.MAX_CACHED = 5  # emptied before every text
    for _ in range(3):
        np.testing.assert_array_equal(doc_state_scores(small, light, bounds, gts, seens, sports), big)


def _reference_viterbi(scores: np.ndarray, trans: np.ndarray) -> list[int]:
    """crfsuite's loop (crf1d_context.c), first best on ties."""
    n, L = scores.shape
    delta = list(scores[0])
    back = []
    for t in range(1, n):
        cur, bk = [], []
        for j in range(L):
            best, arg = -np.inf, -1
            for i in range(L):
                s = delta[i] + trans[i, j]
                if best < s:
                    best, arg = s, i
            cur.append(best + scores[t, j])
            bk.append(arg)
        delta = cur
        back.append(bk)
    lab = max(range(L), key=lambda j: (delta[j], -j))
    out = [lab]
    for bk in reversed(back):
        lab = bk[lab]
        out.append(lab)
    return out[::-1]


def test_viterbi_matches_the_reference_loop_and_its_ties() -> None:
    rng = random.Random(7)
    for trial in range(40):
        L = rng.choice([2, 3, 5])
        lengths = [rng.randint(1, 9) for _ in range(rng.randint(1, 6))]
        n = sum(lengths)
        if trial % 2:  # small integers: many exact ties
            scores = np.array([[rng.randint(0, 2) for _ in range(L)] for _ in range(n)], dtype=float)
            trans = np.array([[rng.randint(-1, 1) for _ in range(L)] for _ in range(L)], dtype=float)
        else:
            scores = np.array([[rng.gauss(0, 1) for _ in range(L)] for _ in range(n)])
            trans = np.array([[rng.gauss(0, 1) for _ in range(L)] for _ in range(L)])
        bounds, a = [], 0
        for length in lengths:
            bounds.append((a, a + length))
            a += length
        want = [lab for s, e in bounds for lab in _reference_viterbi(scores[s:e], trans)]
        assert viterbi(scores, bounds, trans) == want


def test_whole_text_passes_equal_the_per_sentence_ones() -> None:
    g = gazetteer()
    seen = entities._seen_for(None)
    for text in _texts():
        toks = tokenize(text)
        folded = [fold(t.text) for t in toks]
        bounds = segments(text, toks)
        per_matches, per_seen, per_sport = [], [], []
        for a, b in bounds:
            seg = folded[a:b]
            per_matches += [(m.start + a, m.end + a, m.entries, m.weak, m.trim, m.lead) for m in g.match(seg)]
            per_seen += seen.tags(seg)
            per_sport.append(is_sport(seg) | (is_sport(seg, strict=True) << 1))
        doc = [(m.start, m.end, m.entries, m.weak, m.trim, m.lead) for m in g.match_ranges(folded, bounds)]
        assert doc == per_matches
        assert seen.tags_ranges(folded, bounds) == per_seen
        assert sport_ranges(folded, bounds) == per_sport


def test_token_spans_and_folds_agree_with_tokenize() -> None:
    for text in [*_texts(), "", " \n ", "a\u200cb  «قال»  ١٢٣٫٥ don’t"]:
        toks = tokenize(text)
        words, starts = token_spans(text)
        assert words == [t.text for t in toks]
        assert starts == [t.start for t in toks]
        assert all(text[t.start:t.end] == t.text for t in toks)
        assert fold_tokens(toks) == ([fold(t.text) for t in toks], [fold_light(t.text) for t in toks])
        assert segment_bounds(text, words, starts) == segments(text, toks)


def test_sentences_are_cut_at_151_tokens() -> None:
    text = " ".join(["كلمة"] * 400) + ". " + " ".join(["كلمة"] * 151) + "\nنهاية"
    toks = tokenize(text)
    bounds = segments(text, toks)
    assert [b - a for a, b in bounds] == [151, 151, 99, 151, 1]
    assert bounds[0][0] == 0 and bounds[-1][1] == len(toks)
    assert all(x[1] == y[0] for x, y in itertools.pairwise(bounds))
