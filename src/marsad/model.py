"""Core types passed between stages.

Every stage hands the next one frozen dataclasses, so a stage can never
mutate what an upstream stage produced, and so the analyze stage stays a pure
function that can run in any process.  Offsets are Python string indices into
the article's cleaned ``body``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Kinds of text removed from a page while cleaning (CONTRACT.md).
REMOVED_KINDS = (
    "boilerplate",
    "caption",
    "masthead",
    "comments",
    "related",
    "tracking",
    "keywords",
    "duplicate",
    "metadata",
)

# How a publication date was established (CONTRACT.md).
DATE_BASES = ("dateline", "meta", "content", "story", "header", "unknown")


@dataclass(frozen=True)
class Source:
    """Where a document came from, as the user gave it."""

    path: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Hints:
    """Metadata a container states about a document (JSONL fields, feed entry,
    WARC headers).  Kept apart from the page text because a container's word
    (e.g. a feed's pubDate) is stronger evidence than anything printed on the page."""

    title: str | None = None
    date: str | None = None
    outlet: str | None = None
    url: str | None = None
    section: str | None = None


@dataclass(frozen=True)
class RawDocument:
    """One document as read from a source, before any cleaning.

    ``data`` is exactly the bytes of the document (a file, a JSONL record, a WARC
    payload, a feed entry's content) so that ``rebuild`` can redo everything later.
    """

    id: str
    source: Source
    kind: str  # "text" | "html"
    data: bytes
    text: str
    encoding: str
    hints: Hints = field(default_factory=Hints)


@dataclass(frozen=True)
class Removed:
    """A piece of page furniture taken out of the body, with why."""

    text: str
    kind: str


@dataclass(frozen=True)
class PublishedDate:
    value: str | None = None  # YYYY-MM-DD
    basis: str = "unknown"


@dataclass(frozen=True)
class Article:
    """A cleaned article.  A page may yield several (a glued second article
    becomes its own Article with ``parent`` set to the page's first article)."""

    id: str
    raw_id: str
    index: int
    source: Source
    title: str | None
    body: str
    parent: str | None = None
    outlet: str | None = None
    section: str | None = None
    credited_source: str | None = None
    published: PublishedDate = field(default_factory=PublishedDate)
    page_date: str | None = None
    removed: tuple[Removed, ...] = ()


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    type: str  # PER | ORG | LOC | GPE | NORP | FAC | MISC
    entity: str | None = None
    key: str | None = None  # name key used to merge spellings


@dataclass(frozen=True)
class TimeMention:
    start: int
    end: int
    text: str
    value: str | None  # YYYY | YYYY-MM | YYYY-MM-DD | YYYY-Www | A/B | None
    anchor: str | None = None  # the date the value was resolved against


@dataclass(frozen=True)
class Quote:
    """What was said (``start``/``end`` cover the words said, without the cue)."""

    start: int
    end: int
    text: str
    speaker: str | None  # entity id, set by the link stage when resolvable
    speaker_text: str | None  # the speaker as written (a name or a role)
    cue: str | None
    direct: bool
    speaker_start: int | None = None
    speaker_end: int | None = None
    medium: str | None = None  # "في بيان", "للصحفيين", "في تصريحات نقلتها وكالة …"
    negated: bool = False  # a denial (نفى) or negated content ("لا توجد خطط")
    speaker_key: str | None = None  # name key of the resolved speaker name, for linking


@dataclass(frozen=True)
class Participant:
    role: str  # visitor, host, speaker, target, agent, …
    text: str
    start: int
    end: int
    entity: str | None = None


@dataclass(frozen=True)
class Event:
    """An event mention: ``start``/``end`` is the trigger, ``text`` the evidence sentence."""

    start: int
    end: int
    type: str
    text: str
    date: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None
    trigger: str | None = None
    participants: tuple[Participant, ...] = ()
    place: str | None = None
    modality: str = "happened"  # happened | planned | denied | speculated
    polarity: bool = True


@dataclass(frozen=True)
class Analysis:
    """What the analyze stage found in one article (a pure function of it)."""

    article_id: str
    mentions: tuple[Mention, ...] = ()
    times: tuple[TimeMention, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
