"""Events: what happened, to whom, where and when — as a reader of the article would list it."""

from __future__ import annotations

import pytest

from marsad.analyze.events import EVENT_TYPES, MODALITIES, event_signature, find_events
from marsad.model import Event, Mention, TimeMention
from marsad.paths import seeds_dir
from tests.bench import load_benchmark


def seed(number: str) -> str:
    paths = sorted(seeds_dir().glob(f"{number}_*.txt")) if seeds_dir().is_dir() else []
    if not paths:
        pytest.skip(f"seed {number} not found under {seeds_dir()}")
    return paths[0].read_text(encoding="utf-8")


def mention(text: str, words: str, typ: str, key: str | None = None, after: int = 0) -> Mention:
    i = text.index(words, after)
    return Mention(i, i + len(words), words, typ, key=key)


def when(text: str, words: str, value: str) -> TimeMention:
    i = text.index(words)
    return TimeMention(i, i + len(words), words, value)


def of_type(events: tuple[Event, ...], typ: str, containing: str = "") -> Event:
    hits = [e for e in events if e.type == typ and containing in e.text]
    assert hits, f"no {typ} event in a sentence with {containing!r}: {[(e.type, e.trigger) for e in events]}"
    return hits[0]


def test_scheme_is_documented():
    for typ in ("visit", "meeting", "statement", "agreement", "sanction", "military_action",
                "weapons_transfer", "election", "protest", "disaster", "accusation", "invitation"):
        assert typ in EVENT_TYPES
    assert set(MODALITIES) == {"happened", "planned", "denied", "speculated"}


def test_accepted_invitation_is_a_planned_visit():
    """Seed 000: "قبِل الرئيس الروسي فلاديمير بوتين دعوة لزيارة كوريا الشمالية" — the invitation
    happened, the visit has not: it is planned."""
    events = find_events(seed("000"))
    visit = of_type(events, "visit", "قبِل الرئيس الروسي فلاديمير بوتين دعوة")
    assert visit.modality == "planned" and visit.polarity
    assert visit.trigger is not None and "زيارة" in visit.trigger
    invitation = of_type(events, "invitation", "قبِل الرئيس الروسي فلاديمير بوتين دعوة")
    assert invitation.modality == "happened"


def test_denied_plans_and_denied_signing():
    """Seed 000: Peskov "إنه لا توجد خطط لزيارة بوتين لبيونغيانغ" and seed 002's headline
    "موسكو تنفي توقيع أي اتفاقية": neither event took place."""
    visit = of_type(find_events(seed("000")), "visit", "لا توجد خطط لزيارة بوتين")
    assert visit.modality == "denied" and visit.polarity is False
    agreement = of_type(find_events(seed("002")), "agreement", "موسكو تنفي توقيع أي اتفاقية")
    assert agreement.modality == "denied" and agreement.polarity is False


def test_may_supply_is_speculated():
    """Seed 000: "عن قلقهم من أن كيم قد يزود روسيا بالأسلحة" is a fear, not a delivery."""
    transfer = of_type(find_events(seed("000")), "weapons_transfer", "قد يزود روسيا بالأسلحة")
    assert transfer.modality == "speculated"


def test_reported_event_gets_its_date_place_and_participants():
    text = "استقبل الملك سلمان الرئيس اليمني عبد ربه منصور هادي في الرياض أمس."
    mentions = (mention(text, "الملك سلمان", "PER", "سلمان"),
                mention(text, "عبد ربه منصور هادي", "PER", "هادي"),
                mention(text, "الرياض", "GPE", "الرياض"))
    (event,) = find_events(text, mentions, (when(text, "أمس", "2015-08-01"),))
    assert event.type == "meeting" and event.modality == "happened"
    assert event.date == "2015-08-01" and event.place == "الرياض"
    roles = {p.text: p.role for p in event.participants}
    assert roles == {"الملك سلمان": "host", "عبد ربه منصور هادي": "visitor"}
    assert text[event.start:event.end] == event.trigger == "استقبل"
    assert event.sentence_start == 0 and text[event.sentence_start:event.sentence_end] == event.text


def test_time_of_reporting_is_not_the_event_date():
    """"قالت الشرطة اليوم ... إن انفجار سيارة مفخخة وقع الأحد": the bombing is dated Sunday,
    the day it happened, not the day the police spoke."""
    text = "قالت الشرطة اليوم الثلاثاء إن انفجار سيارة مفخخة وقع الأحد في سوق شعبي."
    times = (when(text, "اليوم الثلاثاء", "2015-08-04"), when(text, "الأحد", "2015-08-02"))
    event = of_type(find_events(text, (), times), "attack")
    assert event.date == "2015-08-02"


