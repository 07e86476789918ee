"""Quoted statements, quotation marks included, with their speaker when the text names one.

Two steps: find quoted spans (« … » possibly over several paragraphs, "…" within
a paragraph), keep those shaped like statements rather than titles, then read
the attribution around each one: a name right after the closing mark, an
inverted speech verb ("», affirme Jeanne X"), an incise inside the quote, or a
lead-in before it ("Pour Jeanne X, « … »", "Jeanne X explique : « … »").
The speaker is always one of the people already extracted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from pipeline.context import Context
from pipeline.extractors.anchors import Anchor, person_anchors
from pipeline.extractors.found import Found
from pipeline.extractors.lexicon import alternation, load_yaml
from pipeline.records import Person, Quote

WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*|\d+")
SENTENCE_END = re.compile(r"[.!?…](?:\s|$)")
STATEMENT_SHAPE = re.compile(r"^\W*[A-ZÀ-Ý].*[.!?…]\W*$", re.S)
# Where a sentence or a paragraph stops: a name past it is not the speaker.
CLAUSE_STOP = re.compile(r"[.;!?…\n«»\"]")
# How a lead-in meets its quote: "déclare :", "Pour X,", "a rappelé que".
LEAD_END = re.compile(r"(?:[:,]|\bque|\bqu')\s*$", re.I)
# What may follow an opening «: a word, a number, a nested mark, an ellipsis.
OPENS = re.compile(r"\s*[\w\"'(.…\[]")
SIGNATURE = re.compile(r"[ ]*(?:[,–—(-]|$)", re.M)


@dataclass(frozen=True, slots=True)
class Marked:
    """A quoted span of `ctx.text`, marks included; `closed` is False for a « left open."""

    start: int
    end: int
    closed: bool = True


@dataclass(frozen=True, slots=True)
class Rules:
    min_words: int
    sentence_min_words: int
    max_chars: int
    title_cue: re.Pattern[str]
    after_verb: re.Pattern[str]
    incise_verb: re.Pattern[str]
    lead_in_pronoun: re.Pattern[str]
    lead_in_cue: re.Pattern[str]
    speech_verb: re.Pattern[str]
    gap: re.Pattern[str]
    description: re.Pattern[str]
    anaphors: frozenset[str]


@cache
def rules() -> Rules:
    data = load_yaml("quotes.yaml")
    infinitives, presents, participles = zip(*data["speech_verbs"])
    adverbs = rf"(?:(?:{alternation(data['adverbs'])})\s*,?\s+)*"
    pronoun = rf"(?:{alternation(data['pronouns'])})"
    participle = rf"(?:{alternation(list(participles))})(?:e|s|es)?"
    present = rf"(?:{alternation(list(presents))})"
    verb_group = (
        rf"(?:(?:{alternation(data['auxiliaries'])})(?:-t-(?P<pron_aux>{pronoun}))?\s+{adverbs}{participle}"
        rf"|{present}-(?:t-)?(?P<pron_inv>{pronoun})"
        rf"|(?:{alternation(data['modals'])})\s+{adverbs}(?:{alternation(list(infinitives))})"
        rf"|{present}"
        rf"|(?:{alternation(data['after_cues'])}))\b"
    )
    any_verb = rf"\b(?:{participle}|{present}|(?:{alternation(list(infinitives))}))\b"
    return Rules(
        min_words=data["min_words"],
        sentence_min_words=data["sentence_min_words"],
        max_chars=data["max_chars"],
        title_cue=re.compile(rf"\b(?:{alternation(data['title_cues'])})(?:\s+[\w'-]+){{0,2}}\s*:?\s*$", re.I),
        after_verb=re.compile(rf"[\s,]*{adverbs}{verb_group}", re.I),
        incise_verb=re.compile(rf",\s+{adverbs}{verb_group}", re.I),
        lead_in_pronoun=re.compile(rf"^\W*{adverbs}{pronoun}\s+{adverbs}(?:{verb_group}|{any_verb})", re.I),
        lead_in_cue=re.compile(rf"(?:^|[\s,(])(?:{alternation(data['source_cues'])})\s+", re.I),
        speech_verb=re.compile(any_verb, re.I),
        gap=re.compile(rf"\b(?:{alternation(data['gap_breakers'])})\b", re.I),
        description=re.compile(rf"\s*(?:{alternation(data['articles'])})(?:(?<=')|\s+)(?P<title>{WORD.pattern})", re.I),
        anaphors=frozenset(_fold(w) for w in data["anaphors"]),
    )


def guillemet_spans(text: str, max_chars: int) -> list[Marked]:
    """« … » spans. A « opening a paragraph inside an open quote continues it
    (the French way to quote several paragraphs); one in the same paragraph
    nests; one in a later paragraph means the open quote was never closed.

    >>> guillemet_spans("« Un « deux ».\\n« Trois. » et « quatre", 100)
    [Marked(start=0, end=25, closed=True), Marked(start=29, end=37, closed=False)]
    """
    spans: list[Marked] = []
    stack: list[int] = []  # where the open quotes started, outermost first
    for m in re.finditer(r"[«»]", text):
        pos = m.start()
        if m.group() == "«":
            if not OPENS.match(text, pos + 1):
                continue  # a « leaning on what precedes it is a misplaced closing mark
            if stack and "\n" in text[stack[-1] : pos] and not _opens_paragraph(text, pos):
                spans.append(_left_open(text, stack[0]))
                stack = []
            if not stack or not _opens_paragraph(text, pos):
                stack.append(pos)
        elif stack:
            start = stack.pop()
            if not stack:
                too_long = pos + 1 - start > max_chars
                spans.append(_left_open(text, start) if too_long else Marked(start, pos + 1))
    if stack:
        spans.append(_left_open(text, stack[0]))
    return spans


def _opens_paragraph(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    return line_start > 0 and not text[line_start:pos].strip()


def _left_open(text: str, start: int) -> Marked:
    end = text.find("\n", start)
    end = len(text) if end < 0 else end
    return Marked(start, start + len(text[start:end].rstrip()), closed=False)


def straight_spans(text: str) -> list[Marked]:
    '''"…" spans within one paragraph; a mark opens when it leans on the word after
    it and closes when it leans on the word before.

    >>> straight_spans('Il dit "oui" puis "non".')
    [Marked(start=7, end=12, closed=True), Marked(start=18, end=23, closed=True)]
    '''
    spans: list[Marked] = []
    for line in re.finditer(r"[^\n]+", text):
        open_at: int | None = None
        for m in re.finditer('"', line.group()):
            pos = line.start() + m.start()
            before = text[pos - 1] if pos > line.start() else " "
            after = text[pos + 1] if pos + 1 < line.end() else " "
            opening = (before.isspace() or before in "([{'-–—") and not after.isspace()
            closing = not before.isspace() and (after.isspace() or not after.isalnum())
            if opening and not closing:
                open_at = pos
            elif closing and open_at is not None:
                spans.append(Marked(open_at, pos + 1))
                open_at = None
    return spans


def is_statement(text: str, span: Marked, r: Rules) -> bool:
    """Long enough, or shaped like a sentence: not a title or a label in marks."""
    inner = text[span.start + 1 : span.end - (1 if span.closed else 0)]
    words = len(WORD.findall(inner))
    if words >= r.min_words:
        return True
    return words >= r.sentence_min_words and bool(STATEMENT_SHAPE.match(inner.strip()))


def _first_anchor(anchors: list[Anchor], start: int, stop: int) -> Anchor | None:
    return next((a for a in anchors if start <= a.start < stop), None)


def _fold(word: str) -> str:
    return word.lower().replace("'", "")


@dataclass(frozen=True, slots=True)
class Cast:
    """Who may speak: where each person is named, and who holds which title."""

    anchors: list[Anchor]
    by_title: dict[str, str]  # the first word of a role held by one person only → that person

    @classmethod
    def of(cls, ctx: Context, people: list[Person]) -> Cast:
        holders: dict[str, set[str]] = {}
        for person in people:
            title = WORD.match(person.role.strip()) if person.role else None
            if title:
                holders.setdefault(_fold(title.group()), set()).add(person.name)
        by_title = {title: names.pop() for title, names in holders.items() if len(names) == 1}
        return cls(person_anchors(ctx, people), by_title)

    def protagonist(self, pos: int, reach: int = 1500) -> str | None:
        """Who "il", "elle" or "l'élu" most likely stand for before `pos`: the person
        named most often just before, the latest named on a tie."""
        named = [a.label for a in self.anchors if pos - reach <= a.start and a.end <= pos]
        if not named:
            return None
        return max(reversed(named), key=named.count)

    def described(self, text: str, pos: int, quote_start: int, r: Rules) -> str | None:
        """The person a description at `pos` stands for: "l'élue" → the person the
        text is about; "la présidente du …" → the one person whose role is "présidente …"."""
        head = r.description.match(text, pos)
        if head is None:
            return None
        title = _fold(head.group("title"))
        if title in r.anaphors:
            return self.protagonist(quote_start)
        return self.by_title.get(title)


def _clause_end(text: str, start: int, limit: int = 160) -> int:
    stop = CLAUSE_STOP.search(text, start, min(len(text), start + limit))
    return stop.start() if stop else min(len(text), start + limit)


def _subject_after(text: str, pos: int, span: Marked, cast: Cast, r: Rules) -> str | None:
    """The person named, or described, as subject right after an inverted verb ending at `pos`."""
    found = _first_anchor(cast.anchors, pos, _clause_end(text, pos))
    if found is not None and not r.gap.search(text, pos, found.start):
        return found.label
    return cast.described(text, pos, span.start, r)


@dataclass(frozen=True, slots=True)
class Attribution:
    found: bool  # the text attributes the quote (even to someone not among the people)
    speaker: str | None = None


NONE = Attribution(found=False)


def _by_pronoun(span: Marked, cast: Cast, previous: str | None) -> Attribution:
    return Attribution(True, previous or cast.protagonist(span.start))


def after_quote(text: str, span: Marked, cast: Cast, previous: str | None, r: Rules) -> Attribution:
    """`« … » Jeanne X`, `« … », affirme Jeanne X`, `« … », a-t-elle ajouté`."""
    head = re.match(r"[\s,(–—-]{0,8}", text[span.end :])
    named = next((a for a in cast.anchors if a.start == span.end + head.end()), None)
    # On a later line, the name must stand as a signature, not open a new sentence.
    if named is not None and ("\n" not in head.group() or SIGNATURE.match(text, named.end)):
        return Attribution(True, named.label)
    verb = r.after_verb.match(text, span.end)
    if verb is None or "\n" in verb.group():
        return NONE
    if verb.group("pron_aux") or verb.group("pron_inv"):
        return _by_pronoun(span, cast, previous)
    return Attribution(True, _subject_after(text, verb.end(), span, cast, r))


def inside_quote(text: str, span: Marked, cast: Cast, previous: str | None, r: Rules) -> Attribution:
    """An incise: `« Nous irons, affirme Jeanne X, plus loin »`."""
    verb = r.incise_verb.search(text, span.start, span.end)
    if verb is None:
        return NONE
    if verb.group("pron_aux") or verb.group("pron_inv"):
        return _by_pronoun(span, cast, previous)
    speaker = _subject_after(text, verb.end(), span, cast, r)
    # A comma and a verb with nobody after it is the statement's own wording.
    return Attribution(True, speaker) if speaker else NONE


def before_quote(text: str, span: Marked, floor: int, cast: Cast, previous: str | None, r: Rules) -> Attribution:
    """A lead-in in the same sentence: `Pour Jeanne X, « … »`, `Jeanne X explique : « … »`,
    or a line ending with a colon just above a quote that opens its paragraph."""
    para_start = text.rfind("\n", 0, span.start) + 1
    if not text[para_start : span.start].strip():
        above = text[:para_start].rstrip()
        if above.endswith(":"):
            para_start = above.rfind("\n") + 1
    start = max(para_start, floor, span.start - 400)
    lead = text[start : span.start]
    ends = list(SENTENCE_END.finditer(lead))
    if ends:
        start += ends[-1].end()
        lead = text[start : span.start]
    if not lead.strip():
        return NONE
    if r.lead_in_pronoun.search(lead):
        return _by_pronoun(span, cast, previous)
    cue = r.lead_in_cue.search(lead)
    if cue is not None:
        named = _first_anchor(cast.anchors, start + cue.end(), start + cue.end() + 3)
        if named is not None:
            return Attribution(True, named.label)
    introduced = LEAD_END.search(lead) and (r.speech_verb.search(lead) or lead.rstrip().endswith(":"))
    if not introduced:
        return NONE
    named = _first_anchor(cast.anchors, start, span.start)
    if named is not None:
        return Attribution(True, named.label)
    subject = re.match(r"\W*", lead).end()
    return Attribution(True, cast.described(text, start + subject, span.start, r))


def extract(ctx: Context, people: list[Person]) -> Found[Quote]:
    r = rules()
    text = ctx.text
    cast = Cast.of(ctx, people)
    spans = sorted(guillemet_spans(text, r.max_chars) + straight_spans(text), key=lambda s: s.start)
    quotes: list[Quote] = []
    warnings: list[str] = []
    previous: str | None = None
    floor = 0  # a lead-in never reaches back past the previous quote
    for span in spans:
        if span.start < floor:  # nested in the previous quote
            continue
        attribution = after_quote(text, span, cast, previous, r)
        if not attribution.found:
            attribution = inside_quote(text, span, cast, previous, r)
        if not attribution.found:
            attribution = before_quote(text, span, floor, cast, previous, r)
        titled = r.title_cue.search(text, max(0, span.start - 60), span.start)
        if not is_statement(text, span, r) or (titled and not attribution.found):
            continue
        floor = span.end
        if not span.closed:
            start = ctx.mention(span.start, span.end).start
            warnings.append(f"quote at {start} is never closed; kept to the end of its paragraph")
        quotes.append(Quote(**ctx.raw_bounds(span.start, span.end), speaker=attribution.speaker))
        previous = attribution.speaker or previous
    return Found(quotes, warnings)
