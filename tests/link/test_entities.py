"""Entity resolution as an analyst relies on it: spellings of one name meet,
different people who share a name stay apart, a bare name follows its
article's full name, places that speak for an actor say so, ids do not depend
on ingestion order, and the state survives a save and restore."""

from __future__ import annotations

from marsad.analyze.entities import find_mentions
from marsad.link.entities import EntityRecord, EntityResolver
from marsad.model import Mention
from marsad.paths import seeds_dir
from tests.bench import load_benchmark


def _m(text: str, typ: str, start: int = 0) -> Mention:
    return Mention(start, start + len(text), text, typ)


def _ids(names: list[tuple[str, str]]) -> list[str]:
    r = EntityResolver()
    out = []
    for i, (name, typ) in enumerate(names):
        out.append(r.add(f"a{i}", [_m(name, typ)])[0].entity)
    return [r.resolve(x) for x in out]


def test_putin_spellings_merge() -> None:
    ids = _ids([("بوتين", "PER"), ("فلاديمير بوتين", "PER"), ("الرئيس الروسي فلاديمير بوتين", "PER")])
    assert len(set(ids)) == 1


def test_kim_spellings_merge_and_kim_jong_il_stays_apart() -> None:
    ids = _ids(
        [("كيم جونغ أون", "PER"), ("كيم جونج أون", "PER"), ("كيم جونغ-أون", "PER"), ("كيم جونغ إيل", "PER")]
    )
    assert ids[0] == ids[1] == ids[2]
    assert ids[3] != ids[0]


def test_pyongyang_spellings_merge() -> None:
    ids = _ids([("بيونغيانغ", "GPE"), ("بيونغ يانغ", "GPE"), ("بيونجيانج", "GPE"), ("بيونغ يانع", "GPE")])
    assert len(set(ids)) == 1


def test_state_department_spellings_merge() -> None:
    ids = _ids([("الخارجية الأمريكية", "ORG"), ("وزارة الخارجية الأميركية", "ORG")])
    assert ids[0] == ids[1]


def test_unknown_name_variants_merge_and_native_names_do_not() -> None:
    ids = _ids([("كريستيان جروس", "PER"), ("كريستيان غروس", "PER"), ("محمد", "PER"), ("محمود", "PER")])
    assert ids[0] == ids[1]
    assert ids[2] != ids[3]


def test_bare_name_follows_the_full_name_in_its_article() -> None:
    r = EntityResolver()
    un = r.add("a", [_m("كيم جونغ أون", "PER"), _m("كيم", "PER", 40)])
    il = r.add("b", [_m("كيم جونغ إيل", "PER"), _m("كيم", "PER", 40)])
    assert un[1].entity == un[0].entity
    assert il[1].entity == il[0].entity
    assert un[0].entity != il[0].entity


def test_known_entities_carry_english_names_and_metonymy() -> None:
    r = EntityResolver()
    r.add("a", [_m("واشنطن", "GPE"), _m("الكرملين", "FAC", 10), _m("فلاديمير بوتين", "PER", 20)])
    by_name = {e.name: e for e in r.entities()}
    assert by_name["واشنطن"].acts_for == "gpe:US"
    assert by_name["الكرملين"].acts_for == "org:russian-presidency"
    assert by_name["فلاديمير بوتين"].en == "Vladimir Putin"
    assert all(isinstance(e, EntityRecord) for e in r.entities())


def _seed_mentions() -> list[tuple[str, tuple[Mention, ...]]]:
    paths = sorted(seeds_dir().glob("*.txt"))
    if not paths:
        import pytest

        pytest.skip("seed articles not found")
    return [(p.stem, find_mentions(p.read_text(encoding="utf-8"))) for p in paths]


def test_entities_do_not_depend_on_ingestion_order() -> None:
    arts = _seed_mentions()
    a, b = EntityResolver(), EntityResolver()
    for aid, ms in arts:
        a.add(aid, ms)
    for aid, ms in reversed(arts):
        b.add(aid, ms)
    assert a.entities() == b.entities()


def test_seed_corpus_entities() -> None:
    r = EntityResolver()
    for aid, ms in _seed_mentions():
        r.add(aid, ms)
    ents = {e.id: e for e in r.entities()}
    kim = ents["per:kim-jong-un"]
    assert {"كيم جونغ أون", "كيم جونج أون", "كيم جونغ-أون"} <= set(kim.aliases)
    assert kim.mention_count >= 10
    assert {"بيونغيانغ", "بيونغ يانغ", "بيونجيانج"} <= set(ents["gpe:pyongyang"].aliases)
    assert ents["gpe:pyongyang"].acts_for == "gpe:KP"
    assert "per:kim-jong-il" in ents
    assert list(kim.aliases) == sorted(kim.aliases)


def test_rows_round_trip_and_readding_an_article_replaces_it() -> None:
    r = EntityResolver()
    arts = _seed_mentions()
    for aid, ms in arts:
        r.add(aid, ms)
    before = r.entities()
    r.add(arts[0][0], arts[0][1])  # the same article again: no double count
    assert r.entities() == before
    rows = r.to_rows()
    assert all(isinstance(x, (str, int)) for row in rows for x in row)
    assert EntityResolver.from_rows(rows).entities() == before


def test_variant_pairs_f1_bar() -> None:
    mod = load_benchmark("resolution_quality")
    rows = mod.read_pairs()
    assert len(rows) >= 300
    result = mod.evaluate(rows)
    assert result["f1"] >= 0.95, result["wrong"]


def test_a_linked_mention_keeps_every_field_but_its_entity() -> None:
    from dataclasses import fields, replace

    from marsad.link.entities import _with_entity
    from marsad.model import Mention

    m = Mention(**{f.name: f"v{i}" if f.type != "int" else i for i, f in enumerate(fields(Mention))})
    assert _with_entity(m, "per:x1") == replace(m, entity="per:x1")