def test_same_event_from_two_outlets_shares_a_signature():
    """Two wordings of one visit merge at the link stage; a visit on another day does not."""
    a = "وصل الرئيس المصري عبد الفتاح السيسي إلى الرياض أمس في زيارة رسمية."
    b = "زار السيسي العاصمة السعودية الرياض يوم السبت."
    ma = (mention(a, "عبد الفتاح السيسي", "PER"), mention(a, "الرياض", "GPE"))
    mb = (mention(b, "السيسي", "PER"), mention(b, "الرياض", "GPE"))
    ea = of_type(find_events(a, ma, (when(a, "أمس", "2015-08-01"),)), "visit")
    eb = of_type(find_events(b, mb, (when(b, "يوم السبت", "2015-08-01"),)), "visit")
    # the link stage sets the same entity id on both mentions of the president and the city
    ids = {"عبد الفتاح السيسي": "Q1", "السيسي": "Q1", "الرياض": "Q2"}
    link = [Event(**{**e.__dict__, "participants": tuple(
        p.__class__(p.role, p.text, p.start, p.end, ids.get(p.text)) for p in e.participants)})
        for e in (ea, eb)]
    assert event_signature(link[0]) == event_signature(link[1])
    other = of_type(find_events(b, mb, (when(b, "يوم السبت", "2015-07-25"),)), "visit")
    assert event_signature(other) != event_signature(eb)


@pytest.mark.parametrize("text", [
    "أعلنت لجنة الانتخابات المركزية أسماء أعضائها الجدد.",  # a body named after elections
    "وتشارك المملكة في عاصفة الحزم منذ أشهر.",  # an operation's name is no new strike
    "ويعاقب القانون بعقوبات تصل إلى السجن عشر سنوات.",  # penalties are not sanctions
    "ارتفعت أسعار النفط أمس في الأسواق العالمية.",
])
def test_non_events(text):
    assert find_events(text) == ()


@pytest.mark.parametrize(("text", "absent"), [
    # firefighting, a raid campaign, a round of talks, gunfire: no battle, no tour, no disaster
    ("سيطرت فرق الدفاع المدني بسكاكا، عصر اليوم، على حريق بإحدى الغرف.", "military_action"),
    ("شنت قوات الاحتلال فجر أمس حملة دهم واعتقال واسعة النطاق.", "military_action"),
    ("وكان من المفترض أن تبدأ جولة ثانية من محادثات السلام الجمعة.", "visit"),
    ("ولم يقدم دعم واسع إلا للقوات التي دربتها الولايات المتحدة بما في ذلك الدعم بنيران دفاعية.", "disaster"),
    # a hospital receiving a number of injured; freeing trade; a spokesman's title; a call to meet
    ("واستقبلت طوارئ مستشفى عسير المركزي يوم أمس 40 مصابا.", "meeting"),
    ("أخفق الوزراء في التوصل لاتفاق لتحرير التجارة بين 12 دولة.", "military_action"),
    ("يعقد المتحدث الرسمي باسم الانتخابات البلدية لقاء صحفيا.", "election"),
    ("رحبت القيادة الفلسطينية بدعوة مصر إلى عقد اجتماع للجنة المتابعة.", "invitation"),
    ("ألقت الشرطة أمس القبض على مطلوب.", "statement"),
    ("أصدر الوزير أمس قرارا بتعيين مدير.", "statement"),
])
def test_words_that_make_a_trigger_no_event(text, absent):
    assert absent not in {e.type for e in find_events(text)}


@pytest.mark.parametrize("text", [
    "لتهدئة مخاوفهم الناتجة عن الاتفاق النووي الذي أبرمته الدول الكبرى مع إيران في 14 يوليو.",
    "يلقي الضوء على أهمية اتفاق تم التوصل إليه الشهر الماضي بشأن برنامج إيران النووي.",
])
def test_an_agreement_concluded_in_a_relative_clause_is_an_event(text):
    assert "agreement" in {e.type for e in find_events(text)}


def test_the_arrested_are_an_arrest():
    text = "من السابق لأوانه الكشف عن هوية ودوافع المقبوض عليهما."
    assert "arrest" in {e.type for e in find_events(text)}


def test_empty_text():
    assert find_events("") == ()


