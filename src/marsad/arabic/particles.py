"""Arabic particles: prepositions, conjunctions, pronouns, demonstratives, relatives, auxiliaries.

They are never half of a transliterated name, so the search index does not join them with the
next word into a pair key (``بيونغ يانغ`` → ``بيونغيانغ`` is worth a key; ``في عام`` is not).
About a fifth of all word pairs in news text start or end with one, so leaving them out makes
indexing cheaper and the index smaller without losing a name.

Left out on purpose, because they are also parts of foreign names written apart or together:
هو and هي (هو جين تاو, هو تشي منه / هوشي منه), ما (ما ينغ جيو), لا (لا باز / لاباز), لي (لي كه تشيانغ).
"""

from __future__ import annotations

from marsad.arabic.normalize import search_key

__all__ = ["PARTICLES"]

_WORDS = """
في من الى إلى على عن مع عند بين بعد قبل خلال حول منذ حتى لدى نحو ضد دون غير سوى عبر وفق
تجاه أمام خلف فوق تحت حيث حين بينما كما لكن لكنه إذ إذا لو لولا أن إن أنه أنها إنه
التي الذي الذين اللذين اللتين اللاتي ماذا لم لن ليس ليست قد لقد هل كل بعض أي أيضا
هذا هذه ذلك تلك هؤلاء هنا هناك هم هن نحن أنا أنت كان كانت كانوا يكون تكون
أو ثم أم بل عليه عليها عليهم إليه منه منها منهم عنه عنها فيه فيها فيهم له لها لهم به بها
وقد وفي ومن وهو وهي وهذا وهذه ولا وكان ولكن وأن فإن بأن فيما مما بما لما إلا تم يتم وذلك
"""

PARTICLES: frozenset[str] = frozenset(search_key(w) for w in _WORDS.split())  # as search keys