# Pinned floors: lowering one is an explicit act (see benchmarks/data/events/README.md).
# Measured at pinning: dev 0.962 / 0.871; held-out 0.894 / 0.800 (the date bar, 0.85, is not
# met on held-out: see the README); the floors guard against regressions.  dev3 (the fresh
# batch of issue 7, after its fixes): 0.913 / 0.886.  Second round (heldout2, the second held-out
# batch: first look 0.922 / 0.786): dev 0.970 / 0.968, dev3 0.955 / 0.957, heldout 0.894 / 0.850,
# heldout2 0.922 / 0.804.  Third round (heldout3, first look 0.884 / 0.808; dev4, first look
# 0.914 / 0.900): dev 0.970 / 0.968, dev3 0.961 / 0.971, dev4 0.971 / 0.980, heldout 0.903 / 0.900,
# heldout2 0.922 / 0.804, heldout3 0.933 / 0.904.  Fourth round (dev5, first look 0.901 / 0.836):
# dev 0.970 / 0.968, dev3 0.961 / 0.971, dev4 0.971 / 0.980, dev5 0.958 / 0.927, heldout 0.912 /
# 0.900, heldout2 0.922 / 0.821, heldout3 0.933 / 0.904.  Fifth round (dev6, first look 0.880 /
# 0.788): dev 0.970 / 0.968, dev3 0.961 / 0.971, dev4 0.971 / 0.980, dev5 0.980 / 0.982, dev6 0.955 /
# 0.942, heldout 0.912 / 0.900, heldout2 0.922 / 0.821, heldout3 0.933 / 0.904.
FLOORS = {
    "dev": {"type_f1": 0.92, "date_accuracy": 0.83},
    "dev3": {"type_f1": 0.90, "date_accuracy": 0.90},
    "dev4": {"type_f1": 0.92, "date_accuracy": 0.90},
    "dev5": {"type_f1": 0.92, "date_accuracy": 0.88},
    "dev6": {"type_f1": 0.92, "date_accuracy": 0.90},
    "heldout": {"type_f1": 0.85, "date_accuracy": 0.75},
    "heldout2": {"type_f1": 0.88, "date_accuracy": 0.75},
    "heldout3": {"type_f1": 0.85, "date_accuracy": 0.80},
}


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_quality_floor(split):
    bench = load_benchmark("events_quality")
    if not bench.available():
        pytest.skip("SaudiNewsNet corpus not available")
    scores = bench.evaluate(split)
    for metric, floor in FLOORS[split].items():
        assert scores[metric] >= floor, (split, metric, scores)


def test_a_period_glued_to_the_next_word_ends_the_sentence():
    # "شخصا.أما": two sentences, two bombings; each is its own event with its own date
    text = "وقع تفجير في سوق شعبية وأصيب 30 شخصا.أما التفجير المزدوج في منطقة الشعب مساء الأربعاء فأسفر عن مقتل اثنين."
    s = text.index("مساء الأربعاء")
    t = TimeMention(s, s + len("مساء الأربعاء"), "مساء الأربعاء", "2015-07-22", "2015-07-23")
    evs = [e for e in find_events(text, (), [t]) if e.type == "attack"]
    assert len(evs) == 2
    assert evs[1].trigger.startswith("التفجير") and evs[1].date == "2015-07-22"
    assert evs[0].date is None
    # initials and decimals do not split
    assert len({e.sentence_start for e in find_events("قال د.محمد إن انفجار 1.5 طن وقع في المصنع.")}) <= 1


@pytest.mark.parametrize(("text", "typ"), [
    ("وهاجمت طائرات حربية تابعة للجيش سفينة قرب الميناء.", "military_action"),
    ("وأعدم أحد المخططين للاعتداءات التي أوقعت 257 قتيلا في بومباي.", "attack"),
    ("ونجا المصلون من هجوم على مسجد قوات الطوارئ.", "attack"),  # forces after على: the target
    ("أمطر محتج رئيس الاتحاد بأوراق مالية قبل مؤتمره.", "protest"),
    ("وتسعى المقاومة إلى السيطرة على ميناء المخاء.", "military_action"),
    # a listed noun in the accusative or with a pronoun (issue 7, third round)
    ("أخمدت فرق الدفاع المدني اليوم حريقا في مستودع.", "disaster"),
    ("أعلنت المقاومة الشعبية سيطرتها على ثلاثة مواقع استراتيجية.", "military_action"),
    ("وتم توقيع اتفاقياتها في شهر ديسمبر من العام الماضي.", "agreement"),
    # a press meeting is a statement; brutal or cowardly aggression is an attack; massacres
    ("يعقد المتحدث الرسمي غدا الثلاثاء لقاء صحفيا.", "statement"),
    ("زار الأمير المصابين في العدوان الغاشم على المسجد.", "attack"),
    ("وجهت إليه تهم القتل في المجزرة التي وقعت في الكنيسة.", "attack"),
    # crash verbs; a speech or a statement with the subject and time before its object
    ("اصطدمت حافلة بشاحنة فجر أمس على طريق خريص.", "disaster"),
    ("ألقى الرئيس أمس كلمة أمام البرلمان.", "statement"),
    ("أصدرت الوزارة مساء أمس بيانا حول الحادث.", "statement"),
    # an act of agreeing with its article
    ("جرى التوقيع على الاتفاق أمس في فيينا.", "agreement"),
    ("دخل اتفاق وقف إطلاق النار حيز التنفيذ أمس.", "agreement"),
])
def test_more_trigger_forms(text, typ):
    assert typ in {e.type for e in find_events(text)}


@pytest.mark.parametrize("text", [
    "ومثل المسؤولون أمام مجلسي النواب والشيوخ اللذين يسيطر عليهما الجمهوريون.",  # a state of control
    "وقالت المصادر إن أجواء من القلق تسيطر على عائلات المقاتلين.",
    "أعلنت إدارة مكافحة الحرائق أمس السيطرة على حرائق غابات في اليونان.",  # firefighting
    "وبقي الوضع تحت السيطرة بعد الحادث.",
])
def test_control_that_is_no_battle(text):
    assert "military_action" not in {e.type for e in find_events(text)}
